"""A reporter's personal data as received, validated before it is stored in ``reporter_contact`` only."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from common.rules.errors import FieldError
from common.rules.identity import normalize_phone, validate_email, validate_nik, validate_person_name
from common.rules.privacy import clean_plain_text

ADDRESS_MAX_LENGTH = 300
OPAQUE_ID_MAX_LENGTH = 100


@dataclass(frozen=True, slots=True)
class ContactInput:
    """Personal fields of a submission; every field optional (empty string: not given)."""

    name: str = ""
    nik: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    device_id: str = ""
    account_id: str = ""

    def is_empty(self) -> bool:
        """True when no personal field was given (then no ``reporter_contact`` row is written)."""
        return not any((self.name, self.nik, self.phone, self.email, self.address, self.device_id, self.account_id))

    def values(self) -> tuple[str, ...]:
        """Every non-empty personal value (used by privacy tests and log scrubbing)."""
        return tuple(v for v in (self.name, self.nik, self.phone, self.email, self.address, self.device_id,
                                 self.account_id) if v)


def _opaque(value: str, field: str) -> str:
    text = clean_plain_text(value, OPAQUE_ID_MAX_LENGTH, field)
    if "\n" in text or "\t" in text:
        raise FieldError(field, "Tidak boleh berisi baris baru", "must be a single line")
    return text


def _nik(value: str, today: date) -> str:
    validate_nik(value, today)
    return "".join(value.split())


def validate_contact(contact: ContactInput, today: date) -> ContactInput:
    """Return ``contact`` normalised (NIK digits, E.164 phone, lower-case e-mail domain, cleaned name/address).

    Raises :class:`FieldError` naming the field (``name``, ``nik``, ``phone``, ``email``, ``address``,
    ``device_id``, ``account_id``); ``today`` resolves the NIK's two-digit birth year.
    """
    return replace(
        contact,
        name=validate_person_name(contact.name) if contact.name.strip() else "",
        nik=_nik(contact.nik, today) if contact.nik.strip() else "",
        phone=normalize_phone(contact.phone) if contact.phone.strip() else "",
        email=validate_email(contact.email) if contact.email.strip() else "",
        address=clean_plain_text(contact.address, ADDRESS_MAX_LENGTH, "address") if contact.address.strip() else "",
        device_id=_opaque(contact.device_id, "device_id") if contact.device_id.strip() else "",
        account_id=_opaque(contact.account_id, "account_id") if contact.account_id.strip() else "",
    )
