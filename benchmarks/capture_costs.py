"""Where a displayed camera frame's CPU goes before it reaches the GUI: OpenCV's share against ffmpeg's floor.

Run from the repository root: ``.venv/bin/python benchmarks/capture_costs.py`` (about 1 minute).

32 loopback RTSP streams of 640x360 at 15 fps (``tests/support/rtsp_server.py``) are captured in one process, the
streams dealt in turn to four kinds of capture thread that run side by side (so all see the same machine noise):

* ``grab``: ``VideoCapture.grab()`` only (demux and decode, nothing handed to Python);
* ``read``: ``read()`` (adds OpenCV's conversion of every frame to BGR and its copy into a NumPy array);
* ``read+display``: ``read()`` and the wall's screen preparation (``common.video.display.prepare_display`` to a
  320x180 tile, as at 32 tiles on a 1080p output);
* ``worker``: the wall's real ``CameraWorker`` (capture loop, frame, mailbox, hooks) preparing the same size.

Each prints CPU seconds per frame of its threads and the ratio to ``ffmpeg`` decoding the same streams to null
(measured just before). The wall's GUI thread (painting) comes on top: ``benchmarks/wall_streams.py``.
"""

from __future__ import annotations

import collections
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")

STREAMS, SECONDS, TILE = 32, 20.0, (320, 180)


def _bare_loop(kind: str, url: str, env: Any, stop: threading.Event, count: Callable[[], None]) -> None:
    """A capture thread doing only ``kind``'s share of the work."""
    from common.video.display import prepare_display
    from common.video.source import StreamSpec, open_capture

    capture = open_capture(StreamSpec(url), env)
    keep: collections.deque[object] = collections.deque(maxlen=3)  # frames live a little, as on the wall
    try:
        while not stop.is_set():
            if kind == "grab":
                ok = capture.grab()
            else:
                ok, image = capture.read()
                if ok and kind == "read+display":
                    keep.append(prepare_display(image, TILE))
            if ok:
                count()
    finally:
        capture.release()


def main() -> int:
    """Run the four kinds side by side and print their CPU per frame against the floor."""
    import psutil
    from wall_streams import ffmpeg_floor

    from common.video.source import CaptureEnvironment, StreamSpec
    from tests.support.rtsp_server import RtspTestServer, is_available
    from wall.video_sources import thread_source_factory

    if not (availability := is_available()):
        print(f"cannot run: {availability.reason}")
        return 2
    kinds = ["grab", "read", "read+display", "worker"]
    env, stop, lock = CaptureEnvironment(), threading.Event(), threading.Lock()
    frames: collections.Counter[str] = collections.Counter()
    thread_kind: dict[int, str] = {}

    def counter(kind: str) -> Callable[..., None]:
        def count(*_args: object) -> None:
            with lock:
                frames[kind] += 1
        return count

    with RtspTestServer(n_mounts=STREAMS, fps=15, size=(640, 360)) as server:
        urls = [server.url(i) for i in range(STREAMS)]
        floor = ffmpeg_floor(urls, SECONDS / 2)
        workers, threads = [], []
        for i, url in enumerate(urls):
            kind = kinds[i % len(kinds)]
            if kind == "worker":
                worker = thread_source_factory(env)(f"cam{i}", StreamSpec(url))
                worker.set_display_sizes((TILE,))
                worker.on_frame(counter(kind))
                worker.start()
                workers.append(worker)
            else:
                threads.append(threading.Thread(target=_bare_loop, name=f"bench-{kind}",
                                                args=(kind, url, env, stop, counter(kind))))
                threads[-1].start()
        time.sleep(5.0)
        for thread in threading.enumerate():
            if thread.name.startswith("bench-"):
                thread_kind[thread.native_id or 0] = thread.name.removeprefix("bench-")
            elif thread.name.startswith("camera-"):
                thread_kind[thread.native_id or 0] = "worker"
        me = psutil.Process()

        def cpu() -> collections.Counter[str]:
            totals: collections.Counter[str] = collections.Counter()
            for t in me.threads():
                if t.id in thread_kind:
                    totals[thread_kind[t.id]] += t.user_time + t.system_time
            return totals

        with lock:
            frames0 = dict(frames)
        cpu0 = cpu()
        time.sleep(SECONDS)
        cpu1 = cpu()
        with lock:
            frames1 = dict(frames)
        stop.set()
        for worker in workers:
            worker.stop()
        for thread in threads:
            thread.join(10)
    print(f"floor: ffmpeg -threads 1 to null, {1000 * floor:.3f} ms per frame ({STREAMS} streams)")
    for kind in kinds:
        n = frames1.get(kind, 0) - frames0.get(kind, 0)
        per = (cpu1[kind] - cpu0[kind]) / max(1, n)
        print(f"{kind:13s} {1000 * per:6.3f} ms per frame  x{per / floor:4.2f} of the floor  ({n} frames)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
