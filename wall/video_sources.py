"""Makes capture sources for the camera pool: ``CameraWorker`` threads or ``CaptureProcess`` children.

All thread-backed workers share one ``CaptureEnvironment`` so OpenCV opens run in parallel (one dead camera never
delays the others). Process mode falls back to threads, with a warning, when the process source is unavailable.
"""

from __future__ import annotations

import importlib
import logging
from typing import Literal, cast

from common.video.backoff import Backoff
from common.video.base import FrameSource
from common.video.loop import LoopSettings
from common.video.source import (
    CaptureEnvironment,
    StreamSpec,
    use_frame_friendly_malloc,
    use_sequential_opencv,
)
from common.video.worker import CameraWorker
from wall.camera_pool import SourceFactory

_log = logging.getLogger(__name__)
RETRY_CAP_S = 1.5


def thread_source_factory(
    environment: CaptureEnvironment | None = None, stall_timeout_s: float = 2.0
) -> SourceFactory:
    """Sources that capture on a thread of this process."""
    env = environment or CaptureEnvironment()

    def make(camera: str, spec: StreamSpec) -> FrameSource:
        # Retry at most every 1.5 s (with jitter): a camera that comes back shows video within ~3 s.
        settings = LoopSettings(stall_timeout_s=stall_timeout_s, environment=env, backoff=Backoff(cap_s=RETRY_CAP_S))
        worker = CameraWorker(camera, spec, settings)
        return cast(FrameSource, worker)

    return make


def process_source_factory() -> SourceFactory | None:
    """Sources that capture in a child process (shared memory frames), or None when not available."""
    try:
        module = importlib.import_module("common.video.process")
    except ImportError:
        return None
    cls = getattr(module, "CaptureProcess", None)
    if cls is None:
        return None

    use_sequential_opencv()  # frames are prepared for the screen on each source's monitor thread
    use_frame_friendly_malloc()

    def make(camera: str, spec: StreamSpec) -> FrameSource:
        source: FrameSource = cls(camera, spec)
        return source

    return make


def make_source_factory(mode: Literal["thread", "process"]) -> SourceFactory:
    """The factory for the configured capture mode."""
    if mode == "process":
        factory = process_source_factory()
        if factory is not None:
            return factory
        _log.warning("capture_mode 'process' is not available; capturing on threads")
    return thread_source_factory()
