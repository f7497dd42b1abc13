"""Obviously fake personal data for the private tables (``reporter_contact``, ``info_request_applicant``).

Names pair a common Indonesian given name with a surname that says it is fake ("Contoh", "Fiktif"...); NIKs have a
valid structure for Kota Serang (region 3673, the kecamatan digits, birth date with +40 for women, serial);
phones are ``+62 812 0000 xxxx`` and e-mails live at ``example.org`` (reserved, never delivered).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from common.demo import texts

GIVEN_FEMALE = ("Siti", "Dewi", "Nur", "Rina", "Yuli", "Sri", "Ani", "Lina", "Euis", "Neneng", "Tuti", "Fitri")
GIVEN_MALE = ("Ahmad", "Budi", "Dedi", "Agus", "Rudi", "Asep", "Ujang", "Hendra", "Iwan", "Jaja", "Eko", "Dadan")
FAKE_SURNAMES = ("Contoh", "Fiktif", "Demo", "Percobaan", "Sampel", "Rekaan")
_BIRTH_FIRST = date(1955, 1, 1)
_BIRTH_SPAN_DAYS = (date(2006, 12, 31) - _BIRTH_FIRST).days


@dataclass(frozen=True)
class FakePerson:
    """One invented person; every field is personal data and belongs only in a private table."""

    name: str
    nik: str
    phone: str
    email: str
    address: str


def fake_nik(rng: random.Random, kecamatan_digits: str, female: bool) -> str:
    """A 16-digit NIK with a valid structure: 3673 + kecamatan + DDMMYY (+40 for women) + serial 0001-9999."""
    born = _BIRTH_FIRST + timedelta(days=rng.randrange(_BIRTH_SPAN_DAYS))
    day = born.day + (40 if female else 0)
    return f"3673{kecamatan_digits}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randint(1, 9999):04d}"


def fake_person(rng: random.Random, kecamatan_kode: str, kelurahan: str) -> FakePerson:
    """An invented resident of ``kelurahan`` (in the kecamatan ``36.73.NN``)."""
    female = rng.random() < 0.5
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    surname = rng.choice(FAKE_SURNAMES)
    serial = rng.randint(1, 9999)
    address = f"Kp. {rng.choice(texts.GANG)} RT {rng.randint(1, 12):02d}/RW {rng.randint(1, 8):02d}, Kel. {kelurahan}"
    return FakePerson(
        name=f"{given} {surname}",
        nik=fake_nik(rng, kecamatan_kode[-2:], female),
        phone=f"+62812{rng.randint(0, 9999):08d}",
        email=f"{given.lower()}.{surname.lower()}.{serial}@example.org",
        address=address,
    )
