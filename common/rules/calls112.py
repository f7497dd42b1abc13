"""Siaga 112 rules: which calls become cases, and the repeat-caller block."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from common.domain.enums import CallClass
from common.rules.deadlines import DeadlinePolicy
from common.rules.working_days import require_aware, wib_date


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict on one incoming call."""

    blocked: bool
    blocked_until: datetime | None
    """Aware UTC end of the block when ``blocked``, else None."""
    calls_today: int
    """Calls from this number on the current WIB day, including this one."""


@dataclass(frozen=True, slots=True)
class RepeatCallerRule:
    """Block a number calling more than ``max_calls_per_day`` times in a day, for ``block_hours``.

    DOMAIN.md: "a number calling more than 5 times in a day is blocked for a day" (both numbers configurable).

    "A day" is the WIB calendar day (00:00-24:00 Asia/Jakarta), not a sliding 24-hour window: it matches how the
    call-centre reports daily tallies and how operators explain the rule to callers. The call that exceeds the
    limit (the 6th by default) starts a block of ``block_hours`` from that call's own time, which may run into the
    next day. Every attempt passed in counts, including attempts made while blocked, so a caller who keeps
    dialling during a block triggers a fresh block the next day.
    """

    max_calls_per_day: int = 5
    block_hours: int = 24

    def __post_init__(self) -> None:
        if self.max_calls_per_day < 1 or self.block_hours < 0:
            raise ValueError("max_calls_per_day must be >= 1 and block_hours >= 0")

    @classmethod
    def from_policy(cls, policy: DeadlinePolicy) -> RepeatCallerRule:
        """Build the rule from the configured policy."""
        return cls(policy.call112_max_calls_per_day, policy.call112_block_hours)

    def evaluate(self, previous_call_times_same_caller: Sequence[datetime], now: datetime) -> Decision:
        """Decide whether the call arriving at ``now`` is blocked, given earlier calls from the same number.

        Earlier calls after ``now`` are ignored (clock skew between call-taker PCs). All times must be aware.
        """
        require_aware(now, "now")
        for earlier in previous_call_times_same_caller:
            require_aware(earlier, "previous call time")
        calls = [t for t in previous_call_times_same_caller if t <= now] + [now]
        by_day: defaultdict[date, list[datetime]] = defaultdict(list)
        for call in calls:
            by_day[wib_date(call)].append(call)
        block_end = self._latest_block_covering(by_day.values(), now)
        return Decision(block_end is not None, block_end, len(by_day[wib_date(now)]))

    def _latest_block_covering(self, days: Iterable[list[datetime]], now: datetime) -> datetime | None:
        latest: datetime | None = None
        for day_calls in days:
            if len(day_calls) <= self.max_calls_per_day:
                continue
            trigger = sorted(day_calls)[self.max_calls_per_day]  # the first call over the limit
            end = (trigger + timedelta(hours=self.block_hours)).astimezone(UTC)
            if trigger <= now < end and (latest is None or end > latest):
                latest = end
        return latest


def becomes_case(call_class: CallClass) -> bool:
    """Return True if a call of this class becomes a case: only real calls (not ghost or prank calls) do."""
    return call_class is CallClass.REAL
