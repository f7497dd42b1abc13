"""Shared fixtures of the domain-rule tests."""

from __future__ import annotations

import pytest

from common.rules.working_days import WorkingCalendar
from tests.common.rules.calendar_data import PUBLISHED_CUTI_BERSAMA


@pytest.fixture(scope="session")
def calendar() -> WorkingCalendar:
    """The city calendar with the published cuti bersama of 2025 and 2026."""
    return WorkingCalendar(cuti_bersama=PUBLISHED_CUTI_BERSAMA)
