"""POST requests: from a strictly parsed form to a stored report and the spec's answer.

Open311 fields: service_code, lat, long, address_string, address_id, email, device_id, account_id, first_name,
last_name, phone, description, media_url, attribute[...]. Extensions: kind, confidentiality, kelurahan,
location_text, severity, tracking_code (kiosk keys), client_request_id (or the Idempotency-Key header), nik, and
an optional ``media`` photo in multipart bodies. Personal fields go to ``reporter_contact`` only.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from common.domain.enums import Confidentiality, ReportKind, Severity
from common.domain.models import Report
from common.rules.errors import FieldError
from common.rules.working_days import wib_date
from common.services.contact import ContactInput, validate_contact
from common.services.idempotency import StoredAnswer
from common.services.keys import KeyIdentity
from common.services.reports import create_report
from hub.errors import ApiError
from hub.formats import render_text, wib_iso
from hub.forms import FormFields, MediaFile
from hub.open311.render import ITEM_NAMES, created_item
from hub.state import HubState

E = TypeVar("E", bound=StrEnum)
_NUMBER = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{1,15})?")
_MEDIA_TYPES = {b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png", b"RIFF": ".webp"}
KNOWN_ATTRIBUTES = frozenset({"kind", "confidentiality"})
ENDPOINT = "open311.requests.post"


@dataclass(frozen=True, slots=True)
class Submission:
    """A validated Open311 POST, ready for :func:`common.services.reports.create_report`."""

    service_code: str
    lat: float | None
    lng: float | None
    kelurahan: str | None
    description: str
    location_text: str
    kind: ReportKind
    confidentiality: Confidentiality
    severity: Severity | None
    contact: ContactInput
    tracking_code: str | None


def _coordinate(form: FormFields, name: str) -> float | None:
    raw = form.get(name)
    if raw is None:
        return None
    if len(raw) > 32 or not _NUMBER.fullmatch(raw.strip()):
        raise ApiError(400, f"{name} must be a decimal number in WGS84 degrees", f"{name} harus angka desimal", name)
    return float(raw)


def _choice(form: FormFields, name: str, enum: type[E], default: E | None) -> E | None:
    raw = form.get(name) or form.get(f"attribute[{name}]")
    if raw is None:
        return default
    try:
        return enum(raw.strip().lower())
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise ApiError(400, f"{name} must be one of: {allowed}", f"{name} harus salah satu dari: {allowed}",
                       name) from None


def _check_attributes(form: FormFields) -> None:
    for name in list(form.values) + list(form.multi):
        if name.startswith("attribute[") and name.endswith("]") and name[10:-1] not in KNOWN_ATTRIBUTES:
            raise ApiError(400, f"unknown attribute {name[10:-1]!r} (this service defines kind, confidentiality)",
                           "Atribut tidak dikenal", name)


def _contact(form: FormFields, today: datetime) -> ContactInput:
    name = " ".join(p for p in (form.get("first_name"), form.get("last_name")) if p)
    raw = ContactInput(name=name, nik=form.get("nik") or "", phone=form.get("phone") or "",
                       email=form.get("email") or "", address=form.get("address_string") or "",
                       device_id=form.get("device_id") or "", account_id=form.get("account_id") or "")
    try:
        return validate_contact(raw, wib_date(today))
    except FieldError as exc:
        field = {"name": "first_name", "address": "address_string"}.get(exc.field, exc.field)
        raise FieldError(field, exc.message_id, exc.message_en) from exc


def _location(form: FormFields, key: KeyIdentity) -> tuple[float | None, float | None, str | None]:
    lat, lng = _coordinate(form, "lat"), _coordinate(form, "long")
    kelurahan = form.get("kelurahan") or form.get("address_id")
    if lat is None and lng is None and kelurahan is None:
        if key.kiosk_kelurahan:
            return None, None, key.kiosk_kelurahan  # a kiosk stands in its kelurahan
        if form.get("address_string") is None:
            raise ApiError(400, "a location is required: lat & long, address_string, address_id or kelurahan",
                           "Lokasi wajib: lat & long, address_string, address_id atau kelurahan", "lat")
    return lat, lng, kelurahan


def read_submission(form: FormFields, key: KeyIdentity, now: datetime) -> Submission:
    """Validate every Open311 field that does not need the database; raise 400s naming the field."""
    service_code = form.get("service_code")
    if service_code is None:
        raise ApiError(400, "service_code is required", "service_code wajib diisi", "service_code")
    _check_attributes(form)
    lat, lng, kelurahan = _location(form, key)
    return Submission(
        service_code=service_code, lat=lat, lng=lng, kelurahan=kelurahan,
        description=form.get("description") or "", location_text=form.get("location_text") or "",
        kind=_choice(form, "kind", ReportKind, ReportKind.ADUAN) or ReportKind.ADUAN,
        # Default anonim: the report helps everyone only if it is public, and the complainant's identity is
        # confidential by law (Perpres 76/2013) whatever they choose, so "public report, hidden identity" is
        # the safe default; rahasia must be chosen explicitly because it hides the report itself.
        confidentiality=_choice(form, "confidentiality", Confidentiality, Confidentiality.ANONIM)
        or Confidentiality.ANONIM,
        severity=_choice(form, "severity", Severity, None), contact=_contact(form, now),
        tracking_code=form.get("tracking_code"),
    )


def save_media(media: MediaFile | None, media_dir: str) -> str | None:
    """Store an uploaded photo (JPEG, PNG or WebP by content) under ``media_dir``; return its path."""
    if media is None or not media.data:
        return None
    suffix = next((ext for magic, ext in _MEDIA_TYPES.items() if media.data.startswith(magic)), None)
    if suffix is None:
        raise ApiError(400, "media must be a JPEG, PNG or WebP image", "media harus gambar JPEG, PNG atau WebP",
                       "media")
    folder = Path(media_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    path.write_bytes(media.data)
    return str(path)


def drop_unused_media(state: HubState, photo_path: str | None) -> None:
    """Delete a saved upload that no report refers to (the insert failed, or it was a replay answered from the
    first request): uploads are citizens' photos and must not pile up unreferenced."""
    if photo_path is None:
        return
    with state.sessions() as session:
        used = session.scalar(select(exists().where(Report.photo_path == photo_path)))
    if not used:
        Path(photo_path).unlink(missing_ok=True)


