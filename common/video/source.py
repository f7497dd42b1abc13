"""Opening a stream with OpenCV's FFmpeg backend: stream spec, FFmpeg options, process-wide environment.

Two facts shape this module (measured by ``benchmarks/capture_open.py``):

* OpenCV holds one process-wide mutex for the whole of ``VideoCapture.open()``, including FFmpeg's
  stream probing (``avformat_find_stream_info``), unless ``OPENCV_FFMPEG_IS_THREAD_SAFE=1``.
  Sixteen captures opened from threads therefore wait for each other. The FFmpeg that OpenCV
  ships (>= 4.0) is thread-safe, so ``CaptureEnvironment`` turns the lock off by default.
* Per-capture FFmpeg options only exist as the environment variable
  ``OPENCV_FFMPEG_CAPTURE_OPTIONS`` (``key;value|key;value``), read by every ``open()``: it is
  process-wide. ``CaptureEnvironment.opening()`` lets captures that want the same options open
  concurrently and makes one that wants other options wait until no open is in flight.
  Capture processes have their own environment and need no coordination.

FFmpeg probes RTSP for ~2 s by default (it waits for 20 frames to estimate the frame rate);
``analyzeduration`` 200 ms and ``probesize`` 32 KiB bring an open to ~0.3 s. ``fflags nobuffer``
is *not* used: it drops the probed key frame, so the first picture waits for the next GOP.
"""

from __future__ import annotations

import ctypes
import os
import threading
from collections import Counter
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Literal

import cv2

OPTIONS_VAR = "OPENCV_FFMPEG_CAPTURE_OPTIONS"
THREAD_SAFE_VAR = "OPENCV_FFMPEG_IS_THREAD_SAFE"
Transport = Literal["tcp", "udp"]


@dataclass(frozen=True, slots=True)
class StreamSpec:
    """How to open one stream of a camera.

    ``transport`` applies to RTSP (TCP by default: no losses on busy networks, one socket).
    ``analyzeduration_us`` / ``probesize`` bound FFmpeg's probing; ``0`` keeps FFmpeg's defaults
    (5 s / 5 MB, of which ~2 s are actually spent on RTSP). ``decoder_threads`` is 1 because a
    wall decodes many small streams: frame threading adds a frame of latency per thread and,
    on a read timeout, hands out a stale buffered frame as if it were new. ``extra_options`` are
    further FFmpeg ``(key, value)`` options (e.g. ``("stimeout", "5000000")``).
    """

    url: str
    transport: Transport = "tcp"
    open_timeout_ms: int = 5000
    read_timeout_ms: int = 3000
    analyzeduration_us: int = 200_000
    probesize: int = 32_768
    decoder_threads: int = 1
    extra_options: tuple[tuple[str, str], ...] = ()

    def with_read_timeout(self, read_timeout_ms: int) -> StreamSpec:
        """Copy with another read timeout."""
        return replace(self, read_timeout_ms=read_timeout_ms)

    def ffmpeg_options(self) -> str:
        """The ``OPENCV_FFMPEG_CAPTURE_OPTIONS`` value for this spec (options a demuxer does not know are ignored)."""
        options = [f"rtsp_transport;{self.transport}"]
        if self.analyzeduration_us > 0:
            options.append(f"analyzeduration;{self.analyzeduration_us}")
        if self.probesize > 0:
            options.append(f"probesize;{self.probesize}")
        options.extend(f"{key};{value}" for key, value in self.extra_options)
        return "|".join(options)

    def open_params(self) -> list[int]:
        """``cv2.VideoCapture`` open parameters (timeouts and decoder threads)."""
        return [
            cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, self.open_timeout_ms,
            cv2.CAP_PROP_READ_TIMEOUT_MSEC, self.read_timeout_ms,
            cv2.CAP_PROP_N_THREADS, self.decoder_threads,
        ]  # fmt: skip


