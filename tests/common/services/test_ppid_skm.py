"""PPID requests (deadlines, one extension, decisions, keberatan) and SKM/IKM on both databases."""

from __future__ import annotations

from typing import Any

import pytest

from common.domain.enums import Channel, DeliveryMethod, InfoDecision, InfoRequestStatus, ObtainMethod
from common.domain.models import InfoRequest
from common.rules.deadlines import DeadlinePolicy
from common.rules.errors import FieldError
from common.rules.skm import compute_ikm
from common.rules.status import IllegalTransition
from common.rules.working_days import WorkingCalendar, wib_date
from common.services import ppid
from common.services.errors import Conflict
from common.services.skm import ikm_for, record_response
from tests.common.services.conftest import World
from tests.common.services.seeding import CIPARE

APPLICANT = ppid.ApplicantInput(full_name="Siti Aminah", nik="3673014507900001", address="Jl. Mawar 1",
                                phone="0812 3456 7891")


def _request(world: World, policy: DeadlinePolicy, calendar: WorkingCalendar, **overrides: Any) -> InfoRequest:
    applicant = ppid.validate_applicant(APPLICANT, wib_date(world.clock()))
    args: dict[str, Any] = {
        "catalog": world.catalog, "applicant": applicant, "information": "Data APBD 2025",
        "purpose": "Penelitian", "obtain_method": ObtainMethod.SOFTCOPY, "delivery_method": DeliveryMethod.EMAIL,
        "opd_slug": None, "kelurahan_kode": None, "channel": Channel.PPID_WEB,
        "source_key": world.identity(world.keys.client.plaintext), "client_request_id": None,
    }
    args.update(overrides)
    with world.sessions() as session:
        req = ppid.create_info_request(session, world.clock, policy, calendar, **args)
        session.commit()
        return req


def test_request_gets_number_and_ten_working_days(world: World, policy: DeadlinePolicy,
                                                  calendar: WorkingCalendar) -> None:
    first = _request(world, policy, calendar)
    second = _request(world, policy, calendar)
    assert first.nomor_pendaftaran == "PPID-2026-000001" and second.nomor_pendaftaran == "PPID-2026-000002"
    assert first.due_at == calendar.add_working_days(world.clock(), 10)
    assert calendar.working_days_between(world.clock(), first.due_at) == 10
    assert first.applicant is not None and first.applicant.phone == "+6281234567891"


def test_extension_once_by_seven_working_days(world: World, policy: DeadlinePolicy,
                                              calendar: WorkingCalendar) -> None:
    req = _request(world, policy, calendar)
    with world.sessions() as session:
        row = ppid.find_request(session, req.nomor_pendaftaran)
        original = row.due_at
        with pytest.raises(FieldError):
            ppid.extend(session, world.clock, policy, calendar, row, "  ", "staff")
        ppid.extend(session, world.clock, policy, calendar, row, "Dokumen di arsip", "staff")
        assert row.status is InfoRequestStatus.DIPERPANJANG
        assert row.due_at == calendar.add_working_days(original, 7)
        with pytest.raises(Conflict):
            ppid.extend(session, world.clock, policy, calendar, row, "lagi", "staff")
        session.commit()


def test_decisions_and_keberatan(world: World, policy: DeadlinePolicy, calendar: WorkingCalendar) -> None:
    req = _request(world, policy, calendar)
    with world.sessions() as session:
        row = ppid.find_request(session, req.tracking_code)
        with pytest.raises(Conflict):  # neither decided nor late yet
            ppid.file_keberatan(session, world.clock, policy, calendar, row, "Tidak dijawab", "staff")
        with pytest.raises(FieldError) as caught:
            ppid.decide(session, world.clock, row, InfoDecision.DITOLAK, "", "", "staff")
        assert caught.value.field == "exemption_ground"
        ppid.decide(session, world.clock, row, InfoDecision.DITOLAK, "", "Pasal 17 huruf a UU 14/2008", "staff")
        with pytest.raises(IllegalTransition):
            ppid.decide(session, world.clock, row, InfoDecision.DIKABULKAN, "", "", "staff")
        keberatan = ppid.file_keberatan(session, world.clock, policy, calendar, row, "Menolak penolakan", "staff")
        assert keberatan.due_at == calendar.add_working_days(world.clock(), 30)
        with pytest.raises(Conflict):
            ppid.file_keberatan(session, world.clock, policy, calendar, row, "lagi", "staff")
        ppid.decide_keberatan(session, world.clock, row, "Keberatan ditolak", "atasan")
        session.commit()


def test_late_answer_allows_keberatan(world: World, policy: DeadlinePolicy, calendar: WorkingCalendar) -> None:
    req = _request(world, policy, calendar)
    world.clock.advance(days=20)
    with world.sessions() as session:
        row = ppid.find_request(session, req.nomor_pendaftaran)
        ppid.file_keberatan(session, world.clock, policy, calendar, row, "Tidak dijawab", "staff")
        session.commit()


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"nik": "123"}, "applicant.nik"), ({"phone": "", "email": ""}, "applicant.phone"),
     ({"email": "bukan-email"}, "applicant.email"), ({"full_name": "R2D2"}, "applicant.full_name"),
     ({"proxy_name": "Budi"}, "applicant.power_of_attorney_ref"), ({"address": " "}, "applicant.address")],
)
def test_applicant_validation_names_the_field(world: World, changes: dict[str, str], field: str) -> None:
    from dataclasses import replace

    with pytest.raises(FieldError) as caught:
        ppid.validate_applicant(replace(APPLICANT, **changes), wib_date(world.clock()))
    assert caught.value.field == field


def test_skm_ikm_by_sql_matches_the_rule(world: World) -> None:
    answers = [[4, 3, 3, 4, 3, 3, 4, 3, 3], [2, 2, 3, 4, 1, 2, 3, 3, 2], [4, 4, 4, 4, 4, 4, 4, 4, 4]]
    with world.sessions() as session:
        for a in answers:
            record_response(session, world.clock, catalog=world.catalog, opd_slug="dpupr", kelurahan_kode=CIPARE,
                            channel=Channel.KIOSK, answers=a, source_key=None, client_request_id=None)
        record_response(session, world.clock, catalog=world.catalog, opd_slug=None, kelurahan_kode=CIPARE,
                        channel=Channel.KIOSK, answers=[1] * 9, source_key=None, client_request_id=None)
        session.commit()
        assert ikm_for(session, opd_slug="dpupr", kelurahan_kode=None, start=None, end=None) == compute_ikm(answers)
        office = ikm_for(session, opd_slug=None, kelurahan_kode=CIPARE, start=None, end=None)
        assert office.n == 1 and office.ikm == 25.0 and office.grade == "D"
        later = ikm_for(session, opd_slug="dpupr", kelurahan_kode=None, start=world.clock.advance(days=1), end=None)
        assert later.n == 0 and later.ikm is None
        for bad, field in (([4] * 8, "answers"), ([4] * 8 + [5], "answers[8]")):
            with pytest.raises(FieldError) as caught:
                record_response(session, world.clock, catalog=world.catalog, opd_slug="dpupr", kelurahan_kode=None,
                                channel=Channel.KIOSK, answers=bad, source_key=None, client_request_id=None)
            assert caught.value.field == field
