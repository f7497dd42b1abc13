"""Turn drafts into stored reports: text, person, point, deadlines, the status path, history and audit rows.

A report is created exactly as :func:`common.services.reports.create_report` creates one (fields, deadlines,
first history row, ``report.create`` audit entry) and then moved by :mod:`common.demo.lifecycle` through the real
:func:`~common.services.reports.transition`. Rows are inserted in bulk, a chunk at a time, which is what makes
20,000 reports with their history fit in seconds.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import inspect, update

from common.demo import people, texts
from common.demo.bulk import insert_returning_ids, insert_rows
from common.demo.context import DemoContext
from common.demo.drafts import Draft
from common.demo.lifecycle import Lifecycle
from common.domain.enums import Channel, Confidentiality, ReportKind, ReportStatus, Severity
from common.domain.models import AuditEntry, Report, ReporterContact, StatusChange
from common.rules.deadlines import DeadlinePolicy, ReportDeadlines, rabeg_response_due, report_deadlines
from common.rules.tracking import format_code
from common.rules.working_days import WIB
from common.services.codes import CHANNEL_PREFIXES, reserve
from common.services.contact import ContactInput

CHUNK = 2500
CONTACT_SHARE: dict[Channel, float] = {Channel.RABEG: 0.85, Channel.KIOSK: 0.55, Channel.OPEN311: 0.45,
                                       Channel.PPID_WEB: 1.0, Channel.MEDSOS: 0.0}
SENSITIVE_NO_POINT = frozenset({"kekerasan"})  # the reporter names no exact place, only the kelurahan
PRECISIONS_M = (10, 15, 20, 25, 30, 40, 50)
MODERATED_SHARE = 0.36  # approved at verification, which ~85 % reach: ~30 % of all
DUPLICATE_SHARE = 0.03
_REPORT_COLUMNS = tuple(a.key for a in inspect(Report).column_attrs if a.key != "id")


@dataclass
class Chunk:
    """The rows of a run of consecutive reports; other rows point at reports by their index in the plan."""

    reports: list[dict[str, Any]] = field(default_factory=list)
    history: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    audits: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    contacts: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    duplicates: list[tuple[int, int]] = field(default_factory=list)


def initial_due(channel: Channel, severity: Severity | None, received: datetime, deadlines: ReportDeadlines,
                policy: DeadlinePolicy) -> datetime:
    """The first ``due_at``, as the intake sets it: Rabeg's stricter 3x24 h / 1x24 h when that comes first."""
    if channel is Channel.RABEG:
        return min(deadlines.verify_by, rabeg_response_due(received, severity or Severity.SEDANG, policy))
    return deadlines.verify_by


class CodeBook:
    """Tracking codes and client request ids: hub prefixes reserved from ``tracking_counter`` in one go
    (:func:`common.services.codes.reserve`, so the hub carries on after them), kiosk prefixes counted from 0."""

    def __init__(self, ctx: DemoContext, drafts: Sequence[Draft]) -> None:
        """Reserve every hub-issued code the drafts need."""
        counts = Counter(self.prefix(d) for d in drafts)
        kiosk_prefixes = {d.source.kiosk_prefix for d in drafts if d.channel is Channel.KIOSK}
        self._next = {p: 0 if p in kiosk_prefixes else reserve(ctx.session, p, n) for p, n in sorted(counts.items())}
        self._rng = ctx.rng("request-ids")

    @staticmethod
    def prefix(draft: Draft) -> str:
        """The issuer prefix of a draft's code: its kiosk's own prefix, or the hub's channel prefix."""
        if draft.channel is Channel.KIOSK and draft.source.kiosk_prefix:
            return draft.source.kiosk_prefix
        return CHANNEL_PREFIXES[draft.channel]

    def issue(self, draft: Draft) -> tuple[str, str]:
        """The draft's tracking code and the client request id its sender used."""
        prefix = self.prefix(draft)
        value = self._next[prefix]
        self._next[prefix] = value + 1
        if draft.channel is Channel.KIOSK:
            return format_code(prefix, value), str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
        return format_code(prefix, value), f"{draft.channel.value}-{value:06d}"


