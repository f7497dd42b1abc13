"""CameraWorker against real loopback streams: RTSP (GStreamer) and MJPEG (pure Python)."""

from __future__ import annotations

import time
from datetime import UTC

import numpy as np
import pytest

from common.video.backoff import Backoff
from common.video.base import CaptureState, stop_all
from common.video.frame import Frame
from common.video.loop import LoopSettings
from common.video.mjpeg_server import MjpegServer, StreamMode
from common.video.source import CaptureEnvironment, StreamSpec
from common.video.worker import CameraWorker
from tests.common.video.conftest import StateLog, wait_until
from tests.support.rtsp_server import RtspTestServer


def _worker(
    source_id: str, url: str, environment: CaptureEnvironment | None = None, **spec: int
) -> CameraWorker:
    settings = LoopSettings(environment=environment or CaptureEnvironment(), backoff=Backoff(base_s=0.25))
    return CameraWorker(source_id, StreamSpec(url, **spec), settings)  # type: ignore[arg-type]


@pytest.mark.timeout(30)
def test_rtsp_frames_arrive_immutable_and_numbered(no_leaks: None, rtsp_server: RtspTestServer) -> None:
    worker = _worker("cam0", rtsp_server.url(0))
    log = StateLog()
    worker.on_state(log)
    worker.start()
    try:
        first = worker.wait_frame(0, timeout=5)
        assert first is not None, f"no frame; states {log.states()}"
        later = worker.wait_frame(first.seq, timeout=2)
        assert later is not None and later.seq > first.seq
        assert (later.height, later.width) == (360, 640) and later.image.shape == (360, 640, 3)
        assert not later.image.flags.writeable
        with pytest.raises(ValueError):
            later.image[0, 0, 0] = 1
        assert later.captured_wall.tzinfo is not None and later.captured_wall.utcoffset() == UTC.utcoffset(
            None
        )
        assert later.source_id == "cam0" and worker.status.state is CaptureState.LIVE
    finally:
        assert worker.stop()
    assert log.states()[0] is CaptureState.CONNECTING and log.states()[-1] is CaptureState.STOPPED


@pytest.mark.timeout(20)
def test_mjpeg_frames_arrive(no_leaks: None, mjpeg_server: MjpegServer) -> None:
    worker = _worker("demo1", mjpeg_server.url(1))
    worker.start()
    try:
        frame = worker.wait_frame(0, timeout=5)
        assert frame is not None and frame.image.shape == (360, 640, 3)
        assert worker.wait_frame(frame.seq, timeout=2) is not None
    finally:
        worker.stop()


@pytest.mark.timeout(40)
def test_recovers_within_3s_after_server_restart_on_same_port(
    no_leaks: None, rtsp_server: RtspTestServer
) -> None:
    worker = _worker("cam0", rtsp_server.url(0))
    log = StateLog()
    worker.on_state(log)
    worker.start()
    try:
        assert worker.wait_frame(0, timeout=5) is not None
        port = rtsp_server.port
        killed = time.monotonic()
        rtsp_server.kill()
        assert log.wait_for(CaptureState.NO_SIGNAL, after=killed, timeout=5) is not None
        assert worker.status.last_frame_wall is not None
        time.sleep(1.0)
        rtsp_server.start()
        back = time.monotonic()
        assert rtsp_server.port == port
        live = log.wait_for(CaptureState.LIVE, after=back, timeout=6)
        assert live is not None, f"not recovered; states {log.states()}"
        assert live - back < 3.0, f"recovered {live - back:.2f} s after the stream returned"
    finally:
        worker.stop()


@pytest.mark.timeout(40)
def test_frozen_stream_is_stalled_within_2s_then_recovers(
    no_leaks: None, rtsp_server: RtspTestServer
) -> None:
    worker = _worker("cam1", rtsp_server.url(1))
    log = StateLog()
    worker.on_state(log)
    worker.start()
    try:
        assert worker.wait_frame(0, timeout=5) is not None
        rtsp_server.freeze(1)
        frozen = time.monotonic()
        stalled = log.wait_for(CaptureState.STALLED, after=frozen, timeout=5)
        assert stalled is not None, f"no STALLED; states {log.states()}"
        # The watchdog fires 2 s after the last frame (which came <= 1/15 s before the freeze).
        assert 1.5 < stalled - frozen < 2.0 + 0.8, f"STALLED after {stalled - frozen:.2f} s"
        seq = worker.latest().seq  # type: ignore[union-attr]
        rtsp_server.unfreeze(1)
        thawed = time.monotonic()
        assert log.wait_for(CaptureState.LIVE, after=thawed, timeout=8) is not None
        assert worker.wait_frame(seq, timeout=2) is not None
    finally:
        worker.stop()


