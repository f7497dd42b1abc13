"""The camera pool: one capture source per stream URL, shared by every tile showing it, reference counted.

Each source's capture thread marks its key when it has a new frame; one pool-wide ``QTimer`` at display rate
hands the newest frame of each marked source over (``delivery="poll"``, the default: one pass over the sources
with news, a handful per tick, instead of asking all of them), or a queued signal per marked source does
(``delivery="signal"``); either way only the newest frame is handed over. ``benchmarks/wall_streams.py``
measures both. Widgets are only touched on the GUI thread. A source whose subscribers are all inactive is
deactivated (decodes nothing).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from common.layouts.cameras import CameraInfo
from common.video.base import FrameSource, SourceStatus
from common.video.frame import Frame
from common.video.source import StreamSpec

_log = logging.getLogger(__name__)
Stream = Literal["main", "sub"]
Delivery = Literal["poll", "signal"]
SourceFactory = Callable[[str, StreamSpec], FrameSource]
MAIN_ABOVE = 0.40
SUB_BELOW = 0.25
MAX_PREPARED_SIZES = 3
"""Sizes one source prepares per frame on its own thread (a camera on the TV wall's big cell, a small cell of
another screen and the videotron); more tiles of other sizes scale their copy on the GUI thread."""


def choose_stream(current: Stream, area_fraction: float, *, enlarged: bool = False) -> Stream:
    """Main stream for a tile above 40% of the output (or enlarged), sub below 25%; in between keep (hysteresis)."""
    if enlarged or area_fraction > MAIN_ABOVE:
        return "main"
    if area_fraction < SUB_BELOW:
        return "sub"
    return current


class FrameSubscriber(Protocol):
    """A consumer of one source's frames and states, called on the GUI thread."""

    def on_pool_frame(self, frame: Frame) -> None:
        """A newer frame than the last one handed over."""

    def on_pool_status(self, status: SourceStatus) -> None:
        """The source's state changed."""

    def is_pool_active(self) -> bool:
        """True while the subscriber is on screen (it wants frames)."""
        ...


@dataclass(eq=False)
class _Entry:
    key: str
    source: FrameSource
    subscribers: list[FrameSubscriber] = field(default_factory=list)
    delivered_seq: int = -1
    active: bool = True
    linger: QTimer | None = None
    unhook: list[Callable[[], None]] = field(default_factory=list)
    started: Future[None] | None = None
    display_sizes: dict[FrameSubscriber, tuple[int, int]] = field(default_factory=dict)
    prepared_sizes: tuple[tuple[int, int], ...] = ()


def _stream_facts(info: CameraInfo | None) -> tuple[str, str, bool] | None:
    return None if info is None else (info.main_url, info.sub_url, info.public_safe)


@dataclass(frozen=True)
class CameraLease:
    """A tile's hold on one camera stream; give it back with :meth:`CameraPool.release`."""

    camera: str
    stream: Stream
    url: str
    source: FrameSource


