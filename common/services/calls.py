"""Importing Siaga 112 call logs: idempotent by ``external_id``, numbers hashed at once, repeat callers blocked.

Only REAL calls become reports (channel ``call112``); ghost and prank calls are counted, never turned into
cases. A caller number exists only inside this function: it is turned into a keyed hash before anything else
happens and is never stored or logged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.clock import Clock
from common.domain.enums import CallClass, Channel, Confidentiality, ReportKind
from common.domain.models import BlockedCaller, Call112, Report
from common.rules.calls112 import RepeatCallerRule, becomes_case
from common.rules.deadlines import DeadlinePolicy
from common.rules.errors import FieldError
from common.rules.privacy import caller_hash, clean_plain_text
from common.rules.working_days import WorkingCalendar
from common.services.catalog import Catalog
from common.services.keys import KeyIdentity
from common.services.reports import create_report

MAX_BATCH = 5000
_IN_CHUNK = 500  # stay far below every database's limit of bound parameters


@dataclass(frozen=True, slots=True)
class CallInput:
    """One call as exported by the 112 system (the number in clear, hashed on arrival)."""

    external_id: str
    received_at: datetime
    call_class: CallClass
    category: str
    kelurahan_kode: str | None
    caller_number: str
    duration_s: int | None = None


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What a batch did."""

    received: int
    imported: int
    duplicates: int
    blocked_calls: int
    reports_created: int


@dataclass(frozen=True, slots=True)
class _Prepared:
    call: CallInput
    caller: str
    category: str


def _prepare(catalog: Catalog, calls: Sequence[CallInput], hash_key: bytes) -> list[_Prepared]:
    if len(calls) > MAX_BATCH:
        raise FieldError("calls", f"Maksimal {MAX_BATCH} panggilan per kiriman",
                         f"at most {MAX_BATCH} calls per batch")
    out = []
    for i, call in enumerate(calls):
        if not call.external_id.strip() or len(call.external_id) > 100 or not call.external_id.isprintable():
            raise FieldError(f"calls[{i}].external_id", "external_id wajib (1-100 karakter)",
                             "external_id: 1-100 printable characters")
        if call.kelurahan_kode is not None and call.kelurahan_kode not in catalog.kelurahan:
            raise FieldError(f"calls[{i}].kelurahan", "Kode kelurahan tidak dikenal", "unknown kelurahan code")
        if call.received_at.tzinfo is None:
            raise FieldError(f"calls[{i}].received_at", "Waktu harus dengan zona waktu", "time needs a UTC offset")
        category = clean_plain_text(call.category, 60, f"calls[{i}].category")
        out.append(_Prepared(call, caller_hash(hash_key, call.caller_number), category))
    return out


def _existing_ids(session: Session, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start:start + _IN_CHUNK]
        found.update(session.scalars(select(Call112.external_id).where(Call112.external_id.in_(chunk))))
    return found


def _history(session: Session, hashes: set[str], since: datetime) -> dict[str, list[datetime]]:
    times: defaultdict[str, list[datetime]] = defaultdict(list)
    ordered = sorted(hashes)
    for start in range(0, len(ordered), _IN_CHUNK):
        rows = session.execute(select(Call112.caller_hash, Call112.received_at).where(
            Call112.caller_hash.in_(ordered[start:start + _IN_CHUNK]), Call112.received_at >= since))
        for h, at in rows:
            times[h].append(at)
    return times


def _block(session: Session, caller: str, until: datetime, calls_today: int) -> None:
    row = session.get(BlockedCaller, caller)
    if row is None:
        session.add(BlockedCaller(caller_hash=caller, blocked_until=until,
                                  reason=f"{calls_today} panggilan dalam sehari"))
    elif row.blocked_until < until:
        row.blocked_until = until


def import_calls(
    session: Session, clock: Clock, policy: DeadlinePolicy, calendar: WorkingCalendar, *, catalog: Catalog,
    hash_key: bytes, calls: Sequence[CallInput], source_key: KeyIdentity | None,
) -> ImportCounts:
    """Import a batch; calls already imported (same ``external_id``) are skipped, so re-sending is harmless."""
    prepared = _prepare(catalog, calls, hash_key)
    seen = _existing_ids(session, [p.call.external_id for p in prepared])
    fresh: list[_Prepared] = []
    for item in sorted(prepared, key=lambda p: p.call.received_at):
        if item.call.external_id not in seen:
            seen.add(item.call.external_id)
            fresh.append(item)
    rule = RepeatCallerRule.from_policy(policy)
    earliest = min((p.call.received_at for p in fresh), default=clock())
    history = _history(session, {p.caller for p in fresh}, earliest - timedelta(days=2))
    blocked = reports = 0
    for item in fresh:
        decision = rule.evaluate(history[item.caller], item.call.received_at)
        history[item.caller].append(item.call.received_at)
        if decision.blocked and decision.blocked_until is not None:
            blocked += 1
            _block(session, item.caller, decision.blocked_until, decision.calls_today)
        row = Call112(external_id=item.call.external_id, received_at=item.call.received_at,
                      call_class=item.call.call_class, category=item.category,
                      kelurahan_kode=item.call.kelurahan_kode, caller_hash=item.caller,
                      duration_s=item.call.duration_s)
        if becomes_case(item.call.call_class):
            row.report_id = _report_for(session, clock, policy, calendar, catalog, item, source_key).id
            reports += 1
        session.add(row)
    session.flush()
    return ImportCounts(len(calls), len(fresh), len(calls) - len(fresh), blocked, reports)


def _report_for(session: Session, clock: Clock, policy: DeadlinePolicy, calendar: WorkingCalendar,
                catalog: Catalog, item: _Prepared, source_key: KeyIdentity | None) -> Report:
    service = item.category if catalog.service(item.category) else None
    if service is None and item.call.kelurahan_kode is None:
        raise FieldError("calls.kelurahan", f"Panggilan nyata {item.call.external_id} perlu kelurahan",
                         f"real call {item.call.external_id} needs a kelurahan to be routed")
    def call_time() -> datetime:
        return item.call.received_at  # deadlines run from the call, not from the import

    return create_report(
        session, call_time, policy, calendar, catalog=catalog, kind=ReportKind.LAPORAN, channel=Channel.CALL112,
        service_code=service, description="", lat=None, lng=None, kelurahan_kode=item.call.kelurahan_kode,
        location_text="", confidentiality=Confidentiality.ANONIM, severity=None, contact=None,
        source_key=source_key, client_request_id=None,
    )
