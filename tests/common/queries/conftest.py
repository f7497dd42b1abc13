"""Fixtures of the dashboard query tests: a seeded session on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from common.db.engine import make_session_factory
from tests.common.queries.rows import seed


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on a fresh database (both engines) holding the reference data."""
    with make_session_factory(engine)() as s:
        seed(s)
        s.commit()
        yield s
