"""A demo database generated once per test session (SQLite), shared read-only by the demo tests."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from common.config import Config
from common.db.engine import make_engine, make_session_factory
from common.demo.generate import DemoOptions, generate_demo
from common.reference.loader import load_reference
from common.reference.seed import seed_reference

NOW = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)  # a Wednesday, 12:00 WIB, in the rainy season
OPTIONS = DemoOptions(seed=7, days=30, reports=1500, camera_base_url="http://127.0.0.1:8554")


@dataclass(frozen=True)
class DemoDb:
    """A database holding one demo run, with what produced it."""

    engine: Engine
    config: Config
    options: DemoOptions
    now: datetime
    summary: str

    def session(self) -> Session:
        """A new session on the demo database."""
        return make_session_factory(self.engine)()

    @property
    def flood_day(self) -> date:
        """The flood day named in the summary."""
        match = re.search(r"flood day (\d{4}-\d{2}-\d{2})", self.summary)
        assert match, self.summary
        return date.fromisoformat(match.group(1))


def copy_template(template: Path, target: Path) -> str:
    """Copy the migrated SQLite template to ``target``; return its URL."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(template)) as src, contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return f"sqlite:///{target}"


def seed_and_generate(engine: Engine, config: Config, options: DemoOptions = OPTIONS, now: datetime = NOW) -> str:
    """Load the reference data, generate the demo and commit; return the summary."""
    factory = make_session_factory(engine)
    with factory() as session:
        seed_reference(session, load_reference(config.assets_path()))
        session.commit()
    with factory() as session:
        summary = generate_demo(session, config, options, now=now)
        session.commit()
    return summary


def fresh_demo(template: Path, folder: Path, options: DemoOptions = OPTIONS) -> DemoDb:
    """A new SQLite database in ``folder`` with one demo run in it."""
    config = Config(data_dir=str(folder / "data"))
    engine = make_engine(copy_template(template, folder / "bsm.db"))
    summary = seed_and_generate(engine, config, options)
    return DemoDb(engine, config, options, NOW, summary)


@pytest.fixture(scope="session")
def demo(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoDb]:
    """The shared demo database (seed 7, 30 days, 1,500 reports)."""
    db = fresh_demo(sqlite_template, tmp_path_factory.mktemp("demo"))
    try:
        yield db
    finally:
        db.engine.dispose()
