"""Camera tiles against real streams on loopback: RTSP (GStreamer) and HTTP MJPEG servers.

Recovery after the server is killed and comes back (video again within 3 s of its return), a frozen stream
with the connection open (said within 2 s), a wrong URL, 0-byte and garbage streams (a clear state, no crash).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from common.layouts.cameras import CameraInfo
from common.video.mjpeg_server import MjpegServer, StreamMode
from tests.support.rtsp_server import RtspTestServer, require_available
from wall.camera_pool import CameraPool
from wall.tiles.base import TileContext
from wall.tiles.camera import CameraTileWidget
from wall.video_sources import thread_source_factory

pytestmark = [pytest.mark.timeout(60), pytest.mark.slow]


def _tile(qtbot: QtBot, pool: CameraPool, camera: str) -> CameraTileWidget:
    ctx = TileContext(privacy="internal", output_height_px=1080, output_width_px=1920,
                      clock=lambda: datetime.now(UTC), services={"cameras": pool})
    tile = CameraTileWidget({"camera": camera}, ctx)
    qtbot.addWidget(tile)
    tile.resize(480, 270)
    tile.show()
    tile.set_active(True)
    return tile


def _pool(urls: dict[str, str]) -> CameraPool:
    cams = {name: CameraInfo(name, True, url) for name, url in urls.items()}
    return CameraPool(cams, thread_source_factory(), linger_ms=0)


def _painted_after(tile: CameraTileWidget, moment: float) -> bool:
    frame = tile._frame
    return frame is not None and frame.captured_monotonic > moment and tile.status_text == ""


@pytest.fixture
def rtsp() -> Iterator[RtspTestServer]:
    require_available()
    with RtspTestServer(n_mounts=2) as server:
        yield server


@pytest.fixture
def mjpeg() -> Iterator[MjpegServer]:
    with MjpegServer(cameras=3, fps=15) as server:
        yield server


def test_rtsp_recovers_within_3s_of_the_server_return(qtbot: QtBot, rtsp: RtspTestServer) -> None:
    pool = _pool({"a": rtsp.url(0)})
    try:
        tile = _tile(qtbot, pool, "a")
        qtbot.waitUntil(lambda: _painted_after(tile, 0), timeout=10_000)
        rtsp.kill()
        qtbot.waitUntil(lambda: tile.status_text != "", timeout=4000)
        assert tile.status_text.startswith(("Tidak ada sinyal", "Gambar beku", "Menghubungkan"))
        qtbot.wait(2500)  # down for a while: the reconnect backoff grows
        rtsp.start()
        back = time.monotonic()
        qtbot.waitUntil(lambda: _painted_after(tile, back), timeout=3000)
        assert time.monotonic() - back < 3.0
    finally:
        pool.shutdown()


def test_rtsp_freeze_is_detected_within_2s(qtbot: QtBot, rtsp: RtspTestServer) -> None:
    pool = _pool({"a": rtsp.url(0), "b": rtsp.url(1)})
    try:
        frozen, healthy = _tile(qtbot, pool, "a"), _tile(qtbot, pool, "b")
        qtbot.waitUntil(lambda: _painted_after(frozen, 0) and _painted_after(healthy, 0), timeout=10_000)
        rtsp.freeze(0)
        qtbot.waitUntil(lambda: frozen.status_text.startswith("Gambar beku"), timeout=3000)
        assert frozen._frame is not None
        assert time.monotonic() - frozen._frame.captured_monotonic < 2.5  # 2 s watchdog + a display tick
        mark = time.monotonic()
        qtbot.waitUntil(lambda: _painted_after(healthy, mark), timeout=1000)  # the other camera never waited
        rtsp.unfreeze(0)
        thawed = time.monotonic()
        qtbot.waitUntil(lambda: _painted_after(frozen, thawed), timeout=6000)
    finally:
        pool.shutdown()


def test_mjpeg_server_stop_and_return(qtbot: QtBot, mjpeg: MjpegServer) -> None:
    pool = _pool({"a": mjpeg.url(0)})
    try:
        tile = _tile(qtbot, pool, "a")
        qtbot.waitUntil(lambda: _painted_after(tile, 0), timeout=10_000)
        mjpeg.stop()
        qtbot.waitUntil(lambda: tile.status_text != "", timeout=4000)
        qtbot.wait(2000)
        mjpeg.start()
        back = time.monotonic()
        qtbot.waitUntil(lambda: _painted_after(tile, back), timeout=3000)
    finally:
        pool.shutdown()


def test_mjpeg_freeze_with_open_connection(qtbot: QtBot, mjpeg: MjpegServer) -> None:
    pool = _pool({"a": mjpeg.url(1)})
    try:
        tile = _tile(qtbot, pool, "a")
        qtbot.waitUntil(lambda: _painted_after(tile, 0), timeout=10_000)
        mjpeg.set_mode(StreamMode.FREEZE, 1)
        qtbot.waitUntil(lambda: tile.status_text.startswith("Gambar beku"), timeout=3000)
        mjpeg.set_mode(StreamMode.NORMAL, 1)
        thawed = time.monotonic()
        qtbot.waitUntil(lambda: _painted_after(tile, thawed), timeout=6000)
    finally:
        pool.shutdown()


@pytest.mark.parametrize("mode", [StreamMode.ZERO_BYTE, StreamMode.GARBAGE])
def test_broken_streams_say_no_signal(qtbot: QtBot, mjpeg: MjpegServer, mode: StreamMode) -> None:
    mjpeg.set_mode(mode, 2)
    pool = _pool({"a": mjpeg.url(2)})
    try:
        tile = _tile(qtbot, pool, "a")
        qtbot.waitUntil(lambda: tile.status_text.startswith("Tidak ada sinyal"), timeout=8000)
        tile.grab()
        assert tile._frame is None
    finally:
        pool.shutdown()


def test_wrong_url_says_no_signal(qtbot: QtBot) -> None:
    pool = _pool({"a": "rtsp://127.0.0.1:9/tidak-ada", "b": "http://127.0.0.1:9/cam/0.mjpg"})
    try:
        tiles = [_tile(qtbot, pool, "a"), _tile(qtbot, pool, "b")]
        qtbot.waitUntil(lambda: all(t.status_text == "Tidak ada sinyal" for t in tiles), timeout=8000)
    finally:
        pool.shutdown()
