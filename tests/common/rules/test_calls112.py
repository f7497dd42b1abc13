"""Siaga 112: repeat-caller blocking per WIB day, and which calls become cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from common.domain.enums import CallClass
from common.rules.calls112 import Decision, RepeatCallerRule, becomes_case
from common.rules.deadlines import DeadlinePolicy
from tests.common.rules.calendar_data import wib

RULE = RepeatCallerRule()


def test_fifth_call_passes_sixth_is_blocked_for_24_hours() -> None:
    earlier = [wib(2025, 5, 5, hour) for hour in (8, 9, 10, 11)]
    assert RULE.evaluate(earlier, wib(2025, 5, 5, 12)) == Decision(False, None, 5)
    sixth = RULE.evaluate([*earlier, wib(2025, 5, 5, 12)], wib(2025, 5, 5, 13))
    assert sixth == Decision(True, datetime(2025, 5, 6, 6, tzinfo=UTC), 6)  # 13:00 WIB next day
    assert sixth.blocked_until is not None and sixth.blocked_until.tzinfo is UTC


def test_block_runs_from_the_sixth_call_into_the_next_day() -> None:
    day1 = [wib(2025, 5, 5, 15 + i) for i in range(6)]  # sixth call at 20:00 WIB
    until = datetime(2025, 5, 6, 13, tzinfo=UTC)  # 20:00 WIB on 6 May
    assert RULE.evaluate(day1[:5], day1[5]) == Decision(True, until, 6)
    assert RULE.evaluate(day1, wib(2025, 5, 5, 21)) == Decision(True, until, 7)  # 7th: same block end
    assert RULE.evaluate(day1, wib(2025, 5, 6, 10)) == Decision(True, until, 1)  # next morning, first call
    assert RULE.evaluate(day1, wib(2025, 5, 6, 20)) == Decision(False, None, 1)  # block over (end exclusive)


def test_a_day_is_the_wib_calendar_day_not_the_utc_day() -> None:
    # 23:10-23:50 WIB on 10 Jan, then 00:05 WIB on 11 Jan: the same UTC day, but two WIB days.
    late = [datetime(2025, 1, 10, 16, 10 + 10 * i, tzinfo=UTC) for i in range(5)]
    assert RULE.evaluate(late, datetime(2025, 1, 10, 17, 5, tzinfo=UTC)) == Decision(False, None, 1)
    # 00:10-00:50 WIB and 23:00 WIB on 11 Jan: two UTC days, one WIB day.
    early = [datetime(2025, 1, 10, 17, 10 + 10 * i, tzinfo=UTC) for i in range(5)]
    now = datetime(2025, 1, 11, 16, 0, tzinfo=UTC)
    assert RULE.evaluate(early, now) == Decision(True, now + timedelta(hours=24), 6)


def test_order_of_previous_calls_does_not_matter_and_future_calls_are_ignored() -> None:
    earlier = [wib(2025, 5, 5, hour) for hour in (11, 8, 10, 9, 12)]
    future = [wib(2025, 5, 5, 18), wib(2025, 5, 5, 19)]
    assert RULE.evaluate(earlier + future, wib(2025, 5, 5, 13)).blocked
    assert RULE.evaluate(earlier[:3] + future, wib(2025, 5, 5, 13)) == Decision(False, None, 4)


def test_configurable_limits() -> None:
    strict = RepeatCallerRule(max_calls_per_day=2, block_hours=1)
    assert strict.evaluate([wib(2025, 5, 5, 8), wib(2025, 5, 5, 9)], wib(2025, 5, 5, 10)) == Decision(
        True, datetime(2025, 5, 5, 4, tzinfo=UTC), 3
    )
    policy = DeadlinePolicy(call112_max_calls_per_day=3, call112_block_hours=12)
    assert RepeatCallerRule.from_policy(policy) == RepeatCallerRule(3, 12)
    with pytest.raises(ValueError):
        RepeatCallerRule(max_calls_per_day=0)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        RULE.evaluate([], datetime(2025, 5, 5, 10))
    with pytest.raises(ValueError):
        RULE.evaluate([datetime(2025, 5, 5, 9)], wib(2025, 5, 5, 10))


@pytest.mark.parametrize(
    ("call_class", "expected"), [(CallClass.REAL, True), (CallClass.PRANK, False), (CallClass.GHOST, False)]
)
def test_only_real_calls_become_cases(call_class: CallClass, expected: bool) -> None:
    assert becomes_case(call_class) is expected
