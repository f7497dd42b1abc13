"""Test doubles for the wall: a frame source driven by the test, and helpers to make frames and clocks."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np

from common.layouts.cameras import CameraInfo
from common.video.base import CaptureState, FrameSource, Hooks, SourceStatus
from common.video.frame import Frame
from common.video.source import StreamSpec

FAKE_CAMERAS = {
    "a": CameraInfo("a", True, "rtsp://h/a-main", "rtsp://h/a-sub"),
    "b": CameraInfo("b", True, "rtsp://h/b-main", "rtsp://h/b-sub"),
    "privat": CameraInfo("privat", False, "rtsp://h/p-main", ""),
}
"""Two public-safe cameras with a sub stream and one that is not public-safe (main stream only)."""


def make_frame(seq: int, source_id: str = "cam", size: tuple[int, int] = (64, 36), value: int = 90) -> Frame:
    """A solid-colour frame captured now."""
    image = np.full((size[1], size[0], 3), value, dtype=np.uint8)
    return Frame.from_image(image, seq, source_id, time.monotonic(), datetime.now(UTC))


class FakeSource:
    """A FrameSource the test drives: ``push`` frames, ``set_state``; records activity and stops."""

    def __init__(self, camera: str, spec: StreamSpec) -> None:
        self.camera, self.spec = camera, spec
        self._frames: Hooks[Frame] = Hooks("frame")
        self._states: Hooks[SourceStatus] = Hooks("state")
        self._latest: Frame | None = None
        self._status = SourceStatus(camera, CaptureState.CONNECTING, url=spec.url)
        self.active_calls: list[bool] = []
        self.display_sizes: list[tuple[tuple[int, int], ...]] = []
        self.started = self.stopped = False

    @property
    def source_id(self) -> str:
        return self.camera

    @property
    def status(self) -> SourceStatus:
        return self._status

    def start(self) -> None:
        self.started = True

    def stop(self, timeout: float = 5.0) -> bool:
        self.stopped = True
        self.set_state(CaptureState.STOPPED)
        return True

    def latest(self) -> Frame | None:
        return self._latest

    def on_frame(self, callback: Callable[[Frame], None]) -> Callable[[], None]:
        return self._frames.add(callback)

    def on_state(self, callback: Callable[[SourceStatus], None]) -> Callable[[], None]:
        return self._states.add(callback)

    def set_active(self, active: bool) -> None:
        self.active_calls.append(active)

    def switch_stream(self, spec: StreamSpec) -> None:
        self.spec = spec

    def set_display_sizes(self, sizes: tuple[tuple[int, int], ...]) -> None:
        self.display_sizes.append(sizes)

    @property
    def active(self) -> bool:
        return self.active_calls[-1] if self.active_calls else True

    def push(self, frame: Frame | None = None) -> Frame:
        frame = frame or make_frame((self._latest.seq + 1) if self._latest else 1, self.camera)
        self._latest = frame
        if self._status.state is not CaptureState.LIVE:
            self.set_state(CaptureState.LIVE)
        self._frames.emit(frame)
        return frame

    def set_state(self, state: CaptureState, last: datetime | None = None) -> None:
        self._status = SourceStatus(self.camera, state, last_frame_wall=last, url=self.spec.url)
        self._states.emit(self._status)


class FakeSourceFactory:
    """Makes :class:`FakeSource` objects and remembers them by URL."""

    def __init__(self) -> None:
        self.made: list[FakeSource] = []

    def __call__(self, camera: str, spec: StreamSpec) -> FrameSource:
        source = FakeSource(camera, spec)
        self.made.append(source)
        return source

    def by_url(self, url: str) -> list[FakeSource]:
        return [s for s in self.made if s.spec.url == url]


class FakeClock:
    """A settable aware-UTC clock."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