def store(state: HubState, key: KeyIdentity, sub: Submission, fmt: str, crid: str | None,
          photo_path: str | None) -> StoredAnswer:
    """Create the report (idempotently) and return the answer to give, now and on every replay."""

    def work(session: Session) -> StoredAnswer:
        catalog = state.catalog
        report = create_report(
            session, state.clock, state.policy, state.calendar, catalog=catalog, kind=sub.kind,
            channel=key.channel(), service_code=sub.service_code, description=sub.description, lat=sub.lat,
            lng=sub.lng, kelurahan_kode=sub.kelurahan, location_text=sub.location_text,
            confidentiality=sub.confidentiality, severity=sub.severity, contact=sub.contact, source_key=key,
            client_request_id=crid, tracking_code=sub.tracking_code, photo_path=photo_path, blocks=state.blocks,
        )
        opd = catalog.opd_name(report.opd_slug)
        notice = (f"Laporan diterima dengan kode {report.tracking_code}, ditangani oleh {opd}; "
                  f"diverifikasi paling lambat {wib_iso(report.due_at or report.verify_by or report.received_at)}.")
        content_type, body = render_text(fmt, "service_requests", created_item(report.tracking_code, notice),
                                         ITEM_NAMES)
        return StoredAnswer(200, content_type, body)

    # A replay fails on the report's unique (source key, client request id) and is answered from the store,
    # so the look-up before the insert is not needed on this hot path.
    return state.write_once(key, crid, ENDPOINT, work, lookup_first=False)
