"""The editor's extra commands (common/layouts/editing.py) and the edit session's undo stack and validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from common.layouts.commands import (
    AddTile,
    CommandError,
    LayoutCommand,
    MoveTile,
    RemoveTile,
    ResizeTile,
    SetGrid,
    SplitTile,
)
from common.layouts.editing import (
    CellRect,
    MergeRegion,
    PlaceTile,
    free_cells,
    new_tile_id,
    tile_at,
    tiles_touching,
)
from common.layouts.kinds import default_kinds
from common.layouts.model import Layout, TileSpec
from tests.wall.editor.conftest import cameras, make_session
from wall.editor.document import LayoutEditSession, ValidationContext

pytestmark = pytest.mark.timeout(60)


def one(tile_id: str, row: int, col: int, rows: int = 1, cols: int = 1, kind: str = "clock") -> TileSpec:
    return TileSpec(tile_id, row, col, rows, cols, kind, {})


def test_merge_region_makes_a_new_tile_or_merges_whole_tiles() -> None:
    empty = Layout("x", 3, 3)
    new, change = MergeRegion(CellRect(0, 0, 2, 2), "n", "map", {"days": 7}).apply(empty)
    assert new.tiles == (TileSpec("n", 0, 0, 2, 2, "map", {"days": 7}),)
    assert change.inverse().apply(new)[0] == empty
    four = Layout("x", 3, 3, (one("b", 0, 1), one("a", 0, 0), one("c", 1, 1), one("z", 2, 2)))
    merged, _ = MergeRegion(CellRect(0, 0, 2, 2), "unused", "camera").apply(four)
    assert merged.tiles == (one("a", 0, 0, 2, 2), one("z", 2, 2))  # free cell (1, 0) absorbed, "a" kept
    with pytest.raises(CommandError, match="partly outside"):
        MergeRegion(CellRect(1, 1, 2, 2), "n", "clock").apply(Layout("x", 3, 3, (one("a", 0, 0, 2, 2),)))
    with pytest.raises(CommandError, match="already covers"):
        MergeRegion(CellRect(0, 0, 2, 2), "n", "clock").apply(Layout("x", 3, 3, (one("a", 0, 0, 2, 2),)))
    with pytest.raises(CommandError, match="outside"):
        MergeRegion(CellRect(2, 2, 2, 2), "n", "clock").apply(empty)


def test_place_tile_moves_and_resizes_in_one_step() -> None:
    layout = Layout("x", 3, 3, (one("a", 0, 1), one("b", 2, 2)))
    new, change = PlaceTile("a", CellRect(0, 0, 2, 2)).apply(layout)
    assert new.tile("a") == one("a", 0, 0, 2, 2)
    assert change.inverse().apply(new)[0] == layout
    with pytest.raises(CommandError, match="overlap"):
        PlaceTile("a", CellRect(1, 1, 2, 2)).apply(layout)
    with pytest.raises(CommandError):
        PlaceTile("nope", CellRect(0, 0)).apply(layout)


def test_cell_helpers() -> None:
    layout = Layout("x", 2, 3, (one("a", 0, 0, 2, 1), one("b", 0, 2)))
    assert tile_at(layout, 1, 0) == one("a", 0, 0, 2, 1) and tile_at(layout, 1, 1) is None
    assert free_cells(layout) == [(0, 1), (1, 1), (1, 2)]
    inside, cut = tiles_touching(layout, CellRect(0, 0, 1, 3))
    assert [t.id for t in inside] == ["b"] and [t.id for t in cut] == ["a"]
    assert new_tile_id(layout, "camera") == "camera-1"
    assert new_tile_id(Layout("x", 1, 2, (one("camera-1", 0, 0),)), "camera", ["camera-2"]) == "camera-3"
    assert CellRect.spanning((2, 0), (0, 1)) == CellRect(0, 0, 3, 2)
    assert not CellRect(1, 1, 2, 2).inside(2, 2)


_CELL = st.integers(0, 3)


@st.composite
def commands(draw: st.DrawFn, layout: Layout) -> LayoutCommand:
    """Any command, often not applicable (the domain must refuse it without change)."""
    ids = [t.id for t in layout.tiles] or ["t0"]
    tile_id = draw(st.sampled_from(ids))
    choice = draw(st.integers(0, 7))
    r, c, h, w = draw(_CELL), draw(_CELL), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    if choice == 0:
        return AddTile(one(f"t{draw(st.integers(0, 99))}", r, c, h, w))
    if choice == 1:
        return RemoveTile(tile_id)
    if choice == 2:
        return MoveTile(tile_id, r, c)
    if choice == 3:
        return ResizeTile(tile_id, h, w)
    if choice == 4:
        return SplitTile(tile_id)
    if choice == 5:
        return MergeRegion(CellRect(r, c, h, w), f"m{draw(st.integers(0, 99))}", "map")
    if choice == 6:
        return PlaceTile(tile_id, CellRect(r, c, h, w))
    return SetGrid(draw(st.integers(1, 5)), draw(st.integers(1, 5)))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_command_sequence_undoes_to_the_exact_start(data: st.DataObject) -> None:
    layout = Layout("x", 4, 4, (one("t0", 0, 0, 2, 2), one("t1", 3, 3)))
    history = [layout]
    changes = []
    for _ in range(data.draw(st.integers(1, 12))):
        command = data.draw(commands(layout))
        try:
            layout, change = command.apply(layout)
        except (CommandError, KeyError):
            continue
        history.append(layout)
        changes.append(change)
    for change, expected in zip(reversed(changes), reversed(history[:-1]), strict=True):
        layout, _ = change.inverse().apply(layout)
        assert layout == expected


def test_the_session_undoes_every_edit_and_merges_typing_into_one_step(qtbot: QtBot) -> None:
    start = Layout("x", 2, 2, (TileSpec("t", 1, 0, 1, 2, "ticker", {"text": ""}),))
    s = make_session(start)
    assert not s.dirty
    with qtbot.waitSignal(s.dirty_changed):
        assert s.execute(AddTile(one("c", 0, 0)), "add")
    for text in ("B", "Ba", "Bal", "Bale"):
        s.set_tile_settings("t", {"text": text})
    assert s.undo_stack.count() == 2  # the four keystrokes are one step
    assert s.layout.tile("t").settings == {"text": "Bale"}
    s.undo_stack.undo()
    assert s.layout.tile("t").settings == {"text": ""}
    s.undo_stack.redo()
    assert s.layout.tile("t").settings == {"text": "Bale"}
    s.undo_stack.undo()
    s.undo_stack.undo()
    assert s.layout == start and not s.dirty
    assert not s.execute(MoveTile("nope", 0, 0), "bad")  # refused: nothing pushed
    assert s.undo_stack.count() == 2


def test_the_session_validates_for_every_output_it_is_shown_on(qtbot: QtBot) -> None:
    layout = Layout("x", 2, 2, (
        TileSpec("cam", 0, 0, 1, 1, "camera", {"camera": "gudang"}),
        TileSpec("seq", 0, 1, 1, 1, "sequence", {"cameras": ["alun-alun"], "dwell_s": 2}),
        TileSpec("jam", 1, 0, 1, 2, "clock", {"font_px": 20}),
    ))
    internal = make_session(layout)
    assert {(p.tile_id, p.code) for p in internal.problems} == {("seq", "dwell_too_short"),
                                                               ("jam", "text_too_small")}
    public = make_session(layout, public=True, height=576)
    codes = {(p.tile_id, p.code) for p in public.problems}
    assert ("cam", "camera_not_public") in codes and ("seq", "dwell_too_short") in codes
    with qtbot.waitSignal(internal.problems_changed):
        internal.set_context(ValidationContext(cameras(), (("public", 576),)))
    assert ("cam", "camera_not_public") in {(p.tile_id, p.code) for p in internal.problems}
    assert internal.problems_of("cam")[0].message_id.startswith("kamera 'gudang' tidak ditandai aman-publik")


def test_a_draft_is_written_on_every_change(tmp_path: Path) -> None:
    s = LayoutEditSession(Layout("draft", 1, 1), 4, default_kinds(), ValidationContext({}), draft_dir=tmp_path)
    s.execute(AddTile(one("a", 0, 0)), "add")
    text = (tmp_path / "draft.json").read_text(encoding="utf-8")
    assert '"base_version": 4' in text and '"id": "a"' in text
    s.discard_draft()
    assert not (tmp_path / "draft.json").exists()