@pytest.mark.timeout(30)
def test_wrong_urls_give_no_signal_without_hanging_a_healthy_worker(
    no_leaks: None, rtsp_server: RtspTestServer, mjpeg_server: MjpegServer, free_port: int
) -> None:
    environment = CaptureEnvironment()
    bad_urls = {
        "refused": f"rtsp://127.0.0.1:{free_port}/cam0",
        "rtsp404": f"rtsp://127.0.0.1:{rtsp_server.port}/nope",
        "http404": f"http://127.0.0.1:{mjpeg_server.port}/cam/99.mjpg",
        "garbled": "rtsp://[::not-a-host/",
    }
    bad = {name: _worker(name, url, environment) for name, url in bad_urls.items()}
    healthy = _worker("healthy", mjpeg_server.url(0), environment)
    logs = {name: StateLog() for name in bad}
    for name, worker in bad.items():
        worker.on_state(logs[name])
        worker.start()
    started = time.monotonic()
    healthy.start()
    try:
        assert healthy.wait_frame(0, timeout=3) is not None
        assert time.monotonic() - started < 2.0
        for name, log in logs.items():
            assert log.wait_for(CaptureState.NO_SIGNAL, timeout=5) is not None, f"{name}: {log.states()}"
            assert bad[name].latest() is None
            assert bad[name].status.last_frame_wall is None
    finally:
        stop_all([*bad.values(), healthy])
    assert all(w.status.state is CaptureState.STOPPED for w in [*bad.values(), healthy])


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", [StreamMode.ZERO_BYTE, StreamMode.GARBAGE])
def test_zero_byte_and_garbage_mjpeg_give_no_signal_then_recover(
    no_leaks: None, mjpeg_server: MjpegServer, mode: StreamMode
) -> None:
    mjpeg_server.set_mode(mode, camera=2)
    worker = _worker("broken", mjpeg_server.url(2))
    log = StateLog()
    worker.on_state(log)
    worker.start()
    try:
        assert log.wait_for(CaptureState.NO_SIGNAL, timeout=5) is not None, log.states()
        time.sleep(0.5)
        assert worker.latest() is None
        mjpeg_server.set_mode(StreamMode.NORMAL, camera=2)
        assert worker.wait_frame(0, timeout=6) is not None, log.states()
    finally:
        worker.stop()


@pytest.mark.timeout(30)
def test_slow_camera_does_not_delay_a_healthy_one(
    no_leaks: None, mjpeg_server: MjpegServer, silent_server: str
) -> None:
    environment = CaptureEnvironment()

    def time_to_first_frame(with_slow: bool) -> float:
        slow = _worker("slow", silent_server, environment, open_timeout_ms=4000)
        healthy = _worker("healthy", mjpeg_server.url(0), environment)
        if with_slow:
            slow.start()
            time.sleep(0.2)  # the slow open is in progress (it waits 4 s for an answer)
        started = time.monotonic()
        healthy.start()
        frame = healthy.wait_frame(0, timeout=6)
        elapsed = time.monotonic() - started
        stop_all([slow, healthy])
        assert frame is not None
        return elapsed

    alone = time_to_first_frame(with_slow=False)
    beside_slow = time_to_first_frame(with_slow=True)
    # OpenCV's process-wide open lock would make this ~4 s; the lock is off.
    assert beside_slow < alone + 1.0, f"alone {alone:.2f} s, beside a slow camera {beside_slow:.2f} s"


