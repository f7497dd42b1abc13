"""Creating reports (aduan, laporan, saran, pendapat) and moving them through the status machine.

Shared by the hub (Open311 and kiosk intake, staff actions), the 112 import and the demo generator, so that every
path validates, routes, sets deadlines and writes history and audit entries the same way.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, make_transient_to_detached

from common.clock import Clock
from common.domain.enums import Channel, Confidentiality, KeyKind, ReportKind, ReportStatus, Severity
from common.domain.models import Report, StatusChange
from common.rules.deadlines import (
    DeadlinePolicy,
    ReportDeadlines,
    current_due,
    rabeg_response_due,
    report_deadlines,
)
from common.rules.errors import FieldError
from common.rules.privacy import DESCRIPTION_MAX_LENGTH, clean_plain_text
from common.rules.status import check_transition, is_open
from common.rules.working_days import WorkingCalendar
from common.services.audit import audit
from common.services.catalog import Catalog, ServiceInfo
from common.services.codes import CHANNEL_PREFIXES, CounterBlocks, accept_kiosk_code, issue_code
from common.services.contact import ContactInput
from common.services.geography import check_coordinates
from common.services.keys import KeyIdentity
from common.services.report_rows import insert_report_rows

LOCATION_TEXT_MAX_LENGTH = 300
NOTE_MAX_LENGTH = 2000


def resolve_kelurahan(catalog: Catalog, lat: float | None, lng: float | None, kelurahan_kode: str | None) -> str | None:
    """Validate a location and return its kelurahan: the one containing the point, else the given code.

    Raises :class:`FieldError` for half a coordinate pair, non-finite values, points outside Kota Serang and
    unknown kelurahan codes. When a code and a point disagree the point wins (it is the more precise of the two:
    a kiosk citizen may tap a spot in the neighbouring kelurahan), except within the boundary tolerance, where
    the given code settles the ambiguity.
    """
    if kelurahan_kode is not None and kelurahan_kode not in catalog.kelurahan:
        raise FieldError("kelurahan", f"Kode kelurahan {kelurahan_kode!r} tidak dikenal",
                         f"unknown kelurahan code {kelurahan_kode!r}")
    if lat is None and lng is None:
        return kelurahan_kode
    if lat is None or lng is None:
        missing = "lat" if lat is None else "long"
        raise FieldError(missing, "Lintang dan bujur harus diisi berdua", "lat and long must be sent together")
    check_coordinates(lat, lng)
    located = catalog.geography.locate(lat, lng)
    if located is None:
        raise FieldError("lat", "Lokasi berada di luar Kota Serang", "the point lies outside Kota Serang")
    if kelurahan_kode and catalog.geography.within_tolerance(kelurahan_kode, lat, lng):
        return kelurahan_kode
    return located


def _service(catalog: Catalog, code: str | None) -> ServiceInfo | None:
    if code is None:
        return None
    service = catalog.service(code)
    if service is None:
        raise FieldError("service_code", f"Jenis layanan {code!r} tidak dikenal", f"unknown service_code {code!r}")
    return service


def _tracking_code(
    session: Session, channel: Channel, source_key: KeyIdentity | None, tracking_code: str | None,
    blocks: CounterBlocks | None,
) -> str:
    if tracking_code is not None:
        kind = source_key.kind if source_key else KeyKind.CHANNEL
        return accept_kiosk_code(tracking_code, kind, source_key.kiosk_prefix if source_key else None)
    return issue_code(session, CHANNEL_PREFIXES[channel], blocks)


def _initial_due(channel: Channel, severity: Severity | None, received: datetime, deadlines: ReportDeadlines,
                 policy: DeadlinePolicy) -> datetime:
    # Rabeg's local rule (3x24 h, ringan 1x24 h) is stricter than the 3 working days of verification.
    if channel is Channel.RABEG:
        return min(deadlines.verify_by, rabeg_response_due(received, severity or Severity.SEDANG, policy))
    return deadlines.verify_by


def _contact_values(contact: ContactInput | None, now: datetime) -> dict[str, object] | None:
    if contact is None or contact.is_empty():
        return None
    return {"name": contact.name, "nik": contact.nik, "phone": contact.phone, "email": contact.email,
            "address": contact.address, "device_id": contact.device_id, "account_id": contact.account_id,
            "consent_at": now}


def create_report(
    session: Session, clock: Clock, policy: DeadlinePolicy, calendar: WorkingCalendar, *,
    catalog: Catalog, kind: ReportKind, channel: Channel, service_code: str | None, description: str,
    lat: float | None, lng: float | None, kelurahan_kode: str | None, location_text: str,
    confidentiality: Confidentiality, severity: Severity | None, contact: ContactInput | None,
    source_key: KeyIdentity | None, client_request_id: str | None, tracking_code: str | None = None,
    photo_path: str | None = None, blocks: CounterBlocks | None = None, actor: str | None = None,
) -> Report:
    """Validate, route and store a new report with its first status change and an audit entry.

    Routing: the service's OPD, else the kecamatan office of the kelurahan. The kelurahan comes from the point
    (point-in-polygon on ``catalog.geography``) when not given. Hub-issued tracking codes come from the
    channel's counter (``blocks``: the hub's block allocator; None: in this transaction); a kiosk key may bring
    its own code (own prefix, valid check symbol). ``contact`` must already be validated
    (:func:`common.services.contact.validate_contact`); it is stored only in ``reporter_contact``.
    Raises :class:`FieldError` naming the bad field.
    """
    now = clock()
    service = _service(catalog, service_code)
    text = clean_plain_text(description, DESCRIPTION_MAX_LENGTH, "description")
    where = clean_plain_text(location_text, LOCATION_TEXT_MAX_LENGTH, "location_text")
    kelurahan = resolve_kelurahan(catalog, lat, lng, kelurahan_kode)
    opd = catalog.route(service, kelurahan)
    if opd is None:
        raise FieldError("kelurahan", "Kelurahan atau titik lokasi wajib untuk layanan ini",
                         "a kelurahan or lat/long is required to route this service")
    code = _tracking_code(session, channel, source_key, tracking_code, blocks)
    deadlines = report_deadlines(now, policy, calendar)
    values: dict[str, object] = {
        "tracking_code": code, "kind": kind, "channel": channel, "service_code": service.code if service else None,
        "opd_slug": opd, "kelurahan_kode": kelurahan, "lat": lat, "lng": lng, "location_precision_m": None,
        "location_text": where, "description": text, "description_moderated": False, "photo_path": photo_path,
        "confidentiality": confidentiality, "status": ReportStatus.DITERIMA, "is_open": True, "severity": severity,
        "received_at": now, "updated_at": now, "status_changed_at": now, "first_response_at": None,
        "resolved_at": None, "verify_by": deadlines.verify_by, "followup_decision_by": deadlines.followup_decision_by,
        "resolve_by": deadlines.resolve_by, "due_at": _initial_due(channel, severity, now, deadlines, policy),
        "source_key_id": source_key.id if source_key else None, "client_request_id": client_request_id,
        "duplicate_of_id": None,
    }
    who = actor or (source_key.actor if source_key else "system")
    return _store(session, values, _contact_values(contact, now), who)


def _store(session: Session, values: dict[str, object], contact: dict[str, object] | None, who: str) -> Report:
    """Insert the rows (:mod:`report_rows`, the hot path) and attach the report to ``session``.

    The returned :class:`Report` is made persistent with ``make_transient_to_detached``, so callers can read and
    change it like a loaded one without a second round trip.
    """
    report_id = insert_report_rows(session.connection(), values, contact, who)
    report = Report(id=report_id, **values)
    make_transient_to_detached(report)
    session.add(report)
    return report


def _deadlines_of(report: Report, policy: DeadlinePolicy, calendar: WorkingCalendar) -> ReportDeadlines:
    if report.verify_by and report.followup_decision_by and report.resolve_by:
        return ReportDeadlines(report.verify_by, report.followup_decision_by, report.resolve_by)
    return report_deadlines(report.received_at, policy, calendar)  # rows imported without stored deadlines


def transition(
    session: Session, clock: Clock, report: Report, target: ReportStatus, actor: str, note: str,
    opd_slug: str | None = None, *, policy: DeadlinePolicy, calendar: WorkingCalendar,
) -> StatusChange:
    """Move ``report`` to ``target`` if the status machine allows it; keep derived fields consistent.

    Raises :class:`~common.rules.status.IllegalTransition` (with bilingual message) for a forbidden move and
    :class:`FieldError` ``opd`` when assigning without an OPD. Keeps ``is_open``, ``due_at``,
    ``first_response_at``, ``resolved_at`` and ``status_changed_at`` in step; writes history and audit.
    """
    check_transition(report.status, target)
    if target is ReportStatus.DIDISPOSISI and not opd_slug:
        raise FieldError("opd", "Disposisi memerlukan OPD tujuan", "assigning needs the target OPD")
    clean_note = clean_plain_text(note, NOTE_MAX_LENGTH, "note")
    now = clock()
    previous = report.status
    report.status = target
    report.is_open = is_open(target)
    report.status_changed_at = now
    report.updated_at = now
    if opd_slug:
        report.opd_slug = opd_slug
    if report.first_response_at is None:
        report.first_response_at = now
    if target is ReportStatus.SELESAI:
        report.resolved_at = now
    elif report.is_open:
        report.resolved_at = None  # re-opened: the earlier resolution no longer holds
    report.due_at = current_due(target, _deadlines_of(report, policy, calendar), now, policy, calendar)
    if target in (ReportStatus.TERVERIFIKASI, ReportStatus.DIDISPOSISI):
        report.followup_decision_by = report.due_at
    change = StatusChange(report_id=report.id, from_status=previous, to_status=target, opd_slug=report.opd_slug,
                          actor=actor, note=clean_note, at=now)
    session.add(change)
    audit(session, now, actor, "report.transition", "report", report.id, tracking_code=report.tracking_code,
          from_status=previous.value, to_status=target.value, opd=report.opd_slug)
    return change
