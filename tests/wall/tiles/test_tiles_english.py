"""Every tile kind in English: the English words are drawn, no Indonesian ones and no raw text keys; names and
content stay as they are; the map legend still fits; nothing drawn is wider than its tile."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF
from pytestqt.qtbot import QtBot

from common.video.base import CaptureState
from tests.common.queries.rows import NOW
from tests.wall.fakes import FakeSourceFactory
from tests.wall.tiles.helpers import collect_texts, is_ready, over_map_sizes, show_tile
from wall.camera_pool import CameraPool
from wall.data.fake import FakeDashboardService
from wall.i18n import WallLang, WallTexts, known_keys
from wall.tiles._style import font_px
from wall.tiles.base import TileContext, TileWidget
from wall.tiles.camera import CameraTileWidget
from wall.tiles.charts import CHANNEL_STYLES, ChartTileWidget
from wall.tiles.clock import ClockTileWidget
from wall.tiles.map import ComplaintMapTileWidget
from wall.tiles.network import KelurahanNetworkTileWidget
from wall.tiles.opd_board import OpdBoardTileWidget
from wall.tiles.registry import PlaceholderTileWidget, TileRegistry
from wall.tiles.sequence import SequenceTileWidget
from wall.tiles.text_image import ImageTileWidget, TextTileWidget
from wall.tiles.ticker import TickerTileWidget

EN = WallTexts("en")
#: Words of the wall's own Indonesian texts that must not appear on an English wall (whole words; not "Baru":
#: kelurahan Kota Baru keeps its name).
INDONESIAN = re.compile(
    r"\b(Aduan|aduan|Terbuka|terbuka|Terlambat|terlambat|hari|Hari|antrian|terakhir|bermasalah|Tidak|tidak|"
    r"Belum|belum|Memuat|Selesai|Nyata|Kanal|Peta|diperbarui|Kios|Indeks|AMAN|KRITIS|WASPADA|SEBAGIAN|Laporan|"
    r"Panggilan|Diproses|Lokasi|tingkat|Kamera|Gambar|Teks|diam|mnt|Rabu|Maret|Situs|Baik|Respons|"
    r"Infrastruktur|Lingkungan|Transportasi|Sosial)\b"
)
KEY_LIKE = re.compile(r"^[a-z_0-9]+(\.[a-z_0-9]+)+$")

#: (name, class, settings, English texts that must be drawn, English prefixes some drawn text must start with)
ENGLISH_TILES: tuple[tuple[str, type[TileWidget], dict[str, Any], tuple[str, ...], tuple[str, ...]], ...] = (
    ("map", ComplaintMapTileWidget, {},
     ("Citizen Complaints Map", "Open complaints / kelurahan", "Complaints, last 7 days", "New", "In progress",
      "Overdue", "Resolved/closed", "Kelurahan-level location"), ("Open ", "updated ")),
    ("map_category", ComplaintMapTileWidget, {"color_by": "category"},
     ("Infrastructure", "Environment", "Transport", "Public services"), ("Open ",)),
    ("opd_board", OpdBoardTileWidget, {},
     ("OPD Follow-up Status", "Status", "Open", "Overdue", "Resolved 30 d", "Response", "SKM"), ()),
    ("chart_channels", ChartTileWidget, {"chart": "reports_per_channel"},
     ("Reports per Channel per Day",), ("Kelurahan kiosk: ", "Social media: ", "30 days · ")),
    ("chart_calls112", ChartTileWidget, {"chart": "calls112"},
     ("Siaga 112 Calls per Day",), ("Real: ", "Prank: ", "Ghost (silent): ")),
    ("network", KelurahanNetworkTileWidget, {}, ("Kelurahan Kiosks", "OFFLINE", "ONLINE"), ("queue ", "last ")),
    ("ticker", TickerTileWidget, {"source": "stats"}, (), ("Complaints received today: 37",)),
    ("clock", ClockTileWidget, {}, ("12:00:00 WIB", "Wednesday, 11 March 2026"), ()),
    ("text", TextTileWidget, {"text": "Bale Sandi Maya"}, ("Bale Sandi Maya",), ()),
)


def _english_problems(texts: list[str]) -> list[str]:
    """Drawn strings that hold an Indonesian word of the wall's own or look like a text key."""
    return [t for t in texts if INDONESIAN.search(t) or KEY_LIKE.match(t)]


@pytest.mark.parametrize(("name", "cls", "settings", "words", "prefixes"), ENGLISH_TILES,
                         ids=[t[0] for t in ENGLISH_TILES])
