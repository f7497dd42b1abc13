"""The citizen's drafts (complaint, PPID request, SKM answers) and their validation, without Qt.

Every check is delegated to :mod:`common.rules` (identity, privacy, SKM); this module only decides which fields
a form has, which are required, and how a finished draft becomes the hub payload. Errors are
:class:`~common.rules.errors.FieldError` with an Indonesian and an English message, ``field`` naming the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from common.domain.enums import Confidentiality, DeliveryMethod, ObtainMethod, ReportKind
from common.rules import skm
from common.rules.errors import FieldError
from common.rules.identity import normalize_phone, validate_email, validate_nik, validate_person_name
from common.rules.privacy import DESCRIPTION_MAX_LENGTH, clean_plain_text

DESCRIPTION_MIN_LENGTH = 10
LANDMARK_MAX_LENGTH = 200
ADDRESS_MAX_LENGTH = 300
PURPOSE_MAX_LENGTH = 1000
REFERENCE_MAX_LENGTH = 100
_RT_RW_RE = re.compile(r"[0-9]{1,3}")


# --- field checks (each returns the cleaned value or raises FieldError) -----------------------------------------

def check_rt_rw(raw: str, field_name: str) -> str:
    """RT/RW: empty (unknown) or 1-3 digits, returned zero-padded to 3 (``"3"`` -> ``"003"``)."""
    text = raw.strip()
    if not text:
        return ""
    if not _RT_RW_RE.fullmatch(text) or int(text) == 0:
        raise FieldError(field_name, "Isi dengan angka 1 sampai 999", "use a number from 1 to 999")
    return f"{int(text):03d}"


def check_text(raw: str, field_name: str, max_len: int, *, min_len: int = 0) -> str:
    """Plain text without HTML or control characters, ``min_len``..``max_len`` code points after trimming."""
    text = clean_plain_text(raw, max_len, field_name)
    if len(text) < min_len:
        if min_len <= 1:
            raise FieldError(field_name, "Wajib diisi", "required")
        raise FieldError(field_name, f"Tulis minimal {min_len} huruf", f"write at least {min_len} characters")
    return text


def check_description(raw: str) -> str:
    """The complaint text: 10..4,000 characters of plain text (Open311 limit, no HTML)."""
    return check_text(raw, "description", DESCRIPTION_MAX_LENGTH, min_len=DESCRIPTION_MIN_LENGTH)


def check_name(raw: str, field_name: str = "name") -> str:
    """A person's name (letters of any script, spaces, . ' -)."""
    try:
        return validate_person_name(raw)
    except FieldError as exc:
        raise FieldError(field_name, exc.message_id, exc.message_en) from None


def check_optional_phone(raw: str) -> str:
    """Empty, or an Indonesian phone number returned in E.164."""
    return normalize_phone(raw) if raw.strip() else ""


def check_optional_email(raw: str) -> str:
    """Empty, or a valid e-mail address."""
    return validate_email(raw) if raw.strip() else ""


def check_nik(raw: str, today: date) -> str:
    """A valid 16-digit NIK (birth date part checked, +40 for women); returned without spaces."""
    validate_nik(raw, today)
    return "".join(raw.split())


def split_name(full_name: str) -> tuple[str, str]:
    """Open311 first/last name: the last word is the last name; a one-word name has no last name."""
    words = full_name.split()
    if len(words) < 2:
        return full_name, ""
    return " ".join(words[:-1]), words[-1]


def _required(value: object, field_name: str, message_id: str, message_en: str) -> None:
    if value is None or value == "":
        raise FieldError(field_name, message_id, message_en)


# --- complaint ------------------------------------------------------------------------------------------------

@dataclass
class ComplaintDraft:
    """A complaint / report / suggestion / opinion being filled in at the kiosk."""

    kelurahan: str = ""
    kind: ReportKind | None = None
    service_code: str | None = None
    rt: str = ""
    rw: str = ""
    landmark: str = ""
    lat: float | None = None
    lng: float | None = None
    description: str = ""
    photo: bytes | None = None
    confidentiality: Confidentiality | None = None
    contact_consent: bool = False
    name: str = ""
    phone: str = ""
    email: str = ""

    def location_text(self, kelurahan_name: str = "") -> str:
        """A human description of the place: kelurahan, RT/RW and landmark."""
        parts = [f"Kel. {kelurahan_name}"] if kelurahan_name else []
        if self.rt or self.rw:
            parts.append(f"RT {self.rt or '-'} / RW {self.rw or '-'}")
        if self.landmark:
            parts.append(f"dekat {self.landmark}")
        return ", ".join(parts)

    def problems(self) -> list[FieldError]:
        """Every reason the draft cannot be sent yet (empty when it can)."""
        checks = [
            lambda: _required(self.kind, "kind", "Pilih jenis laporan", "choose what you are filing"),
            lambda: _required(self.service_code, "service_code", "Pilih kategori", "choose a category"),
            lambda: _required(self.kelurahan, "kelurahan", "Pilih kelurahan", "choose a kelurahan"),
            lambda: check_description(self.description),
            lambda: check_text(self.landmark, "landmark", LANDMARK_MAX_LENGTH),
            lambda: _required(self.confidentiality, "confidentiality", "Pilih cara identitas Anda ditampilkan",
                              "choose how your identity is handled"),
            self._check_contact,
        ]
        return _collect(checks)

    def _check_contact(self) -> None:
        if not self.contact_consent:
            return
        check_name(self.name)
        check_optional_phone(self.phone)
        check_optional_email(self.email)

    def to_payload(self, client_request_id: str, kelurahan_name: str = "") -> dict[str, Any]:
        """The Open311 form fields (without ``api_key``; the outbox adds ``tracking_code``)."""
        if self.problems():
            raise ValueError("draft is incomplete; check problems() first")
        payload: dict[str, Any] = {
            "service_code": self.service_code,
            "description": check_description(self.description),
            "kelurahan": self.kelurahan,
            "location_text": self.location_text(kelurahan_name),
            "kind": str(self.kind),
            "confidentiality": str(self.confidentiality),
            "client_request_id": client_request_id,
        }
        if self.lat is not None and self.lng is not None:
            payload["lat"] = f"{self.lat:.6f}"
            payload["long"] = f"{self.lng:.6f}"
        if self.contact_consent:
            first, last = split_name(check_name(self.name))
            payload.update(first_name=first, last_name=last, phone=check_optional_phone(self.phone),
                           email=check_optional_email(self.email))
        return payload


# --- PPID -----------------------------------------------------------------------------------------------------

@dataclass
class PpidDraft:
    """A public-information request (UU 14/2008) with every field of the form in DOMAIN.md."""

    kelurahan: str = ""
    consent: bool = False
    full_name: str = ""
    nik: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    by_proxy: bool | None = None
    proxy_name: str = ""
    power_of_attorney_ref: str = ""
    information: str = ""
    purpose: str = ""
    opd: str | None = None
    opd_chosen: bool = False
    obtain_method: ObtainMethod | None = None
    delivery_method: DeliveryMethod | None = None

    def check_contact(self) -> tuple[str, str]:
        """Phone and/or e-mail: at least one, each valid; returns the cleaned pair."""
        if not self.phone.strip() and not self.email.strip():
            raise FieldError("phone", "Isi nomor HP atau e-mail (salah satu)", "give a phone number or an e-mail")
        return check_optional_phone(self.phone), check_optional_email(self.email)

    def check_proxy(self) -> None:
        """A request by proxy needs the proxy's name and the power of attorney's reference."""
        if not self.by_proxy:
            return
        check_name(self.proxy_name, "proxy_name")
        check_text(self.power_of_attorney_ref, "power_of_attorney_ref", REFERENCE_MAX_LENGTH, min_len=1)

    def check_delivery(self) -> None:
        """E-mail delivery needs an e-mail address."""
        _required(self.delivery_method, "delivery_method", "Pilih cara menerima informasi",
                  "choose how to receive the information")
        if self.delivery_method is DeliveryMethod.EMAIL and not self.email.strip():
            raise FieldError("delivery_method", "Untuk dikirim lewat e-mail, isi alamat e-mail dulu",
                             "to receive it by e-mail, give an e-mail address first")

    def problems(self, today: date) -> list[FieldError]:
        """Every reason the request cannot be sent yet."""
        checks = [
            lambda: _required(self.consent or None, "consent", "Persetujuan diperlukan", "consent is required"),
            lambda: check_name(self.full_name, "full_name"),
            lambda: check_nik(self.nik, today),
            lambda: check_text(self.address, "address", ADDRESS_MAX_LENGTH, min_len=5),
            self.check_contact,
            lambda: _required(self.by_proxy, "by_proxy", "Pilih untuk siapa permohonan ini",
                              "choose who the request is for"),
            self.check_proxy,
            lambda: check_text(self.information, "information", DESCRIPTION_MAX_LENGTH,
                               min_len=DESCRIPTION_MIN_LENGTH),
            lambda: check_text(self.purpose, "purpose", PURPOSE_MAX_LENGTH, min_len=5),
            lambda: _required(self.opd_chosen or None, "opd", "Pilih instansi", "choose an agency"),
            lambda: _required(self.obtain_method, "obtain_method", "Pilih cara memperoleh informasi",
                              "choose how to obtain the information"),
            self.check_delivery,
        ]
        return _collect(checks)

    def to_payload(self, client_request_id: str, today: date) -> dict[str, Any]:
        """The hub's PPID request body (the outbox adds ``tracking_code``)."""
        if self.problems(today):
            raise ValueError("draft is incomplete; check problems() first")
        phone, email = self.check_contact()
        return {
            "client_request_id": client_request_id,
            "kelurahan": self.kelurahan,
            "opd": self.opd,
            "applicant": {
                "full_name": check_name(self.full_name, "full_name"),
                "nik": check_nik(self.nik, today),
                "address": check_text(self.address, "address", ADDRESS_MAX_LENGTH),
                # Absent values are empty strings (the hub's schema types them as strings).
                "phone": phone,
                "email": email,
                "proxy_name": check_name(self.proxy_name, "proxy_name") if self.by_proxy else "",
                "power_of_attorney_ref": self.power_of_attorney_ref.strip() if self.by_proxy else "",
            },
            "information": check_text(self.information, "information", DESCRIPTION_MAX_LENGTH),
            "purpose": check_text(self.purpose, "purpose", PURPOSE_MAX_LENGTH),
            "obtain_method": str(self.obtain_method),
            "delivery_method": str(self.delivery_method),
        }


