"""Done means: a technician builds a 3x3 TV-wall layout (a 2x2 camera tile, a map, a board) and a videotron
layout in the editor, assigns and saves them, and a running wall (offscreen, same database) shows them within 2 s.
Also renders the editor to PNG (TV wall and 2:1 videotron, a problem on a tile, the outputs tab) for review."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from common.config import Config
from tests.wall.editor.conftest import PRIVATE_CAMERAS, PUBLIC_CAMERAS, fake_grab, fixed_clock
from tests.wall.fakes import FakeClock, FakeSourceFactory
from wall.app import WallApp
from wall.app import build as build_wall
from wall.data.fake import FakeDashboardService
from wall.editor.app import build as build_editor
from wall.editor.canvas import LayoutCanvasWidget
from wall.editor.controller import SaveOutcome
from wall.editor.panels.camera_picker import CameraEditor, CameraListEditor
from wall.editor.prompter import ScriptedPrompter
from wall.editor.window import EditorWindow
from wall.layout_view import LayoutGridWidget
from wall.tiles.camera import CameraTileWidget
from wall.tiles.sequence import SequenceTileWidget

pytestmark = pytest.mark.timeout(120)
SHOTS = Path("/tmp/bsm-editor-shots")


@pytest.fixture
def running_wall(qtbot: QtBot, wall_config: Config, wall_engine: Engine) -> Iterator[WallApp]:
    """The wall of node wall-1 (tv-1, tv-2, videotron), windowed offscreen, polling every 200 ms."""
    clock = FakeClock(fixed_clock())  # 10:00 WIB: the videotron's schedule shows "Umum"
    wall = build_wall(wall_config, engine=wall_engine, screens=[], clock=clock, source_factory=FakeSourceFactory(),
                      dashboard=FakeDashboardService(), windowed=True)
    wall.start()
    yield wall
    wall.shutdown()


@pytest.fixture
def editor(qtbot: QtBot, wall_config: Config, wall_engine: Engine) -> Iterator[EditorWindow]:
    window = build_editor(wall_config, engine=wall_engine, clock=fixed_clock, author="teknisi",
                          prompter=ScriptedPrompter(), grab=fake_grab, dashboard=FakeDashboardService())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.shutdown()


def _drag(canvas: LayoutCanvasWidget, kind: str, a: tuple[int, int], b: tuple[int, int]) -> None:
    canvas.new_tile_kind = kind
    start, end = canvas.cell_center(*a), canvas.cell_center(*b)
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(canvas, (start + end) / 2)
    QTest.mouseMove(canvas, end)
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def _pick(editor: CameraEditor | CameraListEditor, name: str) -> None:
    editor.picker.search.setText(name)
    editor.picker.table.selectRow(0)


def _build_tv_layout(w: EditorWindow) -> None:
    c, canvas = w.controller, w.layout_tab.canvas
    assert c.new_layout("tv-utama", 3, 3)
    w.layout_tab.target.setCurrentIndex(w.layout_tab.target.findData("tv-1"))
    _drag(canvas, "camera", (0, 0), (1, 1))
    camera = w.layout_tab.settings.editors["camera"]
    assert isinstance(camera, CameraEditor)
    _pick(camera, "Alun-alun Serang")
    _drag(canvas, "map", (0, 2), (1, 2))
    _drag(canvas, "opd_board", (2, 0), (2, 2))
    assert c.session is not None and c.session.problems == []
    assert w.layout_tab.save() is SaveOutcome.SAVED


def _build_videotron_layout(w: EditorWindow) -> None:
    c, canvas, tab = w.controller, w.layout_tab.canvas, w.layout_tab
    assert c.new_layout("videotron-baru", 3, 4)
    tab.target.setCurrentIndex(tab.target.findData("videotron"))  # 2:1, public
    frame = canvas.geometry_now().frame
    assert frame.width() / frame.height() == pytest.approx(2.0, rel=0.01)
    _drag(canvas, "sequence", (0, 0), (1, 1))
    sequence = tab.settings.editors["cameras"]
    assert isinstance(sequence, CameraListEditor)
    for name in PUBLIC_CAMERAS[:3]:
        _pick(sequence, name)
        sequence.add_button.click()
    _drag(canvas, "map", (0, 2), (1, 3))
    _drag(canvas, "ticker", (2, 0), (2, 3))
    assert c.session is not None
    c.session.set_tile_settings("ticker-1", {**c.session.layout.tile("ticker-1").settings,
                                             "text": "Darurat? Hubungi 112."})
    assert c.session.problems == []
    assert tab.save() is SaveOutcome.SAVED


def _assign(w: EditorWindow, output: str, layout: str) -> float:
    panel = w.outputs_panel
    w.tabs.setCurrentIndex(1)
    panel.select_output(output)
    panel.presets.assign(1, "Umum", layout)
    panel.save_button.click()
    saved_at = time.monotonic()
    assert next(o for o, _ in w.controller.outputs if o.name == output).preset("Umum").layout == layout  # type: ignore[union-attr]
    return saved_at


def _applied_at(grid: LayoutGridWidget, name: str) -> list[float]:
    """Records when ``grid`` applies the layout ``name`` (monotonic seconds)."""
    stamps: list[float] = []
    grid.layout_applied.connect(lambda applied: stamps.append(time.monotonic()) if applied == name else None)
    return stamps


def test_built_layouts_reach_the_running_wall_within_two_seconds(qtbot: QtBot, running_wall: WallApp,
                                                                 editor: EditorWindow) -> None:
    tv1, videotron = running_wall.controllers["tv-1"], running_wall.controllers["videotron"]
    assert tv1.grid.current_layout is not None and tv1.grid.current_layout.name == "tv-umum"
    _build_tv_layout(editor)
    applied = _applied_at(tv1.grid, "tv-utama")
    saved_at = _assign(editor, "tv-1", "tv-utama")
    qtbot.waitUntil(lambda: bool(applied), timeout=2000)
    assert applied[0] - saved_at < 2.0
    editor.tabs.setCurrentIndex(0)
    kinds = {i: type(t).kind for i, t in tv1.grid.tiles.items()}
    assert kinds == {"camera-1": "camera", "map-1": "map", "opd_board-1": "opd_board"}
    camera = tv1.grid.tiles["camera-1"]
    assert isinstance(camera, CameraTileWidget) and camera.camera_name == "Alun-alun Serang"
    spec = tv1.grid.current_layout.tile("camera-1")
    assert (spec.row_span, spec.col_span) == (2, 2)

    _build_videotron_layout(editor)
    SHOTS.mkdir(parents=True, exist_ok=True)
    editor.layout_tab.canvas.select_tile("sequence-1")
    qtbot.wait(400)  # the preview's debounce and the settings form's first show
    editor.grab().save(str(SHOTS / "04-videotron-built.png"))
    applied = _applied_at(videotron.grid, "videotron-baru")
    saved_at = _assign(editor, "videotron", "videotron-baru")
    qtbot.waitUntil(lambda: bool(applied), timeout=2000)
    assert applied[0] - saved_at < 2.0
    assert videotron.grid.current_layout is not None and videotron.grid.current_layout.name == "videotron-baru"
    sequence = videotron.grid.tiles["sequence-1"]
    assert isinstance(sequence, SequenceTileWidget)
    assert {i: type(t).kind for i, t in videotron.grid.tiles.items()} == {
        "sequence-1": "sequence", "map-1": "map", "ticker-1": "ticker"}
    assert (videotron.window.width(), videotron.window.height()) == (1152, 576)


def test_editor_screenshots(editor: EditorWindow, qtbot: QtBot) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    w = editor
    c, tab = w.controller, w.layout_tab
    assert c.open_layout("tv-umum")
    tab.canvas.select_tile("utama")
    qtbot.wait(400)
    w.grab().save(str(SHOTS / "01-tv-wall.png"))
    assert c.open_layout("videotron-umum") and c.session is not None
    seq = c.session.layout.tile("kamera")
    c.session.set_tile_settings("kamera", {**seq.settings, "cameras": [*seq.settings["cameras"], PRIVATE_CAMERAS[0]],
                                           "dwell_s": 2})
    tab.canvas.select_tile("info")
    QTest.mouseMove(tab.canvas, tab.canvas.tile_point("kamera") + QPoint(0, 10))
    qtbot.wait(400)
    w.grab().save(str(SHOTS / "02-videotron-problem.png"))
    assert not tab.save_button.isEnabled()
    w.tabs.setCurrentIndex(1)
    w.outputs_panel.select_output("videotron")
    qtbot.wait(100)
    w.grab().save(str(SHOTS / "03-outputs.png"))
    for name in ("01-tv-wall.png", "02-videotron-problem.png", "03-outputs.png"):
        assert (SHOTS / name).stat().st_size > 10_000
