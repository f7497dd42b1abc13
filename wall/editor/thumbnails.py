"""Camera thumbnails for the picker: one snapshot from the sub stream, grabbed on an executor thread.

The GUI thread never waits: ``request`` submits the grab and returns; the result arrives as ``thumbnail_ready``
on the GUI thread. A grab slower than the timeout is reported as such and its late result ignored; only the
newest request counts. The grab itself is bounded by FFmpeg's open/read timeouts, so no thread hangs forever.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

Grab = Callable[[str, int], npt.NDArray[np.uint8]]


class GrabError(RuntimeError):
    """The snapshot could not be taken (the message says why)."""


def grab_snapshot(url: str, timeout_ms: int) -> npt.NDArray[np.uint8]:
    """One BGR frame of ``url`` (FFmpeg via OpenCV), within about ``timeout_ms`` for opening and reading."""
    from common.video.source import StreamSpec, open_capture

    capture = open_capture(StreamSpec(url, open_timeout_ms=timeout_ms, read_timeout_ms=timeout_ms))
    try:
        if not capture.isOpened():
            raise GrabError("stream tidak dapat dibuka")
        ok, image = capture.read()
        if not ok or image is None:
            raise GrabError("tidak ada gambar")
        return np.ascontiguousarray(image)
    finally:
        capture.release()


def bgr_to_image(image: npt.NDArray[np.uint8], max_width: int = 480) -> QImage:
    """A deep-copied QImage of a BGR array, scaled down to at most ``max_width`` (safe on any thread)."""
    height, width = image.shape[:2]
    qimage = QImage(image.data, width, height, image.strides[0], QImage.Format.Format_BGR888).copy()
    if width > max_width:
        qimage = qimage.scaledToWidth(max_width)
    return qimage


class ThumbnailGrabber(QObject):
    """Grabs one snapshot per request off the GUI thread; ``thumbnail_ready(name, image or None, reason)``."""

    thumbnail_ready = Signal(str, object, str)
    _grabbed = Signal(int, str, object, str)

    def __init__(self, *, grab: Grab = grab_snapshot, timeout_ms: int = 4000, executor: Executor | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._grab = grab
        self.timeout_ms = timeout_ms
        self._owns_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(max_workers=2, thread_name_prefix="editor-thumb")
        self._generation = 0
        self._pending: tuple[int, str] | None = None
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._grabbed.connect(self._on_self_grabbed)

    @property
    def pending(self) -> str:
        """The camera whose snapshot is awaited ("" when none)."""
        return self._pending[1] if self._pending else ""

    def request(self, name: str, url: str) -> None:
        """Grab a snapshot of ``name`` at ``url``; an earlier request still running is forgotten."""
        if self._closed:
            return
        self._generation += 1
        generation = self._generation
        self._pending = (generation, name)
        if not url:
            self._pending = None
            self.thumbnail_ready.emit(name, None, "tanpa URL")
            return
        self._timer.start(self.timeout_ms)
        self._executor.submit(self._job, generation, name, url)

    def _job(self, generation: int, name: str, url: str) -> None:
        image: QImage | None = None
        reason = ""
        try:
            image = bgr_to_image(self._grab(url, self.timeout_ms))
        except Exception as exc:  # any failure is shown in the picker, never raised into the executor
            reason = str(exc) or type(exc).__name__
        try:
            self._grabbed.emit(generation, name, image, reason)
        except RuntimeError:  # the editor closed meanwhile (the QObject is gone)
            return

    def _on_self_grabbed(self, generation: int, name: str, image: object, reason: str) -> None:
        if self._pending is None or self._pending[0] != generation:
            return  # a newer request, or timed out already
        self._pending = None
        self._timer.stop()
        self.thumbnail_ready.emit(name, image, reason)

    def _on_timer_timeout(self) -> None:
        if self._pending is not None:
            _, name = self._pending
            self._pending = None
            self.thumbnail_ready.emit(name, None, "timeout")

    def shutdown(self) -> None:
        """Stop: forget pending requests; running grabs end by their own timeouts."""
        self._closed = True
        self._timer.stop()
        self._pending = None
        if self._owns_executor:
            self._executor.shutdown(wait=False, cancel_futures=True)