@pytest.mark.timeout(30)
def test_inactive_worker_decodes_nothing_and_releases_the_stream(
    no_leaks: None, mjpeg_server: MjpegServer
) -> None:
    worker = _worker("cam0", mjpeg_server.url(0))
    log = StateLog()
    worker.on_state(log)
    worker.start()
    try:
        assert worker.wait_frame(0, timeout=5) is not None
        worker.set_active(False)
        assert log.wait_for(CaptureState.INACTIVE, timeout=3) is not None
        assert wait_until(lambda: mjpeg_server.connection_count == 0, 3)
        seq = worker.latest().seq  # type: ignore[union-attr]
        time.sleep(1.0)
        assert worker.latest().seq == seq  # type: ignore[union-attr]
        worker.set_active(True)
        assert worker.wait_frame(seq, timeout=5) is not None
    finally:
        worker.stop()


@pytest.mark.timeout(30)
def test_switch_stream_moves_to_the_other_stream(no_leaks: None, mjpeg_server: MjpegServer) -> None:
    worker = _worker("cam", mjpeg_server.url(0))
    worker.start()
    try:
        before = worker.wait_frame(0, timeout=5)
        assert before is not None
        worker.switch_stream(StreamSpec(mjpeg_server.url(1)))
        mjpeg_server.set_mode(StreamMode.FREEZE, camera=0)  # frames can only come from camera 1 now
        assert wait_until(lambda: worker.status.url == mjpeg_server.url(1), 3)
        time.sleep(0.3)
        after = worker.wait_frame(worker.latest().seq, timeout=5)  # type: ignore[union-attr]
        assert after is not None and after.seq > before.seq
        assert worker.status.state is CaptureState.LIVE
    finally:
        worker.stop()


@pytest.mark.timeout(20)
def test_failing_callback_does_not_stop_capture(no_leaks: None, mjpeg_server: MjpegServer) -> None:
    worker = _worker("cam", mjpeg_server.url(0))
    seen: list[int] = []

    def broken(frame: Frame) -> None:
        seen.append(frame.seq)
        raise RuntimeError("consumer bug")

    unsubscribe = worker.on_frame(broken)
    worker.start()
    try:
        assert wait_until(lambda: len(seen) >= 5, 5)
        unsubscribe()
        count = len(seen)
        frame = worker.wait_frame(worker.latest().seq, timeout=2)  # type: ignore[union-attr]
        assert frame is not None and len(seen) == count
    finally:
        worker.stop()


@pytest.mark.timeout(30)
def test_frames_come_prepared_for_the_screen_at_the_asked_sizes(no_leaks: None, rtsp_server: RtspTestServer) -> None:
    worker = _worker("cam0", rtsp_server.url(0))
    worker.start()
    try:
        first = worker.wait_frame(0, timeout=5)
        assert first is not None and first.displays == (), "nothing is prepared until a size is asked for"
        worker.set_display_sizes(((320, 180), (160, 90)))
        frame = worker.wait_frame(first.seq, timeout=2)
        while frame is not None and not frame.displays:  # the frame in flight when the sizes were set
            frame = worker.wait_frame(frame.seq, timeout=2)
        assert frame is not None and frame.display_sizes() == ((320, 180), (160, 90))
        half, quarter = frame.display_for((320, 180)), frame.display_for((160, 90))
        assert half is not None and quarter is not None and frame.display_for((200, 100)) is None
        assert half.shape == (180, 320, 4) and quarter.shape == (90, 160, 4)
        assert not half.flags.writeable and not quarter.flags.writeable
        # The prepared pictures are the frame itself, halved and quartered (area average of each block).
        halved = frame.image.reshape(180, 2, 320, 2, 3).mean(axis=(1, 3))
        assert np.abs(half[:, :, :3].astype(float) - halved).max() <= 1.0
        quartered = frame.image.reshape(90, 4, 160, 4, 3).mean(axis=(1, 3))
        assert np.abs(quarter[:, :, :3].astype(float) - quartered).max() <= 1.0
        worker.set_display_sizes(())
        later = worker.wait_frame(frame.seq, timeout=2)
        for _ in range(3):  # again, the frame in flight may still have been prepared
            if later is None or not later.displays:
                break
            later = worker.wait_frame(later.seq, timeout=2)
        assert later is not None and later.displays == ()
    finally:
        assert worker.stop()
