"""Optional basemaps under the complaint map: an MBTiles file and an XYZ server (cached on disk, then offline)."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from tests.common.queries.rows import NOW
from wall.data.fake import FakeDashboardService
from wall.map.basemap import tile_bounds, tiles_covering, zoom_for
from wall.tiles.base import TileContext
from wall.tiles.map import ComplaintMapTileWidget

CITY = (106.0, -6.3, 106.35, -5.95)  # a margin around Kota Serang


def _png(color: str) -> bytes:
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def _corner_color(tile: ComplaintMapTileWidget) -> QColor:
    """The colour just inside the map area's top-left corner (outside the city: only the basemap is there)."""
    rect = tile._layout()[0]
    return tile.grab().toImage().pixelColor(int(rect.left()) + 6, int(rect.top()) + 6)


def _map(qtbot: QtBot, ctx: TileContext, settings: dict[str, str]) -> ComplaintMapTileWidget:
    tile = ComplaintMapTileWidget(settings, ctx)
    qtbot.addWidget(tile)
    tile.resize(1280, 720)
    tile.show()
    tile.grab()  # the first paint asks for the tiles it needs
    return tile


def test_tile_math_round_trips() -> None:
    keys = tiles_covering(CITY, 12)
    assert keys and all(z == 12 for z, _, _ in keys)
    west, south, east, north = tile_bounds(*keys[0])
    assert west < east and south < north
    assert zoom_for(2**12 * 256 / 360) == 12


def test_map_draws_an_mbtiles_basemap(
    qtbot: QtBot, make_ctx: Callable[..., TileContext], tmp_path: Path
) -> None:
    path = tmp_path / "serang.mbtiles"
    tile_png = _png("#ff00ff")
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        db.execute("CREATE TABLE tiles (zoom_level INT, tile_column INT, tile_row INT, tile_data BLOB)")
        db.executemany(
            "INSERT INTO metadata VALUES (?, ?)", [("minzoom", "9"), ("maxzoom", "15"), ("format", "png")]
        )
        for z in range(9, 16):
            db.executemany(
                "INSERT INTO tiles VALUES (?, ?, ?, ?)",
                [(z, x, 2**z - 1 - y, tile_png) for _, x, y in tiles_covering(CITY, z)],  # TMS rows
            )
        db.commit()
    ctx = make_ctx("public", 1080, dashboard=FakeDashboardService(NOW))
    tile = _map(qtbot, ctx, {"basemap_mbtiles": str(path)})
    qtbot.waitUntil(lambda: _corner_color(tile).name() == "#ff00ff", timeout=5000)
    tile.shutdown()


class _TileServer:
    """A loopback XYZ tile server counting its requests."""

    def __init__(self, color: str) -> None:
        png = _png(color)
        self.requests: list[str] = []
        requests = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(png)))
                self.end_headers()
                self.wfile.write(png)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="tile-server", daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def tile_server() -> Iterator[_TileServer]:
    server = _TileServer("#00ffff")
    yield server
    server.close()


def test_map_fetches_xyz_tiles_caches_them_and_works_offline(
    qtbot: QtBot, make_ctx: Callable[..., TileContext], tile_server: _TileServer, tmp_path: Path
) -> None:
    settings = {"basemap_url": tile_server.url, "tile_cache_dir": str(tmp_path / "cache")}
    ctx = make_ctx("internal", 1080, dashboard=FakeDashboardService(NOW))
    tile = _map(qtbot, ctx, settings)
    qtbot.waitUntil(lambda: _corner_color(tile).name() == "#00ffff", timeout=5000)
    tile.shutdown()
    assert tile_server.requests and all(r.endswith(".png") for r in tile_server.requests)
    cached = list((tmp_path / "cache").rglob("*.tile"))
    assert len(cached) == len(set(tile_server.requests))

    tile_server.close()  # the city network is down: the cache still serves
    before = len(tile_server.requests)
    offline = _map(qtbot, ctx, settings)
    qtbot.waitUntil(lambda: _corner_color(offline).name() == "#00ffff", timeout=5000)
    assert len(tile_server.requests) == before
    offline.shutdown()


def test_map_without_a_reachable_server_still_draws(
    qtbot: QtBot, make_ctx: Callable[..., TileContext], tmp_path: Path
) -> None:
    settings = {"basemap_url": "http://127.0.0.1:9/{z}/{x}/{y}.png", "tile_cache_dir": str(tmp_path / "c")}
    tile = _map(qtbot, make_ctx("public", 1080, dashboard=FakeDashboardService(NOW)), settings)
    qtbot.wait(300)
    assert "KASEMEN" in tile.rendered_texts()
    tile.shutdown()
