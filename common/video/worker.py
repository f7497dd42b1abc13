"""``CameraWorker``: one long-lived capture thread per camera, newest frame in a 1-slot mailbox."""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from common.video.base import CaptureState, FrameFanOut, SourceStatus
from common.video.loop import CaptureLoop, Image, LoopSettings
from common.video.source import StreamSpec

_log = logging.getLogger(__name__)


class CameraWorker(FrameFanOut):
    """Captures one camera on its own thread (a ``FrameSource``).

    The thread connects, decodes, keeps only the newest frame (``latest()``), reconnects forever
    with backoff, reports STALLED when no frame came for ``settings.stall_timeout_s`` and then
    reopens. ``on_frame`` / ``on_state`` callbacks run **on the worker thread**: a Qt tile
    re-emits them as signals (delivered queued on the GUI thread) and returns at once; a slow
    callback slows only this camera. A dead or slow camera never delays the others, provided all
    workers share one ``CaptureEnvironment`` (``settings.environment``) with the default
    ``thread_safe_open=True``; otherwise OpenCV serialises every ``open()`` of the process.
    """

    def __init__(
        self,
        source_id: str,
        spec: StreamSpec,
        settings: LoopSettings | None = None,
        active: bool = True,
    ) -> None:
        self._source_id = source_id
        self._spec = spec
        super().__init__()
        self._status_lock = threading.Lock()
        self._status = SourceStatus(
            source_id, CaptureState.CONNECTING if active else CaptureState.INACTIVE, url=spec.url
        )
        self._seq = 0
        self._loop = CaptureLoop(source_id, spec, self._publish, self._report, settings, active)
        self._thread: threading.Thread | None = None
        self._stopped = False

    @property
    def source_id(self) -> str:
        """Stable id of the camera."""
        return self._source_id

    @property
    def status(self) -> SourceStatus:
        """Last reported status."""
        with self._status_lock:
            return self._status

    def start(self) -> None:
        """Start the capture thread (idempotent; a stopped worker cannot be restarted)."""
        if self._thread is not None or self._stopped:
            return
        # daemon: a worker somebody forgot to stop must not keep the program alive at exit.
        self._thread = threading.Thread(target=self._loop.run, name=f"camera-{self._source_id}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop and join the thread; True when it has ended.

        A thread blocked in an OpenCV call cannot be interrupted, only waited for: if ``timeout``
        is too short, the join goes on for the worst-case block (open + read timeout + 1 s).
        """
        self._stopped = True
        self._loop.request_stop()
        thread = self._thread
        if thread is None:
            self._report(SourceStatus(self._source_id, CaptureState.STOPPED, url=self._spec.url))
            return True
        thread.join(timeout)
        if thread.is_alive():
            bound = (self._spec.open_timeout_ms + self._spec.read_timeout_ms) / 1000.0 + 1.0
            _log.warning(
                "camera %s: still in a blocking call, joining up to %.1f s more", self._source_id, bound
            )
            thread.join(bound)
        if thread.is_alive():
            _log.error("camera %s: capture thread did not end", self._source_id)
            return False
        return True

    def set_active(self, active: bool) -> None:
        """Tiles off screen: inactive releases the capture, nothing is decoded until re-activated."""
        self._loop.set_active(active)

    def switch_stream(self, spec: StreamSpec) -> None:
        """Switch to another stream (sub <-> main); frames keep their ``seq`` numbering."""
        self._spec = spec
        self._loop.switch_stream(spec)

    def _publish(self, image: Image, monotonic: float, wall: datetime) -> None:
        self._seq += 1  # only the worker thread writes it
        self._fan_out(image, self._seq, self._source_id, monotonic, wall)

    def _report(self, status: SourceStatus) -> None:
        with self._status_lock:
            self._status = status
        self._state_hooks.emit(status)
