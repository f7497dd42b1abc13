"""The live preview: the real tile widgets at the output's resolution, scaled down, on fake data; cameras show
a still test picture and no stream is opened until "pratinjau langsung" is ticked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from common.layouts.defaults import default_documents
from common.layouts.kinds import default_kinds
from common.layouts.model import Layout, TileSpec
from common.video.base import FrameSource
from common.video.source import StreamSpec
from common.video.still import StillFrameSource
from tests.wall.editor.conftest import cameras
from tests.wall.editor.test_json import every_kind_layout
from tests.wall.fakes import FakeSourceFactory
from wall.data.fake import FakeDashboardService
from wall.editor.i18n import Texts
from wall.editor.preview import LayoutPreviewWidget
from wall.tiles.camera import CameraTileWidget
from wall.tiles.registry import PlaceholderTileWidget

pytestmark = pytest.mark.timeout(60)


def _clock() -> datetime:
    return datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


@pytest.fixture
def preview(qtbot: QtBot) -> Iterator[LayoutPreviewWidget]:
    live = FakeSourceFactory()
    widget = LayoutPreviewWidget(Texts(), _clock, FakeDashboardService(), live_factory=lambda: live)
    widget.live_sources = live  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.set_cameras(cameras(("alun-alun", "pasar"), ("gudang",)))
    widget.resize(480, 320)
    widget.show()
    yield widget
    widget.shutdown()


def test_every_kind_is_previewed_by_its_real_tile_widget(preview: LayoutPreviewWidget, qtbot: QtBot) -> None:
    layout = every_kind_layout()
    layout = Layout(layout.name, layout.rows, layout.cols, tuple(
        t.replace(settings={**t.settings, "camera": "alun-alun"}) if t.kind == "camera" else
        t.replace(settings={**t.settings, "cameras": ["alun-alun", "pasar"]}) if t.kind == "sequence" else t
        for t in layout.tiles))
    preview.show_layout(layout, now=True)
    grid = preview.grid
    assert grid is not None and (grid.width(), grid.height()) == (1920, 1080)  # real resolution, scaled view
    for tile in layout.tiles:
        widget = grid.tiles[tile.id]
        assert not isinstance(widget, PlaceholderTileWidget), tile.kind
        assert type(widget).kind == tile.kind
    scale = preview.view.transform().m11()
    assert 0 < scale < 0.5
    camera = grid.tiles["camera-1"]
    assert isinstance(camera, CameraTileWidget)
    qtbot.waitUntil(lambda: camera.lease is not None, timeout=2000)
    assert isinstance(camera.lease.source, StillFrameSource)  # type: ignore[union-attr]
    assert preview.live_sources.made == []  # type: ignore[attr-defined]  # no stream opened


def test_the_preview_follows_the_output_and_live_mode(preview: LayoutPreviewWidget, qtbot: QtBot) -> None:
    layouts, outputs = default_documents(list(cameras(("alun-alun",), ()).values()))  # type: ignore[arg-type]
    videotron = next(o for o in outputs if o.name == "videotron")
    day = next(layout for layout in layouts if layout.name == "videotron-umum")
    preview.set_output(videotron)
    preview.show_layout(day, now=True)
    assert preview.grid is not None and (preview.grid.width(), preview.grid.height()) == (1152, 576)
    assert preview.shown_layout == day
    preview.live.setChecked(True)
    assert preview.shown_layout == day  # rebuilt with the same layout
    camera = preview.grid.tiles["kamera"]
    assert isinstance(camera, CameraTileWidget)
    qtbot.waitUntil(lambda: camera.lease is not None, timeout=2000)
    assert preview.live_sources.made  # type: ignore[attr-defined]  # now the cameras are connected


def test_preview_debounces_edits(preview: LayoutPreviewWidget, qtbot: QtBot) -> None:
    first, second = Layout("a", 1, 1), Layout("b", 2, 2)
    preview.show_layout(first)
    preview.show_layout(second)
    assert preview.shown_layout is None  # nothing yet
    qtbot.waitUntil(lambda: preview.shown_layout == second, timeout=2000)


def test_still_source_is_a_frame_source_and_never_freezes() -> None:
    source = StillFrameSource("alun-alun", StreamSpec("rtsp://127.0.0.1:1/x"))
    assert isinstance(source, FrameSource)
    source.start()
    frame = source.latest()
    assert frame is not None and frame.width == 640 and source.latest() is frame
    assert source.stop() and default_kinds().get("camera") is not None


def test_an_english_editor_previews_english_tiles(qtbot: QtBot) -> None:
    widget = LayoutPreviewWidget(Texts("en"), _clock, FakeDashboardService())
    qtbot.addWidget(widget)
    widget.set_cameras(cameras(("alun-alun",), ()))
    widget.show_layout(Layout("jam", 1, 2, (TileSpec("jam", 0, 0, 1, 1, "clock", {}),
                                            TileSpec("kamera", 0, 1, 1, 1, "camera", {"camera": "alun-alun"}))),
                       now=True)
    grid = widget.grid
    assert grid is not None and grid.ctx.texts.lang == "en"
    clock = grid.tiles["jam"]
    clock.grab()
    assert "Wednesday, 25 November 2026" in clock.rendered_texts()  # type: ignore[attr-defined]
    camera = grid.tiles["kamera"]
    assert isinstance(camera, CameraTileWidget)
    qtbot.waitUntil(lambda: camera.lease is not None, timeout=2000)
    assert isinstance(camera.lease.source, StillFrameSource)  # type: ignore[union-attr]
    widget.shutdown()
