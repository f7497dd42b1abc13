"""The demo's clock helpers: office-hour steps, the sampled window and the choice of burst days."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from common.config import Config
from common.demo.context import calendar_from_config
from common.demo.timeline import Window, office_step, rainy_flood_day, rubbish_week
from common.rules.working_days import WIB, WorkingCalendar


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return calendar_from_config(Config())


@pytest.mark.parametrize("working_days", [0, 1, 3])
def test_office_step_lands_in_office_hours_after_the_start(calendar: WorkingCalendar, working_days: int) -> None:
    rng = random.Random(1)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    for i in range(2000):
        after = start + timedelta(minutes=37 * i)
        at = office_step(calendar, rng, after, working_days)
        local = at.astimezone(WIB)
        assert at > after and calendar.is_working_day(local.date()) and 8 <= local.hour < 16
        if working_days:
            assert calendar.working_days_between(after, at) == working_days


def test_window_samples_inside_and_weights_weekdays(calendar: WorkingCalendar) -> None:
    now = datetime(2026, 7, 15, 3, 0, tzinfo=UTC)
    window = Window.build(now - timedelta(days=60), now, calendar)
    rng = random.Random(2)
    samples = [window.sample(rng) for _ in range(5000)]
    assert all(window.start <= s < now for s in samples)
    weekday = sum(s.astimezone(WIB).weekday() < 5 for s in samples)
    assert weekday / len(samples) > 5 / 7 + 0.05


def test_flood_day_prefers_the_rainy_season(calendar: WorkingCalendar) -> None:
    rng = random.Random(3)
    rainy_now = datetime(2026, 12, 20, tzinfo=UTC)
    dry_now = datetime(2026, 8, 20, tzinfo=UTC)
    rainy = Window.build(rainy_now - timedelta(days=90), rainy_now, calendar)
    dry = Window.build(dry_now - timedelta(days=60), dry_now, calendar)
    assert all(rainy_flood_day(rng, rainy).month in (11, 12) for _ in range(50))
    day = rainy_flood_day(rng, dry)
    assert dry.days[2] <= day <= dry.days[-4]
    week = rubbish_week(rng, rainy, rainy_flood_day(rng, rainy))
    assert len(week) == 7 and (week[-1] - week[0]).days == 6
