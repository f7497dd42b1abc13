"""The optional webcam: a frame source, a reader thread that keeps only the newest frame, JPEG and QR helpers.

Qt-free. The camera is opened only while a screen needs it (photo step, QR scan) and closed afterwards. When no
camera is configured (``camera_index = -1``) or it cannot be opened, the kiosk simply offers no photo and no
QR scan. Frames are numpy arrays in BGR order (OpenCV's convention) and are never modified after capture.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Frame = npt.NDArray[np.uint8]


class FrameSource(Protocol):
    """Something that yields camera frames."""

    def open(self) -> bool:
        """Open the device; False when it is not there."""

    def read(self) -> Frame | None:
        """The next frame, or None on a read failure."""

    def close(self) -> None:
        """Release the device."""


class OpenCvFrameSource:
    """A V4L2/DirectShow webcam through OpenCV."""

    def __init__(self, index: int, width: int = 1280, height: int = 720) -> None:
        """Remember the device index and the wished resolution."""
        self._index = index
        self._size = (width, height)
        self._capture: Any = None  # cv2.VideoCapture

    def open(self) -> bool:
        """Open the device."""
        import cv2  # imported when a camera is used: it is large and many kiosks have none

        capture = cv2.VideoCapture(self._index)
        if not capture.isOpened():
            capture.release()
            return False
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self._size[0])
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self._size[1])
        self._capture = capture
        return True

    def read(self) -> Frame | None:
        """Grab a frame."""
        if self._capture is None:
            return None
        ok, frame = self._capture.read()
        return np.asarray(frame, dtype=np.uint8) if ok else None

    def close(self) -> None:
        """Release the device."""
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class StaticFrameSource:
    """Frames from memory, cycling (tests, demos). ``available=False`` behaves like an unplugged camera."""

    def __init__(self, frames: Sequence[Frame], *, available: bool = True, interval_s: float = 0.03) -> None:
        """Cycle through ``frames``."""
        self._frames = list(frames)
        self._available = available
        self._interval = interval_s
        self._index = 0

    def open(self) -> bool:
        """True when ``available``."""
        return self._available and bool(self._frames)

    def read(self) -> Frame | None:
        """The next frame after a short pause (like a real camera's frame rate)."""
        time.sleep(self._interval)
        frame = self._frames[self._index % len(self._frames)]
        self._index += 1
        return frame

    def close(self) -> None:
        """Nothing to release."""


def decode_qr(frame: Frame) -> str | None:
    """The text of a QR code in the frame, or None."""
    import cv2

    detector = cv2.QRCodeDetector()
    try:
        text, _points, _ = detector.detectAndDecode(frame)
    except cv2.error:
        return None
    return text or None


def encode_jpeg(frame: Frame, *, max_side: int = 1280, quality: int = 85) -> bytes:
    """A JPEG of the frame, scaled down so its longer side is at most ``max_side`` (keeps uploads small)."""
    import cv2

    height, width = frame.shape[:2]
    scale = min(1.0, max_side / max(height, width))
    if scale < 1.0:
        frame = np.asarray(cv2.resize(frame, (round(width * scale), round(height * scale)),
                                      interpolation=cv2.INTER_AREA), dtype=np.uint8)
    ok, data = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return bytes(data.tobytes())


class CameraFeed:
    """Reads a :class:`FrameSource` in a thread; :meth:`latest` gives the newest frame (older ones are dropped).

    With ``decode_qr=True`` the thread also looks for a QR code (at most ~4 times a second) and keeps the last
    text found in :attr:`qr_text`.
    """

    def __init__(self, source_factory: Callable[[], FrameSource], *, decode_qr_codes: bool = False) -> None:
        """Prepare; :meth:`start` opens the camera."""
        self._factory = source_factory
        self._decode = decode_qr_codes
        self._lock = threading.Lock()
        self._frame: Frame | None = None
        self._seq = 0
        self._qr: str | None = None
        self._stop = threading.Event()
        self._opened = threading.Event()
        self._failed = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Open the camera in the background."""
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="kiosk-camera", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop reading and release the camera."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2.0)
            self._thread = None
        with self._lock:
            self._frame = None
            self._qr = None

    @property
    def failed(self) -> bool:
        """True when the camera could not be opened."""
        return self._failed.is_set()

    def latest(self) -> tuple[int, Frame | None]:
        """(sequence number, newest frame)."""
        with self._lock:
            return self._seq, self._frame

    @property
    def qr_text(self) -> str | None:
        """The last QR text seen, if any."""
        with self._lock:
            return self._qr

    def _run(self) -> None:
        source = self._factory()
        if not source.open():
            self._failed.set()
            return
        self._opened.set()
        last_decode = 0.0
        try:
            while not self._stop.is_set():
                frame = source.read()
                if frame is None:
                    time.sleep(0.05)
                    continue
                with self._lock:
                    self._frame = frame
                    self._seq += 1
                if self._decode and time.monotonic() - last_decode > 0.25:
                    last_decode = time.monotonic()
                    text = decode_qr(frame)
                    if text:
                        with self._lock:
                            self._qr = text
        finally:
            source.close()
