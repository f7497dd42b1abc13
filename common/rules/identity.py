"""Validation of identity fields (NIK, phone, e-mail, person name) with bilingual error messages."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import phonenumbers

from common.rules.errors import FieldError

# Province codes (first two NIK digits) per Kemendagri: Sumatra 11-19, Jakarta/Java/Banten 31-36, Bali-Nusa
# Tenggara 51-53, Kalimantan 61-65, Sulawesi 71-76, Maluku 81-82, Papua 91-96 (93-96 are the 2022 provinces).
# 21 is Kepulauan Riau. A set, not just a range, catches typos such as 20 or 40.
_PROVINCE_CODES = frozenset(
    [
        *range(11, 20),
        21,
        *range(31, 37),
        *range(51, 54),
        *range(61, 66),
        *range(71, 77),
        81,
        82,
        *range(91, 97),
    ]
)
_NIK_RE = re.compile(r"[0-9]{16}")  # ASCII only: str.isdigit() would accept Arabic-Indic digits
_PHONE_ALLOWED_RE = re.compile(r"[0-9+\-.() ]+")
# Dot-atom local part (RFC 5321/5322 without quoted strings, which real-world forms never need).
_EMAIL_LOCAL_RE = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_DOMAIN_LABEL_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_TLD_RE = re.compile(r"[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}")
_NAME_PUNCTUATION = frozenset(" .'-\u2019")  # \u2019: the typographic apostrophe phones insert
NAME_MAX_LENGTH = 100
EMAIL_MAX_LENGTH = 254


@dataclass(frozen=True, slots=True)
class NikInfo:
    """What a valid NIK encodes: 6-digit region code, birth date, sex and 4-digit serial."""

    region_code: str
    birth_date: date
    female: bool
    serial: str


def _nik_error(message_id: str, message_en: str) -> FieldError:
    return FieldError("nik", message_id, message_en)


def _check_region(nik: str) -> None:
    if int(nik[0:2]) not in _PROVINCE_CODES:
        raise _nik_error("Kode provinsi NIK tidak dikenal", "unknown province code in NIK")
    if nik[2:4] == "00" or nik[4:6] == "00":
        raise _nik_error(
            "Kode kabupaten/kota atau kecamatan NIK tidak valid", "invalid regency or district code"
        )


def _nik_birth_date(nik: str, today: date) -> tuple[date, bool]:
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = day > 40  # women's day of birth is recorded +40
    if female:
        day -= 40
    # Two-digit year: a year after this year's two digits must be last century (nobody is born in the future).
    century = 1900 if yy > today.year % 100 else 2000
    try:
        born = date(century + yy, month, day)
    except ValueError:
        raise _nik_error(
            "Tanggal lahir dalam NIK tidak valid", "the birth date in the NIK is not a date"
        ) from None
    if born > today:
        raise _nik_error(
            "Tanggal lahir dalam NIK ada di masa depan", "the birth date in the NIK is in the future"
        )
    return born, female


def validate_nik(nik: str, today: date) -> NikInfo:
    """Validate a 16-digit NIK (spaces allowed) and decode it; ``today`` resolves the two-digit birth year.

    Raises :class:`FieldError` on field ``nik`` for: wrong length/non-digits, unknown province, zero regency or
    district, impossible or future birth date, serial 0000.
    """
    digits = "".join(nik.split())
    if not _NIK_RE.fullmatch(digits):
        raise _nik_error("NIK harus 16 angka", "NIK must be exactly 16 digits")
    _check_region(digits)
    born, female = _nik_birth_date(digits, today)
    if digits[12:16] == "0000":
        raise _nik_error("Nomor urut NIK tidak boleh 0000", "NIK serial must not be 0000")
    return NikInfo(digits[0:6], born, female, digits[12:16])


def normalize_phone(raw: str) -> str:
    """Return a phone number in E.164 (``+628...``), reading national numbers (``08...``) as Indonesian.

    Raises :class:`FieldError` on field ``phone`` for letters (which ``phonenumbers`` would silently read as
    keypad digits), other unexpected characters, and numbers that are not possible and valid.
    """
    text = raw.strip()
    if any(char.isalpha() for char in text):
        raise FieldError(
            "phone", "Nomor telepon tidak boleh berisi huruf", "phone number must not contain letters"
        )
    if not text or not _PHONE_ALLOWED_RE.fullmatch(text):
        raise FieldError(
            "phone",
            "Nomor telepon hanya boleh berisi angka dan tanda +",
            "phone number may only contain digits and +",
        )
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        raise FieldError("phone", "Nomor telepon tidak dikenali", "phone number not recognised") from None
    if not (phonenumbers.is_possible_number(number) and phonenumbers.is_valid_number(number)):
        raise FieldError("phone", "Nomor telepon tidak valid", "phone number is not valid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _email_error(message_id: str, message_en: str) -> FieldError:
    return FieldError("email", message_id, message_en)


def _check_domain(domain: str) -> None:
    labels = domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL_RE.fullmatch(label) for label in labels):
        raise _email_error("Domain e-mail tidak valid", "invalid e-mail domain")
    if not _TLD_RE.fullmatch(labels[-1]):
        raise _email_error("Domain e-mail tidak valid", "invalid e-mail domain")


def validate_email(raw: str) -> str:
    """Return a syntactically reasonable e-mail address with its domain lower-cased.

    Accepts ASCII dot-atom addresses up to 254 characters (local part up to 64). The local part keeps its case
    (it is case-sensitive in theory). Raises :class:`FieldError` on field ``email``.
    """
    text = raw.strip()
    if not text:
        raise _email_error("Alamat e-mail kosong", "e-mail address is empty")
    if len(text) > EMAIL_MAX_LENGTH:
        raise _email_error(
            f"Alamat e-mail maksimal {EMAIL_MAX_LENGTH} karakter",
            f"e-mail address is over {EMAIL_MAX_LENGTH} chars",
        )
    if not text.isascii():
        raise _email_error(
            "Alamat e-mail hanya boleh huruf Latin tanpa aksen", "e-mail address must be ASCII"
        )
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        raise _email_error(
            "Alamat e-mail harus berbentuk nama@domain", "e-mail address must look like name@domain"
        )
    if len(local) > 64 or not _EMAIL_LOCAL_RE.fullmatch(local):
        raise _email_error("Bagian sebelum @ tidak valid", "invalid part before @")
    _check_domain(domain)
    return f"{local}@{domain.lower()}"


def _name_error(message_id: str, message_en: str) -> FieldError:
    return FieldError("name", message_id, message_en)


def validate_person_name(raw: str) -> str:
    """Return a cleaned person name: NFC, trimmed, inner whitespace collapsed, 1..100 characters.

    Allowed: letters of any script (with their combining marks), spaces, ``.``, ``'``, ``-``. Digits, HTML and
    other symbols are rejected with a message naming the problem. Raises :class:`FieldError` on field ``name``.
    """
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if not text:
        raise _name_error("Nama wajib diisi", "name is required")
    if len(text) > NAME_MAX_LENGTH:
        raise _name_error(
            f"Nama maksimal {NAME_MAX_LENGTH} karakter", f"name is over {NAME_MAX_LENGTH} characters"
        )
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LM" or char in _NAME_PUNCTUATION:
            continue
        if category == "Nd":
            raise _name_error("Nama tidak boleh berisi angka", "name must not contain digits")
        raise _name_error(f"Nama tidak boleh berisi karakter '{char}'", f"name must not contain '{char}'")
    if not any(unicodedata.category(char)[0] == "L" for char in text):
        raise _name_error("Nama harus berisi huruf", "name must contain letters")
    return text
