"""What every demo generator shares: the options, the clock, the rules' calendar and policy, the reference data."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from common.config import Config
from common.demo.places import Places
from common.rules.deadlines import DeadlinePolicy
from common.rules.working_days import WorkingCalendar, load_cuti_bersama, wib_date
from common.services.catalog import Catalog


@dataclass(frozen=True)
class DemoOptions:
    """How much demo activity to make: ``seed`` fixes every choice, ``days`` of history, ``reports`` in total."""

    seed: int = 20261125
    days: int = 90
    reports: int = 20_000
    camera_base_url: str = "http://127.0.0.1:8554"

    def __post_init__(self) -> None:
        if self.days < 7:
            raise ValueError(f"days must be at least 7 (a week of history), got {self.days}")
        if self.reports < 50:
            raise ValueError(f"reports must be at least 50, got {self.reports}")


class MemoCalendar(WorkingCalendar):
    """The configured working calendar with ``add_working_days`` memoised.

    The rule's result depends only on the WIB day of ``start`` and ``n`` (documented in
    :meth:`WorkingCalendar.add_working_days`), so caching on that pair changes nothing but the speed: the demo
    asks the same few hundred questions tens of thousands of times.
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


def calendar_from_config(config: Config) -> MemoCalendar:
    """The working calendar in force, built as the hub and the kiosk build theirs (``hub.app._calendar``):
    the configured (or shipped) cuti bersama file when it exists, plus the extra holidays."""
    path = Path(config.calendar.cuti_bersama_file) if config.calendar.cuti_bersama_file else (
        config.assets_path() / "data" / "cuti_bersama.toml")
    cuti = load_cuti_bersama(path) if path.is_file() else []
    extra = [date.fromisoformat(d) for d in config.calendar.extra_holidays]
    return MemoCalendar(cuti, extra)


def policy_from_config(config: Config) -> DeadlinePolicy:
    """The deadline policy with the configured lengths (the config section and the policy share field names)."""
    return DeadlinePolicy(**config.deadlines.model_dump())


@dataclass
class DemoContext:
    """Shared state of one demo run; ``rng(stream)`` gives each generator its own reproducible stream."""

    session: Session
    config: Config
    options: DemoOptions
    now: datetime
    calendar: WorkingCalendar
    policy: DeadlinePolicy
    catalog: Catalog
    places: Places

    @property
    def start(self) -> datetime:
        """The beginning of the demo history."""
        return self.now - timedelta(days=self.options.days)

    def clock(self) -> datetime:
        """The demo's clock for services that ask for "now": always ``now``."""
        return self.now

    def rng(self, stream: str) -> random.Random:
        """A random generator for one stream of choices; string seeds are hashed with SHA-512, so stable."""
        return random.Random(f"bsm-demo:{self.options.seed}:{stream}")

    def route(self, service_code: str, kelurahan_kode: str) -> str:
        """The OPD a new report is routed to, exactly as the intake routes it (:meth:`Catalog.route`)."""
        opd = self.catalog.route(self.catalog.service(service_code), kelurahan_kode)
        if opd is None:
            raise ValueError(f"service {service_code!r} in {kelurahan_kode} has no OPD to route to")
        return opd

    def opd_short(self, slug: str) -> str:
        """The OPD's abbreviation (DPUPR, Dishub...) for notes."""
        info = self.catalog.opds.get(slug)
        return info.singkatan if info else slug


def build_context(session: Session, config: Config, options: DemoOptions, now: datetime) -> DemoContext:
    """Read the reference data from the database and assemble the context."""
    return DemoContext(
        session=session,
        config=config,
        options=options,
        now=now,
        calendar=calendar_from_config(config),
        policy=policy_from_config(config),
        catalog=Catalog.load(session),
        places=Places.load(session),
    )
