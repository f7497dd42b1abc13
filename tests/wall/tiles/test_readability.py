"""Readable from 5 m: on a 1080p output no tile draws text smaller than 27 px, whatever its size and in either
language (English words are often longer); text tiles draw citizen-like text literally (never as rich text)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.wall.tiles.helpers import TILES, is_ready
from wall.data.fake import FakeDashboardService
from wall.i18n import WallLang, WallTexts
from wall.tiles.base import TileContext
from wall.tiles.text_image import TextTileWidget

SIZES = ((1920, 1080), (960, 540), (640, 360), (1920, 160))


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(("name", "cls", "settings"), TILES, ids=[t[0] for t in TILES])
def test_no_font_below_the_minimum_on_1080p(
    qtbot: QtBot, make_ctx: Callable[..., TileContext], name: str, cls: type, settings: dict[str, object],
    lang: WallLang,
) -> None:
    ctx = make_ctx("internal", 1080, texts=WallTexts(lang), dashboard=FakeDashboardService())
    assert ctx.min_font_px == 27
    tile = cls(settings, ctx)
    qtbot.addWidget(tile)
    for width, height in SIZES:
        tile.resize(width, height)
        tile.show()
        assert is_ready(tile)
        tile.grab()
        sizes = tile.rendered_font_px()
        assert sizes or name == "image", f"{name} at {width}x{height} drew nothing"
        assert min(sizes, default=27) >= 27, f"{name} at {width}x{height}: {min(sizes)} px"
        assert all(label.font().pixelSize() >= 27 for label in tile.findChildren(QLabel))
    tile.shutdown()


@pytest.mark.parametrize("privacy", ["internal", "public"])
def test_text_is_drawn_literally(qtbot: QtBot, make_ctx: Callable[..., TileContext], privacy: str) -> None:
    markup = "<b>bold</b><script>alert(1)</script>"
    tile = TextTileWidget({"text": markup}, make_ctx(privacy, 1080))
    plain = TextTileWidget({"text": "bold"}, make_ctx(privacy, 1080))
    for t in (tile, plain):
        qtbot.addWidget(t)
        t.resize(1200, 400)
    first = tile.grab().toImage()
    assert tile.rendered_texts() == [markup]
    assert first != plain.grab().toImage()  # the tags are visible characters, not formatting
    assert not tile.findChildren(QLabel)
