"""Drafts and their validation (rules come from common.rules), hostile input included."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common.domain.enums import Confidentiality, DeliveryMethod, ObtainMethod, ReportKind
from common.rules.errors import FieldError
from kiosk.forms import (
    ComplaintDraft,
    PpidDraft,
    SkmDraft,
    check_description,
    check_nik,
    check_optional_phone,
    check_rt_rw,
    split_name,
)

TODAY = date(2026, 3, 3)


def complete_complaint(**changes: object) -> ComplaintDraft:
    draft = ComplaintDraft(kelurahan="36.73.01.1002", kind=ReportKind.ADUAN, service_code="sampah",
                           description="Sampah menumpuk di pinggir jalan", confidentiality=Confidentiality.ANONIM)
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


def complete_ppid(**changes: object) -> PpidDraft:
    draft = PpidDraft(kelurahan="36.73.01.1002", consent=True, full_name="Budi Santoso", nik="3673014107900001",
                      address="Jl. Mayor Syafei No. 1", phone="0812 3456 7890", by_proxy=False,
                      information="Data anggaran jalan 2025", purpose="Tugas kuliah", opd=None, opd_chosen=True,
                      obtain_method=ObtainMethod.SOFTCOPY, delivery_method=DeliveryMethod.AMBIL)
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


def test_complete_complaint_payload_matches_the_open311_contract() -> None:
    draft = complete_complaint(contact_consent=True, name="Siti Nur Aminah", phone="0812-3456-7890", rt="3",
                               rw="12", landmark="Masjid Agung", lat=-6.12, lng=106.16)
    payload = draft.to_payload("req-1", "Cipare")
    assert payload == {
        "service_code": "sampah", "description": "Sampah menumpuk di pinggir jalan", "kelurahan": "36.73.01.1002",
        "location_text": "Kel. Cipare, RT 3 / RW 12, dekat Masjid Agung", "kind": "aduan",
        "confidentiality": "anonim", "client_request_id": "req-1", "lat": "-6.120000", "long": "106.160000",
        "first_name": "Siti Nur", "last_name": "Aminah", "phone": "+6281234567890", "email": "",
    }


def test_no_personal_data_without_consent() -> None:
    payload = complete_complaint(contact_consent=False, name="Siti", phone="0812 3456 7890").to_payload("r")
    assert not {"first_name", "last_name", "phone", "email"} & set(payload)


@pytest.mark.parametrize("text", ["x" * 4001, "<script>alert(1)</script> jalan rusak sekali", "pendek",
                                  "jalan rusak\x00 parah sekali", "&lt;b&gt; jalan rusak parah"])
def test_bad_descriptions_are_refused(text: str) -> None:
    with pytest.raises(FieldError) as error:
        check_description(text)
    assert error.value.field == "description" and error.value.message_id and error.value.message_en


@pytest.mark.parametrize("text", ["x" * 4000, "Jalan rusak 🚧🚧 parah 👨‍👩‍👧", "الطريق مكسور في حي سيبار",
                                  "x<5 dan y>3 di jalan ini, harga < 5000", "Jalan\r\nrusak\r\nparah sekali"])
def test_hostile_but_legitimate_descriptions_pass(text: str) -> None:
    assert len(check_description(text)) <= 4000


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=4100))
def test_description_check_never_crashes(text: str) -> None:
    try:
        cleaned = check_description(text)
    except FieldError:
        return
    assert 10 <= len(cleaned) <= 4000


def test_nik_checks_birth_date_part_including_the_plus_40_for_women() -> None:
    assert check_nik("3673 0141 0790 0001", TODAY) == "3673014107900001"  # woman born 1 July 1990
    with pytest.raises(FieldError, match="Tanggal lahir"):
        check_nik("3673017213900001", TODAY)  # day 72 -> 32 for a woman: not a date
    with pytest.raises(FieldError, match="16"):
        check_nik("36730141079000", TODAY)
    with pytest.raises(FieldError):
        check_nik("36730141079000ab", TODAY)


@pytest.mark.parametrize("phone", ["0812 34ab 789", "0812-CALL-ME", "+62 812 ١٢٣٤ ٥٦٧٨", "<b>0812</b>"])
def test_phone_with_letters_or_markup_is_refused(phone: str) -> None:
    with pytest.raises(FieldError) as error:
        check_optional_phone(phone)
    assert error.value.field == "phone"


def test_rt_rw() -> None:
    assert check_rt_rw("", "rt") == "" and check_rt_rw("7", "rt") == "007"
    for bad in ("0", "1000", "3a", "-1"):
        with pytest.raises(FieldError):
            check_rt_rw(bad, "rw")


def test_complaint_problems_name_each_missing_field() -> None:
    assert {p.field for p in ComplaintDraft().problems()} >= {"kind", "service_code", "kelurahan", "description",
                                                            "confidentiality"}
    assert complete_complaint().problems() == []
    bad = complete_complaint(contact_consent=True, name="R2D2", phone="12")
    assert {p.field for p in bad.problems()} == {"name"}
    with pytest.raises(ValueError):
        ComplaintDraft().to_payload("r")


def test_ppid_payload_and_rules() -> None:
    payload = complete_ppid(email="budi@Example.ID").to_payload("p-1", TODAY)
    assert payload["applicant"] == {"full_name": "Budi Santoso", "nik": "3673014107900001",
                                    "address": "Jl. Mayor Syafei No. 1", "phone": "+6281234567890",
                                    "email": "budi@example.id", "proxy_name": "", "power_of_attorney_ref": ""}
    assert (payload["obtain_method"], payload["delivery_method"], payload["opd"]) == ("softcopy", "ambil", None)
    assert {p.field for p in complete_ppid(phone="", email="").problems(TODAY)} == {"phone"}
    assert {p.field for p in complete_ppid(delivery_method=DeliveryMethod.EMAIL).problems(TODAY)} == {
        "delivery_method"}
    assert {p.field for p in complete_ppid(by_proxy=True).problems(TODAY)} == {"proxy_name"}
    proxy = complete_ppid(by_proxy=True, proxy_name="Andi", power_of_attorney_ref="SK-1")
    assert proxy.to_payload("p", TODAY)["applicant"]["proxy_name"] == "Andi"
    assert {p.field for p in complete_ppid(consent=False).problems(TODAY)} == {"consent"}
    assert {p.field for p in complete_ppid(nik="3673017213900001").problems(TODAY)} == {"nik"}


def test_skm_needs_nine_answers_and_a_target() -> None:
    draft = SkmDraft(kelurahan="36.73.01.1002")
    assert draft.problems()
    draft.for_other_opd = False
    for i in range(9):
        draft.answer(i, 3)
    assert draft.problems() == []
    assert draft.to_payload("s") == {"client_request_id": "s", "opd": None, "kelurahan": "36.73.01.1002",
                                     "answers": [3] * 9}
    draft.for_other_opd = True
    assert {p.field for p in draft.problems()} == {"opd"}
    with pytest.raises(ValueError):
        draft.answer(0, 5)


def test_split_name() -> None:
    assert split_name("Siti") == ("Siti", "")
    assert split_name("Siti Nur Aminah") == ("Siti Nur", "Aminah")