class CameraPool(QObject):
    """Shared capture sources by URL with reference counts; delivers frames and states on the GUI thread."""

    frame_signalled = Signal(str)
    status_signalled = Signal(str, object)
    cameras_changed = Signal(object)
    """frozenset of camera names whose stream URLs or public-safe flag changed (tiles showing them reconnect)."""

    def __init__(
        self,
        cameras: Mapping[str, CameraInfo],
        source_factory: SourceFactory,
        *,
        delivery: Delivery = "poll",
        display_hz: int = 50,
        linger_ms: int = 3000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._cameras = dict(cameras)
        self._factory = source_factory
        self._entries: dict[str, _Entry] = {}
        self._pending: set[str] = set()
        self._pending_lock = threading.Lock()
        self.delivery: Delivery = delivery
        self._linger_ms = linger_ms
        self.sources_created = 0
        # Starting a capture process and stopping (joining a thread that may sit in a blocking read) take time:
        # never on the GUI thread.
        self._stopper = ThreadPoolExecutor(max_workers=4, thread_name_prefix="camera-life")
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(5, round(1000 / display_hz)))
        self._timer.timeout.connect(self._on_timer_timeout)
        self.frame_signalled.connect(self._on_self_frame_signalled)
        self.status_signalled.connect(self._on_self_status_signalled)

    # -- cameras --------------------------------------------------------------------------------------------

    def camera(self, name: str) -> CameraInfo | None:
        """The camera called ``name``, if known."""
        return self._cameras.get(name)

    def cameras(self) -> Mapping[str, CameraInfo]:
        """All known cameras."""
        return dict(self._cameras)

    def set_cameras(self, cameras: Mapping[str, CameraInfo]) -> frozenset[str]:
        """Replace the camera list; returns (and emits ``cameras_changed`` with) the cameras that changed.

        Only what decides which stream a tile may show counts: the URLs, the public-safe flag, being there at
        all. Sources in use keep running until the tiles showing a changed camera move to its new stream.
        """
        old, self._cameras = self._cameras, dict(cameras)
        changed = frozenset(name for name in old.keys() | self._cameras.keys()
                            if _stream_facts(old.get(name)) != _stream_facts(self._cameras.get(name)))
        if changed:
            self.cameras_changed.emit(changed)
        return changed

    # -- leases ---------------------------------------------------------------------------------------------

    def acquire(
        self, camera: str, stream: Stream, subscriber: FrameSubscriber, *, public: bool
    ) -> CameraLease | None:
        """Subscribe to a camera's stream; None when unknown, without URL, or not public-safe on a public output."""
        info = self._cameras.get(camera)
        if info is None or (public and not info.public_safe):
            return None
        url = info.url(stream)
        if not url:
            return None
        entry = self._entries.get(url) or self._open(url, camera)
        if entry.linger is not None:
            entry.linger.stop()
            entry.linger = None
        entry.subscribers.append(subscriber)
        self._refresh_active(entry)
        latest = entry.source.latest()
        subscriber.on_pool_status(entry.source.status)
        if latest is not None:
            subscriber.on_pool_frame(latest)
        return CameraLease(camera, "sub" if url != info.main_url else "main", url, entry.source)

    def release(self, lease: CameraLease, subscriber: FrameSubscriber) -> None:
        """Unsubscribe; the source stops when nobody uses it any more."""
        entry = self._entries.get(lease.url)
        if entry is None or subscriber not in entry.subscribers:
            return
        entry.subscribers.remove(subscriber)
        entry.display_sizes.pop(subscriber, None)
        if entry.subscribers:
            self._refresh_active(entry)
            self._refresh_display_sizes(entry)
            return
        if self._linger_ms > 0 and not self._closed:
            # Keep it a moment: a preset switch or a sequence often asks for the same stream again at once.
            entry.linger = QTimer(self)
            entry.linger.setSingleShot(True)
            entry.linger.timeout.connect(self._linger_hook(entry))
            entry.linger.start(self._linger_ms)
            return
        self._close_idle(entry)

    def _linger_hook(self, entry: _Entry) -> Callable[[], None]:
        def hook() -> None:
            self._close_idle(entry)
        return hook

    def _close_idle(self, entry: _Entry) -> None:
        if entry.subscribers or self._entries.get(entry.key) is not entry:
            return
        if entry.linger is not None:
            entry.linger.deleteLater()
            entry.linger = None
        del self._entries[entry.key]
        for unhook in entry.unhook:
            unhook()
        entry.source.set_active(False)
        self._stop_later(entry)

    def request_display_size(self, lease: CameraLease, subscriber: FrameSubscriber, size: tuple[int, int]) -> None:
        """The size ``subscriber`` shows frames at: the source prepares frames for it on its own thread.

        With several subscribers the source prepares each distinct size, largest first, up to
        ``MAX_PREPARED_SIZES`` (beyond that the smallest tiles scale for themselves, see ``Frame.display_for``).
        """
        entry = self._entries.get(lease.url)
        if entry is None or subscriber not in entry.subscribers:
            return
        entry.display_sizes[subscriber] = size
        self._refresh_display_sizes(entry)

    def _refresh_display_sizes(self, entry: _Entry) -> None:
        sizes = {size for sub, size in entry.display_sizes.items() if sub.is_pool_active()}
        wanted = tuple(sorted(sizes, key=lambda wh: (-wh[0] * wh[1], wh))[:MAX_PREPARED_SIZES])
        if wanted != entry.prepared_sizes:
            entry.prepared_sizes = wanted
            entry.source.set_display_sizes(wanted)

    def activity_changed(self, lease: CameraLease) -> None:
        """A subscriber became visible or hidden: (de)activate its source accordingly."""
        entry = self._entries.get(lease.url)
        if entry is not None:
            self._refresh_active(entry)
            self._refresh_display_sizes(entry)

    def source_for(self, url: str) -> FrameSource | None:
        """The live source of ``url`` (tests: the same object means no reconnect)."""
        entry = self._entries.get(url)
        return entry.source if entry else None

    @property
    def source_count(self) -> int:
        """Sources currently running."""
        return len(self._entries)

    def _open(self, url: str, camera: str) -> _Entry:
        source = self._factory(camera, StreamSpec(url))
        entry = _Entry(url, source)
        entry.unhook.append(source.on_state(self._status_hook(url)))
        entry.unhook.append(source.on_frame(self._frame_hook(url)))
        self._entries[url] = entry
        self.sources_created += 1
        entry.started = self._stopper.submit(source.start)
        if not self._timer.isActive() and self.delivery == "poll":
            self._timer.start()
        return entry

    def _refresh_active(self, entry: _Entry) -> None:
        active = any(s.is_pool_active() for s in entry.subscribers)
        if active != entry.active:
            entry.active = active
            entry.source.set_active(active)
            if active:
                self._mark_fresh(entry.key)  # its newest frame, if any, reaches the subscribers that woke up

    # -- delivery -------------------------------------------------------------------------------------------

    def _status_hook(self, key: str) -> Callable[[SourceStatus], None]:
        def hook(status: SourceStatus) -> None:
            self.status_signalled.emit(key, status)
        return hook

    def _frame_hook(self, key: str) -> Callable[[Frame], None]:
        def hook(_frame: Frame) -> None:
            self._mark_fresh(key)
        return hook

    def _mark_fresh(self, key: str) -> None:
        # Capture thread (or GUI): remember which sources have news; coalesced, so with signal delivery at most
        # one queued event per source is pending.
        with self._pending_lock:
            if key in self._pending:
                return
            self._pending.add(key)
        if self.delivery == "signal":
            self.frame_signalled.emit(key)

    def _deliver(self, entry: _Entry) -> None:
        frame = entry.source.latest()
        if frame is None or frame.seq == entry.delivered_seq:
            return
        entry.delivered_seq = frame.seq
        for subscriber in list(entry.subscribers):
            if subscriber.is_pool_active():
                subscriber.on_pool_frame(frame)

    def _on_timer_timeout(self) -> None:
        if not self._pending:  # read without the lock: a key added meanwhile is seen at the next tick
            return
        with self._pending_lock:
            keys, self._pending = self._pending, set()
        for key in keys:
            entry = self._entries.get(key)
            if entry is not None and entry.active:
                self._deliver(entry)

    def _on_self_frame_signalled(self, key: str) -> None:
        with self._pending_lock:
            self._pending.discard(key)
        entry = self._entries.get(key)
        if entry is not None and entry.active:
            self._deliver(entry)

    def _on_self_status_signalled(self, key: str, status: SourceStatus) -> None:
        entry = self._entries.get(key)
        if entry is None:
            return
        for subscriber in list(entry.subscribers):
            subscriber.on_pool_status(status)

    def shutdown(self) -> None:
        """Stop every source and join its thread or process."""
        self._timer.stop()
        self._closed = True
        entries, self._entries = list(self._entries.values()), {}
        for entry in entries:
            for unhook in entry.unhook:
                unhook()
            entry.source.set_active(False)
        for entry in entries:
            self._stop_later(entry)
        self._stopper.shutdown(wait=True)

    def _stop_later(self, entry: _Entry) -> None:
        """Stop on the executor once the start has finished (a start is never raced by its stop)."""
        started = entry.started
        if started is not None and not started.done():
            started.add_done_callback(lambda _f: self._submit_stop(entry))
        else:
            self._submit_stop(entry)

    def _submit_stop(self, entry: _Entry) -> None:
        try:
            self._stopper.submit(self._stop_quietly, entry)
        except RuntimeError:  # the executor is shutting down and no longer takes work: stop here
            self._stop_quietly(entry)

    @staticmethod
    def _stop_quietly(entry: _Entry) -> None:
        try:
            entry.source.stop()
        except Exception:  # keep stopping the others
            _log.exception("stopping camera source %s failed", entry.key)