@pytest.mark.parametrize("size", [(1920, 1080), (640, 360)], ids=["whole", "cell3x3"])
def test_every_tile_speaks_english(
    qtbot: QtBot, make_ctx: Callable[..., TileContext], name: str, cls: type[TileWidget],
    settings: dict[str, Any], words: tuple[str, ...], prefixes: tuple[str, ...], size: tuple[int, int],
) -> None:
    tile = cls(settings, make_ctx("internal", 1080, texts=EN, dashboard=FakeDashboardService(NOW)))
    show_tile(qtbot, tile, *size)
    assert is_ready(tile)
    texts = collect_texts(tile)
    assert _english_problems(texts) == []
    if size == (1920, 1080):  # a small cell shows fewer words (compact legend, fewer columns): all of them here
        assert [w for w in words if w not in texts] == []
        assert [p for p in prefixes if not any(t.startswith(p) for t in texts)] == []
    tile.shutdown()


#: The tiles whose strings each stay on one line (the ticker scrolls, the text tile wraps its own words).
ONE_LINE_TILES = [t[:3] for t in ENGLISH_TILES if t[1] not in (TickerTileWidget, TextTileWidget)]


@pytest.mark.parametrize(("name", "cls", "settings"), ONE_LINE_TILES, ids=[t[0] for t in ONE_LINE_TILES])
def test_english_text_is_never_wider_than_its_tile(
    qtbot: QtBot, make_ctx: Callable[..., TileContext], name: str, cls: type[TileWidget], settings: dict[str, Any]
) -> None:
    """English words are longer than Indonesian ones in places: in a cell of a 3x3 layout every string drawn
    still fits the tile's width."""
    ctx = make_ctx("internal", 1080, texts=EN, dashboard=FakeDashboardService(NOW))
    tile = cls(settings, ctx)
    show_tile(qtbot, tile, 640, 360)
    drawn = zip(tile.rendered_texts(), tile.rendered_font_px(), strict=False)  # type: ignore[attr-defined]
    # Measured in bold (the wider of the two styles a tile uses), so a pass is not luck of the style.
    too_wide = [(text, px) for text, px in drawn
                if QFontMetricsF(font_px(ctx.min_font_px, px, bold=True)).horizontalAdvance(text) > tile.width()]
    assert too_wide == []
    tile.shutdown()


@over_map_sizes
def test_english_map_legend_fits(
    qtbot: QtBot, make_ctx: Callable[..., TileContext], output_h: int, width: int, height: int
) -> None:
    tile = ComplaintMapTileWidget({}, make_ctx("internal", output_h, texts=EN, dashboard=FakeDashboardService()))
    show_tile(qtbot, tile, width, height)
    city, legend, whole = tile.city_rect(), tile.legend_rect(), QRectF(tile.rect())
    assert whole.contains(city) and whole.contains(legend) and not legend.intersects(city)
    assert city.width() >= 0.6 * width or city.height() >= 0.6 * height
    assert any(t.startswith("Open ") for t in tile.rendered_texts()), "the open total is always shown"
    assert _english_problems(tile.rendered_texts()) == []
    tile.shutdown()


def test_states_and_figures_in_english(qtbot: QtBot, make_ctx: Callable[..., TileContext]) -> None:
    no_service = OpdBoardTileWidget({}, make_ctx("internal", 1080, texts=EN))
    empty_text = TextTileWidget({"text": "  "}, make_ctx("internal", 1080, texts=EN))
    refused = ImageTileWidget({"path": "/elsewhere/photo.png"}, make_ctx("public", 1080, texts=EN))
    missing = ImageTileWidget({"path": "nope.png"}, make_ctx("internal", 1080, texts=EN))
    ticker = TickerTileWidget({"source": "stats"}, make_ctx("public", 1080, texts=EN,
                                                            dashboard=FakeDashboardService(NOW)))
    for tile in (no_service, empty_text, refused, missing, ticker):
        qtbot.addWidget(tile)
        tile.resize(800, 300)
        tile.grab()
    assert no_service.rendered_texts() == ["OPD Follow-up Status", "No data available"]
    assert empty_text.rendered_texts() == ["Text", "Empty text"]
    assert refused.missing_text() == "This image may not be shown on a public screen"
    assert missing.missing_text() == "Image not available"
    assert "Citizen Satisfaction Index: 81.42 (B, Good)" in ticker.text()  # English decimal point and grade
    for tile in (no_service, empty_text, refused, missing, ticker):
        tile.shutdown()


