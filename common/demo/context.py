"""What every demo generator shares: the options, the clock, the rules' calendar and policy, the reference data."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from common.config import Config
from common.demo.places import Places
from common.rules.deadlines import DeadlinePolicy
from common.rules.working_days import WorkingCalendar
from common.rules_config import calendar_from_config, policy_from_config
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
