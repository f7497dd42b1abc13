"""The dashboard data service: refreshes snapshots on an executor and delivers them to the GUI thread.

Each privacy channel (public, internal) is computed separately, with its own database session per job. A
single GUI-thread timer checks which subscribed kinds are due; a kind is never queued twice, so a slow
database cannot pile up work. Results come back by a queued signal; widgets are never touched off the GUI
thread. :meth:`DashboardDataService.stop` cancels what has not started and joins what has.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from sqlalchemy.orm import Session

from wall.data.channel import PRIVACIES, DashboardChannel, Privacy
from wall.data.kinds import DEFAULT_INTERVALS_MS, Compute, SnapshotComputers, SnapshotKind, base_kind

_log = logging.getLogger(__name__)

TICK_MS = 100


class DashboardDataService(QObject):
    """Computes dashboard snapshots off the GUI thread for the tiles (``ctx.services["dashboard"]``).

    ``session_factory`` opens a new session per job; ``clock`` gives "now" (aware UTC). ``executor`` is used
    when given (and then not shut down here), otherwise the service owns a small pool. ``intervals_ms``
    overrides the refresh period per kind (default: 1 s for map points, 10-30 s for boards and charts).
    """

    snapshot_failed = Signal(str, str, str)
    """(privacy, kind, message): a refresh failed; the previous snapshot stays on screen."""
    _job_finished = Signal(str, str, object)

    def __init__(
        self,
        session_factory: Callable[[], Session],
        clock: Callable[[], datetime],
        *,
        executor: cf.Executor | None = None,
        intervals_ms: Mapping[str, int] | None = None,
        computers: Mapping[str, Compute] | None = None,  # tests: replace the computer of some kinds
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session_factory = session_factory
        self._clock = clock
        self._owns_executor = executor is None
        self._executor: cf.Executor = executor or cf.ThreadPoolExecutor(2, thread_name_prefix="dashboard")
        self._intervals = {str(k): v for k, v in DEFAULT_INTERVALS_MS.items()}
        self._intervals.update({str(k): int(v) for k, v in (intervals_ms or {}).items()})
        self._computers = SnapshotComputers()
        self._overrides: dict[str, Compute] = {str(k): v for k, v in (computers or {}).items()}
        self._channels: dict[Privacy, DashboardChannel] = {p: DashboardChannel(p, self) for p in PRIVACIES}
        self._next_due: dict[tuple[str, str], float] = {}
        self._in_flight: dict[tuple[str, str], cf.Future[None]] = {}
        self._lock = threading.Lock()
        self._stopping = False
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._job_finished.connect(self._on_self_job_finished, Qt.ConnectionType.QueuedConnection)
        for channel in self._channels.values():
            channel.subscriptions_changed.connect(self._on_channel_subscriptions_changed)

    @property
    def executor(self) -> cf.Executor:
        """The executor jobs run on (tiles may submit their own short jobs, e.g. basemap tiles)."""
        return self._executor

    def channel(self, privacy: Privacy) -> DashboardChannel:
        """The channel of one privacy level; a tile connects to ``channel(ctx.privacy)`` only."""
        return self._channels[privacy]

    def interval_ms(self, kind: str) -> int:
        """The refresh period of ``kind`` (parameterised kinds share their base kind's period)."""
        return self._intervals.get(kind, self._intervals.get(base_kind(kind), 10_000))

    def _computer(self, kind: str) -> Compute | None:
        return self._overrides.get(kind) or self._computers.get(kind)

    def start(self) -> None:
        """Start refreshing the subscribed kinds."""
        if not self._stopping:
            self._timer.start()
            self._on_timer_timeout()

    def refresh_now(self, kind: str | None = None) -> None:
        """Make ``kind`` (or every kind) due at once."""
        for key in list(self._next_due):
            if kind is None or key[1] == kind:
                self._next_due[key] = 0.0
        self._on_timer_timeout()

    def stop(self) -> None:
        """Stop the timer, cancel queued jobs, wait for running ones; no signal is emitted afterwards."""
        self._stopping = True
        self._timer.stop()
        with self._lock:
            futures = list(self._in_flight.values())
        for future in futures:
            future.cancel()
        cf.wait(futures)
        if self._owns_executor:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def _on_channel_subscriptions_changed(self) -> None:
        if self._timer.isActive():
            QTimer.singleShot(0, self._on_timer_timeout)

    def _on_timer_timeout(self) -> None:
        if self._stopping:
            return
        now_mono = time.monotonic()
        for privacy, channel in self._channels.items():
            for kind in channel.subscribed_kinds():
                key = (privacy, kind)
                if self._computer(kind) is None or key in self._in_flight:
                    continue
                if self._next_due.get(key, 0.0) <= now_mono:
                    self._next_due[key] = now_mono + self.interval_ms(kind) / 1000
                    self._submit(privacy, kind)

    def _submit(self, privacy: Privacy, kind: str) -> None:
        now = self._clock()
        try:
            future = self._executor.submit(self._run_job, privacy, kind, now)
        except RuntimeError:  # the executor was shut down by its owner
            return
        with self._lock:
            self._in_flight[(privacy, kind)] = future

    def _run_job(self, privacy: Privacy, kind: str, now: datetime) -> None:
        """Worker thread: compute one snapshot with a session of its own; report by a queued signal."""
        if self._stopping:
            return
        try:
            compute = self._computer(kind)
            assert compute is not None  # checked before submitting
            with self._session_factory() as session:
                snapshot = compute(session, now, privacy == "public")
        except Exception as exc:  # a failed refresh keeps the old snapshot; the next tick retries
            _log.warning("dashboard %s/%s refresh failed: %s", privacy, kind, exc)
            snapshot = exc
        if not self._stopping:
            self._job_finished.emit(privacy, kind, snapshot)

    def _on_self_job_finished(self, privacy: Privacy, kind: str, snapshot: object) -> None:
        with self._lock:
            self._in_flight.pop((privacy, kind), None)
        if self._stopping:
            return
        if isinstance(snapshot, Exception):
            self.snapshot_failed.emit(privacy, kind, f"{type(snapshot).__name__}: {snapshot}")
            return
        self._channels[privacy].publish(kind, snapshot)


__all__ = ["DashboardChannel", "DashboardDataService", "SnapshotKind"]
