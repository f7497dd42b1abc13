"""Working-day arithmetic in Asia/Jakarta (WIB, UTC+7) for the legal deadlines of complaints and PPID requests.

A working day is a Monday-Friday that is neither a national holiday (from the ``holidays`` package), nor a
*cuti bersama* (joint leave day decreed yearly by the SKB 3 Menteri, loaded from ``assets/data/cuti_bersama.toml``),
nor an extra holiday configured by an administrator. ``extra_working_days`` overrides all of these (used when the
government cancels a cuti bersama or declares a replacement working day).

All instants going in must be timezone-aware; all instants coming out are aware UTC (the storage convention).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays

WIB = ZoneInfo("Asia/Jakarta")
"""The legal time zone of Kota Serang; every "day" in the rules is a WIB calendar day."""

# A safety net against a misconfigured calendar (e.g. every day declared a holiday): no real calendar has a
# year without a single working day, so scanning further than this means the configuration is broken.
_MAX_SCAN_DAYS = 366


def require_aware(value: datetime, name: str = "datetime") -> None:
    """Raise ``ValueError`` if ``value`` is naive: a naive time cannot be placed on a WIB calendar day."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value!r}")


def wib_date(value: datetime) -> date:
    """Return the WIB calendar day of an aware instant (e.g. 2025-03-28T18:00Z is 29 March in WIB)."""
    require_aware(value)
    return value.astimezone(WIB).date()


def end_of_wib_day(day: date) -> datetime:
    """Return the last representable instant (23:59:59.999999 WIB) of ``day``, as an aware UTC datetime."""
    return datetime.combine(day, time.max, tzinfo=WIB).astimezone(UTC)


def _as_date(value: date) -> date:
    # datetime is a subclass of date; silently taking its date part would hide a UTC-vs-WIB bug.
    if isinstance(value, datetime):
        raise TypeError(f"expected a date, got datetime {value!r}; convert with wib_date() first")
    return value


class WorkingCalendar:
    """The working-day calendar of the city government.

    National holidays are computed lazily per year and cached in the instance (no module-level state), so a
    calendar object is cheap to build and safe to share read-only between threads once warmed up.
    """

    def __init__(
        self,
        cuti_bersama: Iterable[date] = (),
        extra_holidays: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        self._cuti_bersama = frozenset(_as_date(d) for d in cuti_bersama)
        self._extra_holidays = frozenset(_as_date(d) for d in extra_holidays)
        self._extra_working_days = frozenset(_as_date(d) for d in extra_working_days)
        self._national_by_year: dict[int, frozenset[date]] = {}

    def national_holidays(self, year: int) -> frozenset[date]:
        """Return the national public holidays of ``year`` (Indonesia), computed once per year."""
        cached = self._national_by_year.get(year)
        if cached is None:
            # Only the PUBLIC category: cuti bersama come from our own configurable file, so that an
            # administrator can follow an SKB revision without waiting for a new ``holidays`` release.
            cached = frozenset(holidays.country_holidays("ID", years=year).keys())
            self._national_by_year[year] = cached
        return cached

    def is_working_day(self, d: date) -> bool:
        """Return True if ``d`` (a WIB calendar day) is a working day for the city government."""
        d = _as_date(d)
        if d in self._extra_working_days:
            return True
        if d.weekday() >= 5:  # Saturday, Sunday
            return False
        if d in self._cuti_bersama or d in self._extra_holidays:
            return False
        return d not in self.national_holidays(d.year)

    def next_working_day(self, d: date) -> date:
        """Return the first working day strictly after ``d``."""
        d = _as_date(d)
        for _ in range(_MAX_SCAN_DAYS):
            d += timedelta(days=1)
            if self.is_working_day(d):
                return d
        raise RuntimeError(f"no working day within {_MAX_SCAN_DAYS} days after {d}; calendar misconfigured")

    def add_working_days(self, start: datetime, n: int) -> datetime:
        """Return the deadline ``n`` working days after ``start``, as an aware UTC datetime.

        Counting starts on the first working day *after* the WIB day of ``start`` (the day of receipt does not
        count, whatever the hour), and the deadline is the end (23:59:59.999999 WIB) of the n-th working day.
        ``n == 0`` means "by the end of the same WIB day" (even if that day is not a working day), which keeps
        ``working_days_between(start, add_working_days(start, n)) == n`` true for every ``n >= 0``.
        Raises ``ValueError`` for a naive ``start`` or a negative ``n``.
        """
        require_aware(start, "start")
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        day = wib_date(start)
        for _ in range(n):
            day = self.next_working_day(day)
        return end_of_wib_day(day)

    def working_days_between(self, a: datetime, b: datetime) -> int:
        """Count working days after the WIB day of ``a`` up to and including the WIB day of ``b``.

        Returns 0 when ``b`` falls on or before ``a``'s WIB day. Both instants must be aware.
        """
        require_aware(a, "a")
        require_aware(b, "b")
        day, last = wib_date(a), wib_date(b)
        count = 0
        while day < last:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def add_hours(start: datetime, hours: float) -> datetime:
    """Return ``start`` plus ``hours`` calendar hours as aware UTC (Rabeg's 3x24h / 1x24h ignore holidays)."""
    require_aware(start, "start")
    if hours < 0:
        raise ValueError(f"hours must be >= 0, got {hours}")
    return (start + timedelta(hours=hours)).astimezone(UTC)


def load_cuti_bersama(path: str | Path) -> list[date]:
    """Read the cuti bersama dates from a TOML file shaped like ``[years.2025] dates = ["2025-01-28", ...]``.

    Dates may be TOML strings or native TOML dates; each must lie in the year of its table. Returns the sorted,
    de-duplicated dates. Raises ``ValueError`` naming the offending entry when the file is malformed.
    """
    with Path(path).open("rb") as handle:
        document = tomllib.load(handle)
    years = document.get("years", {})
    if not isinstance(years, dict):
        raise ValueError(f"{path}: 'years' must be a table")
    found: set[date] = set()
    for year_key, table in years.items():
        found.update(_parse_year_table(str(path), year_key, table))
    return sorted(found)


def _parse_year_table(source: str, year_key: str, table: Any) -> list[date]:
    if not year_key.isdigit() or not isinstance(table, dict):
        raise ValueError(f"{source}: [years.{year_key}] must be a table keyed by a year number")
    raw_dates = table.get("dates", [])
    if not isinstance(raw_dates, list):
        raise ValueError(f"{source}: years.{year_key}.dates must be an array")
    parsed: list[date] = []
    for raw in raw_dates:
        if isinstance(raw, datetime):
            raise ValueError(f"{source}: years.{year_key}: {raw!r} is a date-time, expected a date")
        try:
            value = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
        except ValueError as exc:
            raise ValueError(f"{source}: years.{year_key}: {raw!r} is not an ISO date") from exc
        if value.year != int(year_key):
            raise ValueError(f"{source}: {value.isoformat()} is listed under year {year_key}")
        parsed.append(value)
    return parsed