class ReportFactory:
    """Builds and inserts the reports of a plan, chunk by chunk."""

    def __init__(self, ctx: DemoContext, drafts: Sequence[Draft]) -> None:
        """Prepare codes and random streams for ``drafts`` (in time order)."""
        self._ctx = ctx
        self._drafts = drafts
        self._rng = ctx.rng("reports")
        self._life_rng = ctx.rng("lifecycle")
        self._lifecycle = Lifecycle(ctx)
        self._codes = CodeBook(ctx, drafts)
        self._last_seen: dict[tuple[str, str], tuple[int, str, datetime]] = {}
        self.ids: list[int] = []

    def run(self) -> None:
        """Build and insert every report; afterwards ``ids`` holds the report ids in plan order."""
        for start in range(0, len(self._drafts), CHUNK):
            chunk = Chunk()
            for index in range(start, min(start + CHUNK, len(self._drafts))):
                self._build(index, self._drafts[index], chunk)
            self._insert(chunk)

    def _severity(self, draft: Draft) -> Severity | None:
        if draft.kind is not ReportKind.ADUAN:
            return None
        heavy = 0.5 if draft.service_code in ("bencana", "kebakaran") else 0.15
        roll = self._rng.random()
        return Severity.BERAT if roll < heavy else Severity.SEDANG if roll < heavy + 0.4 else Severity.RINGAN

    def _contact(self, draft: Draft) -> ContactInput | None:
        rng = self._rng
        if rng.random() >= CONTACT_SHARE[draft.channel]:
            return None
        p = people.fake_person(rng, draft.area.kecamatan_kode, draft.area.nama)
        nik_share = {Channel.KIOSK: 0.7, Channel.PPID_WEB: 1.0}.get(draft.channel, 0.3)
        raw = ContactInput(
            name=p.name if rng.random() < 0.9 else "",
            nik=p.nik if rng.random() < nik_share else "",
            phone=p.phone if rng.random() < 0.8 else "",
            email=p.email if rng.random() < 0.4 else "",
            address=p.address if rng.random() < 0.4 else "",
        )
        # Generated values are canonical already (E.164 phone, digits-only NIK): what validate_contact() returns,
        # which the tests check; skipping the parsers here saves a tenth of the run.
        return None if raw.is_empty() else raw

    def _confidentiality(self, draft: Draft, has_contact: bool) -> Confidentiality:
        roll = self._rng.random()
        if self._ctx.catalog.services[draft.service_code].sensitive:
            return Confidentiality.RAHASIA if roll < 0.45 else Confidentiality.ANONIM
        if roll < 0.035:  # with the sensitive categories: ~5 % rahasia overall
            return Confidentiality.RAHASIA
        return Confidentiality.PUBLIK if has_contact and roll > 0.62 else Confidentiality.ANONIM

    def _report(self, draft: Draft, code: str, client_id: str, has_contact: bool) -> Report:
        ctx, rng, at = self._ctx, self._rng, draft.received_at
        severity = self._severity(draft)
        point = None if draft.service_code in SENSITIVE_NO_POINT else draft.area.sample_point(rng)
        description = texts.description(rng, draft.service_code, draft.area.nama, at.astimezone(WIB).hour)
        deadlines = report_deadlines(at, ctx.policy, ctx.calendar)
        opd = ctx.route(draft.service_code, draft.area.kode)
        return Report(
            tracking_code=code, kind=draft.kind, channel=draft.channel, service_code=draft.service_code,
            opd_slug=opd, kelurahan_kode=draft.area.kode, lat=point[0] if point else None,
            lng=point[1] if point else None, location_precision_m=rng.choice(PRECISIONS_M) if point else None,
            location_text=texts.location_text(rng, draft.area.nama) if rng.random() < 0.6 else "",
            description=description, description_moderated=False, photo_path=None,
            confidentiality=self._confidentiality(draft, has_contact), status=ReportStatus.DITERIMA,
            is_open=True, severity=severity, received_at=at, updated_at=at, status_changed_at=at,
            first_response_at=None, resolved_at=None, verify_by=deadlines.verify_by,
            followup_decision_by=deadlines.followup_decision_by, resolve_by=deadlines.resolve_by,
            due_at=initial_due(draft.channel, severity, at, deadlines, ctx.policy), source_key_id=draft.source.id,
            client_request_id=client_id, duplicate_of_id=None,
        )

    def _duplicate_of(self, index: int, draft: Draft, code: str) -> tuple[int, str] | None:
        key = (draft.area.kode, draft.service_code)
        seen = self._last_seen.get(key)
        self._last_seen[key] = (index, code, draft.received_at)
        if seen is None or self._rng.random() >= DUPLICATE_SHARE:
            return None
        return (seen[0], seen[1]) if draft.received_at - seen[2] < timedelta(days=14) else None

    def _build(self, index: int, draft: Draft, chunk: Chunk) -> None:
        code, client_id = self._codes.issue(draft)
        contact = self._contact(draft)
        report = self._report(draft, code, client_id, contact is not None)
        duplicate = self._duplicate_of(index, draft, code)
        first = StatusChange(from_status=None, to_status=ReportStatus.DITERIMA, opd_slug=report.opd_slug,
                             actor=draft.source.actor, note="", at=report.received_at)
        run = self._lifecycle.run(report, self._life_rng, duplicate_of=duplicate[1] if duplicate else None,
                                  moderate=self._rng.random() < MODERATED_SHARE)
        chunk.reports.append({k: getattr(report, k) for k in _REPORT_COLUMNS})
        chunk.history.extend((index, _change_row(c)) for c in [first, *run.changes])
        chunk.audits.append((index, _create_audit(report, draft)))
        chunk.audits.extend((index, _audit_row(a)) for a in run.audits)
        if contact is not None:
            chunk.contacts.append((index, _contact_row(contact, report.received_at)))
        if duplicate is not None and report.status is ReportStatus.DUPLIKAT:
            chunk.duplicates.append((index, duplicate[0]))

    def _insert(self, chunk: Chunk) -> None:
        session, ids = self._ctx.session, self.ids
        ids.extend(insert_returning_ids(session, Report, chunk.reports, ("tracking_code",)))
        if chunk.duplicates:
            session.execute(update(Report), [{"id": ids[i], "duplicate_of_id": ids[j]} for i, j in chunk.duplicates])
        insert_rows(session, StatusChange, [{**row, "report_id": ids[i]} for i, row in chunk.history])
        insert_rows(session, AuditEntry, [{**row, "entity_id": str(ids[i])} for i, row in chunk.audits])
        insert_rows(session, ReporterContact, [{**row, "report_id": ids[i]} for i, row in chunk.contacts])


