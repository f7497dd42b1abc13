"""Test helpers shared by the service and hub tests: a controllable clock, seeded reference data, keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from common.config import default_assets_dir
from common.domain.enums import StaffRole
from common.reference.loader import ReferenceData, load_reference
from common.reference.seed import seed_reference
from common.rules.working_days import WorkingCalendar, load_cuti_bersama
from common.services.keys import NewKey, add_channel_key, add_kiosk_key, add_staff_key, revoke_key

WIB = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 3, 2, 9, 0, tzinfo=WIB).astimezone(UTC)
"""Monday 2 March 2026, 09:00 WIB: a plain working week (no holiday until the Idul Fitri leave)."""

CIPARE = "36.73.01.1002"
CIPARE_POINT = (-6.125469, 106.162736)
KOTA_BARU = "36.73.01.1004"
KOTA_BARU_POINT = (-6.113877, 106.153885)
JAKARTA_POINT = (-6.2, 106.82)


class FakeClock:
    """A clock the test moves by hand (aware UTC)."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now


@dataclass(frozen=True)
class Keys:
    """Plaintext keys of every kind the tests need."""

    rabeg: NewKey
    client: NewKey
    kiosk: NewKey
    kiosk2: NewKey
    admin: NewKey
    op_dpupr: NewKey
    op_dlh: NewKey
    revoked: NewKey


def seed(session: Session, data: ReferenceData, clock: FakeClock) -> Keys:
    """Insert the reference data and one key of each kind; commits."""
    seed_reference(session, data)
    keys = Keys(
        rabeg=add_channel_key(session, clock, "rabeg"),
        client=add_channel_key(session, clock, "open311-client"),
        kiosk=add_kiosk_key(session, clock, CIPARE),
        kiosk2=add_kiosk_key(session, clock, KOTA_BARU),
        admin=add_staff_key(session, clock, StaffRole.ADMIN, None),
        op_dpupr=add_staff_key(session, clock, StaffRole.OPD_OPERATOR, "dpupr"),
        op_dlh=add_staff_key(session, clock, StaffRole.OPD_OPERATOR, "dlh"),
        revoked=add_channel_key(session, clock, "old-app"),
    )
    revoke_key(session, clock, keys.revoked.prefix)
    session.commit()
    return keys


@pytest.fixture(scope="session")
def reference_data() -> ReferenceData:
    """The shipped reference data, parsed once."""
    return load_reference(default_assets_dir())


@pytest.fixture(scope="session")
def calendar() -> WorkingCalendar:
    """The working-day calendar with the shipped cuti bersama."""
    return WorkingCalendar(cuti_bersama=load_cuti_bersama(default_assets_dir() / "data" / "cuti_bersama.toml"))
