"""Fixtures of the service tests: a seeded database (SQLite and PostgreSQL), its catalog, clock and rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from common.db.engine import make_session_factory
from common.reference.loader import ReferenceData
from common.rules.deadlines import DeadlinePolicy
from common.services.catalog import Catalog
from common.services.keys import KeyIdentity, identify
from tests.common.services import seeding
from tests.common.services.seeding import FakeClock, Keys, seed

reference_data = seeding.reference_data  # shared session fixtures
calendar = seeding.calendar


@pytest.fixture
def policy() -> DeadlinePolicy:
    """The default deadlines."""
    return DeadlinePolicy()


@dataclass
class World:
    """A seeded database with everything a service call needs."""

    engine: Engine
    sessions: sessionmaker[Session]
    clock: FakeClock
    keys: Keys
    catalog: Catalog

    def identity(self, plaintext: str) -> KeyIdentity:
        with self.sessions() as session:
            found = identify(session, plaintext)
        assert found is not None
        return found


@pytest.fixture
def world(engine: Engine, reference_data: ReferenceData) -> Iterator[World]:
    """Reference data and keys in a fresh database (once SQLite, once PostgreSQL)."""
    sessions = make_session_factory(engine)
    clock = FakeClock()
    with sessions() as session:
        keys = seed(session, reference_data, clock)
        catalog = Catalog.load(session)
    yield World(engine, sessions, clock, keys, catalog)
