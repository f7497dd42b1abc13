"""Test data of the domain-rule tests: the published SKB 3 Menteri cuti bersama and small helpers."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from common.rules.working_days import WIB

REPO_ROOT = Path(__file__).resolve().parents[3]
CUTI_BERSAMA_FILE = REPO_ROOT / "assets" / "data" / "cuti_bersama.toml"

# Typed in by hand from the decrees (independent of assets/data/cuti_bersama.toml, which a test compares to it):
# SKB 1017/2/2 Tahun 2024 as amended by 933/1/3 Tahun 2025, and SKB 1497/2/5 Tahun 2025.
PUBLISHED_CUTI_BERSAMA = (
    date(2025, 1, 28),
    date(2025, 3, 28),
    date(2025, 4, 2),
    date(2025, 4, 3),
    date(2025, 4, 4),
    date(2025, 4, 7),
    date(2025, 5, 13),
    date(2025, 5, 30),
    date(2025, 6, 9),
    date(2025, 8, 18),
    date(2025, 12, 26),
    date(2026, 2, 16),
    date(2026, 3, 18),
    date(2026, 3, 20),
    date(2026, 3, 23),
    date(2026, 3, 24),
    date(2026, 5, 15),
    date(2026, 5, 28),
    date(2026, 12, 24),
)


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware WIB datetime, for readable test data."""
    return datetime(year, month, day, hour, minute, tzinfo=WIB)
