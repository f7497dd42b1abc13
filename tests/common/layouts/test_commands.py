"""Edit commands are pure: apply gives a valid layout and a Change whose inverse restores the original."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common.layouts.cameras import CameraInfo
from common.layouts.commands import (
    AddTile,
    CommandError,
    LayoutCommand,
    MergeCells,
    MoveTile,
    RemoveTile,
    ResizeTile,
    SetGrid,
    SetTileSettings,
    SplitTile,
)
from common.layouts.model import Layout, TileSpec
from common.layouts.validate import validate_layout

pytestmark = pytest.mark.timeout(60)
KINDS = ("clock", "map", "text", "network")


@st.composite
def layouts(draw: st.DrawFn) -> Layout:
    """Random valid layouts: tiles packed greedily on random free cells."""
    rows, cols = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    free = {(r, c) for r in range(rows) for c in range(cols)}
    tiles = []
    for i in range(draw(st.integers(0, 8))):
        if not free:
            break
        r, c = draw(st.sampled_from(sorted(free)))
        rs, cs = draw(st.integers(1, rows - r)), draw(st.integers(1, cols - c))
        cells = {(rr, cc) for rr in range(r, r + rs) for cc in range(c, c + cs)}
        if cells <= free:
            free -= cells
            tiles.append(TileSpec(f"t{i}", r, c, rs, cs, draw(st.sampled_from(KINDS)), {"n": i}))
    return Layout("acak", rows, cols, tuple(tiles))


@st.composite
def commands(draw: st.DrawFn, layout: Layout) -> LayoutCommand:
    ids = [t.id for t in layout.tiles] or ["none"]
    pick, small = st.sampled_from(ids), st.integers(-1, 6)
    options: list[st.SearchStrategy[LayoutCommand]] = [
        st.builds(AddTile, st.builds(TileSpec, st.just("new"), small, small, small, small, st.sampled_from(KINDS))),
        st.builds(RemoveTile, pick),
        st.builds(MoveTile, pick, small, small),
        st.builds(ResizeTile, pick, small, small),
        st.builds(SetTileSettings, pick, st.dictionaries(st.sampled_from("abc"), st.integers()),
                  st.sampled_from((None, *KINDS))),
        st.builds(MergeCells, st.lists(pick, min_size=2, max_size=3).map(tuple)),
        st.builds(SplitTile, pick),
        st.builds(SetGrid, small, small),
    ]
    return draw(st.one_of(options))


def _valid(layout: Layout) -> bool:
    return validate_layout(layout, {}, "internal") == []


@settings(max_examples=300, deadline=None)
@given(data=st.data(), layout=layouts())
def test_apply_then_inverse_restores_the_layout(data: st.DataObject, layout: Layout) -> None:
    assert _valid(layout)
    command = data.draw(commands(layout))
    try:
        new, change = command.apply(layout)
    except CommandError:
        return
    assert _valid(new)
    undone, back = change.inverse().apply(new)
    assert undone == layout
    redone, _ = back.inverse().apply(undone)
    assert redone == new


def test_change_reports_what_changed() -> None:
    layout = Layout("x", 2, 2, (TileSpec("a", 0, 0, 1, 1, "clock"), TileSpec("b", 1, 1, 1, 1, "map")))
    new, change = MoveTile("a", 0, 1).apply(layout)
    assert change.modified_ids == {"a"} and new.tile("a").col == 1 and new.tile("b") == layout.tile("b")
    assert change.grid_before == change.grid_after == (2, 2)


def test_merge_and_split() -> None:
    layout = Layout("x", 2, 2, (TileSpec("a", 0, 0, 1, 1, "camera", {"camera": "c"}),
                                TileSpec("b", 1, 1, 1, 1, "clock")))
    merged, _ = MergeCells(("a", "b")).apply(layout)
    assert [(t.id, t.row_span, t.col_span, t.kind) for t in merged.tiles] == [("a", 2, 2, "camera")]
    split, _ = SplitTile("a").apply(merged)
    assert sorted(t.id for t in split.tiles) == ["a", "a-0-1", "a-1-0", "a-1-1"]
    assert all(t.settings == {"camera": "c"} for t in split.tiles)


@pytest.mark.parametrize(("command", "message"), [
    (MoveTile("a", 1, 1), "overlap"),
    (ResizeTile("a", 3, 1), "outside"),
    (ResizeTile("a", 0, 1), "span"),
    (SetGrid(1, 1), "outside"),
    (AddTile(TileSpec("b", 0, 1, 1, 1, "clock")), "already exists"),
    (RemoveTile("zz"), "no tile"),
    (MergeCells(("a",)), "two"),
    (SplitTile("a"), "one cell"),
])
def test_refused_edits_say_why(command: LayoutCommand, message: str) -> None:
    layout = Layout("x", 2, 2, (TileSpec("a", 0, 0, 1, 1, "clock"), TileSpec("b", 1, 1, 1, 1, "clock")))
    with pytest.raises(CommandError, match=message):
        command.apply(layout)


def test_commands_do_not_check_cameras() -> None:
    """Cameras are validation's business: an edit may reference a camera the validator then refuses."""
    layout = Layout("x", 1, 1, ())
    new, _ = AddTile(TileSpec("a", 0, 0, 1, 1, "camera", {"camera": "gudang"})).apply(layout)
    cams = {"gudang": CameraInfo("gudang", public_safe=False)}
    assert [p.code for p in validate_layout(new, cams, "public")] == ["camera_not_public"]
