"""Shared vocabulary of the capture layer: states, status, the ``FrameSource`` protocol, mailbox, hooks."""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar, runtime_checkable

import numpy as np
import numpy.typing as npt

from common.video.display import Size, prepare_display
from common.video.frame import Frame
from common.video.source import StreamSpec

_log = logging.getLogger(__name__)
T = TypeVar("T")


class CaptureState(enum.StrEnum):
    """Life cycle of one camera feed.

    CONNECTING: opening the stream. LIVE: frames are arriving. STALLED: the stream was live but no
    frame came for the stall timeout (the capture is then released and reopened). NO_SIGNAL: the
    stream cannot be opened or broke; ``SourceStatus.last_frame_wall`` says since when we have
    nothing new. INACTIVE: ``set_active(False)``, nothing is decoded. STOPPED: ``stop()`` was called.
    """

    CONNECTING = "connecting"
    LIVE = "live"
    STALLED = "stalled"
    NO_SIGNAL = "no_signal"
    INACTIVE = "inactive"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """A state change of a source, as reported to ``on_state`` callbacks."""

    source_id: str
    state: CaptureState
    last_frame_wall: datetime | None = None
    detail: str = ""
    url: str = ""


@runtime_checkable
class FrameSource(Protocol):
    """What a tile needs from a camera feed; implemented by ``CameraWorker`` (thread) and ``CaptureProcess``.

    Callbacks registered with ``on_frame`` / ``on_state`` are called on a thread owned by the
    source (never the caller's, never the GUI thread): a Qt consumer must only re-emit them as
    signals (queued connection) and must not block. ``latest()`` may be polled from any thread.
    """

    @property
    def source_id(self) -> str:
        """Stable id of the camera (used in frames and statuses)."""
        ...

    @property
    def status(self) -> SourceStatus:
        """Current status."""
        ...

    def start(self) -> None:
        """Start capturing (idempotent)."""

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop and join everything the source started (False: something could not be ended); then STOPPED."""
        ...

    def latest(self) -> Frame | None:
        """Newest frame so far (``None`` before the first one); never blocks."""
        ...

    def on_frame(self, callback: Callable[[Frame], None]) -> Callable[[], None]:
        """Register a frame callback; returns a function that unregisters it."""
        ...

    def on_state(self, callback: Callable[[SourceStatus], None]) -> Callable[[], None]:
        """Register a state callback; returns a function that unregisters it."""
        ...

    def set_active(self, active: bool) -> None:
        """Inactive sources release their capture and decode nothing until re-activated."""

    def switch_stream(self, spec: StreamSpec) -> None:
        """Switch to another stream of the camera (e.g. sub stream <-> main stream)."""

    def set_display_sizes(self, sizes: tuple[tuple[int, int], ...]) -> None:
        """Prepare every new frame for screens at each of ``sizes`` (``Frame.displays``); ``()`` stops it."""


class Hooks(Generic[T]):
    """Thread-safe list of callbacks; a failing callback is logged and never reaches the capture loop."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[T], None]] = []

    def add(self, callback: Callable[[T], None]) -> Callable[[], None]:
        """Register ``callback``; the returned function unregisters it."""
        with self._lock:
            self._callbacks.append(callback)

        def remove() -> None:
            with self._lock:
                if callback in self._callbacks:
                    self._callbacks.remove(callback)

        return remove

    def emit(self, value: T) -> None:
        """Call every callback with ``value`` (on the calling thread)."""
        with self._lock:
            callbacks = list(self._callbacks)
        for callback in callbacks:
            try:
                callback(value)
            except Exception:  # a consumer bug must not kill the camera's capture loop
                _log.exception("%s callback %r failed", self._name, callback)


class Mailbox:
    """One-slot mailbox: holds only the newest frame, so a slow consumer never makes a queue grow."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._frame: Frame | None = None

    def put(self, frame: Frame) -> None:
        """Replace the held frame."""
        with self._cond:
            self._frame = frame
            self._cond.notify_all()

    def latest(self) -> Frame | None:
        """The held frame, if any."""
        with self._cond:
            return self._frame

    def wait_newer(self, seq: int, timeout: float) -> Frame | None:
        """Block until a frame with ``frame.seq > seq`` is held (or ``timeout``); returns it or ``None``."""
        with self._cond:
            self._cond.wait_for(lambda: self._frame is not None and self._frame.seq > seq, timeout)
            frame = self._frame
        return frame if frame is not None and frame.seq > seq else None


def stop_all(sources: Iterable[FrameSource], timeout: float = 5.0) -> None:
    """Stop many sources in parallel (a wall closing 32 cameras should not wait for them one by one)."""
    threads = [
        threading.Thread(target=source.stop, args=(timeout,), name="stop-source") for source in sources
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


class FrameFanOut:
    """The consumer side every source shares: the newest-frame mailbox, frame and state callbacks, and frames
    prepared for a screen (``set_display_size``). Sources call :meth:`_fan_out` with each decoded image."""

    def __init__(self) -> None:
        self._mailbox = Mailbox()
        self._frame_hooks: Hooks[Frame] = Hooks("on_frame")
        self._state_hooks: Hooks[SourceStatus] = Hooks("on_state")
        self._display_sizes: tuple[Size, ...] = ()

    def latest(self) -> Frame | None:
        """Newest frame, or None before the first one."""
        return self._mailbox.latest()

    def wait_frame(self, after_seq: int = 0, timeout: float = 5.0) -> Frame | None:
        """Block until a frame newer than ``after_seq`` exists (or ``timeout``); not for the GUI thread."""
        return self._mailbox.wait_newer(after_seq, timeout)

    def on_frame(self, callback: Callable[[Frame], None]) -> Callable[[], None]:
        """Call ``callback(frame)`` on the source's thread for each new frame; returns an unsubscribe function."""
        return self._frame_hooks.add(callback)

    def on_state(self, callback: Callable[[SourceStatus], None]) -> Callable[[], None]:
        """Call ``callback(status)`` on the source's thread at each state change; returns an unsubscribe function."""
        return self._state_hooks.add(callback)

    def set_display_sizes(self, sizes: tuple[Size, ...]) -> None:
        """Prepare each new frame for screens at each of ``sizes`` on the source's thread (``common.video.display``):
        one camera shown in tiles of several sizes is scaled here once per size, not on the GUI thread."""
        self._display_sizes = tuple(sizes)  # one reference assignment: the source's thread reads either value whole

    def _fan_out(self, image: npt.NDArray[np.uint8], seq: int, source_id: str, monotonic: float,
                 wall: datetime) -> Frame:
        """Wrap a decoded image as the newest frame (prepared when a display size is set) and hand it out."""
        displays = tuple(prepare_display(image, size) for size in self._display_sizes)
        frame = Frame.from_image(image, seq, source_id, monotonic, wall, displays)
        self._mailbox.put(frame)
        self._frame_hooks.emit(frame)
        return frame
