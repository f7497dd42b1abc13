"""create_report and transition on both databases: routing, location, deadlines, codes, history, audit."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from common.domain.enums import Channel, Confidentiality, ReportKind, ReportStatus, Severity
from common.domain.models import AuditEntry, Report, ReporterContact, StatusChange
from common.rules.deadlines import DeadlinePolicy
from common.rules.errors import FieldError
from common.rules.status import IllegalTransition
from common.rules.tracking import parse_code
from common.rules.working_days import WorkingCalendar, wib_date
from common.services.codes import CounterBlocks, reserve
from common.services.contact import ContactInput
from common.services.reports import create_report, transition
from tests.common.services.conftest import World
from tests.common.services.seeding import CIPARE, CIPARE_POINT, JAKARTA_POINT, KOTA_BARU, KOTA_BARU_POINT


def _create(world: World, policy: DeadlinePolicy, calendar: WorkingCalendar, **overrides: Any) -> Report:
    args: dict[str, Any] = {
        "catalog": world.catalog, "kind": ReportKind.ADUAN, "channel": Channel.OPEN311,
        "service_code": "jalan-rusak", "description": "Jalan berlubang", "lat": CIPARE_POINT[0],
        "lng": CIPARE_POINT[1], "kelurahan_kode": None, "location_text": "", "confidentiality": Confidentiality.ANONIM,
        "severity": None, "contact": None, "source_key": world.identity(world.keys.client.plaintext),
        "client_request_id": None,
    }
    args.update(overrides)
    with world.sessions() as session:
        report = create_report(session, world.clock, policy, calendar, **args)
        session.commit()
        return report


def test_report_is_routed_located_and_given_deadlines(world: World, policy: DeadlinePolicy,
                                                      calendar: WorkingCalendar) -> None:
    report = _create(world, policy, calendar, contact=ContactInput(name="Budi", phone="+6281234567890"))
    assert report.opd_slug == "dpupr" and report.kelurahan_kode == CIPARE
    assert report.status is ReportStatus.DITERIMA and report.is_open
    assert report.due_at == report.verify_by == calendar.add_working_days(world.clock(), 3)
    assert parse_code(report.tracking_code).prefix == "GR"
    with world.sessions() as session:
        history = session.scalars(select(StatusChange).where(StatusChange.report_id == report.id)).all()
        assert [(h.from_status, h.to_status) for h in history] == [(None, ReportStatus.DITERIMA)]
        audit = session.scalars(select(AuditEntry).where(
            AuditEntry.entity == "report", AuditEntry.entity_id == str(report.id))).one()
        assert audit.action == "report.create" and "Budi" not in str(audit.detail)
        contact = session.scalars(select(ReporterContact).where(ReporterContact.report_id == report.id)).one()
        assert (contact.name, contact.phone) == ("Budi", "+6281234567890")
        stored = session.get(Report, report.id)
        assert stored is not None and stored.tracking_code == report.tracking_code


def test_service_without_opd_goes_to_the_kecamatan_office(world: World, policy: DeadlinePolicy,
                                                          calendar: WorkingCalendar) -> None:
    report = _create(world, policy, calendar, service_code="layanan-kelurahan", lat=None, lng=None,
                     kelurahan_kode=KOTA_BARU)
    assert report.opd_slug == "kec-serang"


def test_rabeg_ringan_is_due_within_a_day(world: World, policy: DeadlinePolicy, calendar: WorkingCalendar) -> None:
    report = _create(world, policy, calendar, channel=Channel.RABEG, severity=Severity.RINGAN)
    assert report.due_at == world.clock() + timedelta(hours=24)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"lat": JAKARTA_POINT[0], "lng": JAKARTA_POINT[1]}, "lat"),
        ({"lng": None}, "long"),
        ({"lat": float("nan")}, "lat"),
        ({"service_code": "tidak-ada"}, "service_code"),
        ({"kelurahan_kode": "36.73.99.9999"}, "kelurahan"),
        ({"description": "<script>alert(1)</script>"}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"description": "nul\x00byte"}, "description"),
        ({"service_code": "layanan-kelurahan", "lat": None, "lng": None}, "kelurahan"),
    ],
)
def test_invalid_reports_name_the_field(world: World, policy: DeadlinePolicy, calendar: WorkingCalendar,
                                        overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(FieldError) as caught:
        _create(world, policy, calendar, **overrides)
    assert caught.value.field == field


def test_the_point_decides_the_kelurahan(world: World, policy: DeadlinePolicy, calendar: WorkingCalendar) -> None:
    report = _create(world, policy, calendar, kelurahan_kode=KOTA_BARU, lat=KOTA_BARU_POINT[0], lng=KOTA_BARU_POINT[1])
    assert report.kelurahan_kode == KOTA_BARU
    elsewhere = _create(world, policy, calendar, kelurahan_kode=KOTA_BARU, lat=CIPARE_POINT[0], lng=CIPARE_POINT[1])
    assert elsewhere.kelurahan_kode == CIPARE


def test_kiosk_code_is_accepted_only_with_the_kiosks_prefix(world: World, policy: DeadlinePolicy,
                                                            calendar: WorkingCalendar) -> None:
    from common.rules.tracking import format_code

    kiosk = world.identity(world.keys.kiosk.plaintext)
    assert kiosk.kiosk_prefix
    own = format_code(kiosk.kiosk_prefix, 7)
    report = _create(world, policy, calendar, source_key=kiosk, channel=Channel.KIOSK, tracking_code=own.lower())
    assert report.tracking_code == own
    other = world.identity(world.keys.kiosk2.plaintext)
    assert other.kiosk_prefix
    for key, code in ((kiosk, format_code(other.kiosk_prefix, 8)), (world.identity(world.keys.client.plaintext), own),
                      (kiosk, own[:-1] + ("2" if own[-1] != "2" else "3"))):
        with pytest.raises(FieldError) as caught:
            _create(world, policy, calendar, source_key=key, channel=Channel.KIOSK, tracking_code=code)
        assert caught.value.field == "tracking_code"


def test_transitions_keep_derived_fields_consistent(world: World, policy: DeadlinePolicy,
                                                    calendar: WorkingCalendar) -> None:
    report = _create(world, policy, calendar)
    with world.sessions() as session:
        row = session.get(Report, report.id)
        assert row is not None
        world.clock.advance(hours=2)
        transition(session, world.clock, row, ReportStatus.TERVERIFIKASI, "staff", "ok", policy=policy,
                   calendar=calendar)
        assert row.first_response_at == world.clock() and row.due_at == calendar.add_working_days(world.clock(), 5)
        with pytest.raises(FieldError):
            transition(session, world.clock, row, ReportStatus.DIDISPOSISI, "staff", "", policy=policy,
                       calendar=calendar)
        transition(session, world.clock, row, ReportStatus.DIDISPOSISI, "staff", "", "dlh", policy=policy,
                   calendar=calendar)
        transition(session, world.clock, row, ReportStatus.DITINDAKLANJUTI, "staff", "", policy=policy,
                   calendar=calendar)
        assert row.due_at == row.resolve_by and row.opd_slug == "dlh"
        transition(session, world.clock, row, ReportStatus.SELESAI, "staff", "beres", policy=policy,
                   calendar=calendar)
        assert (row.is_open, row.due_at, row.resolved_at) == (False, None, world.clock())
        with pytest.raises(IllegalTransition):
            transition(session, world.clock, row, ReportStatus.DITOLAK, "staff", "", policy=policy, calendar=calendar)
        transition(session, world.clock, row, ReportStatus.DITINDAKLANJUTI, "staff", "dibuka lagi", policy=policy,
                   calendar=calendar)
        assert row.is_open and row.resolved_at is None
        session.commit()
        assert session.scalar(select(func.count()).select_from(StatusChange).where(
            StatusChange.report_id == report.id)) == 6
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "report.transition")) == 5
    assert wib_date(world.clock()).isoformat() == "2026-03-02"


def test_counter_values_are_unique_under_concurrency(world: World) -> None:
    seen: list[int] = []
    lock = threading.Lock()
    blocks = CounterBlocks(world.engine, block_size=3)

    def worker(use_blocks: bool) -> None:
        for _ in range(15):
            if use_blocks:
                value = blocks.next_value("XX")
            else:
                with world.engine.begin() as conn:
                    value = reserve(conn, "XX")
            with lock:
                seen.append(value)

    threads = [threading.Thread(target=worker, args=(i % 2 == 0,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 60 and len(set(seen)) == 60
