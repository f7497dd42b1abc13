"""Tiles stay readable in one cell of a layout: the map fills the tile, the legend fits, titles never overlap
their subtitles, labels never swamp the map and no text is smaller than the output's minimum."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetricsF
from pytestqt.qtbot import QtBot

from tests.wall.tiles.helpers import is_ready, over_map_sizes, show_tile
from wall.data.fake import FakeDashboardService
from wall.data.kinds import SnapshotKind
from wall.i18n import WallTexts
from wall.map.geometry import MapGeometry
from wall.tiles._style import FONT_FAMILY, font_px, layout_title_row
from wall.tiles.base import TileContext, TileWidget
from wall.tiles.charts import ChartTileWidget, _AxisItem
from wall.tiles.map import ComplaintMapTileWidget
from wall.tiles.network import KelurahanNetworkTileWidget
from wall.tiles.opd_board import OpdBoardTileWidget


def _shown(qtbot: QtBot, tile: TileWidget, width: int, height: int) -> None:
    show_tile(qtbot, tile, width, height)
    assert is_ready(tile)


@pytest.mark.parametrize("color_by", ["status", "category"])
@over_map_sizes
def test_map_fills_the_tile_and_the_legend_fits(
    qtbot: QtBot, make_ctx: Callable[..., TileContext], color_by: str, output_h: int, width: int, height: int
) -> None:
    ctx = make_ctx("internal", output_h, dashboard=FakeDashboardService())
    tile = ComplaintMapTileWidget({"color_by": color_by}, ctx)
    _shown(qtbot, tile, width, height)
    city, legend, whole = tile.city_rect(), tile.legend_rect(), QRectF(tile.rect())
    assert city.width() >= 0.6 * width or city.height() >= 0.6 * height, (city, width, height)
    assert whole.contains(city) and whole.contains(legend)
    assert not legend.intersects(city), "the legend covers the map"
    assert min(tile.rendered_font_px()) >= ctx.min_font_px
    assert any(t.startswith("Terbuka ") for t in tile.rendered_texts()), "the open total is always shown"
    tile.shutdown()


def test_map_in_one_cell_before_and_after(qtbot: QtBot, make_ctx: Callable[..., TileContext]) -> None:
    """The case seen on tv-1: a 640x360 cell drew the city ~90 px high with the legend taking the tile."""
    tile = ComplaintMapTileWidget({}, make_ctx("internal", 1080, dashboard=FakeDashboardService()))
    _shown(qtbot, tile, 640, 360)
    assert tile.city_rect().height() >= 0.75 * 360
    assert tile.legend_rect().width() <= 0.5 * 640
    tile.shutdown()


@over_map_sizes
def test_kecamatan_names_never_swamp_the_map(
    qtbot: QtBot, make_ctx: Callable[..., TileContext], output_h: int, width: int, height: int
) -> None:
    ctx = make_ctx("internal", output_h, dashboard=FakeDashboardService())
    tile = ComplaintMapTileWidget({"labels": "none"}, ctx)
    _shown(qtbot, tile, width, height)
    geometry = tile.snapshot(SnapshotKind.MAP_GEOMETRY)
    assert isinstance(geometry, MapGeometry)
    names = {k.nama.upper() for k in geometry.kecamatan}
    city = tile.city_rect()
    covered = 0.0
    for text, px in tile._overlay_log.entries:
        if text in names:
            metrics = QFontMetricsF(font_px(px, px, bold=True))
            covered += metrics.horizontalAdvance(text) * metrics.height()
    assert covered <= city.width() * city.height() / 6 + 1
    if (width, height) == (1920, 1080):
        assert (
            len([t for t, _ in tile._overlay_log.entries if t in names]) >= 4
        )  # a large map names its areas
    tile.shutdown()


TITLED = (
    ("map", ComplaintMapTileWidget, {}),
    ("chart_channels", ChartTileWidget, {"chart": "reports_per_channel"}),
    ("chart_calls112", ChartTileWidget, {"chart": "calls112"}),
    ("network", KelurahanNetworkTileWidget, {}),
    ("opd_board", OpdBoardTileWidget, {}),
)


@pytest.mark.parametrize(("name", "cls", "settings"), TITLED, ids=[t[0] for t in TITLED])
@pytest.mark.parametrize("width", [1920, 960, 640, 480, 360])
def test_title_and_subtitle_never_overlap(
    qtbot: QtBot, make_ctx: Callable[..., TileContext], name: str, cls: type, settings: dict[str, object],
    width: int,
) -> None:  # fmt: skip
    tile = cls(settings, make_ctx("internal", 1080, dashboard=FakeDashboardService()))
    _shown(qtbot, tile, width, 360)
    row = tile.last_title_row
    assert row is not None, f"{name} drew no title row"
    assert row.title_rect.right() <= width and row.title_rect.left() >= 0
    if row.subtitle_rect is not None:
        assert not row.title_rect.intersects(row.subtitle_rect), f"{name} at {width}: {row}"
        assert row.subtitle_rect.right() <= width
    if width >= 960:
        assert row.subtitle, f"{name}: a wide tile shows its subtitle"
    assert min(tile.rendered_font_px()) >= 27
    tile.shutdown()


def test_layout_title_row_drops_then_elides(qapp: object) -> None:
    title, small = QFont(FONT_FAMILY), QFont(FONT_FAMILY)
    title.setPixelSize(27)
    small.setPixelSize(27)
    text = "Laporan per Kanal per Hari"
    wide = layout_title_row(QRectF(0, 0, 1200, 40), text, title, ["30 hari · 03:45:02", "03:45:02"], small)
    assert wide.subtitle == "30 hari · 03:45:02"
    medium = layout_title_row(QRectF(0, 0, 560, 40), text, title, ["30 hari · 03:45:02", "03:45:02"], small)
    assert medium.subtitle == "03:45:02" and medium.title == text
    assert medium.subtitle_rect is not None and not medium.subtitle_rect.intersects(medium.title_rect)
    narrow = layout_title_row(QRectF(0, 0, 200, 40), text, title, ["30 hari · 03:45:02", "03:45:02"], small)
    assert narrow.subtitle_rect is None and narrow.title.endswith("…") and narrow.title_rect.width() <= 200


def test_value_axis_labels_never_overlap(qapp: object) -> None:
    axis = _AxisItem("left", {}, WallTexts())
    axis.min_tick_spacing_px = 38.0
    for size, top in ((60.0, 20.0), (120.0, 280.0), (400.0, 5000.0), (30.0, 3.0)):
        ((step, values),) = axis.tickValues(0.0, top, size)
        assert values and step >= 1 and float(step).is_integer()
        assert step / top * size >= 38.0 or len(values) == 1, (size, top, step)
