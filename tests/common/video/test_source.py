"""Stream spec, the process-wide FFmpeg environment gate, backoff and Frame."""

from __future__ import annotations

import random
import threading
import time
from datetime import UTC, datetime

import numpy as np
import pytest

from common.video.backoff import Backoff
from common.video.frame import Frame
from common.video.source import OPTIONS_VAR, THREAD_SAFE_VAR, CaptureEnvironment, StreamSpec, open_capture


def test_spec_ffmpeg_options_and_open_params() -> None:
    spec = StreamSpec("rtsp://cam/1")
    assert spec.ffmpeg_options() == "rtsp_transport;tcp|analyzeduration;200000|probesize;32768"
    defaults = StreamSpec(
        "rtsp://cam/1", "udp", analyzeduration_us=0, probesize=0, extra_options=(("a", "b"),)
    )
    assert defaults.ffmpeg_options() == "rtsp_transport;udp|a;b"
    assert len(spec.open_params()) == 6 and spec.with_read_timeout(500).read_timeout_ms == 500


@pytest.mark.timeout(10)
def test_environment_gate_lets_equal_options_overlap() -> None:
    gate = CaptureEnvironment(environ={})
    inside_together = threading.Barrier(3, timeout=5)  # breaks if the three opens were serialised

    def open_a() -> None:
        with gate.opening("a"):
            inside_together.wait()

    threads = [threading.Thread(target=open_a) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not inside_together.broken


@pytest.mark.timeout(10)
def test_environment_gate_never_changes_options_under_an_open() -> None:
    environ: dict[str, str] = {}
    gate = CaptureEnvironment(environ=environ)
    a_inside, a_may_leave = threading.Event(), threading.Event()
    events: list[str] = []

    def open_a() -> None:
        with gate.opening("a"):
            a_inside.set()
            a_may_leave.wait(5)
            events.append(f"a leaves with {environ[OPTIONS_VAR]}")

    def open_b() -> None:
        with gate.opening("b"):
            events.append(f"b enters with {environ[OPTIONS_VAR]}")

    first = threading.Thread(target=open_a)
    first.start()
    assert a_inside.wait(5)
    second = threading.Thread(target=open_b)
    second.start()
    time.sleep(0.2)
    assert events == []  # b waits while a's open is in flight
    a_may_leave.set()
    first.join()
    second.join()
    assert events == ["a leaves with a", "b enters with b"]
    assert environ[THREAD_SAFE_VAR] == "1"


@pytest.mark.timeout(10)
def test_open_capture_fails_fast_when_nothing_listens(free_port: int) -> None:
    started = time.monotonic()
    capture = open_capture(StreamSpec(f"rtsp://127.0.0.1:{free_port}/x", open_timeout_ms=2000))
    assert not capture.isOpened()
    capture.release()
    assert time.monotonic() - started < 2.5


def test_backoff_grows_to_the_cap_with_jitter_and_resets() -> None:
    backoff = Backoff(base_s=0.25, cap_s=10.0, jitter=0.5, reset_after_s=5.0, rng=random.Random(1))
    delays = [backoff.next_delay() for _ in range(10)]
    assert 0.125 <= delays[0] <= 0.25 and all(5.0 <= d <= 10.0 for d in delays[7:])
    backoff.healthy(1.0)
    assert backoff.attempts == 10
    backoff.healthy(5.0)
    assert backoff.attempts == 0 and backoff.next_delay() <= 0.25


def test_frame_is_read_only_and_needs_aware_time() -> None:
    image = np.zeros((4, 6, 3), np.uint8)
    frame = Frame.from_image(image, 1, "cam", 1.0, datetime.now(UTC))
    assert (frame.width, frame.height) == (6, 4) and not frame.image.flags.writeable
    with pytest.raises(ValueError):
        Frame.from_image(np.zeros((4, 6, 3), np.uint8), 1, "cam", 1.0, datetime.now())
    with pytest.raises(ValueError):
        Frame(np.zeros((4, 6, 3), np.uint8), 1, 1.0, datetime.now(UTC), "cam", 5, 4)
