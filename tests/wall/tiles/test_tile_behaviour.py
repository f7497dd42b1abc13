"""Behaviour of the dashboard tiles with fake snapshots: states, views, paging, scrolling, clock, image rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from common.queries.snapshots import OpdBoard, ReportPoint, ReportPoints, TickerStats
from tests.common.queries.rows import NOW
from wall.data.fake import FakeDashboardService, make_fake_snapshots
from wall.data.kinds import SnapshotKind
from wall.i18n import WallTexts
from wall.map.geometry import MapGeometry
from wall.tiles.base import TileContext
from wall.tiles.charts import ChartTileWidget
from wall.tiles.clock import ClockTileWidget, jam
from wall.tiles.map import ComplaintMapTileWidget
from wall.tiles.network import KelurahanNetworkTileWidget
from wall.tiles.opd_board import OpdBoardTileWidget, format_hours, row_level
from wall.tiles.text_image import ImageTileWidget
from wall.tiles.ticker import TickerTileWidget

DASHBOARD_TILES = (
    (ComplaintMapTileWidget, {}),
    (OpdBoardTileWidget, {}),
    (ChartTileWidget, {"chart": "calls112"}),
    (KelurahanNetworkTileWidget, {}),
    (TickerTileWidget, {"source": "stats"}),
)


@pytest.mark.parametrize(("cls", "settings"), DASHBOARD_TILES, ids=lambda v: getattr(v, "__name__", ""))
def test_without_a_service_a_tile_says_data_is_unavailable(
    qtbot: QtBot, make_ctx: Callable[..., TileContext], cls: type, settings: dict[str, object]
) -> None:
    tile = cls(settings, make_ctx("public", 1080))
    qtbot.addWidget(tile)
    tile.resize(960, 540)
    tile.grab()
    assert "Data tidak tersedia" in tile.rendered_texts()
    tile.shutdown()


def test_map_centres_on_a_kelurahan_and_applies_view_settings_in_place(
    qtbot: QtBot, make_ctx: Callable[..., TileContext]
) -> None:
    tile = ComplaintMapTileWidget({}, make_ctx("internal", 1080, dashboard=FakeDashboardService(NOW)))
    qtbot.addWidget(tile)
    tile.resize(1600, 900)
    whole = tile.grab().toImage()
    geometry = tile.snapshot(SnapshotKind.MAP_GEOMETRY)
    assert isinstance(geometry, MapGeometry)
    kel = geometry.kelurahan_by_kode("36.73.01.1003")
    assert kel is not None
    tile.centre_on("36.73.01.1003", zoom=3)
    focused = tile.grab().toImage()
    rect = tile._layout()[0]
    proj = tile._projection(geometry, rect)
    assert (proj.lng0, proj.lat0) == kel.centroid and focused != whole
    assert "Sumur Pecung" in tile.rendered_texts()
    assert tile.apply_settings({"focus": "36.73.01.1001", "color_by": "category"}) is True
    assert tile.apply_settings({"basemap_url": "http://127.0.0.1:9/{z}/{x}/{y}.png"}) is False
    tile.centre_on(None)
    assert tile._projection(geometry, rect).scale < proj.scale
    tile.shutdown()


def test_map_points_follow_the_days_setting(qtbot: QtBot, make_ctx: Callable[..., TileContext]) -> None:
    tile = ComplaintMapTileWidget({"days": 1}, make_ctx("public", 1080, dashboard=FakeDashboardService(NOW)))
    qtbot.addWidget(tile)
    assert tile._points and all((NOW - p.received_at).days < 1 for p in tile._points)
    tile.shutdown()


def test_map_thins_points_to_what_its_size_can_show(qtbot: QtBot, make_ctx: Callable[..., TileContext]) -> None:
    """A busy month on a small map is one point per few marker widths; a larger map shows more of them."""
    drawn = {}
    for width, height in ((576, 288), (1920, 1080)):
        tile = ComplaintMapTileWidget({"days": 30}, make_ctx("internal", 1080, dashboard=FakeDashboardService(NOW)))
        qtbot.addWidget(tile)
        tile.resize(width, height)
        tile.grab()
        assert len(tile._points) > 200
        drawn[width] = tile.points_drawn
        tile.shutdown()
    assert 0 < drawn[576] < drawn[1920] <= len(tile._points)
    assert drawn[576] < len(tile._points) / 2


def _board_with_rows(n: int) -> OpdBoard:
    board = make_fake_snapshots(True, NOW)[SnapshotKind.OPD_BOARD]
    assert isinstance(board, OpdBoard)
    rows = tuple(replace(board.rows[i % len(board.rows)], singkatan=f"OPD {i:02d}") for i in range(n))
    return replace(board, rows=rows)


def test_board_pages_through_rows_that_do_not_fit(qtbot: QtBot, make_ctx: Callable[..., TileContext]) -> None:
    service = FakeDashboardService(NOW)
    service.publish("public", SnapshotKind.OPD_BOARD, _board_with_rows(30))
    tile = OpdBoardTileWidget({"page_seconds": 1}, make_ctx("public", 1080, dashboard=service))
    qtbot.addWidget(tile)
    tile.resize(1920, 1080)
    tile.show()
    tile.grab()
    first = [t for t in tile.rendered_texts() if t.startswith("OPD ")]
    assert "OPD 00" in first and "OPD 29" not in first
    pages = tile._pager.pages
    assert pages >= 2 and any(t.startswith(f"1/{pages}") for t in tile.rendered_texts())
    with qtbot.waitSignal(tile._pager.page_changed, timeout=3000):
        pass
    tile.grab()
    assert next(t for t in tile.rendered_texts() if t.startswith("OPD ")) != first[0]
    tile.shutdown()


def test_board_traffic_light_and_formats() -> None:
    board = _board_with_rows(3)
    row = replace(board.rows[0], open=10, overdue=3)
    words = WallTexts()  # the board's words in the default language
    assert words.t(row_level(row, 0.1, 0.25).key) == "KRITIS"
    assert words.t(row_level(replace(row, overdue=1), 0.1, 0.25).key) == "WASPADA"
    assert words.t(row_level(replace(row, overdue=0), 0.1, 0.25).key) == "AMAN"
    assert words.t(row_level(replace(row, open=0, overdue=0), 0.1, 0.25).key) == "AMAN"
    assert [format_hours(h, words) for h in (None, 0.5, 13.4, 60)] == ["–", "30 mnt", "13 j", "2,5 hr"]


def test_network_shows_offline_first_with_last_heartbeat(
    qtbot: QtBot, make_ctx: Callable[..., TileContext]
) -> None:
    tile = KelurahanNetworkTileWidget({}, make_ctx("public", 1080, dashboard=FakeDashboardService(NOW)))
    qtbot.addWidget(tile)
    tile.resize(1920, 1080)
    tile.grab()
    texts = tile.rendered_texts()
    words = [t for t in texts if t in ("ONLINE", "OFFLINE") or t.startswith("SEBAGIAN")]
    assert words[0] == "OFFLINE" and "ONLINE" in words
    assert words.index("ONLINE") > max(i for i, w in enumerate(words) if w == "OFFLINE")
    assert any(t.startswith("terakhir ") for t in texts)
    tile.shutdown()


def test_ticker_scrolls_by_elapsed_time_and_queues_new_text(
    qtbot: QtBot, make_ctx: Callable[..., TileContext]
) -> None:
    service = FakeDashboardService(NOW)
    tile = TickerTileWidget(
        {"source": "stats", "speed_px_s": 300}, make_ctx("public", 576, dashboard=service)
    )
    qtbot.addWidget(tile)
    tile.resize(1152, 80)
    tile.show()
    qtbot.waitUntil(lambda: bool(tile._copies), timeout=2000)
    first_text = tile._copies[0][0]
    start = tile._x
    qtbot.wait(500)
    moved = start - tile._x
    assert 60 < moved < 300  # ~150 px in 0.5 s at 300 px/s, whatever the frame rate
    stats = make_fake_snapshots(True, NOW)[SnapshotKind.TICKER_STATS]
    assert isinstance(stats, TickerStats)
    service.publish("public", SnapshotKind.TICKER_STATS, replace(stats, reports_today=999))
    qtbot.wait(50)
    assert tile._copies[0][0] == first_text  # what is on screen is never replaced
    assert "Aduan masuk hari ini: 999" in tile.text()
    tile.set_active(False)
    parked = tile._x
    qtbot.wait(100)
    assert tile._x == parked  # hidden: no frames
    tile.shutdown()


def test_clock_in_wib_with_indonesian_names(qtbot: QtBot) -> None:
    assert (WallTexts().long_date(NOW), jam(NOW)) == ("Rabu, 11 Maret 2026", "12:00:00")
    new_year = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)
    assert (WallTexts().long_date(new_year), jam(new_year, seconds=False)) == ("Jumat, 1 Januari 2027", "00:30")
    ctx = TileContext(privacy="public", output_height_px=1080, clock=lambda: NOW)
    tile = ClockTileWidget({}, ctx)
    qtbot.addWidget(tile)
    tile.resize(800, 300)
    tile.grab()
    assert tile.rendered_texts() == ["12:00:00 WIB", "Rabu, 11 Maret 2026"]
    tile.shutdown()


def test_public_images_only_from_the_assets_folder(
    qtbot: QtBot, make_ctx: Callable[..., TileContext], tmp_path: Path
) -> None:
    outside = tmp_path / "uploads" / "photo.png"
    outside.parent.mkdir()
    (Path(make_ctx().services["config"].assets_path()) / "logo.png").replace(outside)
    public = ImageTileWidget({"path": str(outside)}, make_ctx("public"))
    internal = ImageTileWidget({"path": str(outside)}, make_ctx("internal"))
    sneaky = ImageTileWidget({"path": "../uploads/photo.png"}, make_ctx("public"))
    for tile in (public, internal, sneaky):
        qtbot.addWidget(tile)
        tile.resize(400, 300)
        tile.grab()
    assert public.missing_text() == "Gambar ini tidak boleh tampil di layar publik"
    assert sneaky.missing_text() == "Gambar ini tidak boleh tampil di layar publik"
    assert internal.missing_text() is None
    missing = ImageTileWidget({"path": "nope.png"}, make_ctx("public"))
    qtbot.addWidget(missing)
    assert missing.missing_text() == "Gambar tidak tersedia"


def test_chart_settings(qtbot: QtBot, make_ctx: Callable[..., TileContext]) -> None:
    tile = ChartTileWidget(
        {"chart": "calls112"}, make_ctx("public", 1080, dashboard=FakeDashboardService(NOW))
    )
    qtbot.addWidget(tile)
    tile.resize(1280, 720)
    tile.show()
    tile.grab()
    texts = tile.rendered_texts()
    assert any(t.startswith("Nyata: ") for t in texts) and any(t.startswith("Prank: ") for t in texts)
    assert any("/" in t for t in texts)  # date ticks
    assert tile.apply_settings({"chart": "calls112", "title": "112"}) is True
    assert tile.apply_settings({"chart": "reports_per_channel"}) is False
    tile.shutdown()


def test_map_days_select_their_own_points_snapshot(
    qtbot: QtBot, make_ctx: Callable[..., TileContext]
) -> None:
    service = FakeDashboardService(NOW)
    tile = ComplaintMapTileWidget({"days": 7}, make_ctx("public", 1080, dashboard=service))
    qtbot.addWidget(tile)
    channel = service.channel("public")
    assert "report_points@7" in channel.subscribed_kinds()
    seven = len(tile._points)
    assert tile.apply_settings({"days": 30}) is True
    assert (
        "report_points@30" in channel.subscribed_kinds()
        and "report_points@7" not in channel.subscribed_kinds()
    )
    assert len(tile._points) > seven
    tile.shutdown()
    assert channel.subscribed_kinds() == []


def test_map_redraws_its_points_only_when_they_change_or_a_fresh_one_ages(
    qtbot: QtBot, make_ctx: Callable[..., TileContext]
) -> None:
    """Every poll brings a new snapshot (new ``since`` and time); redrawing 2,000 points for it each second stalled
    the wall's event loop (the videotron's ticker jerked)."""
    service = FakeDashboardService(NOW)
    tile = ComplaintMapTileWidget({}, make_ctx("public", 1080, dashboard=service))
    qtbot.addWidget(tile)
    tile.resize(960, 540)
    snap = tile.snapshot(tile.points_kind)
    assert isinstance(snap, ReportPoints)
    older = tuple(p for p in snap.points if NOW - p.received_at > timedelta(hours=2))
    fresh = replace(older[0], received_at=NOW - timedelta(minutes=20))  # the only fresh one: ages at NOW + 40 min
    snap = replace(snap, points=(fresh, *older[1:]))
    service.publish("public", tile.points_kind, snap)
    tile.grab()
    layer = tile._points_layer

    def poll(at: datetime, points: tuple[ReportPoint, ...] = snap.points) -> None:
        service.publish("public", tile.points_kind, replace(snap, since=at - timedelta(days=7), generated_at=at,
                                                            points=points))
        tile.grab()

    poll(NOW + timedelta(seconds=1))
    poll(NOW + timedelta(minutes=39))
    assert tile._points_layer is layer  # the same points: nothing redrawn
    poll(NOW + timedelta(minutes=40, seconds=1))
    assert tile._points_layer is not layer  # the fresh report aged: the thinning may choose differently now
    layer = tile._points_layer
    poll(NOW + timedelta(minutes=41))
    assert tile._points_layer is layer
    poll(NOW + timedelta(minutes=42), points=snap.points[1:])
    assert tile._points_layer is not layer  # a report left: redrawn
    tile.shutdown()


def test_parameterised_kinds_are_checked() -> None:
    from wall.data.kinds import SnapshotComputers, points_kind

    computers = SnapshotComputers()
    assert points_kind(500) == "report_points@90" and points_kind(0) == "report_points@1"
    assert computers.get("report_points@30") is not None
    for bad in ("report_points@abc", "report_points@0", "report_points@007", "opd_board@1", "nope"):
        assert computers.get(bad) is None