# --- SKM ------------------------------------------------------------------------------------------------------

@dataclass
class SkmDraft:
    """The nine SKM answers (1-4) for this office (``opd`` None) or a chosen OPD."""

    kelurahan: str = ""
    for_other_opd: bool | None = None
    opd: str | None = None
    answers: list[int | None] = field(default_factory=lambda: [None] * skm.ELEMENT_COUNT)

    def answer(self, index: int, value: int) -> None:
        """Record the answer to element ``index`` (0-based)."""
        if not 1 <= value <= 4:
            raise ValueError(f"answer must be 1..4, got {value}")
        self.answers[index] = value

    def problems(self) -> list[FieldError]:
        """Why the survey cannot be sent yet."""
        checks = [
            lambda: _required(self.for_other_opd is not None or None, "opd", "Pilih kantor yang dinilai",
                              "choose the office you rate"),
            lambda: _required(None if self.for_other_opd and not self.opd else True, "opd",
                              "Pilih instansi", "choose an agency"),
            lambda: skm.validate_answers([a if a is not None else 0 for a in self.answers]),
        ]
        return _collect(checks)

    def to_payload(self, client_request_id: str) -> dict[str, Any]:
        """The hub's SKM body."""
        if self.problems():
            raise ValueError("survey is incomplete; check problems() first")
        return {"client_request_id": client_request_id, "opd": self.opd if self.for_other_opd else None,
                "kelurahan": self.kelurahan, "answers": [int(a or 0) for a in self.answers]}


def _collect(checks: list[Any]) -> list[FieldError]:
    found = []
    for check in checks:
        try:
            check()
        except FieldError as exc:
            found.append(exc)
    return found
