"""The demo reports: volume, mix, rhythm, bursts, legal histories, deadlines, places, privacy."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
import shapely
from shapely.geometry import shape
from sqlalchemy import func, select

from common.config import Config
from common.demo.context import calendar_from_config, policy_from_config
from common.demo.reports import initial_due
from common.domain.enums import Channel, Confidentiality, ReportKind, ReportStatus
from common.domain.models import AuditEntry, Kelurahan, Report, ReporterContact, StatusChange, TrackingCounter
from common.rules.deadlines import current_due, report_deadlines
from common.rules.status import check_transition, is_open
from common.rules.tracking import parse_code
from common.rules.working_days import WIB
from common.services.codes import CHANNEL_PREFIXES
from common.services.contact import ContactInput, validate_contact
from tests.common.demo.conftest import DemoDb

S = ReportStatus


def _reports(demo: DemoDb) -> list[Report]:
    with demo.session() as session:
        return list(session.scalars(select(Report).order_by(Report.id)))


def _history(demo: DemoDb) -> dict[int, list[StatusChange]]:
    out: defaultdict[int, list[StatusChange]] = defaultdict(list)
    with demo.session() as session:
        for change in session.scalars(select(StatusChange).order_by(StatusChange.id)):
            out[change.report_id].append(change)
    return out


def test_volume_and_channel_mix(demo: DemoDb) -> None:
    reports = _reports(demo)
    assert len(reports) == demo.options.reports
    channels = Counter(r.channel for r in reports)
    ranked = [c for c, _ in channels.most_common()]
    assert ranked[0] is Channel.RABEG
    assert channels[Channel.RABEG] > 0.4 * len(reports)
    assert all(channels[c] > 0.08 * len(reports) for c in (Channel.KIOSK, Channel.OPEN311, Channel.MEDSOS))
    assert 0 < channels[Channel.PPID_WEB] < 0.04 * len(reports)
    assert channels[Channel.CALL112] >= 2


def test_kinds_categories_confidentiality(demo: DemoDb) -> None:
    reports = _reports(demo)
    kinds = Counter(r.kind for r in reports)
    assert kinds[ReportKind.ADUAN] > kinds[ReportKind.LAPORAN] > kinds[ReportKind.SARAN] > kinds[ReportKind.PENDAPAT]
    top = [code for code, _ in Counter(r.service_code for r in reports).most_common(4)]
    assert set(top) == {"sampah", "jalan-rusak", "lampu-jalan", "drainase"}
    secret = sum(r.confidentiality is Confidentiality.RAHASIA for r in reports) / len(reports)
    assert 0.02 < secret < 0.09
    anonymous = sum(r.confidentiality is Confidentiality.ANONIM for r in reports)
    assert anonymous > len(reports) / 2
    filed = [r for r in reports if r.channel is not Channel.CALL112]
    assert all((r.severity is not None) == (r.kind is ReportKind.ADUAN) for r in filed)
    moderated = sum(r.description_moderated for r in reports) / len(reports)
    assert 0.2 < moderated < 0.4


def test_routing_follows_the_catalogue(demo: DemoDb) -> None:
    reports, history = _reports(demo), _history(demo)
    expected = {"lampu-jalan": "dishub", "jalan-rusak": "dpupr", "perumahan": "disperkim", "sampah": "dlh"}
    for report in reports:
        routed = history[report.id][0].opd_slug  # where the intake sent it; a mis-assignment may still be fixed
        if report.service_code in expected:
            assert routed == expected[report.service_code], report.tracking_code
        if report.service_code == "layanan-kelurahan":
            assert routed == "kec-" + {"01": "serang", "02": "kasemen", "03": "walantaka", "04": "curug",
                                       "05": "cipocok-jaya", "06": "taktakan"}[(report.kelurahan_kode or "")[6:8]]
    moved = sum(history[r.id][0].opd_slug != r.opd_slug for r in reports)
    assert 0 < moved < 0.06 * len(reports)  # re-assignments happen, rarely


def test_weekdays_busier_than_weekends_and_daily_curve(demo: DemoDb) -> None:
    local = [r.received_at.astimezone(WIB) for r in _reports(demo) if r.channel is not Channel.CALL112]
    per_day = Counter(t.date() for t in local)
    weekday = [n for d, n in per_day.items() if d.weekday() < 5]
    weekend = [n for d, n in per_day.items() if d.weekday() >= 5]
    assert sum(weekday) / len(weekday) > 1.3 * sum(weekend) / len(weekend)
    hours = Counter(t.hour for t in local)
    peaks = sum(hours[h] for h in (8, 9, 10, 11, 19, 20, 21)) / 7
    night = sum(hours[h] for h in (1, 2, 3, 4)) / 4
    assert peaks > 8 * night


def test_flood_day_burst_in_kasemen_and_serang(demo: DemoDb) -> None:
    flood = demo.flood_day
    per_day: Counter[object] = Counter()
    for r in _reports(demo):
        if r.service_code in ("drainase", "bencana") and r.kelurahan_kode and r.kelurahan_kode[:8] in ("36.73.02",
                                                                                                         "36.73.01"):
            per_day[r.received_at.astimezone(WIB).date()] += 1
    ordinary = sorted(per_day.values())[len(per_day) // 2]
    assert per_day[flood] > 4 * ordinary


def test_every_history_is_a_legal_path_ending_in_the_status(demo: DemoDb) -> None:
    history = _history(demo)
    for report in _reports(demo):
        steps = history[report.id]
        assert steps[0].from_status is None and steps[0].to_status is S.DITERIMA
        assert steps[0].at == report.received_at
        for before, after in itertools.pairwise(steps):
            assert after.from_status is before.to_status
            check_transition(before.to_status, after.to_status)
            assert after.at > before.at
        assert steps[-1].to_status is report.status
        assert steps[-1].at == report.status_changed_at <= demo.now
        assert steps[-1].opd_slug == report.opd_slug


def test_staff_act_in_office_hours_on_working_days(demo: DemoDb) -> None:
    calendar = calendar_from_config(demo.config)
    stmt = (select(StatusChange.at).join(Report, Report.id == StatusChange.report_id)
            .where(StatusChange.from_status.is_not(None), Report.channel != Channel.CALL112))
    with demo.session() as session:
        for at in session.scalars(stmt):  # emergencies (112) are handled around the clock
            local = at.astimezone(WIB)
            assert calendar.is_working_day(local.date()) and 8 <= local.hour < 16, local


def test_derived_fields_match_the_rules(demo: DemoDb) -> None:
    policy, calendar = policy_from_config(demo.config), calendar_from_config(demo.config)
    history = _history(demo)
    for r in _reports(demo):
        steps = history[r.id]
        deadlines = report_deadlines(r.received_at, policy, calendar)
        assert (r.verify_by, r.resolve_by) == (deadlines.verify_by, deadlines.resolve_by)
        assert r.is_open == is_open(r.status)
        if r.status is S.DITERIMA:
            assert r.due_at == initial_due(r.channel, r.severity, r.received_at, deadlines, policy)
        else:
            assert r.due_at == current_due(r.status, deadlines, r.status_changed_at, policy, calendar)
        assigned = [c.at for c in steps if c.to_status in (S.TERVERIFIKASI, S.DIDISPOSISI)]
        expected_followup = (calendar.add_working_days(assigned[-1], policy.followup_decision_working_days)
                             if assigned else deadlines.followup_decision_by)
        assert r.followup_decision_by == expected_followup
        assert r.first_response_at == (steps[1].at if len(steps) > 1 else None)
        assert r.resolved_at == (steps[-1].at if r.status is S.SELESAI else None)


def test_old_reports_mostly_closed_recent_ones_open_some_overdue(demo: DemoDb) -> None:
    reports = _reports(demo)
    old = [r for r in reports if r.received_at < demo.now - timedelta(days=20)]
    recent = [r for r in reports if r.received_at > demo.now - timedelta(days=2)]
    assert sum(not r.is_open for r in old) > 0.7 * len(old)
    assert sum(r.is_open for r in recent) > 0.6 * len(recent)
    overdue = Counter(r.opd_slug for r in reports if r.is_open and r.due_at is not None and r.due_at < demo.now)
    assert sum(overdue.values()) > 0.02 * len(reports)
    top3 = sum(n for _, n in overdue.most_common(3))
    assert top3 > 0.6 * sum(overdue.values()), overdue


def test_points_lie_inside_their_kelurahan(demo: DemoDb) -> None:
    with demo.session() as session:
        shapes = {k.kode: shape(json.loads(k.boundary_geojson)) for k in session.scalars(select(Kelurahan))}
    located = 0
    for r in _reports(demo):
        if r.lat is None or r.lng is None:
            assert r.channel is Channel.CALL112 or r.service_code == "kekerasan"
            continue
        located += 1
        assert r.kelurahan_kode is not None
        assert shapely.contains_xy(shapes[r.kelurahan_kode], r.lng, r.lat), r.tracking_code
        assert r.location_precision_m is not None and 10 <= r.location_precision_m <= 50
    assert located > 0.95 * demo.options.reports


_PERSONAL_PATTERNS = (re.compile(r"\b3673\d{12}\b"), re.compile(r"\+62\d{8,}"), re.compile(r"@example\.org"))


def test_personal_data_only_in_reporter_contact(demo: DemoDb) -> None:
    with demo.session() as session:
        contacts = list(session.scalars(select(ReporterContact)))
        public_text = [f"{r.description}\n{r.location_text}" for r in session.scalars(select(Report))]
        public_text += [c.note + c.actor for c in session.scalars(select(StatusChange))]
        public_text += [json.dumps(a.detail) + a.actor for a in session.scalars(select(AuditEntry))]
    assert 0.3 * demo.options.reports < len(contacts) < 0.9 * demo.options.reports
    blob = "\n".join(public_text)
    for pattern in _PERSONAL_PATTERNS:
        assert not pattern.search(blob), pattern.pattern
    names = {c.name for c in contacts if c.name}
    assert names and not any(name in blob for name in names)
    for contact in contacts:  # stored exactly as the intake's validation would store it
        given = ContactInput(contact.name, contact.nik, contact.phone, contact.email, contact.address)
        assert contact.consent_at is not None
        assert validate_contact(given, contact.consent_at.astimezone(WIB).date()) == given


def test_tracking_codes_valid_and_counters_continue_after_them(demo: DemoDb) -> None:
    by_prefix: defaultdict[str, list[int]] = defaultdict(list)
    for r in _reports(demo):
        code = parse_code(r.tracking_code)
        by_prefix[code.prefix].append(code.counter)
    with demo.session() as session:
        counters = {t.prefix: t.next_value for t in session.scalars(select(TrackingCounter))}
    for prefix in set(CHANNEL_PREFIXES.values()) & set(by_prefix):
        assert counters[prefix] > max(by_prefix[prefix])
    assert any(p not in CHANNEL_PREFIXES.values() for p in by_prefix)  # kiosks issue their own


def test_duplicates_point_at_an_earlier_report(demo: DemoDb) -> None:
    with demo.session() as session:
        dupes = list(session.scalars(select(Report).where(Report.status == S.DUPLIKAT)))
        assert dupes
        for report in dupes:
            original = session.get(Report, report.duplicate_of_id)
            assert original is not None and original.received_at < report.received_at
            assert (original.kelurahan_kode, original.service_code) == (report.kelurahan_kode, report.service_code)


@pytest.mark.parametrize("config_key", ["verification_working_days"])
def test_policy_follows_the_configuration(config_key: str) -> None:
    config = Config.model_validate({"deadlines": {config_key: 4}})
    assert getattr(policy_from_config(config), config_key) == 4


def test_each_report_has_one_create_audit_and_one_per_change(demo: DemoDb) -> None:
    actions = select(AuditEntry.action, func.count()).group_by(AuditEntry.action)
    changes = select(func.count()).select_from(StatusChange).where(StatusChange.from_status.is_not(None))
    with demo.session() as session:
        counts = {action: n for action, n in session.execute(actions)}
        assert counts["report.create"] == demo.options.reports
        assert counts["report.transition"] == session.scalar(changes)
        assert counts["report.moderate"] == session.scalar(
            select(func.count()).select_from(Report).where(Report.description_moderated.is_(True)))


def test_kiosk_reports_only_while_the_kelurahan_office_is_open(demo: DemoDb) -> None:
    calendar = calendar_from_config(demo.config)
    kiosk = [r.received_at.astimezone(WIB) for r in _reports(demo) if r.channel is Channel.KIOSK]
    assert kiosk and all(calendar.is_working_day(t.date()) and 8 <= t.hour < 16 for t in kiosk)