class CaptureEnvironment:
    """Coordinates the process-wide OpenCV/FFmpeg environment variables read by ``open()``.

    Create one per process (the composition root does) and pass it to every thread-backed source.
    ``thread_safe_open=True`` sets ``OPENCV_FFMPEG_IS_THREAD_SAFE=1`` so opens run in parallel.
    ``sequential_opencv=True`` runs OpenCV's own image functions without its internal thread pool (see
    :func:`use_sequential_opencv`) and keeps frame buffers in the heap (:func:`use_frame_friendly_malloc`).
    """

    def __init__(
        self, thread_safe_open: bool = True, environ: MutableMapping[str, str] | None = None,
        sequential_opencv: bool = True,
    ) -> None:
        self._environ: MutableMapping[str, str] = os.environ if environ is None else environ
        self._thread_safe_open = thread_safe_open
        self._cond = threading.Condition()
        self._in_flight = 0
        self._waiting: Counter[str] = Counter()
        if sequential_opencv:
            use_sequential_opencv()
            use_frame_friendly_malloc()
        if thread_safe_open and "OPENCV_LOG_LEVEL" not in self._environ:
            # OpenCV warns at every open() that its lock is off (a choice made here, on purpose) and about every
            # broken stream (which the capture loop reports as a state); OPENCV_LOG_LEVEL brings them back.
            cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)

    @contextmanager
    def opening(self, options: str) -> Iterator[None]:
        """Hold the environment at ``options`` for the duration of one ``open()``."""
        with self._cond:
            self._waiting[options] += 1
            self._cond.wait_for(lambda: self._may_enter(options))
            self._waiting[options] -= 1
            self._apply(options)
            self._in_flight += 1
        try:
            yield
        finally:
            with self._cond:
                self._in_flight -= 1
                self._cond.notify_all()

    def _may_enter(self, options: str) -> bool:
        if self._in_flight == 0:
            return True
        current = self._environ.get(OPTIONS_VAR)
        # Writer preference: while someone waits for other options, newcomers queue behind them.
        others_waiting = any(count for waiting, count in self._waiting.items() if waiting != current)
        return current == options and not others_waiting

    def _apply(self, options: str) -> None:
        # Only write when the value changes: rewriting environ while C code reads it is what races.
        if self._environ.get(OPTIONS_VAR) != options:
            self._environ[OPTIONS_VAR] = options
        wanted = "1" if self._thread_safe_open else "0"
        if self._environ.get(THREAD_SAFE_VAR) != wanted:
            self._environ[THREAD_SAFE_VAR] = wanted


FRAME_MMAP_THRESHOLD = 32 * 2**20
FRAME_TRIM_THRESHOLD = 128 * 2**20


def use_frame_friendly_malloc() -> bool:
    """Let glibc serve frame-sized buffers from its heap instead of a fresh ``mmap()`` each (process-wide).

    Every decoded frame (0.7 MB at 640x360, 6 MB at 1080p) and its prepared copy are allocated and freed again
    many times a second. Above glibc's mmap threshold each is a new mapping whose pages fault in on first touch
    and go back to the kernel on free; with the threshold above frame size they are reused. Measured: 6-8 % less
    CPU per displayed frame at 32 tiles (``benchmarks/wall_streams.py``), resident memory still flat. Returns
    False where ``mallopt`` is not available (not glibc); nothing else changes then.
    """
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3  # glibc's <malloc.h>
    return bool(mallopt(m_mmap_threshold, FRAME_MMAP_THRESHOLD)) and bool(
        mallopt(m_trim_threshold, FRAME_TRIM_THRESHOLD))


def use_sequential_opencv() -> None:
    """Run OpenCV's image functions (resize, colour conversion) on the calling thread only.

    A wall already captures each camera on its own thread; OpenCV's internal pool on top of that only adds
    hand-overs and busy-waiting: with 16 tiles scaling 640x360 frames it burnt 0.7 ms of CPU per frame in
    pool threads (``benchmarks/wall_streams.py``). Process-wide; FFmpeg's decoder threads are not affected.
    """
    if cv2.getNumThreads() > 1:  # 0 reads back as 1
        cv2.setNumThreads(0)


def open_capture(spec: StreamSpec, environment: CaptureEnvironment | None = None) -> cv2.VideoCapture:
    """Open ``spec`` with the FFmpeg backend, honouring its timeouts; check ``isOpened()`` on the result.

    Blocks for at most about ``spec.open_timeout_ms`` (FFmpeg's interrupt callback). Without an
    ``environment`` a private one is used, which is only safe when every capture of the process
    uses the same options.
    """
    env = environment if environment is not None else CaptureEnvironment()
    with env.opening(spec.ffmpeg_options()):
        return cv2.VideoCapture(spec.url, cv2.CAP_FFMPEG, spec.open_params())
