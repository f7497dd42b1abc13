"""The Open311 documents as Python structures (field names and order of the GeoReport v2 spec).

Both formats are rendered from these structures by :mod:`hub.formats`. Personal fields (name, phone, e-mail,
NIK, address_string, device_id, account_id) are never part of any of them; ``media_url`` is omitted because a
photo may show a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from common.config import Config
from common.services.catalog import ServiceInfo
from common.services.public import PublicReport
from hub.formats import wib_iso

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-01-01T00:00:00+07:00"
"""When the discovery document (not the data) last changed; bump when routes or formats change."""
FORMATS = ("text/xml", "application/json")
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}
KIND_VALUES = (("aduan", "Aduan (complaint)"), ("laporan", "Laporan (report)"), ("saran", "Saran (suggestion)"),
               ("pendapat", "Pendapat (opinion)"))
CONFIDENTIALITY_VALUES = (
    ("anonim", "Anonim: laporan publik, identitas dirahasiakan (public report, identity hidden)"),
    ("rahasia", "Rahasia: laporan tidak dipublikasikan (report not public)"),
    ("publik", "Publik: laporan publik (public report; identity is never published either)"),
)


def discovery(config: Config) -> dict[str, Any]:
    """The Service Discovery document."""
    base = config.hub.public_base_url.rstrip("/")
    return {
        "changeset": CHANGESET,
        "contact": "Diskominfo Kota Serang - Bale Sandi Maya command center (https://serangkota.go.id)",
        "key_service": "API keys are issued by Diskominfo Kota Serang (bsm channel-key add); "
                       "kunci API diterbitkan oleh Diskominfo Kota Serang",
        "endpoints": [{
            "specification": SPECIFICATION, "url": f"{base}/open311/v2", "changeset": CHANGESET,
            "type": "production", "formats": list(FORMATS),
        }],
    }


def service_item(service: ServiceInfo) -> dict[str, Any]:
    """One entry of GET services."""
    description = service.description or service.name_en or service.name
    return {
        "service_code": service.code, "service_name": service.name, "description": description,
        # No REQUIRED extra fields: kind and confidentiality (see the definition) are optional with defaults.
        "metadata": False, "type": "realtime", "keywords": ", ".join(service.keywords), "group": service.group,
    }


def _list_attribute(code: str, order: int, description: str, values: Sequence[tuple[str, str]]) -> dict[str, Any]:
    return {
        "variable": True, "code": code, "datatype": "singlevaluelist", "required": False,
        "datatype_description": "", "order": order, "description": description,
        "values": [{"key": key, "name": name} for key, name in values],
    }


def service_definition(service: ServiceInfo) -> dict[str, Any]:
    """GET services/{code}: the two optional extension attributes."""
    return {
        "service_code": service.code,
        "attributes": [
            _list_attribute("kind", 1, "Jenis kiriman (default aduan) / kind of submission", KIND_VALUES),
            _list_attribute("confidentiality", 2, "Kerahasiaan (default anonim) / confidentiality",
                            CONFIDENTIALITY_VALUES),
        ],
    }


def request_item(report: PublicReport) -> dict[str, Any]:
    """One entry of GET requests / requests/{id}, in the spec's field order, without media_url."""
    return {
        "service_request_id": report.tracking_code,
        "status": "open" if report.is_open else "closed",
        "status_notes": report.status_notes,
        "service_name": report.service_name,
        "service_code": report.service_code,
        "description": report.description,
        "agency_responsible": report.agency_responsible,
        "service_notice": report.service_notice,
        "requested_datetime": wib_iso(report.requested_datetime),
        "updated_datetime": wib_iso(report.updated_datetime),
        "expected_datetime": wib_iso(report.expected_datetime) if report.expected_datetime else None,
        "address": report.address,
        "address_id": report.address_id,
        "zipcode": "",
        "lat": report.lat,
        "long": report.lng,
    }


def created_item(tracking_code: str, notice: str) -> list[dict[str, Any]]:
    """The answer to POST requests: the id at once (type realtime), no account id."""
    return [{"service_request_id": tracking_code, "service_notice": notice, "account_id": None}]


def token_item(tracking_code: str) -> list[dict[str, Any]]:
    """GET tokens/{token}: our tokens are the request ids themselves."""
    return [{"service_request_id": tracking_code, "token": tracking_code}]
