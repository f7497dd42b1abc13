"""Side panels: tile settings per kind (camera picker with search and thumbnail, sequence with dwell >= 3 s,
kind change, ticker text), the outputs editor with its arrangement picture, presets, schedule and alarm."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from common.db.engine import make_session_factory
from common.layouts import store
from common.layouts.kinds import default_kinds
from tests.wall.editor.conftest import (
    PRIVATE_CAMERAS,
    PUBLIC_CAMERAS,
    EditorFactory,
    prompter_of,
    sqlite_only_db_url,
)
from wall.editor.panels.camera_picker import CameraEditor, CameraListEditor
from wall.editor.panels.fields import ChoiceEditor, NumberEditor, TextEditor
from wall.editor.thumbnails import ThumbnailGrabber
from wall.editor.window import EditorWindow

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """UI tests: SQLite only (saving is tested on both databases in test_saving/test_json)."""
    return sqlite_only_db_url(request, tmp_path)


def _select(w: EditorWindow, tile_id: str) -> None:
    w.layout_tab.canvas.select_tile(tile_id)
    assert w.layout_tab.settings.tile_id == tile_id


def test_camera_tile_picker_searches_sets_the_camera_and_shows_a_thumbnail(make_editor: EditorFactory,
                                                                            qtbot: QtBot) -> None:
    w = make_editor()
    c = w.controller
    assert c.open_layout("tv-umum") and c.session is not None
    _select(w, "kamera-2")
    editor = w.layout_tab.settings.editors["camera"]
    assert isinstance(editor, CameraEditor)
    picker = editor.picker
    assert not picker.public_only.isChecked()  # tv-1 is internal: every camera is offered
    picker.search.setText("pakupatan")
    assert picker.proxy.rowCount() == 1
    picker.table.selectRow(0)
    assert c.session.layout.tile("kamera-2").settings["camera"] == "Terminal Pakupatan"
    qtbot.waitUntil(lambda: not picker.thumbnail.pixmap().isNull(), timeout=3000)
    assert picker.thumbnail.toolTip() == "Terminal Pakupatan"
    c.session.undo_stack.undo()
    assert editor.value() != "Terminal Pakupatan"  # the panel follows the domain layout


def test_a_public_output_offers_public_safe_cameras_only(make_editor: EditorFactory) -> None:
    w = make_editor()
    assert w.controller.open_layout("videotron-umum")
    _select(w, "kamera")
    editor = w.layout_tab.settings.editors["cameras"]
    assert isinstance(editor, CameraListEditor)
    assert editor.picker.public_only.isChecked()
    offered = {editor.picker.proxy.index(r, 0).data() for r in range(editor.picker.proxy.rowCount())}
    assert offered == set(PUBLIC_CAMERAS) and not offered & set(PRIVATE_CAMERAS)


def test_sequence_list_and_dwell_of_at_least_three_seconds(make_editor: EditorFactory) -> None:
    w = make_editor()
    c = w.controller
    assert c.open_layout("videotron-umum") and c.session is not None
    _select(w, "kamera")
    settings = w.layout_tab.settings
    dwell = settings.editors["dwell_s"]
    assert isinstance(dwell, NumberEditor)
    dwell.spin.setValue(1)  # the spin box refuses less than 3 s
    assert dwell.spin.value() == 3.0
    assert c.session.layout.tile("kamera").settings["dwell_s"] == 3.0
    cams = settings.editors["cameras"]
    assert isinstance(cams, CameraListEditor)
    before = cams.value()
    cams.picker.search.setText(PUBLIC_CAMERAS[-1])
    cams.picker.table.selectRow(0)
    cams.add_button.click()
    assert c.session.layout.tile("kamera").settings["cameras"] == [*before, PUBLIC_CAMERAS[-1]]
    cams.list.setCurrentRow(cams.list.count() - 1)
    cams.up_button.click()
    assert c.session.layout.tile("kamera").settings["cameras"][-2] == PUBLIC_CAMERAS[-1]
    cams.remove_button.click()
    assert c.session.layout.tile("kamera").settings["cameras"] == before


def test_kind_change_and_ticker_text(make_editor: EditorFactory) -> None:
    w = make_editor()
    c = w.controller
    assert c.open_layout("videotron-umum") and c.session is not None
    _select(w, "info")
    text = w.layout_tab.settings.editors["text"]
    assert isinstance(text, TextEditor)
    steps = c.session.undo_stack.count()
    text.edit.setFocus()
    QTest.keyClick(text.edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(text.edit, " Aman!")
    assert c.session.layout.tile("info").settings["text"].endswith("Aman!")
    assert c.session.undo_stack.count() == steps + 1  # typing is one undo step
    combo = w.layout_tab.settings.kind_combo
    combo.setCurrentIndex(combo.findData("clock"))
    tile = c.session.layout.tile("info")
    clock = default_kinds().get("clock")
    assert clock is not None and tile.kind == "clock" and set(tile.settings) == set(clock.defaults())
    assert set(w.layout_tab.settings.editors) == set(clock.defaults())
    c.session.undo_stack.undo()
    assert c.session.layout.tile("info").kind == "ticker"


def test_chart_choices_are_the_charts_the_tile_draws(make_editor: EditorFactory) -> None:
    w = make_editor()
    assert w.controller.open_layout("tv-umum")
    _select(w, "grafik")
    chart = w.layout_tab.settings.editors["chart"]
    assert isinstance(chart, ChoiceEditor)
    values = [chart.combo.itemData(i) for i in range(chart.combo.count())]
    assert values[:2] == ["reports_per_channel", "calls112"]


def test_thumbnails_never_block_and_time_out(qtbot: QtBot) -> None:
    release = threading.Event()

    def slow(url: str, timeout_ms: int) -> npt.NDArray[np.uint8]:
        release.wait(5)
        return np.zeros((10, 10, 3), dtype=np.uint8)

    grabber = ThumbnailGrabber(grab=slow, timeout_ms=200)
    started = time.monotonic()
    with qtbot.waitSignal(grabber.thumbnail_ready, timeout=2000) as ready:
        grabber.request("lambat", "rtsp://127.0.0.1:1/x")
        assert time.monotonic() - started < 0.1  # request returns at once
    assert ready.args == ["lambat", None, "timeout"]
    release.set()
    grabber.shutdown()

    def ok(url: str, timeout_ms: int) -> npt.NDArray[np.uint8]:
        return np.full((720, 1280, 3), 200, dtype=np.uint8)

    quick = ThumbnailGrabber(grab=ok)
    with qtbot.waitSignal(quick.thumbnail_ready, timeout=2000) as ready:
        quick.request("cepat", "rtsp://x")
    image = ready.args[1]
    assert isinstance(image, QImage) and image.width() == 480  # scaled down off the GUI thread
    quick.shutdown()


def test_outputs_editor_saves_a_moved_videotron_rect(make_editor: EditorFactory, seeded_engine: Engine) -> None:
    w = make_editor("siti")
    w.tabs.setCurrentIndex(1)
    panel = w.outputs_panel
    panel.select_output("videotron")
    assert panel.current is not None and panel.current.name == "videotron" and panel.use_rect.isChecked()
    panel.rect_spins[0].setValue(384)
    panel.rect_spins[1].setValue(64)
    assert panel.arrangement.selected == "videotron"
    shown = next(o for o in panel.arrangement.outputs if o.name == "videotron")
    assert shown.rect == (384, 64, 1152, 576)  # the picture follows the form before saving
    panel.save_button.click()
    with make_session_factory(seeded_engine)() as s:
        doc = store.current(s, "output", "videotron")
    assert doc is not None and doc.version == 2 and doc.author == "siti" and doc.body["rect"] == [384, 64, 1152, 576]


def test_presets_schedule_and_alarm_are_saved_with_the_output(make_editor: EditorFactory,
                                                              seeded_engine: Engine) -> None:
    w = make_editor("siti")
    panel = w.outputs_panel
    panel.select_output("tv-2")
    presets = panel.presets
    presets.assign(5, "Peta2", "tv-peta")
    presets.add_entry.click()
    assert presets.schedule.setData(presets.schedule.index(0, 2), "Peta2")
    presets.alarm.setCurrentIndex(presets.alarm.findData("Alarm"))
    presets.alarm_minutes.setValue(15)
    panel.save_button.click()
    with make_session_factory(seeded_engine)() as s:
        tv2 = next(o for o in store.load_outputs(s) if o.name == "tv-2")
    assert tv2.preset("Peta2") is not None and tv2.preset("Peta2").key == 5  # type: ignore[union-attr]
    assert [(e.start, e.end, e.preset) for e in tv2.schedule] == [("06:00", "22:00", "Peta2")]
    assert (tv2.alarm_preset, tv2.alarm_minutes) == ("Alarm", 15)


def test_an_output_language_is_chosen_saved_and_undone(make_editor: EditorFactory, seeded_engine: Engine) -> None:
    w = make_editor("siti")
    w.tabs.setCurrentIndex(1)  # the outputs tab: undo and redo act on the output being edited
    panel = w.outputs_panel
    panel.select_output("tv-2")
    assert panel.language.currentData() is None and panel.language.currentText() == "Bahasa node (bawaan)"
    panel.language.setCurrentIndex(panel.language.findData("en"))
    assert panel.current is not None and panel.current.language == "en" and panel.form_dirty
    w.actions_by_name["act.undo"].trigger()
    assert panel.current.language is None and panel.language.currentData() is None
    w.actions_by_name["act.redo"].trigger()
    assert panel.current.language == "en" and panel.language.currentText() == "Bahasa Inggris"
    panel.save_button.click()
    with make_session_factory(seeded_engine)() as s:
        doc = store.current(s, "output", "tv-2")
    assert doc is not None and doc.version == 2 and doc.body["language"] == "en"


def test_an_output_showing_a_private_camera_publicly_is_refused(make_editor: EditorFactory) -> None:
    w = make_editor("siti", ("layar-baru",))
    panel = w.outputs_panel
    panel.new_button.click()
    assert panel.current is not None and panel.current.name == "layar-baru" and panel.base_version == 0
    panel.privacy.setCurrentIndex(panel.privacy.findData("public"))
    panel.presets.assign(1, "Umum", "tv-umum")  # shows cameras that are not public-safe
    panel.save_button.click()
    assert "tidak ditandai aman-publik" in panel.message.text()
    panel.privacy.setCurrentIndex(panel.privacy.findData("internal"))
    panel.save_button.click()
    assert "layar-baru" in [o.name for o, _ in w.controller.outputs]
    assert not prompter_of(w).last("error")


def test_canvas_shortcuts_work_inside_the_window(make_editor: EditorFactory, qtbot: QtBot) -> None:
    w = make_editor()
    c = w.controller
    assert c.new_layout("kosong", 2, 2) and c.session is not None
    canvas = w.layout_tab.canvas
    canvas.setFocus()
    qtbot.waitUntil(canvas.hasFocus)
    QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, canvas.cell_center(0, 0))
    QTest.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(canvas, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # the window's action
    assert [(t.row, t.col, t.row_span, t.col_span) for t in c.session.layout.tiles] == [(0, 0, 1, 2)]
    QTest.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert c.session.layout.tiles == ()
    QTest.keyClick(canvas, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(c.session.layout.tiles) == 1


def test_unsaved_output_form_edits_survive_a_refresh(make_editor: EditorFactory) -> None:
    w = make_editor("siti")
    panel, c = w.outputs_panel, w.controller
    panel.select_output("videotron")
    panel.rect_spins[0].setValue(100)
    assert panel.form_dirty
    assert c.open_layout("tv-peta") and c.session is not None
    c.session.set_tile_settings("opd", {"title": "OPD"})
    assert c.save().value == "saved"  # refreshes every list
    assert panel.rect_spins[0].value() == 100 and panel.form_dirty  # the form is left alone
    panel.save_button.click()
    assert not panel.form_dirty and panel.base_version == 2
    assert next(o for o, _ in c.outputs if o.name == "videotron").rect == (100, 0, 1152, 576)
