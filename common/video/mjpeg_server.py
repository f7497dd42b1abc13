"""HTTP MJPEG server with generated camera pictures: the demo's cameras and the tests' stream source.

``python -m common.video.mjpeg_server --port 8554 --cameras 16`` serves ``/cam/<n>.mjpg``
(``multipart/x-mixed-replace``), ``/cam/<n>.jpg`` (one picture) and an index page at ``/``.
Pure Python + OpenCV, no system packages. Frames are rendered lazily, once per tick per camera,
whatever the number of viewers. Test controls: per-camera ``StreamMode`` (freeze, garbage,
zero-byte), ``drop_connections()``, ``stop()`` / ``restart()`` on the same port.
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import os
import re
import signal
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

import cv2

from common.video.demo_scenes import DemoCamera, Image, SceneRenderer

_PATH = re.compile(r"^/cam/(\d+)\.(mjpg|jpg)(?:\?size=(main|sub))?$")
_BOUNDARY = "frame"


class StreamMode(enum.StrEnum):
    """Behaviour of a camera's stream. FREEZE keeps connections open but sends nothing; GARBAGE sends
    a valid HTTP header then random bytes; ZERO_BYTE closes every request without sending a byte."""

    NORMAL = "normal"
    FREEZE = "freeze"
    GARBAGE = "garbage"
    ZERO_BYTE = "zero_byte"


class _Feed:
    """One camera: renders and encodes each tick at most once, shared by all its viewers."""

    def __init__(self, renderer: SceneRenderer, quality: int) -> None:
        self.renderer = renderer
        self.mode = StreamMode.NORMAL
        self._quality = quality
        self._lock = threading.Lock()
        self._tick = -1
        # Encoded frames of the current tick per variant: "main" full size, "sub" half size (as a real camera's
        # sub stream, which the wall uses for small tiles).
        self._jpeg: dict[str, bytes] = {}
        self._image: Image | None = None

    def jpeg(self, tick: int, wall: datetime, variant: str = "main") -> bytes:
        with self._lock:
            if tick != self._tick:
                self._tick, self._jpeg, self._image = tick, {}, None
            if variant not in self._jpeg:
                if self._image is None:
                    self._image = self.renderer.render(tick, wall)
                image: Image = self._image
                if variant == "sub":
                    half = (image.shape[1] // 2, image.shape[0] // 2)
                    # The cv2 stubs lose the uint8 dtype of the result.
                    image = cv2.resize(image, half, interpolation=cv2.INTER_AREA)  # type: ignore[assignment]
                ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, self._quality])
                if ok:
                    self._jpeg[variant] = encoded.tobytes()
            return self._jpeg.get(variant, b"")


class _Handler(BaseHTTPRequestHandler):
    server: _HttpServer
    timeout = 10  # a viewer that stops reading is dropped instead of pinning a thread forever

    def log_message(self, format: str, *args: object) -> None:
        """Silence per-request logging (a wall opens many streams)."""

    def do_GET(self) -> None:
        """Route ``/``, ``/cam/<n>.jpg`` and ``/cam/<n>.mjpg`` (``?size=sub``: the half-size sub stream)."""
        app = self.server.app
        if self.path in ("/", "/index.html"):
            self._send_body(200, "text/html; charset=utf-8", app.index_html().encode())
            return
        match = _PATH.match(self.path)
        feed = app.feed(int(match.group(1))) if match else None
        if match is None or feed is None:
            self._send_body(404, "text/plain", b"no such camera\n")
            return
        if feed.mode is StreamMode.ZERO_BYTE:
            self.close_connection = True
            return
        variant = match.group(3) or "main"
        if match.group(2) == "jpg":
            self._send_body(200, "image/jpeg", feed.jpeg(app.tick(), app.clock(), variant))
            return
        self._stream(feed, variant)

    def _send_body(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, feed: _Feed, variant: str) -> None:
        app = self.server.app
        self.send_response(200)
        self.send_header("Content-Type", f"multipart/x-mixed-replace; boundary={_BOUNDARY}")
        self.send_header("Cache-Control", "no-cache, private")
        self.send_header("Connection", "close")
        self.end_headers()
        app.track(self.connection, True)
        try:
            self._stream_parts(feed, variant)
        except OSError:
            pass  # the viewer left or the connection was dropped on purpose
        finally:
            app.track(self.connection, False)
            self.close_connection = True

    def _stream_parts(self, feed: _Feed, variant: str) -> None:
        app = self.server.app
        tick = app.tick()
        while not app.stopping.is_set():
            if feed.mode is StreamMode.ZERO_BYTE:
                return
            if feed.mode is StreamMode.GARBAGE:
                self.wfile.write(os.urandom(4096))
            elif feed.mode is StreamMode.NORMAL:
                data = feed.jpeg(tick, app.clock(), variant)
                head = f"--{_BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(data)}\r\n\r\n"
                self.wfile.write(head.encode() + data + b"\r\n")
            tick = max(tick + 1, app.tick())  # a viewer that fell behind skips frames, no burst
            app.stopping.wait(max(0.0, app.tick_time(tick) - time.monotonic()))


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins the viewer threads: nothing is left behind
    block_on_close = True

    def __init__(self, address: tuple[str, int], app: MjpegServer) -> None:
        self.app = app
        super().__init__(address, _Handler)


class MjpegServer:
    """Serves ``cameras`` generated MJPEG streams over HTTP on ``host:port`` (0 = a free port)."""

    def __init__(
        self,
        cameras: int = 4,
        fps: float = 15.0,
        port: int = 0,
        host: str = "127.0.0.1",
        size: tuple[int, int] = (640, 360),
        quality: int = 70,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.host, self.port, self.fps = host, port, fps
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.stopping = threading.Event()
        self._feeds = [_Feed(SceneRenderer(DemoCamera.of(i), size, fps), quality) for i in range(cameras)]
        self._started = time.monotonic()
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()

    def __enter__(self) -> MjpegServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def url(self, camera: int = 0) -> str:
        """Stream URL of ``camera``."""
        return f"http://{self.host}:{self.port}/cam/{camera}.mjpg"

    def start(self) -> None:
        """Listen and serve on a background thread (idempotent)."""
        if self._httpd is not None:
            return
        self.stopping.clear()
        self._httpd = _HttpServer((self.host, self.port), self)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.1,), name="mjpeg-server")
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, cut every stream and join all server threads."""
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        self.stopping.set()
        httpd.shutdown()
        self.drop_connections()
        httpd.server_close()
        thread.join()
        self._httpd = self._thread = None

    def restart(self) -> None:
        """Stop and serve again on the same port."""
        self.stop()
        self.start()

    def set_mode(self, mode: StreamMode, camera: int | None = None) -> None:
        """Set the stream mode of one camera (or all); affects open streams and new requests."""
        for index, feed in enumerate(self._feeds):
            if camera is None or camera == index:
                feed.mode = mode

    def drop_connections(self) -> None:
        """Cut every open stream (viewers see the connection reset and must reconnect)."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the viewer
                connection.shutdown(socket.SHUT_RDWR)

    @property
    def connection_count(self) -> int:
        """Number of streams being served right now."""
        with self._lock:
            return len(self._connections)

    # -- used by the request handler -------------------------------------------------------
    def feed(self, camera: int) -> _Feed | None:
        """The camera's feed, or None for an unknown camera."""
        return self._feeds[camera] if 0 <= camera < len(self._feeds) else None

    def tick(self) -> int:
        """Current frame number (shared by all cameras, from the server's start)."""
        return int((time.monotonic() - self._started) * self.fps)

    def tick_time(self, tick: int) -> float:
        """``time.monotonic()`` value at which frame ``tick`` is due."""
        return self._started + tick / self.fps

    def track(self, connection: socket.socket, open_: bool) -> None:
        """Register (or forget) a streaming connection for ``drop_connections``."""
        with self._lock:
            if open_:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def index_html(self) -> str:
        """A page showing every camera (for a person checking the demo in a browser)."""
        tiles = "".join(
            f'<figure><img src="/cam/{i}.mjpg" width="320"><figcaption>{f.renderer.camera.name}</figcaption></figure>'
            for i, f in enumerate(self._feeds)
        )
        style = (
            "body{background:#111;color:#ddd;font-family:sans-serif}figure{display:inline-block;margin:4px}"
        )
        return f"<!doctype html><title>Bale Sandi Maya demo cameras</title><style>{style}</style>{tiles}"


def main(argv: list[str] | None = None) -> int:
    """Command line: serve demo cameras until Ctrl-C."""
    parser = argparse.ArgumentParser(description="Generated MJPEG demo cameras (Bale Sandi Maya)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8554)
    parser.add_argument("--cameras", type=int, default=16)
    parser.add_argument("--fps", type=float, default=15.0)
    parser.add_argument("--quality", type=int, default=70)
    args = parser.parse_args(argv)
    server = MjpegServer(args.cameras, args.fps, args.port, args.host, quality=args.quality)
    finished = threading.Event()
    signal.signal(signal.SIGTERM, lambda _signum, _frame: finished.set())  # a launcher's terminate()
    server.start()
    print(
        f"serving {args.cameras} demo cameras on http://{args.host}:{server.port}/ (cam/<n>.mjpg)", flush=True
    )
    try:
        while not finished.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
