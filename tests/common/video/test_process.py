"""CaptureProcess: capture in a child process, newest frame through shared memory, child supervision."""

from __future__ import annotations

import os
import signal
import time

import pytest

from common.video.base import CaptureState, FrameSource
from common.video.mjpeg_server import MjpegServer, StreamMode
from common.video.process import CaptureProcess, ProcessSettings
from common.video.source import StreamSpec
from tests.common.video.conftest import StateLog, wait_until
from tests.support.rtsp_server import RtspTestServer


@pytest.mark.timeout(40)
def test_process_delivers_rtsp_frames_and_cleans_up(no_leaks: None, rtsp_server: RtspTestServer) -> None:
    source = CaptureProcess("cam0", StreamSpec(rtsp_server.url(0)))
    assert isinstance(source, FrameSource)
    log = StateLog()
    source.on_state(log)
    source.start()
    try:
        first = source.wait_frame(0, timeout=15)
        assert first is not None, log.states()
        later = source.wait_frame(first.seq, timeout=3)
        assert later is not None and later.image.shape == (360, 640, 3)
        assert not later.image.flags.writeable and later.source_id == "cam0"
        assert later.captured_wall.tzinfo is not None
        assert source.status.state is CaptureState.LIVE
        source.set_display_sizes(((320, 180),))  # prepared on the parent's side, as each frame arrives
        prepared = source.wait_frame(later.seq, timeout=3)
        for _ in range(3):  # a frame already in hand when the size was set comes unprepared
            if prepared is None or prepared.displays:
                break
            prepared = source.wait_frame(prepared.seq, timeout=3)
        assert prepared is not None and prepared.display_sizes() == ((320, 180),)
    finally:
        assert source.stop()
    assert source.status.state is CaptureState.STOPPED and source.pid is None


@pytest.mark.timeout(40)
def test_crashed_or_hung_child_is_restarted(no_leaks: None, mjpeg_server: MjpegServer) -> None:
    source = CaptureProcess("cam", StreamSpec(mjpeg_server.url(0)), ProcessSettings(hang_timeout_s=1.5))
    log = StateLog()
    source.on_state(log)
    source.start()
    try:
        assert source.wait_frame(0, timeout=15) is not None
        for signum in (signal.SIGKILL, signal.SIGSTOP):  # a crash, then a hang
            pid, seq = source.pid, source.latest().seq  # type: ignore[union-attr]
            assert pid is not None
            hit = time.monotonic()
            os.kill(pid, signum)
            assert log.wait_for(CaptureState.NO_SIGNAL, after=hit, timeout=5) is not None, log.states()
            frame = source.wait_frame(seq, timeout=10)
            assert frame is not None and frame.seq > seq  # numbering continues across children
            assert source.pid not in (None, pid)
    finally:
        source.stop()


@pytest.mark.timeout(40)
def test_process_set_active_and_switch_stream(no_leaks: None, mjpeg_server: MjpegServer) -> None:
    source = CaptureProcess("cam", StreamSpec(mjpeg_server.url(0)))
    log = StateLog()
    source.on_state(log)
    source.start()
    try:
        assert source.wait_frame(0, timeout=15) is not None
        source.set_active(False)
        assert log.wait_for(CaptureState.INACTIVE, timeout=3) is not None
        assert wait_until(lambda: mjpeg_server.connection_count == 0, 3)
        seq = source.latest().seq  # type: ignore[union-attr]
        time.sleep(0.8)
        assert source.latest().seq == seq  # type: ignore[union-attr]
        source.switch_stream(StreamSpec(mjpeg_server.url(1)))
        mjpeg_server.set_mode(StreamMode.FREEZE, camera=0)
        source.set_active(True)
        assert source.wait_frame(seq, timeout=5) is not None
        assert wait_until(lambda: source.status.url == mjpeg_server.url(1), 3)
    finally:
        source.stop()
