"""The least CPU any OpenCV + Qt wall can spend per frame, against the real wall, in one run.

Run from the repository root: ``.venv/bin/python benchmarks/wall_least.py`` (about 7 minutes with the default
``--rounds 3``).

``benchmarks/wall_streams.py`` judges the wall's CPU per displayed frame against ``ffmpeg`` decoding the same
streams to null (the floor; target x2.0 at 32 tiles). This script answers how much of that ratio is the wall's own
doing and how much the prescribed tools cost by themselves. It shows 32 loopback RTSP streams of 640x360 at
15 fps in a 1920x1080 offscreen window in three ways, in rotation, each between two floor measurements:

* ``wall``: the wall's real camera tiles and pool (``wall_streams.Bench.measure``, as judged there);
* ``least``: the smallest pipeline that still shows the same pictures with the same tools: one bare thread per
  stream doing OpenCV ``read()`` (same FFmpeg options, one decoder thread) and the mandatory screen preparation
  (``common.video.display.prepare_display``: the 320x180 scale and 32-bit layout), and one plain ``QWidget``
  that blits each new frame with a single ``drawImage`` per frame, polled by a 50 Hz timer like the wall's pool.
  No overlays, no watchdog, no states, no reconnects, no per-tile widgets;
* ``least-tiles``: the same, but with one plain child widget per stream painting its own frame, as the wall's
  tiles are one widget each (Qt then calls into Python once per painted frame instead of once per pass).

Printed per round and as medians: each pipeline's CPU per frame as a ratio to its floor, and ``wall / least``,
the wall's own overhead on top of the tools. If ``least`` alone is near x2.0, the target sits on what OpenCV's
``read()`` and a Qt blit cost on this machine, not on the wall's code.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import wall_streams  # noqa: E402 - after the path set-up above; sets QT_QPA_PLATFORM and quiet logging

STREAMS, TILE, COLUMNS, DISPLAY_HZ = 32, (320, 180), 6, 50


class LeastPipeline:
    """Bare capture threads and a plain window that blits every new frame once (see the module docstring).

    ``per_tile``: one plain child widget per stream, each painting its own frame (as the wall's tiles are one
    widget each), instead of one widget painting them all: Qt then enters Python once per painted frame.
    """

    def __init__(self, urls: list[str], per_tile: bool = False) -> None:
        from PySide6.QtCore import Qt, QTimer
        from PySide6.QtGui import QImage, QPainter
        from PySide6.QtWidgets import QWidget

        from common.video.source import CaptureEnvironment

        self._env = CaptureEnvironment()
        self._stop = threading.Event()
        # One slot per stream: (seq, pixels); replaced whole by its thread (only the newest frame counts).
        self.slots: list[tuple[int, Any] | None] = [None] * len(urls)
        self.painted = 0
        self._shown = [-1] * len(urls)
        pipeline = self

        def blit(painter: QPainter, index: int, x: int, y: int) -> None:
            slot = pipeline.slots[index]
            if slot is None or slot[0] == pipeline._shown[index]:
                return
            seq, pixels = slot
            image = QImage(pixels.data, TILE[0], TILE[1], pixels.strides[0], QImage.Format.Format_RGB32)
            painter.drawImage(x, y, image)
            pipeline._shown[index] = seq
            pipeline.painted += 1

        class LeastWallWidget(QWidget):
            """Blits the newest frame of every tile that has one it has not shown yet (or, as a tile, its own)."""

            def __init__(self, index: int | None = None, parent: QWidget | None = None) -> None:
                super().__init__(parent)
                self.index = index
                # Every tile is covered by its frame: no background to clear before painting.
                self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

            def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
                painter = QPainter(self)
                if self.index is not None:
                    blit(painter, self.index, 0, 0)
                elif not per_tile:
                    for i in range(len(pipeline.slots)):
                        blit(painter, i, (i % COLUMNS) * TILE[0], (i // COLUMNS) * TILE[1])
                painter.end()

        self.widget = LeastWallWidget()
        self.widget.resize(1920, 1080)
        self._tiles: list[QWidget] = []
        for i in range(len(urls) if per_tile else 0):
            tile = LeastWallWidget(i, self.widget)
            tile.setGeometry((i % COLUMNS) * TILE[0], (i // COLUMNS) * TILE[1], *TILE)
            self._tiles.append(tile)
        self._timer = QTimer()
        self._timer.setInterval(round(1000 / DISPLAY_HZ))
        self._timer.timeout.connect(self._on_timer_timeout)
        self._threads = [threading.Thread(target=self._capture, args=(i, url), name=f"least-{i}", daemon=True)
                         for i, url in enumerate(urls)]

    def start(self) -> None:
        """Open every stream on its thread, show the window and start polling."""
        for thread in self._threads:
            thread.start()
        self.widget.show()
        self._timer.start()

    def stop(self) -> None:
        """Stop polling and capturing; close the window."""
        self._timer.stop()
        self._stop.set()
        for thread in self._threads:
            thread.join(10)
        self.widget.close()
        self.widget.deleteLater()

    def _on_timer_timeout(self) -> None:
        # Repaint the tiles that have a new frame (Qt paints them all in one pass of the window).
        for i, slot in enumerate(self.slots):
            if slot is not None and slot[0] != self._shown[i]:
                if self._tiles:
                    self._tiles[i].update()
                else:
                    self.widget.update((i % COLUMNS) * TILE[0], (i // COLUMNS) * TILE[1], *TILE)

    def _capture(self, index: int, url: str) -> None:
        from common.video.display import prepare_display
        from common.video.source import StreamSpec, open_capture

        capture = open_capture(StreamSpec(url), self._env)
        seq = 0
        try:
            # A stream that does not open leaves its slot empty (the measurement then refuses to run).
            while capture.isOpened() and not self._stop.is_set():
                ok, image = capture.read()
                if ok:
                    seq += 1
                    self.slots[index] = (seq, prepare_display(cast(Any, image), TILE))
                else:  # a failed read returns at once: do not spin on it
                    self._stop.wait(0.05)
        finally:
            capture.release()


def measure_least(bench: wall_streams.Bench, urls: list[str], seconds: float, per_tile: bool = False) -> float:
    """CPU seconds of this process per frame painted by the least pipeline, after a warm-up."""
    pipeline = LeastPipeline(urls, per_tile)
    pipeline.start()
    try:
        bench.wait(8.0, until=lambda: all(slot is not None for slot in pipeline.slots))
        missing = sum(slot is None for slot in pipeline.slots)
        if missing:
            raise RuntimeError(f"least pipeline: {missing} of {len(urls)} streams delivered no frame in 8 s")
        bench.wait(2.0)
        painted0, cpu0 = pipeline.painted, wall_streams.cpu_seconds()
        bench.wait(seconds)
        cpu1, painted = wall_streams.cpu_seconds(), pipeline.painted - painted0
    finally:
        pipeline.stop()
        bench.wait(0.2)
    return (cpu1 - cpu0) / max(1, painted)


KINDS = ("wall", "least", "least-tiles")


def measure_kind(bench: wall_streams.Bench, kind: str, urls: list[str], seconds: float) -> float:
    """CPU seconds per painted frame of one pipeline."""
    if kind == "wall":
        return bench.measure(urls, "poll", seconds).cpu_per_frame_s
    return measure_least(bench, urls, seconds, per_tile=kind == "least-tiles")


def main(argv: list[str] | None = None) -> int:
    """Rotate the wall and the least pipelines, each between two floors; print the ratios."""
    from tests.support.rtsp_server import RtspTestServer, is_available

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=3, help="rounds of the three pipelines (default %(default)s)")
    p.add_argument("--seconds", type=float, default=15.0, help="measuring window per case (default %(default)s)")
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    if not (availability := is_available()):
        print(f"cannot run: {availability.reason}")
        return 2
    bench = wall_streams.Bench()
    ratios: dict[str, list[float]] = {kind: [] for kind in KINDS}
    with RtspTestServer(n_mounts=STREAMS, fps=15, size=(640, 360)) as server:
        urls = [server.url(i) for i in range(STREAMS)]
        floor = wall_streams.ffmpeg_floor(urls, args.seconds)
        for rnd in range(max(1, args.rounds)):
            # Rotate the order so that a drift in the machine's load favours none of them.
            for kind in KINDS[rnd % 3:] + KINDS[:rnd % 3]:
                per_frame = measure_kind(bench, kind, urls, args.seconds)
                after = wall_streams.ffmpeg_floor(urls, args.seconds)
                ratio = per_frame / ((floor + after) / 2)
                floor = after
                ratios[kind].append(ratio)
                print(f"round {rnd + 1} {kind:11s} CPU/frame {1000 * per_frame:5.2f} ms  x{ratio:4.2f} of the floor",
                      flush=True)
    medians = {kind: statistics.median(values) for kind, values in ratios.items()}
    print(f"\nmedians over {len(ratios['wall'])} round(s), as ratios to the ffmpeg floor: wall x{medians['wall']:.2f}; "
          f"least OpenCV + Qt pipeline x{medians['least']:.2f}, with one widget per tile x{medians['least-tiles']:.2f}")
    print(f"the wall's own overhead: wall / least = x{medians['wall'] / medians['least']:.2f}, "
          f"wall / least with one widget per tile = x{medians['wall'] / medians['least-tiles']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
