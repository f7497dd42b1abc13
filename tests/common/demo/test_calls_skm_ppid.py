"""The Siaga 112 log, the SKM responses and the PPID requests of the demo."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from common.demo.context import calendar_from_config, policy_from_config
from common.domain.enums import CallClass, Channel, InfoDecision, InfoRequestStatus, KeberatanStatus
from common.domain.models import BlockedCaller, Call112, InfoRequest, Keberatan, Report, SkmResponse
from common.rules.deadlines import keberatan_answer_due, ppid_answer_due, ppid_extended_due
from common.rules.identity import normalize_phone, validate_email, validate_nik, validate_person_name
from common.rules.working_days import wib_date
from common.services.skm import ikm_for
from tests.common.demo.conftest import DemoDb


def _calls(demo: DemoDb) -> list[Call112]:
    with demo.session() as session:
        return list(session.scalars(select(Call112).order_by(Call112.received_at)))


def test_ghost_and_prank_calls_dominate(demo: DemoDb) -> None:
    calls = _calls(demo)
    assert len(calls) == round(demo.options.reports * 0.45)
    classes = Counter(c.call_class for c in calls)
    assert classes[CallClass.GHOST] + classes[CallClass.PRANK] > 0.99 * len(calls)
    assert classes[CallClass.PRANK] > 0.15 * len(calls)
    assert 2 <= classes[CallClass.REAL] <= max(2, round(0.003 * len(calls)))
    categories = Counter(c.category for c in calls if c.call_class is CallClass.GHOST)
    assert set(categories) == {"senyap", "salah-sambung", "informasi"}


def test_only_real_calls_become_call112_reports(demo: DemoDb) -> None:
    with demo.session() as session:
        for call in session.scalars(select(Call112)):
            if call.call_class is CallClass.REAL:
                report = session.get(Report, call.report_id)
                assert report is not None and report.channel is Channel.CALL112
                assert report.received_at == call.received_at and report.kelurahan_kode == call.kelurahan_kode
                assert report.service_code == call.category
            else:
                assert call.report_id is None
        linked = {c.report_id for c in session.scalars(select(Call112).where(Call112.report_id.is_not(None)))}
        from_112 = set(session.scalars(select(Report.id).where(Report.channel == Channel.CALL112)))
    assert linked == from_112


def test_numbers_are_only_hashed_and_repeat_callers_blocked(demo: DemoDb) -> None:
    calls = _calls(demo)
    assert all(re.fullmatch(r"[0-9a-f]{64}", c.caller_hash) for c in calls)  # never the number itself
    assert all(re.fullmatch(r"112-\d{8}-\d{5}", c.external_id) for c in calls)
    per_day: Counter[tuple[str, object]] = Counter((c.caller_hash, wib_date(c.received_at)) for c in calls)
    noisy = {h for (h, _), n in per_day.items() if n > policy_from_config(demo.config).call112_max_calls_per_day}
    with demo.session() as session:
        blocked = {b.caller_hash: b for b in session.scalars(select(BlockedCaller))}
    assert noisy and set(blocked) == noisy
    repeat = Counter(c.caller_hash for c in calls)
    assert sum(1 for n in repeat.values() if n > 1) > 0.02 * len(repeat)  # some people call more than once


def test_skm_units_have_distinct_quality(demo: DemoDb) -> None:
    with demo.session() as session:
        responses = list(session.scalars(select(SkmResponse)))
        units = {(r.opd_slug, r.kelurahan_kode if r.opd_slug is None else None) for r in responses}
        grades = Counter(
            ikm_for(session, opd_slug=opd, kelurahan_kode=kel, start=None, end=None).grade for opd, kel in units
        )
    assert len(responses) == round(demo.options.reports * 0.15)
    assert all(1 <= v <= 4 for r in responses for v in r.answers())
    assert grades["B"] > grades["C"] >= 1 and grades["A"] >= 1, grades
    kiosk_rated = [r for r in responses if r.opd_slug is None]
    assert kiosk_rated and all(r.channel is Channel.KIOSK and r.kelurahan_kode for r in kiosk_rated)


def test_ppid_requests_complete_and_on_the_rules(demo: DemoDb) -> None:
    policy, calendar = policy_from_config(demo.config), calendar_from_config(demo.config)
    with demo.session() as session:
        requests = list(session.scalars(select(InfoRequest).order_by(InfoRequest.id)))
        objections = list(session.scalars(select(Keberatan)))
        for req in requests:
            applicant = req.applicant
            assert applicant is not None and applicant.address and (applicant.phone or applicant.email)
            validate_nik(applicant.nik, wib_date(req.received_at))
            validate_person_name(applicant.full_name)
            assert not applicant.phone or normalize_phone(applicant.phone) == applicant.phone
            assert not applicant.email or validate_email(applicant.email) == applicant.email
            assert req.by_proxy == bool(applicant.proxy_name) and (not req.by_proxy or applicant.power_of_attorney_ref)
            due = ppid_answer_due(req.received_at, policy, calendar)
            assert req.due_at == (ppid_extended_due(due, policy, calendar) if req.extended_at else due)
            assert bool(req.extended_at) == bool(req.extension_reason)
            assert (req.status is InfoRequestStatus.SELESAI) == (req.decision is not None) == bool(req.answered_at)
            if req.decision in (InfoDecision.DITOLAK, InfoDecision.DIKABULKAN_SEBAGIAN):
                assert req.exemption_ground.startswith("Pasal 17")
            assert req.information and req.purpose
    numbers = [r.nomor_pendaftaran for r in requests]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(requests)
    assert [r.received_at for r in requests] == sorted(r.received_at for r in requests)
    assert len(requests) == round(demo.options.reports * 0.015)
    old = [r for r in requests if r.received_at < demo.now - timedelta(days=21)]
    assert sum(r.status is InfoRequestStatus.SELESAI for r in old) > 0.8 * len(old)
    assert any(r.status is not InfoRequestStatus.SELESAI for r in requests)
    for objection in objections:
        assert objection.due_at == keberatan_answer_due(objection.filed_at, policy, calendar)
        assert (objection.status is KeberatanStatus.DIPUTUS) == (objection.decided_at is not None)
