"""Fixtures of the dashboard tile tests: a demo database full of personal data, contexts, a running service."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from common.config import Config
from common.db.engine import make_engine, make_session_factory
from common.domain.enums import Confidentiality
from common.domain.models import Kelurahan, Report, ReporterContact
from tests.common.queries.rows import NOW, add_report, seed
from wall.data.dashboard_service import DashboardDataService
from wall.i18n import WallTexts
from wall.tiles.base import TileContext

# Distinctive personal values: none may ever be drawn by a tile on any output.
MARKERS = {
    "name": "Siti Penandawati",
    "nik": "3673014509990001",
    "phone": "081299990077",
    "email": "penanda.rahasia@contoh.test",
    "address": "Jl. Penanda Rahasia No. 77",
}
MARKER_TEXTS = (
    *MARKERS.values(),
    "DESKRIPSI-PENANDA-QX7",
    "RT 099 RW 099 PENANDA",
    "/data/foto/penanda-wajah.jpg",
    "RAHASIA-PENANDA-ZZ9",
)
SECRET_KEL = "36.73.06.1003"
"""The kelurahan of the marker *rahasia* report."""
SENSITIVE_KEL = "36.73.03.1004"
SENSITIVE_EXACT = (-6.14987, 106.21011)


def _add_marker_reports(session: Session) -> None:
    kel = session.get(Kelurahan, SECRET_KEL)
    assert kel is not None
    common: dict[str, Any] = {
        "received_at": NOW - timedelta(hours=1), "location_text": MARKER_TEXTS[6], "photo_path": MARKER_TEXTS[7],
        "contact": dict(MARKERS),
    }  # fmt: skip
    add_report(session, kelurahan=SECRET_KEL, lat=kel.lat + 0.001, lng=kel.lng + 0.001,
               confidentiality=Confidentiality.RAHASIA, description=MARKER_TEXTS[8], **common)  # fmt: skip
    add_report(session, kelurahan=SENSITIVE_KEL, service="kekerasan", opd="dp3akb", lat=SENSITIVE_EXACT[0],
               lng=SENSITIVE_EXACT[1], description=MARKER_TEXTS[5] + " <b>bold</b><script>", **common)  # fmt: skip
    add_report(session, kelurahan="36.73.01.1002", lat=-6.1255, lng=106.1628, description=MARKER_TEXTS[5],
               confidentiality=Confidentiality.ANONIM, **common)  # fmt: skip


@pytest.fixture(scope="session")
def demo_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with the reference data, 30 days of demo activity and the marker reports."""
    from common.demo.generate import DemoOptions, generate_demo

    folder = tmp_path_factory.mktemp("tiles-demo")
    path = folder / "demo.db"
    with (
        contextlib.closing(sqlite3.connect(sqlite_template)) as src,
        contextlib.closing(sqlite3.connect(path)) as dst,
    ):
        src.backup(dst)
    engine = make_engine(f"sqlite:///{path}")
    try:
        with make_session_factory(engine)() as session:
            seed(session)
            generate_demo(
                session, Config(data_dir=str(folder / "data")), DemoOptions(reports=800, days=30), NOW
            )
            _add_marker_reports(session)
            session.commit()
    finally:
        engine.dispose()
    return path


@pytest.fixture
def demo_engine(demo_template: Path, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a fresh copy of the demo database."""
    target = tmp_path / "demo.db"
    with (
        contextlib.closing(sqlite3.connect(demo_template)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
    engine = make_engine(f"sqlite:///{target}")
    yield engine
    engine.dispose()


@pytest.fixture
def personal_values(demo_engine: Engine) -> list[str]:
    """Every personal or free-text value in the database (long enough to be distinctive), and the markers."""
    with Session(demo_engine) as session:
        values: set[str] = set(MARKER_TEXTS)
        for row in session.execute(
            select(ReporterContact.name, ReporterContact.nik, ReporterContact.phone, ReporterContact.email,
                   ReporterContact.address)
        ):  # fmt: skip
            values.update(v for v in row if v)
        for row in session.execute(select(Report.description, Report.location_text, Report.photo_path)):
            values.update(v for v in row if v)
    return sorted(v for v in values if len(v) >= 6)


@pytest.fixture
def clock() -> Callable[[], datetime]:
    """The fixed "now" of the demo data."""
    return lambda: NOW


@pytest.fixture
def service(
    qapp: QApplication, demo_engine: Engine, clock: Callable[[], datetime]
) -> Iterator[DashboardDataService]:
    """A running data service on the demo database (stopped after the test)."""
    factory: sessionmaker[Session] = make_session_factory(demo_engine)
    svc = DashboardDataService(factory, clock, intervals_ms={"report_points": 200, "kelurahan_counts": 200})
    svc.start()
    yield svc
    svc.stop()


@pytest.fixture
def assets_config(qapp: QApplication, tmp_path: Path) -> Config:
    """A configuration whose assets folder holds ``logo.png`` (a drawn emblem, no person)."""
    folder = tmp_path / "assets"
    folder.mkdir()
    image = QImage(640, 360, QImage.Format.Format_RGB32)
    image.fill(QColor("#0b3d62"))
    painter = QPainter(image)
    painter.setBrush(QColor("#f0e442"))
    painter.drawEllipse(220, 80, 200, 200)
    painter.end()
    image.save(str(folder / "logo.png"))
    return Config(assets_dir=str(folder), data_dir=str(tmp_path / "data"))


@pytest.fixture
def make_ctx(clock: Callable[[], datetime], assets_config: Config) -> Callable[..., TileContext]:
    """``make_ctx(privacy, height, texts=None, **services)``: a tile context (the ``config`` service is preset;
    Indonesian texts unless ``texts`` are given)."""

    def _make(privacy: str = "public", height: int = 1080, texts: WallTexts | None = None,
              **services: Any) -> TileContext:
        services.setdefault("config", assets_config)
        return TileContext(privacy=privacy, output_height_px=height, clock=clock, services=services,  # type: ignore[arg-type]
                           texts=texts or WallTexts())

    return _make
