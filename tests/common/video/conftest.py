"""Fixtures of the capture-layer tests: loopback stream servers, state recording, leak checks."""

from __future__ import annotations

import multiprocessing
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from common.video.base import CaptureState, SourceStatus
from common.video.mjpeg_server import MjpegServer
from common.video.shm import SharedFrameBuffer
from tests.support.rtsp_server import RtspTestServer, require_available

SHM_DIR = Path("/dev/shm")


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.02) -> bool:
    """Poll ``predicate`` until true or ``timeout``; returns its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


@dataclass
class StateLog:
    """Thread-safe record of (monotonic time, status) from ``on_state`` callbacks."""

    entries: list[tuple[float, SourceStatus]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, status: SourceStatus) -> None:
        with self.lock:
            self.entries.append((time.monotonic(), status))

    def states(self) -> list[CaptureState]:
        """States in order of arrival."""
        with self.lock:
            return [status.state for _, status in self.entries]

    def first_time(self, state: CaptureState, after: float = 0.0) -> float | None:
        """Monotonic time of the first ``state`` reported after ``after``."""
        with self.lock:
            return next((t for t, s in self.entries if s.state is state and t >= after), None)

    def wait_for(self, state: CaptureState, after: float = 0.0, timeout: float = 5.0) -> float | None:
        """Wait until ``state`` is reported after ``after``; its time, or None."""
        wait_until(lambda: self.first_time(state, after) is not None, timeout)
        return self.first_time(state, after)


@pytest.fixture
def no_leaks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test if it leaves a thread, a child process or a shared-memory segment behind.

    Only segments this test created count: other test runs on the machine make their own.
    """
    threads = set(threading.enumerate())
    created: list[str] = []
    original = SharedFrameBuffer.create.__func__  # type: ignore[attr-defined]

    def recording_create(cls: type[SharedFrameBuffer], capacity: int) -> SharedFrameBuffer:
        buffer: SharedFrameBuffer = original(cls, capacity)
        created.append(buffer.name.lstrip("/"))
        return buffer

    monkeypatch.setattr(SharedFrameBuffer, "create", classmethod(recording_create))
    yield
    wait_until(lambda: not (set(threading.enumerate()) - threads), 3.0)
    left = [t.name for t in set(threading.enumerate()) - threads]
    assert not left, f"threads left behind: {left}"
    assert multiprocessing.active_children() == []
    assert [name for name in created if (SHM_DIR / name).exists()] == [], "shared memory left behind"


@pytest.fixture
def rtsp_server() -> Iterator[RtspTestServer]:
    """A 2-mount clip RTSP server on loopback (fails in CI, skips elsewhere, when unavailable)."""
    require_available()
    with RtspTestServer(2) as server:
        yield server


@pytest.fixture
def mjpeg_server() -> Iterator[MjpegServer]:
    """A 3-camera MJPEG server on loopback, 15 fps."""
    with MjpegServer(cameras=3, fps=15) as server:
        yield server


@pytest.fixture
def free_port() -> int:
    """A loopback port with nothing listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP port that completes the handshake but never answers (a camera stuck mid-boot)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"rtsp://127.0.0.1:{sock.getsockname()[1]}/stuck"
