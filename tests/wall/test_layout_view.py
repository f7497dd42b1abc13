"""The layout grid: diff-apply keeps unchanged tiles, invalid layouts are rejected, unknown kinds, enlarge."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from common.layouts.cameras import CameraInfo
from common.layouts.model import Layout, TileSpec
from common.layouts.validate import Problem
from tests.wall.fakes import FakeSourceFactory
from wall.camera_pool import CameraPool
from wall.layout_view import LayoutGridWidget
from wall.tiles.base import Privacy, TileContext
from wall.tiles.camera import CameraTileWidget
from wall.tiles.registry import PlaceholderTileWidget, TileRegistry

pytestmark = pytest.mark.timeout(30)
CAMS = {n: CameraInfo(n, n != "privat", f"rtsp://h/{n}") for n in ("a", "b", "c", "privat")}


@pytest.fixture
def factory() -> FakeSourceFactory:
    return FakeSourceFactory()


@pytest.fixture
def pool(qtbot: QtBot, factory: FakeSourceFactory) -> Iterator[CameraPool]:
    p = CameraPool(CAMS, factory)
    yield p
    p.shutdown()


def _grid(qtbot: QtBot, pool: CameraPool, privacy: Privacy = "internal") -> LayoutGridWidget:
    ctx = TileContext(privacy=privacy, output_height_px=1080, output_width_px=1920,
                      clock=lambda: datetime(2026, 11, 25, 5, tzinfo=UTC), services={"cameras": pool})
    grid = LayoutGridWidget(TileRegistry(), ctx)
    qtbot.addWidget(grid)
    grid.resize(1920, 1080)
    grid.show()
    return grid


def _cams(*names: str, cols: int = 2) -> Layout:
    return Layout("uji", 2, cols, tuple(TileSpec(f"t{i}", i // cols, i % cols, 1, 1, "camera", {"camera": n})
                                       for i, n in enumerate(names)))


def test_apply_keeps_unchanged_tiles_and_their_sources(qtbot: QtBot, pool: CameraPool,
                                                       factory: FakeSourceFactory) -> None:
    grid = _grid(qtbot, pool)
    grid.apply(_cams("a", "b", "c"))
    kept_tile = grid.tiles["t0"]
    source = pool.source_for("rtsp://h/a")
    stats = grid.apply(_cams("a", "c", "b"))
    assert stats.kept == ("t0", "t1", "t2") and grid.tiles["t0"] is kept_tile
    assert pool.source_for("rtsp://h/a") is source and len(factory.made) == 3
    stats = grid.apply(Layout("uji", 1, 1, (TileSpec("t0", 0, 0, 1, 1, "camera", {"camera": "a"}),)))
    assert stats.removed == ("t1", "t2") and grid.tiles["t0"] is kept_tile
    assert grid.tiles["t0"].geometry().width() > 1800  # re-placed on the new 1x1 grid
    assert pool.source_for("rtsp://h/a") is source and source is not None
    stats = grid.apply(Layout("uji", 1, 1, (TileSpec("t0", 0, 0, 1, 1, "clock", {}),)))
    assert stats.replaced == ("t0",)


def test_rejected_layout_keeps_the_last_good_one_with_a_badge(qtbot: QtBot, pool: CameraPool) -> None:
    grid = _grid(qtbot, pool)
    grid.apply(_cams("a"))
    before = dict(grid.tiles)
    problem = Problem("x", "overlap", "ubin 'x' menumpuk ubin 'y'", "tile 'x' overlaps tile 'y'")
    with qtbot.waitSignal(grid.layout_rejected):
        grid.reject("uji", [problem])
    assert grid.tiles == before and grid.current_layout == _cams("a")
    assert "tidak sah" in grid.badge_text and "menumpuk" in grid.badge_text
    grid.grab()
    grid.apply(_cams("b"))
    assert grid.badge_text == ""


def test_public_output_shows_no_technician_badge(qtbot: QtBot, pool: CameraPool) -> None:
    grid = _grid(qtbot, pool, "public")
    grid.reject("uji", [Problem(None, "malformed", "rows: salah", "rows: wrong")])
    assert grid.badge_text == ""


def test_unknown_kind_renders_a_placeholder(qtbot: QtBot, pool: CameraPool) -> None:
    grid = _grid(qtbot, pool)
    grid.apply(Layout("uji", 1, 1, (TileSpec("h", 0, 0, 1, 1, "hologram", {}),)))
    tile = grid.tiles["h"]
    assert isinstance(tile, PlaceholderTileWidget) and "hologram" in tile.message
    tile.grab()
    assert tile.text_log.entries[0][1] >= 27


def test_forced_private_camera_on_public_output_is_not_rendered(qtbot: QtBot, pool: CameraPool,
                                                                factory: FakeSourceFactory) -> None:
    grid = _grid(qtbot, pool, "public")
    grid.apply(_cams("privat", "a"))  # bypassing validation on purpose
    assert [s.camera for s in factory.made] == ["a"]
    tile = grid.tiles["t0"]
    assert isinstance(tile, CameraTileWidget) and tile.lease is None


def test_enlarge_and_return(qtbot: QtBot, pool: CameraPool, factory: FakeSourceFactory) -> None:
    grid = _grid(qtbot, pool)
    grid.apply(_cams("a", "b", "c"))
    assert grid.enlarge("t1")
    assert grid.tiles["t1"].geometry() == grid.rect()
    assert not grid.tiles["t0"].isVisible()
    assert next(s for s in factory.made if s.camera == "a").active is False
    assert grid.tiles["t1"].lease.stream == "main"  # type: ignore[attr-defined]
    grid.restore()
    assert grid.enlarged is None and grid.tiles["t0"].isVisible()
    assert next(s for s in factory.made if s.camera == "a").active is True


def test_double_click_enlarges(qtbot: QtBot, pool: CameraPool) -> None:
    from PySide6.QtCore import Qt

    grid = _grid(qtbot, pool)
    grid.apply(_cams("a", "b"))
    qtbot.mouseDClick(grid.tiles["t1"], Qt.MouseButton.LeftButton)
    assert grid.enlarged == "t1"
    qtbot.mouseDClick(grid.tiles["t1"], Qt.MouseButton.LeftButton)
    assert grid.enlarged is None
