"""Working-day arithmetic, checked against hand-counted dates from the published 2025-2027 calendars."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common.rules.working_days import (
    WIB,
    WorkingCalendar,
    add_hours,
    end_of_wib_day,
    load_cuti_bersama,
    wib_date,
)
from tests.common.rules.calendar_data import CUTI_BERSAMA_FILE, PUBLISHED_CUTI_BERSAMA, wib


def end_of(year: int, month: int, day: int) -> datetime:
    """23:59:59.999999 WIB of a day, written out by hand in UTC (WIB is UTC+7, no DST)."""
    return datetime(year, month, day, 16, 59, 59, 999999, tzinfo=UTC)


# --- is_working_day -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 3, 27), True),  # Thursday before the Nyepi/Lebaran block
        (date(2025, 3, 28), False),  # cuti bersama Nyepi
        (date(2025, 3, 31), False),  # Idul Fitri 1446 H
        (date(2025, 4, 1), False),  # Idul Fitri 1446 H, second day
        (date(2025, 4, 2), False),  # cuti bersama Idul Fitri
        (date(2025, 4, 7), False),  # cuti bersama Idul Fitri (Monday)
        (date(2025, 4, 8), True),  # first working day after Lebaran 2025
        (date(2025, 4, 5), False),  # Saturday
        (date(2025, 4, 6), False),  # Sunday
        (date(2026, 3, 18), False),  # cuti bersama Nyepi
        (date(2026, 3, 19), False),  # Nyepi
        (date(2026, 3, 20), False),  # cuti bersama Idul Fitri 1447 H
        (date(2026, 3, 23), False),  # cuti bersama Idul Fitri
        (date(2026, 3, 24), False),  # cuti bersama Idul Fitri
        (date(2026, 3, 25), True),  # first working day after Lebaran 2026
        (date(2025, 12, 25), False),  # Natal
        (date(2025, 12, 26), False),  # cuti bersama Natal
        (date(2025, 12, 31), True),
        (date(2026, 1, 1), False),  # Tahun Baru
        (date(2026, 1, 2), True),  # Friday, no cuti bersama decreed
        (date(2025, 8, 18), False),  # cuti bersama added by the August 2025 amendment
    ],
)
def test_is_working_day_follows_the_published_calendar(
    calendar: WorkingCalendar, day: date, expected: bool
) -> None:
    assert calendar.is_working_day(day) is expected


def test_cuti_bersama_come_from_configuration_not_from_the_package() -> None:
    bare = WorkingCalendar()
    assert bare.is_working_day(date(2025, 4, 2))  # only a cuti bersama, so a working day without the SKB
    assert not bare.is_working_day(date(2025, 4, 1))  # a national holiday is always off


def test_extra_holidays_and_extra_working_days() -> None:
    saturday, cancelled_cuti, emergency_closure = date(2025, 4, 5), date(2025, 4, 2), date(2025, 4, 9)
    cal = WorkingCalendar(
        cuti_bersama=[cancelled_cuti],
        extra_holidays=[emergency_closure],
        extra_working_days=[saturday, cancelled_cuti],
    )
    assert cal.is_working_day(saturday)
    assert cal.is_working_day(cancelled_cuti)  # extra working day overrides the cuti bersama
    assert not cal.is_working_day(emergency_closure)


def test_is_working_day_refuses_a_datetime(calendar: WorkingCalendar) -> None:
    with pytest.raises(TypeError):
        calendar.is_working_day(datetime(2025, 4, 8, tzinfo=UTC))


def test_national_holidays_are_cached_per_instance() -> None:
    cal = WorkingCalendar()
    first = cal.national_holidays(2025)
    assert cal.national_holidays(2025) is first
    assert date(2025, 12, 25) in first


# --- add_working_days ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Lebaran 2025: 28 Mar (cuti) .. 7 Apr (cuti) are all off; counting resumes on Tue 8 Apr.
        (wib(2025, 3, 27, 10), 1, end_of(2025, 4, 8)),
        (wib(2025, 3, 27, 10), 3, end_of(2025, 4, 10)),
        # 18:00 UTC on Fri 28 Mar is 01:00 WIB on Sat 29 Mar.
        (datetime(2025, 3, 28, 18, 0, tzinfo=UTC), 1, end_of(2025, 4, 8)),
        # 17:30 UTC on Mon 7 Apr is already Tue 8 Apr WIB, so counting starts on Wed 9 Apr (UTC would say 8 Apr).
        (datetime(2025, 4, 7, 17, 30, tzinfo=UTC), 1, end_of(2025, 4, 9)),
        # One microsecond earlier it is still 7 Apr WIB.
        (datetime(2025, 4, 7, 16, 59, 59, 999999, tzinfo=UTC), 1, end_of(2025, 4, 8)),
        # Thu 18:00 UTC = Fri 01:00 WIB: the next working day is Monday (UTC would say Friday).
        (datetime(2025, 1, 9, 18, 0, tzinfo=UTC), 1, end_of(2025, 1, 13)),
        # Friday evening UTC that is already Saturday in WIB.
        (datetime(2025, 1, 10, 20, 0, tzinfo=UTC), 1, end_of(2025, 1, 13)),
        (datetime(2025, 1, 10, 20, 0, tzinfo=UTC), 2, end_of(2025, 1, 14)),
        # Friday evening WIB: the weekend does not count.
        (wib(2025, 1, 10, 19), 1, end_of(2025, 1, 13)),
        # Lebaran 2026: 18 Mar (cuti), 19 (Nyepi), 20 (cuti), 21-22 (Idul Fitri), 23-24 (cuti) are all off.
        (wib(2026, 3, 17, 9), 3, end_of(2026, 3, 27)),
        # 17 Mar, then 25-27 Mar, 30 Mar-2 Apr, (3 Apr Good Friday), 6-7 Apr.
        (wib(2026, 3, 16, 9), 10, end_of(2026, 4, 7)),
        # Year end 2025: 24 Dec, (25 Natal, 26 cuti), 29, 30, 31 Dec, (1 Jan), 2 Jan 2026.
        (wib(2025, 12, 23, 10), 5, end_of(2026, 1, 2)),
        # Year end 2026: (24 cuti, 25 Natal), 28, 29, 30, 31 Dec, (1 Jan 2027 Friday), 4 Jan 2027.
        (wib(2026, 12, 23, 10), 3, end_of(2026, 12, 30)),
        (wib(2026, 12, 23, 10), 5, end_of(2027, 1, 4)),
    ],
)
def test_add_working_days_hand_counted(
    calendar: WorkingCalendar, start: datetime, n: int, expected: datetime
) -> None:
    result = calendar.add_working_days(start, n)
    assert result == expected
    assert result.tzinfo is UTC


def test_n_zero_is_the_end_of_the_same_wib_day_even_on_a_holiday(calendar: WorkingCalendar) -> None:
    # 18:00 UTC on 28 Mar is 29 Mar WIB (Nyepi, a Saturday).
    assert calendar.add_working_days(datetime(2025, 3, 28, 18, tzinfo=UTC), 0) == end_of(2025, 3, 29)
    assert calendar.add_working_days(wib(2025, 4, 8, 9), 0) == end_of(2025, 4, 8)


def test_naive_or_negative_input_is_refused(calendar: WorkingCalendar) -> None:
    naive = datetime(2025, 4, 8, 9)
    with pytest.raises(ValueError, match="aware"):
        calendar.add_working_days(naive, 1)
    with pytest.raises(ValueError, match="aware"):
        calendar.working_days_between(naive, wib(2025, 4, 9))
    with pytest.raises(ValueError, match="aware"):
        calendar.working_days_between(wib(2025, 4, 9), naive)
    with pytest.raises(ValueError, match="aware"):
        add_hours(naive, 24)
    with pytest.raises(ValueError):
        calendar.add_working_days(wib(2025, 4, 8), -1)
    with pytest.raises(ValueError):
        add_hours(wib(2025, 4, 8), -1)


def test_a_calendar_without_working_days_fails_loudly() -> None:
    every_day = [date(2025, 1, 1) + timedelta(days=i) for i in range(800)]
    with pytest.raises(RuntimeError, match="misconfigured"):
        WorkingCalendar(extra_holidays=every_day).add_working_days(wib(2025, 1, 1), 1)


# --- working_days_between, add_hours, helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (wib(2025, 3, 27, 10), wib(2025, 4, 10, 8), 3),  # 8, 9, 10 Apr
        (wib(2025, 3, 27, 10), wib(2025, 4, 7, 23), 0),  # only holidays in between
        (wib(2025, 4, 8, 23), wib(2025, 4, 8, 1), 0),  # same day, earlier hour
        (wib(2025, 4, 10), wib(2025, 4, 8), 0),  # b before a
        (
            datetime(2025, 4, 7, 17, 30, tzinfo=UTC),
            datetime(2025, 4, 8, 16, 0, tzinfo=UTC),
            0,
        ),  # both 8 Apr WIB
        (wib(2025, 12, 23), wib(2026, 1, 5), 6),  # 24, 29, 30, 31 Dec, 2, 5 Jan
    ],
)
def test_working_days_between(calendar: WorkingCalendar, a: datetime, b: datetime, expected: int) -> None:
    assert calendar.working_days_between(a, b) == expected


def test_add_hours_counts_calendar_hours_through_holidays() -> None:
    start = wib(2025, 3, 27, 10)
    assert add_hours(start, 72) == datetime(2025, 3, 30, 3, 0, tzinfo=UTC)  # 30 Mar 10:00 WIB
    assert add_hours(start, 24).tzinfo is UTC


def test_wib_helpers() -> None:
    assert wib_date(datetime(2025, 3, 28, 18, tzinfo=UTC)) == date(2025, 3, 29)
    assert end_of_wib_day(date(2025, 4, 10)) == end_of(2025, 4, 10)


# --- the configuration file ------------------------------------------------------------------------------------


def test_shipped_file_lists_exactly_the_published_cuti_bersama() -> None:
    assert load_cuti_bersama(CUTI_BERSAMA_FILE) == sorted(PUBLISHED_CUTI_BERSAMA)


def test_shipped_file_agrees_with_the_holidays_package_government_category() -> None:
    # A second, independent source: the holidays package also records the SKB's joint leave days.
    known = set()
    for year in (2025, 2026):
        known |= set(holidays.country_holidays("ID", years=year, categories=("government",)).keys())
    assert set(load_cuti_bersama(CUTI_BERSAMA_FILE)) == known


def test_loader_accepts_strings_and_native_toml_dates(tmp_path: Path) -> None:
    path = tmp_path / "cuti.toml"
    path.write_text('[years.2030]\ndates = ["2030-01-02", 2030-01-03, "2030-01-02"]\n', encoding="utf-8")
    assert load_cuti_bersama(path) == [date(2030, 1, 2), date(2030, 1, 3)]
    empty = tmp_path / "empty.toml"
    empty.write_text("# nothing decreed yet\n", encoding="utf-8")
    assert load_cuti_bersama(empty) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[years.2030]\ndates = ["2031-01-02"]\n', "listed under year 2030"),
        ('[years.2030]\ndates = ["2030-02-30"]\n', "not an ISO date"),
        ('[years.2030]\ndates = "2030-01-02"\n', "must be an array"),
        ('[years.abc]\ndates = ["2030-01-02"]\n', "keyed by a year"),
        ("[years.2030]\ndates = [2030-01-02T10:00:00]\n", "date-time"),
        ('years = "2030"\n', "must be a table"),
    ],
)
def test_loader_rejects_malformed_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_cuti_bersama(path)


# --- properties ------------------------------------------------------------------------------------------------

_ZONES = st.sampled_from([UTC, WIB, ZoneInfo("Asia/Jayapura"), ZoneInfo("Europe/Amsterdam")])
_STARTS = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 6, 30), timezones=_ZONES)


def _oracle(calendar_holidays: list[date], start_day: date, n: int) -> date:
    # numpy's business-day calendar is an independent implementation: roll a non-working start back to the
    # previous working day (no working day lies in between), then step n working days forward.
    result = np.busday_offset(start_day, n, roll="backward", holidays=calendar_holidays)
    return date.fromisoformat(str(result))


_ORACLE_HOLIDAYS = sorted(
    set(PUBLISHED_CUTI_BERSAMA) | set(holidays.country_holidays("ID", years=range(2023, 2029)).keys())
)


@settings(max_examples=150, deadline=None)
@given(start=_STARTS, n=st.integers(min_value=1, max_value=40))
def test_deadline_properties(calendar: WorkingCalendar, start: datetime, n: int) -> None:
    result = calendar.add_working_days(start, n)
    local = result.astimezone(WIB)
    assert result.tzinfo is UTC
    assert local.time() == time.max  # end of a WIB day
    assert calendar.is_working_day(local.date())
    assert local.date() == _oracle(_ORACLE_HOLIDAYS, wib_date(start), n)
    assert calendar.working_days_between(start, result) == n
    assert calendar.add_working_days(start, n + 1) > result  # strictly monotonic in n
    assert result > start


@settings(max_examples=50, deadline=None)
@given(start=_STARTS)
def test_zero_days_property(calendar: WorkingCalendar, start: datetime) -> None:
    result = calendar.add_working_days(start, 0)
    assert result.astimezone(WIB).date() == start.astimezone(WIB).date()
    assert result.astimezone(WIB).time() == time.max
    assert calendar.working_days_between(start, result) == 0
