"""The newest-frame mailbox and the callback list: no lost wake-up, a failing callback contained."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import numpy as np

from common.video.base import Hooks, Mailbox
from common.video.frame import Frame

IMAGE = np.zeros((2, 2, 3), np.uint8)


def _frame(seq: int) -> Frame:
    return Frame.from_image(IMAGE.copy(), seq, "cam", 0.0, datetime.now(UTC))


def test_a_waiter_is_woken_by_every_put_it_waits_for() -> None:
    """Many waits racing a fast producer: each returns the awaited frame, none sleeps to its timeout."""
    box = Mailbox()
    stop = threading.Event()
    produced = [0]

    def produce() -> None:
        while not stop.is_set():
            produced[0] += 1
            box.put(_frame(produced[0]))

    thread = threading.Thread(target=produce)
    thread.start()
    try:
        seen = 0
        for _ in range(200):
            frame = box.wait_newer(seen, timeout=2.0)
            assert frame is not None and frame.seq > seen
            seen = frame.seq
    finally:
        stop.set()
        thread.join()
    assert box.latest() is not None and box.latest().seq == produced[0]  # type: ignore[union-attr]


def test_wait_newer_times_out_without_a_newer_frame() -> None:
    box = Mailbox()
    box.put(_frame(5))
    assert box.wait_newer(5, timeout=0.05) is None
    assert box.wait_newer(4, timeout=0.05) is not None


def test_hooks_survive_a_failing_callback_and_removal_during_emit() -> None:
    hooks: Hooks[int] = Hooks("test")
    calls: list[str] = []

    def failing(_value: int) -> None:
        calls.append("failing")
        raise RuntimeError("consumer bug")

    remove_late: list[object] = []

    def removes_the_next(_value: int) -> None:
        calls.append("remover")
        remove_late[0]()  # type: ignore[operator]

    def late(_value: int) -> None:
        calls.append("late")

    hooks.add(failing)
    hooks.add(removes_the_next)
    remove_late.append(hooks.add(late))
    hooks.emit(1)  # the emit that is running keeps the list it started with
    hooks.emit(2)
    assert calls == ["failing", "remover", "late", "failing", "remover"]
