"""The canvas driven by real mouse drags and keys: create, merge, move, resize, split, delete, undo/redo."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from common.layouts.kinds import default_kinds
from common.layouts.model import Layout, TileSpec
from wall.editor.canvas import LayoutCanvasWidget

pytestmark = pytest.mark.timeout(60)
Canvas = Callable[..., LayoutCanvasWidget]
LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
CAMERA_DEFAULTS = default_kinds().get("camera").defaults()  # type: ignore[union-attr]


def drag(widget: LayoutCanvasWidget, start: QPoint, end: QPoint, modifiers: Qt.KeyboardModifier = NONE) -> None:
    """Press, move in steps, release: a real drag."""
    QTest.mousePress(widget, LEFT, modifiers, start)
    for i in range(1, 6):
        QTest.mouseMove(widget, start + (end - start) * (i / 5))
    QTest.mouseRelease(widget, LEFT, modifiers, end)


def layout_of(widget: LayoutCanvasWidget) -> Layout:
    assert widget.session is not None
    return widget.session.layout


def key(widget: LayoutCanvasWidget, k: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
    QTest.keyClick(widget, k, modifiers)


def one(tile_id: str, row: int, col: int, rows: int = 1, cols: int = 1, kind: str = "clock") -> TileSpec:
    return TileSpec(tile_id, row, col, rows, cols, kind, {})


def test_dragging_across_free_cells_makes_one_tile(canvas: Canvas) -> None:
    w = canvas(Layout("x", 3, 3))
    drag(w, w.cell_center(0, 0), w.cell_center(1, 1))
    assert layout_of(w).tiles == (TileSpec("camera-1", 0, 0, 2, 2, "camera", CAMERA_DEFAULTS),)
    assert w.selected_tile_id == "camera-1"
    w.new_tile_kind = "map"
    drag(w, w.cell_center(2, 2), w.cell_center(0, 2))  # upwards: either corner first
    assert layout_of(w).tile("map-1").cells == {(0, 2), (1, 2), (2, 2)}


def test_dragging_a_tile_moves_it_snapped_to_the_grid(canvas: Canvas) -> None:
    w = canvas(Layout("x", 3, 3, (one("a", 0, 0),)))
    g = w.geometry_now()
    start = w.tile_point("a")
    off_centre = w.cell_center(2, 1) + QPoint(round(g.cell_w * 0.3), -round(g.cell_h * 0.2))
    drag(w, start, off_centre)
    assert layout_of(w).tiles == (one("a", 2, 1),)
    drag(w, w.tile_point("a"), QPoint(5000, 5000))  # far outside: clamped to the grid
    assert layout_of(w).tiles == (one("a", 2, 2),)


def test_dragging_a_corner_or_edge_resizes_with_snapping(canvas: Canvas) -> None:
    w = canvas(Layout("x", 3, 3, (one("a", 0, 1),)))
    w.select_tile("a")
    g = w.geometry_now()
    near_line = QPoint(round(g.frame.left() + 3 * g.cell_w - 9), round(g.frame.top() + 2 * g.cell_h + 7))
    drag(w, w.tile_point("a", "se"), near_line)
    assert layout_of(w).tiles == (one("a", 0, 1, 2, 2),)
    west = QPoint(round(g.frame.left() + 4), w.tile_point("a", "w").y())
    drag(w, w.tile_point("a", "w"), west)  # the left edge: origin and span change in one step
    assert layout_of(w).tiles == (one("a", 0, 0, 2, 3),)
    assert w.session is not None
    w.session.undo_stack.undo()
    assert layout_of(w).tiles == (one("a", 0, 1, 2, 2),)


def test_shift_drag_over_tiles_merges_them(canvas: Canvas) -> None:
    tiles = (one("a", 0, 0, kind="map"), one("b", 0, 1), one("c", 1, 0), one("d", 1, 1), one("e", 2, 2))
    w = canvas(Layout("x", 3, 3, tiles))
    drag(w, w.cell_center(0, 0), w.cell_center(1, 1), SHIFT)
    merged = layout_of(w).tile("a")
    assert (merged.row, merged.col, merged.row_span, merged.col_span, merged.kind) == (0, 0, 2, 2, "map")
    assert [t.id for t in layout_of(w).tiles] == ["a", "e"]


def test_a_drag_cutting_a_tile_is_refused(canvas: Canvas, qtbot: QtBot) -> None:
    w = canvas(Layout("x", 3, 3, (one("a", 0, 1, 2, 1),)))
    assert w.session is not None
    with qtbot.waitSignal(w.session.edit_refused) as refused:
        drag(w, w.cell_center(1, 0), w.cell_center(2, 2), SHIFT)
    assert "partly outside" in refused.args[0]
    assert layout_of(w).tiles == (one("a", 0, 1, 2, 1),)


def test_moving_onto_another_tile_is_refused_and_changes_nothing(canvas: Canvas, qtbot: QtBot) -> None:
    before = Layout("x", 2, 2, (one("a", 0, 0), one("b", 1, 1)))
    w = canvas(before)
    assert w.session is not None
    with qtbot.waitSignal(w.session.edit_refused) as refused:
        drag(w, w.tile_point("a"), w.cell_center(1, 1))
    assert "overlap" in refused.args[0]
    assert layout_of(w) == before and w.session.undo_stack.count() == 0


def test_split_and_delete_by_keyboard_and_undo_restores_exactly(canvas: Canvas) -> None:
    start = Layout("x", 3, 3, (TileSpec("big", 0, 0, 2, 2, "camera", {"camera": "alun-alun"}), one("c", 2, 2)))
    w = canvas(start)
    QTest.mouseClick(w, LEFT, NONE, w.tile_point("big"))
    key(w, Qt.Key.Key_S, CTRL | SHIFT)
    split = layout_of(w)
    assert sorted(t.id for t in split.tiles) == ["big", "big-0-1", "big-1-0", "big-1-1", "c"]
    assert all(t.settings == {"camera": "alun-alun"} for t in split.tiles if t.id.startswith("big"))
    QTest.mouseClick(w, LEFT, NONE, w.cell_center(2, 2))
    key(w, Qt.Key.Key_Delete)
    assert not layout_of(w).has_tile("c")
    key(w, Qt.Key.Key_Z, CTRL)
    assert layout_of(w) == split
    key(w, Qt.Key.Key_Z, CTRL)
    assert layout_of(w) == start
    key(w, Qt.Key.Key_Y, CTRL)
    assert layout_of(w) == split


def test_keyboard_equivalents_of_every_mouse_action(canvas: Canvas) -> None:
    w = canvas(Layout("x", 3, 3, (one("a", 0, 0),)))
    w.setFocus()
    key(w, Qt.Key.Key_Tab)  # select the first tile
    assert w.selected_tile_id == "a"
    key(w, Qt.Key.Key_Right)  # move
    key(w, Qt.Key.Key_Down, SHIFT)  # resize
    assert layout_of(w).tiles == (one("a", 0, 1, 2, 1),)
    key(w, Qt.Key.Key_Escape)  # from the tile to its cells
    assert w.selected_tile_id == "" and w.cell_selection.row == 0 and w.cell_selection.col == 1
    assert (w.cell_selection.rows, w.cell_selection.cols) == (2, 1)
    key(w, Qt.Key.Key_Right)  # the cell cursor moves (from the far corner)
    key(w, Qt.Key.Key_Up)
    assert (w.cell_selection.row, w.cell_selection.col, w.cell_selection.rows) == (0, 2, 1)
    key(w, Qt.Key.Key_Down, SHIFT)  # and extends the selection
    key(w, Qt.Key.Key_Down, SHIFT)
    key(w, Qt.Key.Key_M, CTRL)  # merge the selected free cells: a new tile
    new = layout_of(w).tile("camera-1")
    assert (new.row, new.col, new.row_span, new.col_span) == (0, 2, 3, 1)
    assert w.selected_tile_id == "camera-1"
    key(w, Qt.Key.Key_Escape)
    key(w, Qt.Key.Key_Left, SHIFT)  # cells of both tiles, wholly inside: Enter merges them
    key(w, Qt.Key.Key_Return)
    assert [t.id for t in layout_of(w).tiles] == ["a"]
    assert layout_of(w).tile("a").cells == {(r, c) for r in range(3) for c in (1, 2)}


def test_undo_and_redo_walk_through_exact_layouts(canvas: Canvas) -> None:
    w = canvas(Layout("x", 3, 3))
    assert w.session is not None
    states = [layout_of(w)]
    drag(w, w.cell_center(0, 0), w.cell_center(0, 1))
    states.append(layout_of(w))
    drag(w, w.tile_point("camera-1"), w.cell_center(1, 1))
    states.append(layout_of(w))
    drag(w, w.tile_point("camera-1", "s"), QPointF(w.cell_center(2, 1)).toPoint() + QPoint(0, 60))
    states.append(layout_of(w))
    w.session.set_tile_settings("camera-1", {"camera": "alun-alun"})
    states.append(layout_of(w))
    key(w, Qt.Key.Key_S, CTRL | SHIFT)
    states.append(layout_of(w))
    assert len({repr(s) for s in states}) == len(states)
    for expected in reversed(states[:-1]):
        w.session.undo_stack.undo()
        assert layout_of(w) == expected
    for expected in states[1:]:
        w.session.undo_stack.redo()
        assert layout_of(w) == expected


def test_the_canvas_keeps_the_outputs_aspect_ratio(canvas: Canvas) -> None:
    w = canvas(Layout("x", 6, 6), aspect=(1152, 576))
    frame = w.geometry_now().frame
    assert frame.width() / frame.height() == pytest.approx(2.0, rel=0.01)
    w.set_aspect(1920, 1080)
    frame = w.geometry_now().frame
    assert frame.width() / frame.height() == pytest.approx(16 / 9, rel=0.01)
    w.resize(400, 700)  # tall window: still 16:9, narrower
    frame = w.geometry_now().frame
    assert frame.width() / frame.height() == pytest.approx(16 / 9, rel=0.01) and frame.width() <= 400


def test_problems_are_drawn_on_the_offending_tile_with_a_tooltip(canvas: Canvas) -> None:
    bad = TileSpec("urut", 0, 0, 1, 1, "sequence", {"cameras": ["alun-alun"], "dwell_s": 1})
    w = canvas(Layout("x", 2, 2, (bad, one("ok", 1, 1))))
    tip = w.tooltip_at(QPointF(w.tile_point("urut")))
    assert "waktu tayang 1 dtk; minimal 3 dtk" in tip
    assert "⚠" not in w.tooltip_at(QPointF(w.tile_point("ok")))
    image = w.grab().toImage()
    bad_rect = w.geometry_now().frame
    red_in_bad = red_in_ok = 0
    cell_w, cell_h = w.geometry_now().cell_w, w.geometry_now().cell_h
    for x in range(int(bad_rect.left()), int(bad_rect.left() + cell_w), 3):
        for y in range(int(bad_rect.top()), int(bad_rect.top() + cell_h), 3):
            c = image.pixelColor(x, y)
            red_in_bad += c.red() > 200 and c.green() < 90 and c.blue() < 80
    for x in range(int(bad_rect.left() + cell_w), int(bad_rect.right()), 3):
        for y in range(int(bad_rect.top() + cell_h), int(bad_rect.bottom()), 3):
            c = image.pixelColor(x, y)
            red_in_ok += c.red() > 200 and c.green() < 90 and c.blue() < 80
    assert red_in_bad > 50 and red_in_ok == 0


@pytest.mark.parametrize(("kind", "settings", "indonesian", "english"), [
    ("camera", {}, "(kamera belum dipilih)", "(no camera chosen)"),
    ("camera", {"camera": "CAM-ALUN"}, "CAM-ALUN", "CAM-ALUN"),
    ("sequence", {"cameras": ["A", "B", "C"], "dwell_s": 8}, "3 kamera · 8 dtk", "3 cameras · 8 s"),
    ("ticker", {}, "(teks kosong)", "(empty text)"),
    ("image", {}, "(belum ada gambar)", "(no image yet)"),
    ("map", {"zoom": 3, "days": 14}, "zoom 3 · 14 hari", "zoom 3 · 14 days"),
    ("chart", {"chart": "calls112"}, "panggilan 112 per kelas", "112 calls by class"),
    ("chart", {}, "aduan per kanal", "reports per channel"),
    ("clock", {"seconds": False}, "HH:MM · tanggal", "HH:MM · date"),
    ("opd_board", {"page_seconds": 12}, "ganti halaman tiap 12 dtk", "next page every 12 s"),
])
def test_tile_summaries_speak_the_editors_language(kind: str, settings: dict[str, object], indonesian: str,
                                                   english: str) -> None:
    from wall.editor.canvas_paint import tile_summary
    from wall.editor.i18n import Texts

    tile = TileSpec("t1", 0, 0, 1, 1, kind, settings)
    assert tile_summary(tile, Texts("id")) == indonesian
    assert tile_summary(tile, Texts("en")) == english
