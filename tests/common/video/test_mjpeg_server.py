"""The generated-camera MJPEG server (demo and test source), spoken to over raw HTTP."""

from __future__ import annotations

import socket
import threading
import time
from datetime import UTC, datetime

import cv2
import numpy as np
import pytest

from common.video.demo_scenes import DemoCamera, SceneRenderer
from common.video.mjpeg_server import MjpegServer, StreamMode


def _get(server: MjpegServer, path: str, timeout: float = 3.0) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=timeout)
    sock.sendall(f"GET {path} HTTP/1.0\r\nHost: x\r\n\r\n".encode())
    return sock


def _read(sock: socket.socket, at_least: int, timeout: float = 3.0) -> bytes:
    data = b""
    deadline = time.monotonic() + timeout
    while len(data) < at_least and time.monotonic() < deadline:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


@pytest.mark.timeout(20)
def test_stream_is_multipart_jpeg_at_the_frame_rate(mjpeg_server: MjpegServer) -> None:
    with _get(mjpeg_server, "/cam/0.mjpg") as sock:
        data = _read(sock, 200_000)
    head, _, body = data.partition(b"\r\n\r\n")
    assert b"200" in head.splitlines()[0] and b"multipart/x-mixed-replace; boundary=frame" in head
    parts = body.split(b"--frame\r\n")[1:]
    assert len(parts) >= 3
    jpeg = parts[1].partition(b"\r\n\r\n")[2].rstrip(b"\r\n")
    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None and image.shape == (360, 640, 3)


@pytest.mark.timeout(20)
def test_unknown_paths_are_404_and_index_lists_cameras(mjpeg_server: MjpegServer) -> None:
    for path in ("/cam/99.mjpg", "/other"):
        with _get(mjpeg_server, path) as sock:
            assert b" 404 " in _read(sock, 20).splitlines()[0]
    with _get(mjpeg_server, "/") as sock:
        page = _read(sock, 10_000)
    assert page.count(b"<img") == 3
    with _get(mjpeg_server, "/cam/1.jpg") as sock:
        assert b"image/jpeg" in _read(sock, 10_000)


@pytest.mark.timeout(20)
def test_test_modes_zero_byte_garbage_freeze_and_drop(mjpeg_server: MjpegServer) -> None:
    mjpeg_server.set_mode(StreamMode.ZERO_BYTE, camera=0)
    with _get(mjpeg_server, "/cam/0.mjpg") as sock:
        assert sock.recv(100) == b""
    mjpeg_server.set_mode(StreamMode.GARBAGE, camera=1)
    with _get(mjpeg_server, "/cam/1.mjpg") as sock:
        body = _read(sock, 20_000).partition(b"\r\n\r\n")[2]
        assert len(body) > 4096 and b"--frame" not in body
    mjpeg_server.set_mode(StreamMode.FREEZE, camera=2)
    with _get(mjpeg_server, "/cam/2.mjpg", timeout=0.6) as sock:
        _read(sock, 10)  # the header
        with pytest.raises(TimeoutError):
            sock.recv(100)  # connection open, nothing sent
        mjpeg_server.set_mode(StreamMode.NORMAL)
        sock.settimeout(3)
        assert b"--frame" in _read(sock, 30_000)
        assert mjpeg_server.connection_count == 1
        mjpeg_server.drop_connections()
        dropped = time.monotonic()
        _read(sock, 10_000_000, timeout=3)  # EOF; a connection left open would raise TimeoutError
        assert time.monotonic() - dropped < 2.0


@pytest.mark.timeout(20)
def test_stop_restart_same_port_and_no_threads_left() -> None:
    threads = set(threading.enumerate())
    server = MjpegServer(cameras=1)
    server.start()
    port = server.port
    viewer = _get(server, "/cam/0.mjpg")
    assert _read(viewer, 1000)
    server.restart()
    assert server.port == port
    with _get(server, "/cam/0.mjpg") as sock:
        assert b"--frame" in _read(sock, 30_000)
    server.stop()
    viewer.close()
    assert set(threading.enumerate()) - threads == set()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1)


@pytest.mark.timeout(20)
@pytest.mark.parametrize("index", [0, 1, 2])
def test_demo_scenes_move_and_carry_the_overlay(index: int) -> None:
    renderer = SceneRenderer(DemoCamera.of(index), (640, 360), 15)
    wall = datetime(2025, 1, 1, 1, 2, 3, tzinfo=UTC)
    first, later = renderer.render(0, wall), renderer.render(30, wall)
    assert first.shape == (360, 640, 3) and first.dtype == np.uint8
    assert np.abs(first[40:300].astype(int) - later[40:300]).sum() > 0  # something moves
    badge = first[8:30, 8:68].reshape(-1, 3).mean(axis=0)
    assert badge[2] > 150 and badge[0] < 120  # the red DEMO badge (BGR)
    assert DemoCamera.of(index).name.startswith(f"CAM-{index + 1:02d} ")
    assert DemoCamera.of(index + 16).name.endswith("#2")  # names repeat with a suffix after the sixteen


def test_sub_stream_is_half_size_and_unknown_size_is_404(mjpeg_server: MjpegServer) -> None:
    import urllib.error
    import urllib.request

    import cv2
    import numpy as np

    base = mjpeg_server.url(1).replace(".mjpg", ".jpg")
    main = cv2.imdecode(np.frombuffer(urllib.request.urlopen(base, timeout=5).read(), np.uint8), 1)
    sub_bytes = urllib.request.urlopen(base + "?size=sub", timeout=5).read()
    sub = cv2.imdecode(np.frombuffer(sub_bytes, np.uint8), 1)
    assert (sub.shape[1] * 2, sub.shape[0] * 2) == (main.shape[1], main.shape[0])
    try:
        urllib.request.urlopen(base + "?size=huge", timeout=5)
    except urllib.error.HTTPError as err:
        assert err.code == 404
    else:
        raise AssertionError("unknown size served")
