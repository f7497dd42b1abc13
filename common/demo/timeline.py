"""When things happen: the daily and weekly rhythm of the city, bursts, and office-hour steps of the staff."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from common.rules.working_days import WIB, WorkingCalendar, wib_date

# Relative submissions per WIB hour 00..23: quiet at night, a morning peak 08-11 (before and during office
# hours) and an evening peak 19-21 (after work and the evening prayer, when people use their phones).
HOURLY_CURVE: tuple[float, ...] = (
    0.3, 0.2, 0.15, 0.15, 0.3, 0.8, 1.6, 2.6, 4.0, 4.6, 4.4, 3.8,
    2.8, 2.9, 3.0, 2.8, 2.4, 2.0, 2.2, 3.6, 4.0, 3.4, 2.0, 0.9,
)  # fmt: skip
# Siaga 112 traffic: ghost and prank calls follow school and evening hours; a flatter night than complaints.
CALL_HOURLY_CURVE: tuple[float, ...] = (
    0.8, 0.6, 0.5, 0.4, 0.5, 0.8, 1.2, 1.8, 2.4, 2.6, 2.6, 2.6,
    2.8, 3.2, 3.4, 3.4, 3.2, 3.0, 3.0, 3.4, 3.6, 3.2, 2.2, 1.4,
)  # fmt: skip
# Kiosks stand in kelurahan offices: used only while the office is open (08:00-16:00 WIB on working days).
KIOSK_HOURLY_CURVE: tuple[float, ...] = tuple(
    {8: 2.0, 9: 3.0, 10: 3.2, 11: 3.0, 12: 1.8, 13: 2.6, 14: 2.4, 15: 1.4}.get(h, 0.0) for h in range(24)
)
WEEKDAY_WEIGHT: tuple[float, ...] = (1.05, 1.0, 1.0, 1.0, 0.9, 0.55, 0.45)  # Monday..Sunday
OFFICE_OPEN_MIN = 8 * 60
OFFICE_CLOSE_MIN = 16 * 60


def wib_instant(day: date, minute_of_day: int, second: int = 0) -> datetime:
    """The aware UTC instant of ``day`` at ``minute_of_day`` (0..1439) and ``second``, WIB."""
    local = datetime.combine(day, time(minute_of_day // 60, minute_of_day % 60, second), tzinfo=WIB)
    return local.astimezone(UTC)


@dataclass(frozen=True)
class Window:
    """The demo period: its WIB days from the first to today, with the weight of each day."""

    start: datetime
    now: datetime
    days: tuple[date, ...]
    weights: tuple[float, ...]
    office_days: tuple[date, ...]
    """The working days of the window (kelurahan offices open)."""

    @classmethod
    def build(cls, start: datetime, now: datetime, calendar: WorkingCalendar) -> Window:
        """Weight each day: weekdays busier than weekends, holidays quiet, slow growth as the channels catch on."""
        first, last = wib_date(start), wib_date(now)
        days = tuple(first + timedelta(days=i) for i in range((last - first).days + 1))
        weights = []
        for i, day in enumerate(days):
            w = WEEKDAY_WEIGHT[day.weekday()] * (0.85 + 0.3 * i / max(len(days) - 1, 1))
            if day.weekday() < 5 and not calendar.is_working_day(day):
                w *= 0.5  # a public holiday or cuti bersama
            weights.append(w)
        office = tuple(d for d in days if calendar.is_working_day(d))
        return cls(start, now, days, tuple(weights), office)

    def day_index(self, day: date) -> int:
        """Index of a WIB day in the window (clamped to the window)."""
        return min(max((day - self.days[0]).days, 0), len(self.days) - 1)

    def sample(
        self, rng: random.Random, curve: Sequence[float] = HOURLY_CURVE, days: Sequence[date] | None = None
    ) -> datetime:
        """A random instant in the window (or on one of ``days``) following the day weights and ``curve``."""
        pool = days if days is not None else self.days
        pool_weights = [self.weights[self.day_index(d)] for d in pool] if days is not None else self.weights
        for _ in range(1000):
            day = rng.choices(pool, weights=pool_weights)[0]
            hour = rng.choices(range(24), weights=curve)[0]
            instant = wib_instant(day, hour * 60 + rng.randrange(60), rng.randrange(60))
            if self.start <= instant < self.now:
                return instant
        return self.now - timedelta(minutes=1)

    def sample_office(self, rng: random.Random, until: datetime | None = None) -> datetime:
        """A random instant while the kelurahan offices are open, not after ``until`` (a kiosk's last contact)."""
        for _ in range(1000):
            at = self.sample(rng, KIOSK_HOURLY_CURVE, self.office_days)
            if until is None or at <= until:
                return at
        return min(until or self.now, self.now) - timedelta(minutes=1)


def office_step(
    calendar: WorkingCalendar, rng: random.Random, after: datetime, working_days: int
) -> datetime:
    """An instant in office hours (08:00-16:00 WIB) ``working_days`` working days after ``after``'s WIB day.

    With 0, a later moment of the same day if that day is a working day and the office is still open, else the
    next working day. The result is always strictly after ``after``.
    """
    local = after.astimezone(WIB)
    minute_now = local.hour * 60 + local.minute
    if working_days == 0 and calendar.is_working_day(local.date()) and minute_now < OFFICE_CLOSE_MIN - 60:
        earliest = max(minute_now + 10, OFFICE_OPEN_MIN)
        latest = min(earliest + 180, OFFICE_CLOSE_MIN - 1)
        return wib_instant(local.date(), rng.randint(earliest, latest), rng.randrange(60))
    day = wib_date(calendar.add_working_days(after, max(working_days, 1)))
    return wib_instant(day, rng.randint(OFFICE_OPEN_MIN, OFFICE_CLOSE_MIN - 1), rng.randrange(60))


def minutes_step(rng: random.Random, after: datetime, low: int, high: int) -> datetime:
    """An instant ``low``..``high`` minutes after ``after`` (emergencies do not wait for office hours)."""
    return after + timedelta(minutes=rng.randint(low, high), seconds=rng.randrange(60))


def rainy_flood_day(rng: random.Random, window: Window) -> date:
    """A day for the flood burst: in the rainy season (November-March) when the window has one, never at its edges."""
    n = len(window.days)
    inner = window.days[max(2, n // 10) : max(3, n - max(3, n // 8))]
    rainy = [d for d in inner if d.month in (11, 12, 1, 2, 3)]
    return rng.choice(rainy) if rainy else inner[len(inner) * 2 // 3]


def rubbish_week(rng: random.Random, window: Window, avoid: date) -> tuple[date, ...]:
    """Seven consecutive days of the rubbish pile-up (the landfill closed), away from the flood day."""
    n = len(window.days)
    for _ in range(50):
        first = rng.randrange(max(1, n // 6), max(2, n - 10))
        week = window.days[first : first + 7]
        if avoid not in week and len(week) == 7:
            return week
    return window.days[1:8]
