"""Fixtures of the wall tests: a seeded SQLite database (reference data, cameras, the demo layouts) and a camera
pool over fake sources."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select

from common.config import Config, DatabaseSection, WallSection
from common.db.engine import make_engine, make_session_factory
from tests.wall.fakes import FAKE_CAMERAS, FakeSourceFactory
from wall.camera_pool import CameraPool

CAMERA_NAMES = ("Alun-alun Serang", "Simpang Ciceri", "Pasar Rau", "Stadion Maulana Yusuf", "Jembatan Kali Banten",
                "Terminal Pakupatan", "Simpang Palima", "Kebon Jahe", "Gudang Diskominfo", "Banjar Agung")


def seed_wall_database(url: str, camera_url: str = "fake://cam/{i}") -> None:
    """Reference data, ten cameras around the city centre (every third not public-safe) and the demo layouts."""
    from common.config import default_assets_dir
    from common.domain.enums import CameraPurpose
    from common.domain.models import Camera
    from common.layouts.defaults import seed_default_layouts
    from common.reference.loader import load_reference
    from common.reference.seed import seed_reference

    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            seed_reference(session, load_reference(default_assets_dir()))
            for i, name in enumerate(CAMERA_NAMES):
                session.add(Camera(name=name, main_url=camera_url.format(i=i), sub_url="",
                                   purpose=CameraPurpose.TRAFFIC, public_safe=(i % 3 != 2),
                                   lat=-6.11 - i * 0.006, lng=106.15 + i * 0.005))
            session.flush()
            seed_default_layouts(session, session.scalars(select(Camera).order_by(Camera.id)).all())
            session.commit()
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def wall_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated and seeded SQLite file, made once per session."""
    path = tmp_path_factory.mktemp("wall-template") / "wall.db"
    with contextlib.closing(sqlite3.connect(sqlite_template)) as src, contextlib.closing(sqlite3.connect(path)) as dst:
        src.backup(dst)
    seed_wall_database(f"sqlite:///{path}")
    return path


@pytest.fixture
def wall_db_url(wall_template: Path, tmp_path: Path) -> str:
    """A fresh copy of the seeded wall database."""
    target = tmp_path / "wall.db"
    with contextlib.closing(sqlite3.connect(wall_template)) as src, contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return f"sqlite:///{target}"


@pytest.fixture
def wall_engine(wall_db_url: str) -> Iterator[Engine]:
    """An engine on the seeded wall database."""
    engine = make_engine(wall_db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def wall_config(wall_db_url: str) -> Config:
    """A configuration on the seeded database: fast polling, thread capture."""
    return Config(database=DatabaseSection(url=wall_db_url),
                  wall=WallSection(node="wall-1", poll_interval_ms=200, capture_mode="thread"))


@pytest.fixture
def factory() -> FakeSourceFactory:
    """Makes the fake sources of a test's camera pool (and remembers them)."""
    return FakeSourceFactory()


@pytest.fixture
def pool(qtbot: QtBot, factory: FakeSourceFactory) -> Iterator[CameraPool]:
    """A camera pool over :data:`FAKE_CAMERAS`, delivering at 100 Hz, closing idle sources at once."""
    p = CameraPool(FAKE_CAMERAS, factory, display_hz=100, linger_ms=0)
    yield p
    p.shutdown()
