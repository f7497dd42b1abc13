"""Masking, keyed hashes, API keys and text hygiene."""

from __future__ import annotations

import re

import pytest

from common.rules.errors import FieldError
from common.rules.privacy import (
    PERSONAL_FIELDS,
    caller_hash,
    clean_plain_text,
    contains_html,
    generate_api_key,
    hash_api_key,
    keyed_hash,
    mask_email,
    mask_nik,
    mask_phone,
    parse_key_prefix,
    verify_api_key,
)

KEY = b"k" * 32


# --- masking ---------------------------------------------------------------------------------------------------


def test_mask_nik() -> None:
    assert mask_nik("3673011203900001") == "3673********0001"
    assert mask_nik("3673 0112 0390 0001") == "3673********0001"
    assert mask_nik("12345") == "*****"  # too short to show anything safely


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("081234567789", "+62 812-****-789"),
        ("+62 812-3456-7890", "+62 812-****-890"),
        ("0812345678901", "+62 812-****-901"),  # the mask hides how long the number is
        ("not a number", "****"),
        ("", "****"),
    ],
)
def test_mask_phone(raw: str, expected: str) -> None:
    assert mask_phone(raw) == expected


def test_mask_email() -> None:
    assert mask_email("andi@gmail.com") == "a***@gmail.com"
    assert mask_email("Budi.Santoso@Serangkota.go.id") == "B***@serangkota.go.id"
    assert mask_email("no-at-sign") == "***"


def test_personal_fields() -> None:
    assert {"name", "nik", "phone", "email", "address", "first_name", "last_name"} <= PERSONAL_FIELDS
    assert "description" not in PERSONAL_FIELDS


# --- keyed hashes ----------------------------------------------------------------------------------------------


def test_keyed_hash_matches_rfc4231_test_case_1() -> None:
    expected = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
    assert keyed_hash(b"\x0b" * 20, "Hi There") == expected


def test_keyed_hash_refuses_a_short_key() -> None:
    with pytest.raises(ValueError):
        keyed_hash(b"", "x")
    with pytest.raises(ValueError):
        keyed_hash(b"short", "x")


def test_caller_hash_normalises_before_hashing() -> None:
    canonical = keyed_hash(KEY, "+6281234567890")
    assert caller_hash(KEY, "0812-3456-7890") == canonical
    assert caller_hash(KEY, "+62 812 3456 7890") == canonical
    assert caller_hash(KEY, "081234567891") != canonical
    assert caller_hash(b"other-key-" * 4, "081234567890") != canonical
    assert "81234567890" not in canonical


def test_caller_hash_of_an_invalid_number_is_still_stable() -> None:
    assert caller_hash(KEY, "112") == caller_hash(KEY, "112")
    assert caller_hash(KEY, "112") == keyed_hash(KEY, "raw:112")
    assert caller_hash(KEY, "112") != caller_hash(KEY, "113")


# --- API keys --------------------------------------------------------------------------------------------------


def test_hash_api_key_is_sha256_hex() -> None:
    # FIPS 180-2 example: SHA-256("abc").
    assert hash_api_key("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_generated_key_format_prefix_and_hash() -> None:
    issued = generate_api_key("kiosk")
    assert re.fullmatch(r"bsm_kiosk_[0-9a-f]{8}_[A-Za-z0-9_-]{32}", issued.plaintext)
    assert issued.plaintext.split("_")[2] == issued.prefix
    assert parse_key_prefix(issued.plaintext) == issued.prefix
    assert verify_api_key(issued.plaintext, issued.hash)
    assert verify_api_key(issued.plaintext, issued.hash.upper())
    assert not verify_api_key(issued.plaintext + "x", issued.hash)
    assert not verify_api_key(issued.plaintext, "0" * 64)
    assert not verify_api_key(issued.plaintext, "not hex é")


def test_generated_keys_are_unique() -> None:
    keys = [generate_api_key("staff") for _ in range(200)]
    assert len({k.plaintext for k in keys}) == len({k.hash for k in keys}) == 200


@pytest.mark.parametrize("kind", ["", "Kiosk", "bad_kind", "a b", "x" * 33])
def test_generate_refuses_bad_kinds(kind: str) -> None:
    with pytest.raises(ValueError):
        generate_api_key(kind)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "bsm_kiosk_1234567",  # truncated
        "bsm_kiosk_1234567g_" + "a" * 32,  # prefix not hex
        "bsm_kiosk_12345678_" + "a" * 31,  # secret too short
        "xyz_kiosk_12345678_" + "a" * 32,
        "Bearer bsm_kiosk_12345678_" + "a" * 32,
    ],
)
def test_parse_key_prefix_rejects_foreign_strings(text: str) -> None:
    assert parse_key_prefix(text) is None


# --- text hygiene ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Jalan rusak <b>parah</b>",
        "<script>alert(1)</script>",
        "tolong <script",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=x>",
        "<a href='x'>klik</a>",
        "baris<br>baru",
        "<br/>",
        "</div>",
        "<custom-tag data-x=1>",
        "<!-- komentar -->",
        "&lt;b&gt;tebal&lt;/b&gt;",
        "&#60;script&#62;",
        "&#x3c;script",
        "klik javascript:alert(1)",
        "JaVaScRiPt:void(0)",
        "data:text/html;base64,PHNjcmlwdD4=",
    ],
)
def test_contains_html_detects_markup(text: str) -> None:
    assert contains_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "a < b",
        "3 > 2",
        "a < b dan 3 > 2",
        "nilai < p > 0,05",
        "x<5 dan y>3",
        "suhu <30 derajat, debit >100 liter",
        "<3 Kota Serang",
        "AT&T dan Tom & Jerry; oke",
        "harga 5<10 && 10>5",
        "Saya belajar javascript: sulit sekali",
        "-> lihat <- sini",
        "email saya a@b.com",
    ],
)
def test_contains_html_accepts_prose(text: str) -> None:
    assert not contains_html(text)


def test_clean_plain_text_normalises() -> None:
    assert clean_plain_text("  Jalan\r\nrusak\rparah\t!  \n", 4000) == "Jalan\nrusak\nparah\t!"
    assert clean_plain_text("Cafe\u0301", 10) == "Caf\u00e9"  # NFC


def test_clean_plain_text_allows_emoji_and_rtl() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # ZWJ sequence
    rtl = "\u200fمرحبا بكم في سيرانج"
    assert clean_plain_text(f"Terima kasih {family} 👍", 100) == f"Terima kasih {family} 👍"
    assert clean_plain_text(rtl, 100) == rtl


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("ada\x00nul", "kontrol"),
        ("bel\x07", "kontrol"),
        ("escape\x1b[31m", "kontrol"),
        ("c1\x85control", "kontrol"),
        ("rusak\ud800", "rusak"),
        ("<b>tebal</b>", "HTML"),
    ],
)
def test_clean_plain_text_rejects(text: str, fragment: str) -> None:
    with pytest.raises(FieldError) as caught:
        clean_plain_text(text, 4000)
    assert caught.value.field == "description"
    assert fragment in caught.value.message_id


def test_length_is_counted_in_code_points() -> None:
    assert clean_plain_text("👍" * 4000, 4000) == "👍" * 4000  # 4000 code points, 16000 UTF-8 bytes
    assert clean_plain_text("  " + "a" * 4000 + "  ", 4000) == "a" * 4000  # stripped before counting
    with pytest.raises(FieldError) as caught:
        clean_plain_text("a" * 4001, 4000, field="status_notes")
    assert caught.value.message_id == "maksimal 4000 karakter"
    assert caught.value.field == "status_notes"
