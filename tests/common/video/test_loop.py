"""CaptureLoop rules that need no stream: stale reads, sink failures, control (fake captures)."""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
import pytest

from common.video.backoff import Backoff
from common.video.base import CaptureState
from common.video.loop import CaptureLoop, LoopSettings
from common.video.source import StreamSpec
from tests.common.video.conftest import StateLog, wait_until


class FakeCapture:
    """Returns a frame per read; reads listed in ``slow_reads`` take ``delay`` and still claim success."""

    def __init__(self, slow_reads: set[int], delay: float) -> None:
        self.reads = 0
        self.released = False
        self._slow_reads, self._delay = slow_reads, delay

    def isOpened(self) -> bool:
        return True

    def read(self) -> tuple[bool, Any]:
        self.reads += 1
        time.sleep(self._delay if self.reads in self._slow_reads else 0.01)
        return True, np.zeros((4, 4, 3), np.uint8)

    def release(self) -> None:
        self.released = True


def _run(loop: CaptureLoop) -> threading.Thread:
    thread = threading.Thread(target=loop.run)
    thread.start()
    return thread


@pytest.mark.timeout(10)
def test_a_read_lasting_the_stall_timeout_is_stale_and_stalls() -> None:
    captures: list[FakeCapture] = []

    def factory(_spec: StreamSpec) -> FakeCapture:
        captures.append(FakeCapture({5} if not captures else set(), delay=0.35))
        return captures[-1]

    published: list[int] = []
    log = StateLog()
    settings = LoopSettings(stall_timeout_s=0.3, backoff=Backoff(base_s=0.05), capture_factory=factory)
    loop = CaptureLoop("fake", StreamSpec("fake://"), lambda *_: published.append(1), log, settings)
    thread = _run(loop)
    try:
        assert log.wait_for(CaptureState.STALLED, timeout=3) is not None
        assert len(published) == 4  # the 5th read "succeeded" after the timeout: not published
        assert captures[0].released
        assert wait_until(lambda: len(captures) == 2 and len(published) > 6, 3)  # reopened, live again
    finally:
        loop.request_stop()
        thread.join(5)
    assert log.states()[-1] is CaptureState.STOPPED


@pytest.mark.timeout(10)
def test_a_failing_sink_does_not_end_the_loop() -> None:
    calls: list[int] = []

    def publish(*_args: object) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("sink bug")

    log = StateLog()
    settings = LoopSettings(backoff=Backoff(base_s=0.05), capture_factory=lambda _spec: FakeCapture(set(), 0))
    loop = CaptureLoop("fake", StreamSpec("fake://"), publish, log, settings)
    thread = _run(loop)
    try:
        assert wait_until(lambda: len(calls) > 5, 3)
        assert CaptureState.NO_SIGNAL in log.states()
        loop.set_active(False)
        assert log.wait_for(CaptureState.INACTIVE, timeout=2) is not None
        count = len(calls)
        time.sleep(0.2)
        assert len(calls) == count
    finally:
        loop.request_stop()
        thread.join(5)
    assert not thread.is_alive()
