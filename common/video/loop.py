"""The capture loop of one camera: connect, read, publish the newest frame, watch frame age, reconnect.

``CaptureLoop.run()`` blocks its thread until ``request_stop()``; ``CameraWorker`` runs it on a
thread, the ``CaptureProcess`` child on its main thread. Every blocking call has a bound: an open
lasts at most ``open_timeout_ms`` and a read at most the stall timeout, so commands (stop, switch,
activate) take effect within those bounds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from common.video.backoff import Backoff
from common.video.base import CaptureState, SourceStatus
from common.video.source import CaptureEnvironment, StreamSpec, open_capture

_log = logging.getLogger(__name__)
Image = npt.NDArray[np.uint8]


class CaptureLike(Protocol):
    """The part of ``cv2.VideoCapture`` the loop uses (fakes implement it in tests)."""

    def isOpened(self) -> bool: ...  # noqa: N802 - OpenCV's name

    def read(self) -> tuple[bool, Any]: ...

    def release(self) -> None: ...


def utc_now() -> datetime:
    """Default wall clock: aware UTC now."""
    return datetime.now(UTC)


@dataclass
class LoopSettings:
    """Tuning of a capture loop; the defaults suit a TV wall of 640x360 sub streams."""

    stall_timeout_s: float = 2.0
    backoff: Backoff = field(default_factory=Backoff)
    clock: Callable[[], datetime] = utc_now
    environment: CaptureEnvironment | None = None
    capture_factory: Callable[[StreamSpec], CaptureLike] | None = None


class _Control:
    """Commands from other threads; every change bumps ``generation`` and wakes the loop."""

    def __init__(self, spec: StreamSpec, active: bool) -> None:
        self.cond = threading.Condition()
        self.spec = spec
        self.active = active
        self.stopping = False
        self.generation = 0

    def change(self, **values: Any) -> None:
        with self.cond:
            for name, value in values.items():
                setattr(self, name, value)
            self.generation += 1
            self.cond.notify_all()

    def wait(self, generation: int, timeout: float | None) -> None:
        """Sleep until ``timeout`` or until a command arrives after ``generation``."""
        with self.cond:
            self.cond.wait_for(lambda: self.generation != generation, timeout)


class CaptureLoop:
    """Runs one camera until stopped. ``publish`` gets each decoded image, ``report`` each state change.

    Both callbacks run on the loop's thread and must be quick (they are on the decode path).
    """

    def __init__(
        self,
        source_id: str,
        spec: StreamSpec,
        publish: Callable[[Image, float, datetime], None],
        report: Callable[[SourceStatus], None],
        settings: LoopSettings | None = None,
        active: bool = True,
        heartbeat: Callable[[], None] | None = None,
    ) -> None:
        self.source_id = source_id
        self._publish = publish
        self._report_cb = report
        self._settings = settings or LoopSettings()
        self._control = _Control(spec, active)
        self._heartbeat = heartbeat or (lambda: None)
        self._state: CaptureState | None = None
        self._last_frame_wall: datetime | None = None
        self._last_url = ""
        environment = self._settings.environment or CaptureEnvironment()
        self._open: Callable[[StreamSpec], CaptureLike] = self._settings.capture_factory or (
            lambda spec: open_capture(spec, environment)
        )

    # -- commands (any thread) ------------------------------------------------------------
    def request_stop(self) -> None:
        """Ask the loop to finish; ``run()`` returns within the open/read bounds."""
        self._control.change(stopping=True)

    def set_active(self, active: bool) -> None:
        """Inactive: release the capture and decode nothing until re-activated."""
        self._control.change(active=active)

    def switch_stream(self, spec: StreamSpec) -> None:
        """Reconnect to ``spec`` (the current capture is released first)."""
        self._control.change(spec=spec)

    # -- the loop (its own thread) -----------------------------------------------------------
    def run(self) -> None:
        """Capture until ``request_stop()``; reports STOPPED last. Never raises."""
        try:
            while not self._control.stopping:
                with self._control.cond:
                    spec, active = self._control.spec, self._control.active
                    generation = self._control.generation
                if not active:
                    self._report(CaptureState.INACTIVE)
                    self._settings.backoff.reset()
                    self._wait(generation, None)
                    continue
                try:
                    self._session(spec, generation)
                except Exception:  # a bug (or a sink failing) must not end "reconnect forever"
                    _log.exception("capture loop of %s failed; reconnecting", self.source_id)
                    self._report(CaptureState.NO_SIGNAL, "internal error", spec.url)
                    self._wait(generation, self._settings.backoff.next_delay())
        finally:
            self._report(CaptureState.STOPPED)

    def _session(self, spec: StreamSpec, generation: int) -> None:
        switched = self._switched(spec)
        if switched or self._state in (None, CaptureState.INACTIVE, CaptureState.STOPPED):
            self._report(CaptureState.CONNECTING, url=spec.url)
            self._settings.backoff.reset()
        # The watchdog: a read never blocks longer than the stall timeout.
        read_ms = min(spec.read_timeout_ms, int(self._settings.stall_timeout_s * 1000))
        capture = self._try_open(spec.with_read_timeout(read_ms))
        if capture is None:
            self._report(CaptureState.NO_SIGNAL, "cannot open stream", spec.url)
        else:
            try:
                self._read_until_broken(capture, spec, generation, read_ms / 1000.0)
            finally:
                capture.release()
        self._heartbeat()
        if self._control.generation == generation:
            self._wait(generation, self._settings.backoff.next_delay())

    def _wait(self, generation: int, timeout: float | None) -> None:
        # In slices, so the heartbeat keeps going while idle (a capture process's parent
        # takes a silent child for a hung one).
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._control.generation == generation:
            left = 1.0 if deadline is None else min(1.0, deadline - time.monotonic())
            if left <= 0:
                return
            self._control.wait(generation, left)
            self._heartbeat()

    def _switched(self, spec: StreamSpec) -> bool:
        switched = self._last_url != spec.url
        self._last_url = spec.url
        return switched

    def _try_open(self, spec: StreamSpec) -> CaptureLike | None:
        try:
            capture = self._open(spec)
        except Exception as exc:  # OpenCV raises cv2.error for some malformed URLs
            _log.info("%s: open failed: %s", self.source_id, exc)
            return None
        finally:
            self._heartbeat()
        if capture.isOpened():
            return capture
        capture.release()
        return None

    def _read_until_broken(
        self, capture: CaptureLike, spec: StreamSpec, generation: int, read_s: float
    ) -> None:
        live_since: float | None = None
        while self._control.generation == generation:
            started = time.monotonic()
            ok, image = capture.read()
            now = time.monotonic()
            self._heartbeat()
            # A read that lasted the whole timeout was interrupted; whatever it returned is stale.
            if ok and image is not None and now - started < read_s:
                self._last_frame_wall = self._settings.clock()
                self._publish(image, now, self._last_frame_wall)
                if live_since is None:
                    live_since = now
                    self._report(CaptureState.LIVE, url=spec.url)
                self._settings.backoff.healthy(now - live_since)
                continue
            if live_since is not None and now - started >= read_s:
                self._report(CaptureState.STALLED, f"no frame for {read_s:.1f} s", spec.url)
            else:
                self._report(CaptureState.NO_SIGNAL, "stream ended or unreadable", spec.url)
            return

    def _report(self, state: CaptureState, detail: str = "", url: str = "") -> None:
        if state == self._state:
            return
        self._state = state
        status = SourceStatus(
            self.source_id, state, self._last_frame_wall, detail, url or self._control.spec.url
        )
        try:
            self._report_cb(status)
        except Exception:
            _log.exception("%s: state report failed", self.source_id)