def test_placeholder_in_english(qtbot: QtBot, make_ctx: Callable[..., TileContext]) -> None:
    registry = TileRegistry()
    tile = registry.create("hologram", {}, make_ctx("internal", 1080, texts=EN))
    qtbot.addWidget(tile)
    assert isinstance(tile, PlaceholderTileWidget) and tile.message == "Unknown tile kind: 'hologram'"
    indonesian = registry.create("hologram", {}, make_ctx("internal", 1080))  # the same registry, another output
    qtbot.addWidget(indonesian)
    assert isinstance(indonesian, PlaceholderTileWidget)
    assert indonesian.message == "Jenis ubin tidak dikenal: 'hologram'"


# -- camera tiles -------------------------------------------------------------------------------------------

def _camera_ctx(pool: CameraPool | None, privacy: str = "internal") -> TileContext:
    services = {"cameras": pool} if pool is not None else {}
    return TileContext(privacy=privacy, output_height_px=1080, output_width_px=1920,  # type: ignore[arg-type]
                       clock=lambda: datetime(2026, 11, 25, 5, 0, tzinfo=UTC), services=services, texts=EN)


def _camera(qtbot: QtBot, cls: type[CameraTileWidget], settings: dict[str, Any], ctx: TileContext
            ) -> CameraTileWidget:
    tile = cls(settings, ctx)
    qtbot.addWidget(tile)
    tile.resize(480, 270)
    tile.show()
    tile.set_active(True)
    return tile


def test_camera_states_in_english(qtbot: QtBot, pool: CameraPool, factory: FakeSourceFactory) -> None:
    tile = _camera(qtbot, CameraTileWidget, {"camera": "a"}, _camera_ctx(pool))
    assert tile.status_text == "Connecting…"
    source = factory.made[0]
    source.set_state(CaptureState.NO_SIGNAL, last=datetime(2026, 11, 25, 3, 4, 5, tzinfo=UTC))
    qtbot.waitUntil(lambda: tile.status_text == "No signal since 10:04:05")
    assert tile.status_text is tile.status_text  # formatted once, not at every look
    source.set_state(CaptureState.STALLED)
    qtbot.waitUntil(lambda: tile.status_text == "Picture frozen — reconnecting")
    tile.grab()
    assert "Picture frozen — reconnecting" in [t for t, _ in tile.text_log.entries]
    tile.shutdown()


def test_camera_refusals_in_english(qtbot: QtBot, pool: CameraPool) -> None:
    private = _camera(qtbot, CameraTileWidget, {"camera": "privat"}, _camera_ctx(pool, "public"))
    unknown = _camera(qtbot, CameraTileWidget, {"camera": "zzz"}, _camera_ctx(pool))
    nothing = _camera(qtbot, SequenceTileWidget, {"cameras": []}, _camera_ctx(pool))
    no_pool = _camera(qtbot, CameraTileWidget, {"camera": "a"}, _camera_ctx(None))
    assert private.status_text == "Camera not for public display"
    assert unknown.status_text == "Unknown camera: zzz"
    assert nothing.status_text == "No camera chosen"
    assert no_pool.status_text == "Camera service unavailable"
    for tile in (private, unknown, nothing, no_pool):
        tile.grab()
        assert _english_problems([t for t, _ in tile.text_log.entries]) == []
        tile.shutdown()


def test_every_key_looks_like_a_key() -> None:
    """The raw-key check above relies on keys looking like ``a.b``: make sure every key does."""
    assert all(KEY_LIKE.match(key) for key in known_keys())


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", [(640, 360), (960, 540), (1152, 288)])
def test_chart_legend_shows_every_channel(
    qtbot: QtBot, make_ctx: Callable[..., TileContext], lang: WallLang, size: tuple[int, int]
) -> None:
    """Seen on the English tv-1: the legend wrapped into one row more than the header had room for, and the
    last channel (Open311) was cut off. Every swatch colour must be on screen, above the plot."""
    tile = ChartTileWidget({"chart": "reports_per_channel"},
                           make_ctx("internal", 1080, texts=WallTexts(lang), dashboard=FakeDashboardService(NOW)))
    qtbot.addWidget(tile)
    tile.resize(*size)
    tile.show()
    image = tile.grab().toImage()
    header_h = tile._header.height()
    shown = {QColor(image.pixel(x, y)).name() for y in range(header_h) for x in range(0, image.width(), 2)}
    assert [c for _, _, c in CHANNEL_STYLES if c not in shown] == []
    tile.shutdown()
