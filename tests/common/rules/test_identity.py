"""Identity validation: NIK, phone, e-mail, person name."""

from __future__ import annotations

from datetime import date

import pytest

from common.rules.errors import FieldError
from common.rules.identity import NikInfo, normalize_phone, validate_email, validate_nik, validate_person_name

TODAY = date(2025, 6, 1)


# --- NIK -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nik", "expected"),
    [
        ("3673011203900001", NikInfo("367301", date(1990, 3, 12), False, "0001")),
        ("3673015203900001", NikInfo("367301", date(1990, 3, 12), True, "0001")),  # day 52 = 12 + 40
        ("3673 0152 0390 0001", NikInfo("367301", date(1990, 3, 12), True, "0001")),  # spaces from a form
        ("3673017112990123", NikInfo("367301", date(1999, 12, 31), True, "0123")),  # day 71 = 31 + 40
        ("3673010101250001", NikInfo("367301", date(2025, 1, 1), False, "0001")),  # YY 25 <= 25: this century
        ("3673010101260001", NikInfo("367301", date(1926, 1, 1), False, "0001")),  # YY 26 > 25: last century
        ("3673012902000001", NikInfo("367301", date(2000, 2, 29), False, "0001")),  # leap day 2000
        ("1101010101800001", NikInfo("110101", date(1980, 1, 1), False, "0001")),  # Aceh, first province
        ("9601010101800001", NikInfo("960101", date(1980, 1, 1), False, "0001")),  # Papua Barat Daya
    ],
)
def test_valid_nik_is_decoded(nik: str, expected: NikInfo) -> None:
    assert validate_nik(nik, TODAY) == expected


@pytest.mark.parametrize(
    ("nik", "fragment"),
    [
        ("367301120390000", "16 angka"),  # 15 digits
        ("36730112039000011", "16 angka"),  # 17 digits
        ("36730112039O0001", "16 angka"),  # letter O
        ("٣٦٧٣٠١١٢٠٣٩٠٠٠٠١", "16 angka"),  # Arabic-Indic digits are not NIK digits
        ("9973011203900001", "provinsi"),
        ("2073011203900001", "provinsi"),
        ("9773011203900001", "provinsi"),
        ("3600011203900001", "kabupaten"),
        ("3673001203900001", "kecamatan"),
        ("3673013102900001", "tidak valid"),  # 31 February
        ("3673012902010001", "tidak valid"),  # 29 February 2001
        ("3673010013900001", "tidak valid"),  # month 13
        ("3673014003900001", "tidak valid"),  # day 40 is neither a man's nor a woman's day
        ("3673017203900001", "tidak valid"),  # day 72 = 32
        ("3673010012900001", "tidak valid"),  # day 00
        ("3673010112250001", "masa depan"),  # 1 December 2025, after TODAY
        ("3673011203900000", "0000"),
    ],
)
def test_invalid_nik_is_refused_with_a_reason(nik: str, fragment: str) -> None:
    with pytest.raises(FieldError) as caught:
        validate_nik(nik, TODAY)
    assert caught.value.field == "nik"
    assert fragment in caught.value.message_id
    assert caught.value.message_en


# --- phone -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        (" 081234567890 ", "+6281234567890"),
        ("(0254) 200123", "+62254200123"),  # Serang landline
        ("+1 650 253 0000", "+16502530000"),
    ],
)
def test_phone_is_normalised_to_e164(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("0812-CALL-ME", "huruf"),
        ("0812abc", "huruf"),
        ("0812#345", "angka"),
        ("", "angka"),
        ("0812", "tidak valid"),
        ("08123456789012345", "tidak valid"),
        ("+", "tidak"),
    ],
)
def test_bad_phone_is_refused(raw: str, fragment: str) -> None:
    with pytest.raises(FieldError) as caught:
        normalize_phone(raw)
    assert caught.value.field == "phone"
    assert fragment in caught.value.message_id


# --- e-mail ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Andi.Susanto@Gmail.COM ", "Andi.Susanto@gmail.com"),
        ("ppid@serangkota.go.id", "ppid@serangkota.go.id"),
        ("a+tag@b.co", "a+tag@b.co"),
        ("x@xn--80ak6aa92e.com", "x@xn--80ak6aa92e.com"),
    ],
)
def test_valid_email(raw: str, expected: str) -> None:
    assert validate_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "andi",
        "andi@",
        "@gmail.com",
        "andi@@gmail.com",
        "andi@gmail",
        "andi..x@gmail.com",
        ".andi@gmail.com",
        "andi@-gmail.com",
        "andi@gmail.c",
        "andi@gmail..com",
        "ändi@gmail.com",
        "andi susanto@gmail.com",
        "<script>@gmail.com",
        "a" * 65 + "@gmail.com",
        "a@" + ".".join(["c" * 60] * 5) + ".com",  # 310 characters, over the 254 limit
    ],
)
def test_invalid_email(raw: str) -> None:
    with pytest.raises(FieldError) as caught:
        validate_email(raw)
    assert caught.value.field == "email"
    assert caught.value.message_id and caught.value.message_en


# --- person name -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Siti   Nurhaliza ", "Siti Nurhaliza"),
        ("Muh. Rizky", "Muh. Rizky"),
        ("O'Brien", "O'Brien"),
        ("Abdul-Rahman", "Abdul-Rahman"),
        ("Jose\u0301", "Jos\u00e9"),  # decomposed accent is composed (NFC)
        ("محمد", "محمد"),
        ("张伟", "张伟"),
        ("Nur’aini", "Nur’aini"),
        ("A", "A"),
    ],
)
def test_valid_names(raw: str, expected: str) -> None:
    assert validate_person_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("Budi2", "angka"),
        ("<b>Budi</b>", "<"),
        ("Budi@rumah", "@"),
        ("", "wajib"),
        ("   ", "wajib"),
        (". -", "huruf"),
        ("A" * 101, "100"),
    ],
)
def test_invalid_names(raw: str, fragment: str) -> None:
    with pytest.raises(FieldError) as caught:
        validate_person_name(raw)
    assert caught.value.field == "name"
    assert fragment in caught.value.message_id
