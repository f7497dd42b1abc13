"""Helpers of the hub tests: posting reports and checking documents against the GeoReport v2 spec."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any

import httpx

from tests.common.services.seeding import CIPARE_POINT

REQUEST_FIELDS = (
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long",
)
SERVICE_FIELDS = ("service_code", "service_name", "description", "metadata", "type", "keywords", "group")
W3C = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")


def form(key: str, **fields: Any) -> dict[str, Any]:
    """A typical POST requests form with ``fields`` added or replacing (None removes a field)."""
    data: dict[str, Any] = {"api_key": key, "service_code": "jalan-rusak", "lat": str(CIPARE_POINT[0]),
                            "long": str(CIPARE_POINT[1]), "description": "Jalan berlubang di depan pasar"}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def post(client: httpx.Client, key: str, fmt: str = "json", headers: dict[str, str] | None = None,
         **fields: Any) -> httpx.Response:
    """POST requests.{fmt}, form-encoded."""
    return client.post(f"/open311/v2/requests.{fmt}", data=form(key, **fields), headers=headers)


def create(client: httpx.Client, key: str, **fields: Any) -> str:
    """Create a report and return its service_request_id (tracking code)."""
    response = post(client, key, **fields)
    assert response.status_code == 200, response.text
    code: str = response.json()[0]["service_request_id"]
    return code


def xml_root(response: httpx.Response) -> ET.Element:
    """Parse an XML answer after checking the content type and the declaration."""
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    assert response.text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def check_w3c(value: str | None, nullable: bool = False) -> None:
    """A W3C datetime with the WIB offset (or None/empty when allowed)."""
    if nullable and not value:
        return
    assert value is not None and W3C.match(value), value
    datetime.fromisoformat(value)


def check_request_json(item: dict[str, Any]) -> None:
    """One service request in JSON: exactly the spec's fields (no media_url), right types."""
    assert tuple(item) == REQUEST_FIELDS
    assert item["status"] in ("open", "closed")
    for name in ("service_request_id", "status_notes", "service_name", "service_code", "description",
                 "agency_responsible", "service_notice", "address", "address_id", "zipcode"):
        assert isinstance(item[name], str), name
    check_w3c(item["requested_datetime"])
    check_w3c(item["updated_datetime"])
    check_w3c(item["expected_datetime"], nullable=item["status"] == "closed")
    for name in ("lat", "long"):
        assert item[name] is None or isinstance(item[name], float)


def check_request_xml(element: ET.Element) -> dict[str, str]:
    """One ``<request>``: exactly the spec's elements in order; returns their texts."""
    assert element.tag == "request"
    assert tuple(child.tag for child in element) == REQUEST_FIELDS
    texts = {child.tag: child.text or "" for child in element}
    assert texts["status"] in ("open", "closed")
    check_w3c(texts["requested_datetime"])
    check_w3c(texts["updated_datetime"])
    check_w3c(texts["expected_datetime"], nullable=True)
    if texts["lat"]:
        float(texts["lat"])
        float(texts["long"])
    return texts


def check_error(response: httpx.Response, status: int, fmt: str = "json", mention: str = "") -> str:
    """An Open311 error document with ``status``; returns its description."""
    assert response.status_code == status, response.text
    if fmt == "json":
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        body = response.json()
        assert isinstance(body, list) and len(body) == 1 and tuple(body[0]) == ("code", "description")
        assert body[0]["code"] == status
        description: str = body[0]["description"]
    else:
        root = xml_root(response)
        assert root.tag == "errors" and [e.tag for e in root] == ["error"]
        assert [c.tag for c in root[0]] == ["code", "description"]
        assert root[0].findtext("code") == str(status)
        description = root[0].findtext("description") or ""
    assert mention in description, description
    return description


def api_error(response: httpx.Response, status: int, field: str | None = None) -> dict[str, Any]:
    """An extension-API error with ``status`` naming ``field``."""
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["status"] == status
    if field is not None:
        assert error["field"] == field, error
    return error
