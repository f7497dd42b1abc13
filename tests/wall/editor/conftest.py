"""Fixtures of the layout editor tests: a seeded database on SQLite and PostgreSQL, editors on it, a canvas."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from common.config import Config, DatabaseSection
from common.layouts.cameras import CameraInfo
from common.layouts.kinds import default_kinds
from common.layouts.model import Layout
from tests.wall.conftest import CAMERA_NAMES, seed_wall_database
from wall.data.fake import FakeDashboardService
from wall.editor.app import build
from wall.editor.canvas import LayoutCanvasWidget
from wall.editor.document import LayoutEditSession, ValidationContext
from wall.editor.i18n import Texts
from wall.editor.prompter import ScriptedPrompter
from wall.editor.window import EditorWindow

T0 = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 10:00 WIB
PUBLIC_CAMERAS = tuple(n for i, n in enumerate(CAMERA_NAMES) if i % 3 != 2)
PRIVATE_CAMERAS = tuple(n for i, n in enumerate(CAMERA_NAMES) if i % 3 == 2)
EditorFactory = Callable[..., EditorWindow]


def fixed_clock() -> datetime:
    """The editor's clock in tests."""
    return T0


def fake_grab(url: str, timeout_ms: int) -> npt.NDArray[np.uint8]:
    """A thumbnail grab that needs no camera: a grey 64x36 picture."""
    return np.full((36, 64, 3), 120, dtype=np.uint8)


def sqlite_only_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh migrated SQLite database (for UI tests whose storage is covered on both databases elsewhere)."""
    template: Path = request.getfixturevalue("sqlite_template")
    target = tmp_path / "bsm.db"
    with contextlib.closing(sqlite3.connect(template)) as src, contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return f"sqlite:///{target}"


@pytest.fixture
def seeded_engine(engine: Engine) -> Engine:
    """The ``engine`` (SQLite and PostgreSQL) seeded like a wall: reference data, ten cameras, demo layouts."""
    seed_wall_database(engine.url.render_as_string(hide_password=False))
    return engine


@pytest.fixture
def make_editor(qtbot: QtBot, seeded_engine: Engine) -> Iterator[EditorFactory]:
    """``make_editor(author, answers=[...])``: an editor window on the seeded database, shown offscreen."""
    windows: list[EditorWindow] = []

    def factory(author: str = "teknisi-a", answers: tuple[object, ...] = ()) -> EditorWindow:
        config = Config(database=DatabaseSection(url=seeded_engine.url.render_as_string(hide_password=False)))
        window = build(config, engine=seeded_engine, clock=fixed_clock, author=author,
                       prompter=ScriptedPrompter(answers), grab=fake_grab, dashboard=FakeDashboardService())
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        windows.append(window)
        return window

    yield factory
    for window in windows:
        window.shutdown()


def prompter_of(window: EditorWindow) -> ScriptedPrompter:
    """The scripted prompter of a test editor."""
    prompter = window.controller.prompter
    assert isinstance(prompter, ScriptedPrompter)
    return prompter


def cameras(public: tuple[str, ...] = ("alun-alun",), private: tuple[str, ...] = ("gudang",)) -> dict[str, CameraInfo]:
    """Camera infos for validation without a database."""
    infos = {n: CameraInfo(n, True, main_url=f"rtsp://127.0.0.1:1/{n}") for n in public}
    infos.update({n: CameraInfo(n, False, main_url=f"rtsp://127.0.0.1:1/{n}") for n in private})
    return infos


def make_session(layout: Layout, *, public: bool = False, height: int = 1080) -> LayoutEditSession:
    """An edit session without a database."""
    targets = (("public" if public else "internal", height),)
    return LayoutEditSession(layout, 1, default_kinds(), ValidationContext(cameras(), targets))  # type: ignore[arg-type]


@pytest.fixture
def canvas(qtbot: QtBot) -> Callable[[Layout], LayoutCanvasWidget]:
    """``canvas(layout)``: a shown 900x560 canvas editing ``layout`` in a fresh session."""

    def factory(layout: Layout, aspect: tuple[int, int] = (1920, 1080)) -> LayoutCanvasWidget:
        widget = LayoutCanvasWidget(Texts())
        qtbot.addWidget(widget)
        session = make_session(layout)
        session.setParent(widget)
        widget.set_session(session)
        widget.set_aspect(*aspect)
        widget.resize(900, 560)
        widget.show()
        qtbot.waitExposed(widget)
        return widget

    return factory
