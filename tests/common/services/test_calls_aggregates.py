"""Siaga 112 import, idempotency records and the open/overdue aggregates on both databases."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from common.domain.enums import CallClass, Channel, Confidentiality, ReportKind, ReportStatus
from common.domain.models import BlockedCaller, Call112, Report
from common.queries.aggregates import open_by_kelurahan, open_by_opd, open_overview
from common.rules.deadlines import DeadlinePolicy
from common.rules.working_days import WorkingCalendar
from common.services.calls import CallInput, import_calls
from common.services.idempotency import StoredAnswer, run_once
from common.services.reports import create_report, transition
from tests.common.services.conftest import World
from tests.common.services.seeding import CIPARE, KOTA_BARU

KEY = b"0123456789abcdef0123456789abcdef"
NUMBER = "0812-9999-8888"


def _calls(world: World, n: int, cls: CallClass = CallClass.PRANK, prefix: str = "c") -> list[CallInput]:
    return [CallInput(f"{prefix}{i}", world.clock() + timedelta(minutes=i), cls, "kebakaran", CIPARE, NUMBER)
            for i in range(n)]


def _import(world: World, policy: DeadlinePolicy, calendar: WorkingCalendar, calls: list[CallInput]) -> tuple[int, ...]:
    with world.sessions() as session:
        counts = import_calls(session, world.clock, policy, calendar, catalog=world.catalog, hash_key=KEY,
                              calls=calls, source_key=None)
        session.commit()
    return counts.imported, counts.duplicates, counts.blocked_calls, counts.reports_created


def test_import_is_idempotent_and_only_real_calls_become_reports(world: World, policy: DeadlinePolicy,
                                                                 calendar: WorkingCalendar) -> None:
    calls = [*_calls(world, 3), CallInput("r1", world.clock(), CallClass.REAL, "kebakaran", CIPARE, "0811111111")]
    assert _import(world, policy, calendar, calls) == (4, 0, 0, 1)
    assert _import(world, policy, calendar, calls) == (0, 4, 0, 0)
    with world.sessions() as session:
        report = session.scalars(select(Report).where(Report.channel == Channel.CALL112)).one()
        assert report.opd_slug == "damkar" and report.received_at == world.clock()
        dump = " ".join(str(v) for row in session.execute(text("SELECT * FROM call112")) for v in row)
        assert "9999" not in dump and "0811111111" not in dump  # numbers only as keyed hashes


def test_repeat_caller_is_blocked_for_a_day(world: World, policy: DeadlinePolicy, calendar: WorkingCalendar) -> None:
    assert _import(world, policy, calendar, _calls(world, 5)) == (5, 0, 0, 0)
    assert _import(world, policy, calendar, _calls(world, 7, prefix="d")[5:]) == (2, 0, 2, 0)
    with world.sessions() as session:
        blocked = session.scalars(select(BlockedCaller)).one()
        sixth = world.clock() + timedelta(minutes=5)
        assert blocked.blocked_until == sixth + timedelta(hours=24)
        assert session.scalar(select(func.count()).select_from(Call112)) == 7


def test_concurrent_run_once_gives_one_answer(world: World) -> None:
    key_id = world.identity(world.keys.client.plaintext).id
    answers: list[StoredAnswer] = []
    lock = threading.Lock()
    counter = {"runs": 0}

    def work(session: Session) -> StoredAnswer:
        report = create_report(session, world.clock, DeadlinePolicy(), WorkingCalendar(), catalog=world.catalog,
                               kind=ReportKind.ADUAN, channel=Channel.OPEN311, service_code="sampah",
                               description="", lat=None, lng=None, kelurahan_kode=CIPARE, location_text="",
                               confidentiality=Confidentiality.ANONIM, severity=None, contact=None,
                               source_key=world.identity(world.keys.client.plaintext), client_request_id="same")
        with lock:
            counter["runs"] += 1
        return StoredAnswer(200, "text/plain", report.tracking_code)

    def worker() -> None:
        answer = run_once(world.sessions, world.clock, key_id, "same", "test", work, lookup_first=False)
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 4 and len({a.body for a in answers}) == 1
    with world.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 1


def test_open_and_overdue_counts(world: World, policy: DeadlinePolicy, calendar: WorkingCalendar) -> None:
    source = world.identity(world.keys.client.plaintext)
    with world.sessions() as session:
        made = [create_report(session, world.clock, policy, calendar, catalog=world.catalog, kind=ReportKind.ADUAN,
                              channel=Channel.OPEN311, service_code=code, description="", lat=None, lng=None,
                              kelurahan_kode=kel, location_text="", confidentiality=Confidentiality.ANONIM,
                              severity=None, contact=None, source_key=source, client_request_id=None)
                for code, kel in (("sampah", CIPARE), ("sampah", CIPARE), ("jalan-rusak", KOTA_BARU),
                                  ("jalan-rusak", CIPARE))]
        transition(session, world.clock, made[3], ReportStatus.DITOLAK, "staff", "", policy=policy, calendar=calendar)
        session.commit()
        later = world.clock() + timedelta(days=30)
        assert open_by_kelurahan(session, world.clock()) == tuple(
            open_by_kelurahan(session, world.clock()))  # stable
        by_kel = {c.key: (c.open, c.overdue) for c in open_by_kelurahan(session, later)}
        assert by_kel == {CIPARE: (2, 2), KOTA_BARU: (1, 1)}
        by_opd = {c.key: (c.open, c.overdue) for c in open_by_opd(session, world.clock())}
        assert by_opd == {"dlh": (2, 0), "dpupr": (1, 0)}
        overview = open_overview(session, later)
        assert (overview.total_open(), overview.total_overdue()) == (3, 3)
    with pytest.raises(ValueError):
        with world.sessions() as session:
            open_by_opd(session, later.replace(tzinfo=None))
