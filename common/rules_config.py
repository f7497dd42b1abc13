"""The rules as configured: the working-day calendar and the deadline policy built from :class:`Config`.

Every program (hub, kiosk, demo generator, wall) builds them here, so they all count the same days.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from common.config import Config
from common.rules.deadlines import DeadlinePolicy
from common.rules.working_days import WorkingCalendar, load_cuti_bersama, wib_date


class MemoCalendar(WorkingCalendar):
    """The configured working calendar with ``add_working_days`` memoised.

    The rule's result depends only on the WIB day of ``start`` and ``n`` (documented in
    :meth:`WorkingCalendar.add_working_days`), so caching on that pair changes nothing but the speed: the hub and
    the demo ask the same few hundred questions tens of thousands of times.
    """

    def __init__(self, cuti_bersama: list[date], extra_holidays: list[date]) -> None:
        """Build the calendar from the configured cuti bersama and extra holidays."""
        super().__init__(cuti_bersama=cuti_bersama, extra_holidays=extra_holidays)
        self._memo: dict[tuple[date, int], datetime] = {}

    def add_working_days(self, start: datetime, n: int) -> datetime:
        """Same as :meth:`WorkingCalendar.add_working_days`, answered from the cache when asked before."""
        key = (wib_date(start), n)
        hit = self._memo.get(key)
        if hit is None:
            hit = super().add_working_days(start, n)
            self._memo[key] = hit
        return hit


def cuti_bersama_path(config: Config) -> Path:
    """The configured cuti bersama file, or the one shipped in ``assets/data``."""
    if config.calendar.cuti_bersama_file:
        return Path(config.calendar.cuti_bersama_file)
    return config.assets_path() / "data" / "cuti_bersama.toml"


def calendar_from_config(config: Config) -> MemoCalendar:
    """The working calendar in force: the cuti bersama file (when it exists) plus the extra holidays."""
    path = cuti_bersama_path(config)
    cuti = load_cuti_bersama(path) if path.is_file() else []
    extra = [date.fromisoformat(d) for d in config.calendar.extra_holidays]
    return MemoCalendar(cuti, extra)


def policy_from_config(config: Config) -> DeadlinePolicy:
    """The deadline policy with the configured lengths (the config section and the policy share field names)."""
    return DeadlinePolicy(**config.deadlines.model_dump())