def follow_up_emergencies(ctx: DemoContext, reports: Sequence[Report]) -> None:
    """Drive the reports the 112 importer created (already in the session) through the emergency path."""
    lifecycle, rng = Lifecycle(ctx), ctx.rng("emergencies")
    history: list[dict[str, Any]] = []
    audits: list[dict[str, Any]] = []
    for report in reports:
        run = lifecycle.run(report, rng, emergency=True)
        history.extend({**_change_row(c), "report_id": report.id} for c in run.changes)
        audits.extend({**_audit_row(a), "entity_id": str(report.id)} for a in run.audits)
    insert_rows(ctx.session, StatusChange, history)
    insert_rows(ctx.session, AuditEntry, audits)


def _change_row(change: StatusChange) -> dict[str, Any]:
    return {"from_status": change.from_status, "to_status": change.to_status, "opd_slug": change.opd_slug,
            "actor": change.actor, "note": change.note, "at": change.at}


def _audit_row(entry: AuditEntry) -> dict[str, Any]:
    return {"at": entry.at, "actor": entry.actor, "action": entry.action, "entity": entry.entity,
            "detail": entry.detail}


def _create_audit(report: Report, draft: Draft) -> dict[str, Any]:
    """The ``report.create`` entry :func:`~common.services.reports.create_report` writes."""
    detail = {"tracking_code": report.tracking_code, "channel": report.channel.value, "opd": report.opd_slug,
              "kelurahan": report.kelurahan_kode}
    return {"at": report.received_at, "actor": draft.source.actor, "action": "report.create", "entity": "report",
            "detail": detail}


def _contact_row(contact: ContactInput, consent_at: datetime) -> dict[str, Any]:
    return {"name": contact.name, "nik": contact.nik, "phone": contact.phone, "email": contact.email,
            "address": contact.address, "device_id": contact.device_id, "account_id": contact.account_id,
            "consent_at": consent_at}
