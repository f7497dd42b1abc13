"""Helpers of the tile tests: every tile kind with typical settings, and the strings a widget shows."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QGraphicsTextItem, QGraphicsView, QLabel, QWidget
from pytestqt.qtbot import QtBot

from wall.tiles.base import TileWidget
from wall.tiles.charts import ChartTileWidget
from wall.tiles.clock import ClockTileWidget
from wall.tiles.map import ComplaintMapTileWidget
from wall.tiles.network import KelurahanNetworkTileWidget
from wall.tiles.opd_board import OpdBoardTileWidget
from wall.tiles.text_image import ImageTileWidget, TextTileWidget
from wall.tiles.ticker import TickerTileWidget

TILES: tuple[tuple[str, type[TileWidget], dict[str, Any]], ...] = (
    ("map", ComplaintMapTileWidget, {}),
    ("map_category", ComplaintMapTileWidget, {"color_by": "category"}),
    ("opd_board", OpdBoardTileWidget, {}),
    ("chart_channels", ChartTileWidget, {"chart": "reports_per_channel"}),
    ("chart_calls112", ChartTileWidget, {"chart": "calls112"}),
    ("network", KelurahanNetworkTileWidget, {}),
    ("ticker", TickerTileWidget, {"source": "stats", "text": "Laporkan masalah kota di kios kelurahan"}),
    ("clock", ClockTileWidget, {}),
    ("text", TextTileWidget, {"text": "Selamat datang di Bale Sandi Maya"}),
    ("image", ImageTileWidget, {"path": "logo.png"}),
)

#: (output height, tile width, tile height): one cell of 3x3 and 2x2 on 1080p, the whole output, the
#: videotron (1152x576) and one of its cells.
MAP_SIZES = ((1080, 640, 360), (1080, 960, 540), (1080, 1280, 720), (1080, 1920, 1080), (576, 1152, 576),
             (576, 576, 288), (576, 384, 192))  # fmt: skip
#: Parametrizes a test with ``output_h``, ``width`` and ``height`` over :data:`MAP_SIZES`.
over_map_sizes = pytest.mark.parametrize(
    ("output_h", "width", "height"), MAP_SIZES, ids=[f"{w}x{h}@{o}" for o, w, h in MAP_SIZES]
)


def show_tile(qtbot: QtBot, tile: TileWidget, width: int, height: int) -> None:
    """Hand ``tile`` to qtbot (closed after the test), show it at ``width x height`` and paint it once."""
    qtbot.addWidget(tile)
    tile.resize(width, height)
    tile.show()
    tile.grab()


def collect_texts(widget: QWidget) -> list[str]:
    """Every string the widget shows: its recorded paint strings, labels and graphics-scene text items."""
    texts = list(getattr(widget, "rendered_texts", list)())
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel):
            texts.append(child.text())
        if isinstance(child, QGraphicsView) and child.scene() is not None:
            texts.extend(i.toPlainText() for i in child.scene().items() if isinstance(i, QGraphicsTextItem))
    return texts


def is_ready(tile: TileWidget) -> bool:
    """True when every snapshot the tile needs has arrived and it shows its content (not a state message)."""
    needed = getattr(tile, "needed_kinds", tuple)()
    if any(tile.snapshot(kind) is None for kind in needed):  # type: ignore[attr-defined]
        return False
    missing = getattr(tile, "missing_text", None)
    return missing is None or missing() is None
