"""The data service: computes only subscribed kinds, per privacy channel, off the GUI thread, and stops cleanly."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from common.db.engine import make_session_factory
from common.queries.snapshots import TickerStats
from wall.data.channel import DashboardChannel
from wall.data.dashboard_service import DashboardDataService
from wall.data.kinds import SnapshotKind, points_kind


class _Recorder:
    """A computer that records where and how often it ran; optionally slow or failing."""

    def __init__(self, delay: float = 0.0, fail: bool = False) -> None:
        self.calls: list[tuple[bool, str]] = []
        self.running = 0
        self.max_running = 0
        self._lock = threading.Lock()
        self.delay, self.fail = delay, fail

    def __call__(self, session: Session, now: datetime, public: bool) -> object:
        with self._lock:
            self.calls.append((public, threading.current_thread().name))
            self.running += 1
            self.max_running = max(self.max_running, self.running)
        try:
            time.sleep(self.delay)
            if self.fail:
                raise RuntimeError("database gone")
            return TickerStats(public, len(self.calls), 0, 0, None, None, None, now)
        finally:
            with self._lock:
                self.running -= 1


def _service(
    engine: Engine, clock: Callable[[], datetime], recorder: _Recorder, ms: int = 50
) -> DashboardDataService:
    return DashboardDataService(
        make_session_factory(engine), clock, intervals_ms={"ticker_stats": ms},
        computers={SnapshotKind.TICKER_STATS: recorder},
    )  # fmt: skip


def test_only_subscribed_kinds_are_computed_per_channel_off_the_gui_thread(
    qtbot: QtBot, demo_engine: Engine, clock: Callable[[], datetime]
) -> None:
    recorder = _Recorder()
    service = _service(demo_engine, clock, recorder)
    service.start()
    qtbot.wait(200)
    assert recorder.calls == []  # nobody asked
    public: DashboardChannel = service.channel("public")
    received: list[object] = []
    public.snapshot_ready.connect(
        lambda kind, snap: received.append((kind, snap, threading.current_thread()))
    )
    public.subscribe(SnapshotKind.TICKER_STATS)
    qtbot.waitUntil(lambda: len(received) >= 3, timeout=3000)
    service.stop()
    assert {p for p, _ in recorder.calls} == {True}  # the internal channel computed nothing
    assert all(name.startswith("dashboard") for _, name in recorder.calls)
    assert all(t is threading.main_thread() for _, _, t in received)  # delivered on the GUI thread
    assert all(isinstance(s, TickerStats) and s.public for _, s, _ in received)


def test_a_slow_kind_is_never_queued_twice_and_stop_joins(
    qtbot: QtBot, demo_engine: Engine, clock: Callable[[], datetime]
) -> None:
    recorder = _Recorder(delay=0.3)
    service = _service(demo_engine, clock, recorder, ms=10)
    service.channel("public").subscribe(SnapshotKind.TICKER_STATS)
    service.channel("internal").subscribe(SnapshotKind.TICKER_STATS)
    service.start()
    qtbot.wait(700)
    service.stop()
    assert recorder.max_running <= 2  # one per channel at most
    assert len(recorder.calls) <= 6
    count = len(recorder.calls)
    time.sleep(0.2)
    assert len(recorder.calls) == count and recorder.running == 0  # nothing runs after stop()
    assert not [t for t in threading.enumerate() if t.name.startswith("dashboard")]


def test_a_failed_refresh_keeps_the_last_snapshot(
    qtbot: QtBot, demo_engine: Engine, clock: Callable[[], datetime]
) -> None:
    recorder = _Recorder()
    service = _service(demo_engine, clock, recorder)
    channel = service.channel("internal")
    channel.subscribe(SnapshotKind.TICKER_STATS)
    service.start()
    qtbot.waitUntil(lambda: channel.latest(SnapshotKind.TICKER_STATS) is not None, timeout=3000)
    good = channel.latest(SnapshotKind.TICKER_STATS)
    recorder.fail = True
    with qtbot.waitSignal(service.snapshot_failed, timeout=3000) as blocker:
        pass
    assert blocker.args[:2] == ["internal", "ticker_stats"] and "database gone" in blocker.args[2]
    assert channel.latest(SnapshotKind.TICKER_STATS) is good
    service.stop()


def test_real_queries_feed_both_channels_separately(
    qtbot: QtBot, demo_engine: Engine, clock: Callable[[], datetime]
) -> None:
    service = DashboardDataService(make_session_factory(demo_engine), clock)
    kinds = [k for k in SnapshotKind if k != SnapshotKind.REPORT_POINTS] + [points_kind(7), points_kind(30)]
    for privacy in ("public", "internal"):
        for kind in kinds:
            service.channel(privacy).subscribe(kind)  # type: ignore[arg-type]
    service.start()
    try:
        for privacy in ("public", "internal"):
            channel = service.channel(privacy)  # type: ignore[arg-type]
            qtbot.waitUntil(lambda c=channel: all(c.latest(k) is not None for k in kinds), timeout=10_000)
            assert all(getattr(channel.latest(k), "public") is (privacy == "public") for k in kinds)  # noqa: B009
    finally:
        service.stop()
