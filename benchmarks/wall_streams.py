"""How well one wall window shows N RTSP cameras: delivered fps, CPU per frame against ffmpeg, latency, memory.

Run from the repository root: ``.venv/bin/python benchmarks/wall_streams.py`` (about 3-4 minutes);
``--long`` adds the 10-minute memory soak with repeated stream drops.

For N = 8, 16, 32 loopback RTSP streams of 640x360 at 15 fps (``tests/support/rtsp_server.py``), in one run:

* the floor: ``ffmpeg`` decoding the same N streams to ``-f null`` with one decoder thread each, as the wall's
  captures decode: CPU seconds per frame, measured just before and just after each wall case and averaged. For
  reference only, at N = 32 also how much more plain ``ffmpeg`` (its default frame threading) spends per frame;
  the target is judged against the one-thread floor, the stricter of the two;
* the wall: one offscreen 1920x1080 window with an N-tile grid of ``CameraTileWidget`` (thread capture, the
  pool's display timer): fps painted per tile (min/median), CPU seconds of this process per painted frame and its
  ratio to the floor, decode-to-paint latency (p50/p95/max);
* at N = 32 the same with frames delivered by a queued signal instead of the display timer; ``--repeat K``
  measures the 32-tile case K times (each with its own floor) and judges the CPU target on the median ratio,
  since one run's ratio moves by about 10 % with the machine's load;
* 64 configured cameras: seconds from start until every tile shows video;
* memory: resident size over a run with a stream drop (server killed and restarted) every ``--drop-every`` s;
  growth from the end of warm-up to the end (target < 5 %).

Targets on the 2-core machine: 32 tiles all >= 14.5 fps; CPU <= 2.0x the floor; p95 latency < 100 ms;
64 cameras within 5 s; memory flat.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # quiet: the drops would print a line per reconnect


@dataclass
class WallResult:
    """What one wall measurement found."""

    tiles: int
    delivery: str
    fps: list[float]
    cpu_per_frame_s: float
    latencies_s: list[float]

    def pct(self, q: float) -> float:
        """Latency percentile in milliseconds."""
        if not self.latencies_s:
            return math.nan
        data = sorted(self.latencies_s)
        return 1000 * data[min(len(data) - 1, round(q / 100 * (len(data) - 1)))]


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU seconds of a process (this one by default), threads included."""
    import psutil

    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


def ffmpeg_floor(urls: list[str], seconds: float, one_thread: bool = True) -> float:
    """CPU seconds per decoded frame of ``ffmpeg -f null`` on every URL at once (after a 3 s warm-up).

    ``one_thread``: ``-threads 1``, the same decoder set-up as the wall's captures (the floor); False: ffmpeg's
    default threading (reported for reference only).
    """
    threads = ["-threads", "1"] if one_thread else []
    procs = [subprocess.Popen(
        ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-stats", *threads,
         "-rtsp_transport", "tcp", "-i", url, "-an", "-f", "null", "-"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for url in urls]
    try:
        time.sleep(3.0)
        cpu0 = sum(cpu_seconds(p.pid) for p in procs)
        time.sleep(seconds)
        cpu1 = sum(cpu_seconds(p.pid) for p in procs)
    finally:
        for p in procs:
            p.send_signal(signal.SIGINT)
        outputs = [p.communicate(timeout=10)[1] for p in procs]
    fps = 0.0
    for text in outputs:
        found = re.findall(r"fps=\s*([\d.]+)", text)
        fps += float(found[-1]) if found else 0.0
    frames = fps * seconds  # ffmpeg's fps column is the run's average; close enough over the window
    return (cpu1 - cpu0) / frames if frames else math.nan


class Bench:
    """One QApplication, a recording camera tile class and helpers to build walls."""

    def __init__(self) -> None:
        from PySide6.QtWidgets import QApplication

        from wall.tiles.camera import CameraTileWidget

        self.app = QApplication.instance() or QApplication([])
        latencies: list[float] = []
        self.latencies = latencies

        class RecordingCameraTileWidget(CameraTileWidget):
            """Records decode-to-paint latency of every painted frame."""

            def _paint_frame(self, painter: Any, frame: Any, target: Any) -> None:
                before = self.frames_painted
                super()._paint_frame(painter, frame, target)
                if self.frames_painted != before and self.last_paint_latency_s is not None:
                    latencies.append(self.last_paint_latency_s)

        self.tile_cls = RecordingCameraTileWidget

    def wait(self, seconds: float, until: Callable[[], bool] | None = None) -> float:
        """Run the event loop for ``seconds`` (or until ``until()``, checked every 50 ms); returns the time spent.

        A real ``QEventLoop`` that sleeps between events, as the wall's own loop does: a loop of
        ``processEvents()`` and short sleeps would add its own wake-ups (about 0.05 ms per frame at 32 tiles).
        """
        from PySide6.QtCore import QEventLoop, QTimer

        start = time.monotonic()
        loop = QEventLoop()
        QTimer.singleShot(max(0, round(seconds * 1000)), loop.quit)
        check = QTimer()
        if until is not None:
            check.timeout.connect(lambda: loop.quit() if until() else None)
            check.start(50)
        loop.exec()
        check.stop()
        return time.monotonic() - start

    def wall(self, urls: list[str], delivery: str) -> tuple[Any, Any, list[Any]]:
        """A 1920x1080 offscreen window with one camera tile per URL."""
        from common.layouts.cameras import CameraInfo
        from common.layouts.model import Layout, TileSpec
        from wall.camera_pool import CameraPool
        from wall.layout_view import LayoutGridWidget
        from wall.tiles.base import TileContext
        from wall.tiles.camera_render import ClockFaces
        from wall.tiles.registry import TileRegistry
        from wall.video_sources import thread_source_factory

        cams = {f"cam{i}": CameraInfo(f"cam{i}", True, url) for i, url in enumerate(urls)}
        pool = CameraPool(cams, thread_source_factory(), delivery=delivery, linger_ms=0)  # type: ignore[arg-type]
        services = {"cameras": pool, "clock_faces": ClockFaces()}  # as the wall's composition root shares them
        ctx = TileContext("internal", 1080, lambda: datetime.now(UTC), services, output_width_px=1920)
        grid = LayoutGridWidget(TileRegistry({"camera": self.tile_cls}), ctx)
        cols = math.ceil(math.sqrt(len(urls)))
        rows = math.ceil(len(urls) / cols)
        tiles = tuple(TileSpec(f"t{i}", i // cols, i % cols, 1, 1, "camera", {"camera": f"cam{i}"})
                      for i in range(len(urls)))
        grid.resize(1920, 1080)
        grid.show()
        grid.apply(Layout("bench", rows, cols, tiles))
        return pool, grid, list(grid.tiles.values())

    def measure(self, urls: list[str], delivery: str, seconds: float) -> WallResult:
        """Delivered fps per tile, CPU per painted frame and latency over ``seconds`` after a warm-up."""
        pool, grid, tiles = self.wall(urls, delivery)
        try:
            self.wait(8.0, until=lambda: all(t.frames_painted > 15 for t in tiles))
            self.wait(1.0)
            painted0 = [t.frames_painted for t in tiles]
            self.latencies.clear()
            cpu0, t0 = cpu_seconds(), time.monotonic()
            self.wait(seconds)
            cpu1, elapsed = cpu_seconds(), time.monotonic() - t0
            painted = [t.frames_painted - p for t, p in zip(tiles, painted0, strict=True)]
            fps = [p / elapsed for p in painted]
            return WallResult(len(urls), delivery, fps, (cpu1 - cpu0) / max(1, sum(painted)), list(self.latencies))
        finally:
            grid.shutdown()
            pool.shutdown()
            grid.deleteLater()
            self.wait(0.2)

    def startup(self, urls: list[str], deadline: float) -> tuple[float, int]:
        """Seconds until every tile painted a frame (or the deadline) and how many did."""
        start = time.monotonic()
        pool, grid, tiles = self.wall(urls, "poll")
        try:
            self.wait(deadline, until=lambda: all(t.frames_painted > 0 for t in tiles))
            return time.monotonic() - start, sum(1 for t in tiles if t.frames_painted > 0)
        finally:
            grid.shutdown()
            pool.shutdown()
            grid.deleteLater()
            self.wait(0.2)

    def soak(self, server: Any, seconds: float, drop_every: float, warmup: float) -> tuple[float, float, int]:
        """RSS after warm-up and at the end of a run with periodic server kills; returns (MiB, MiB, drops)."""
        import psutil

        urls = [server.url(i) for i in range(server.n_mounts)]
        pool, grid, tiles = self.wall(urls, "poll")
        me, drops = psutil.Process(), 0
        try:
            self.wait(warmup)
            rss0 = me.memory_info().rss
            start = next_drop = time.monotonic()
            while time.monotonic() - start < seconds:
                if time.monotonic() >= next_drop + drop_every:
                    server.kill()
                    self.wait(2.0)
                    server.start()
                    drops += 1
                    next_drop = time.monotonic()
                self.wait(0.5)
            self.wait(5.0, until=lambda: all(t.status_text == "" for t in tiles))
            return rss0 / 2**20, me.memory_info().rss / 2**20, drops
        finally:
            grid.shutdown()
            pool.shutdown()
            grid.deleteLater()
            self.wait(0.2)


def report_line(result: WallResult, floor: float) -> str:
    """One table row."""
    ratio = result.cpu_per_frame_s / floor if floor else math.nan
    return (f"{result.tiles:>3} {result.delivery:<6} fps min {min(result.fps):5.2f} median "
            f"{statistics.median(result.fps):5.2f} | CPU/frame {1000 * result.cpu_per_frame_s:6.2f} ms "
            f"(floor {1000 * floor:5.2f} ms, x{ratio:4.2f}) | latency p50 {result.pct(50):5.1f} "
            f"p95 {result.pct(95):5.1f} max {result.pct(100):6.1f} ms")


def parse(argv: list[str]) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tiles", default="8,16,32", help="tile counts (default %(default)s)")
    p.add_argument("--seconds", type=float, default=15.0, help="measuring window per case (default %(default)s)")
    p.add_argument("--no-signal-case", action="store_true", help="skip the queued-signal delivery case")
    p.add_argument("--repeat", type=int, default=1,
                   help="measure the 32-tile case this many times, each with its own floor; the CPU target is "
                        "judged on the median ratio (default %(default)s)")
    p.add_argument("--long", action="store_true", help="10-minute memory soak with drops (default: 60 s)")
    p.add_argument("--drop-every", type=float, default=15.0, help="seconds between stream drops in the soak")
    return p.parse_args(argv)


def default_threading_factor(urls: list[str], seconds: float, pairs: int = 2) -> float:
    """How much more CPU per frame plain ``ffmpeg -i URL -f null -`` (its default threading) spends than the
    floor's ``-threads 1``: the median of ``pairs`` back-to-back measurements."""
    factors = [ffmpeg_floor(urls, seconds, one_thread=False) / ffmpeg_floor(urls, seconds) for _ in range(pairs)]
    return statistics.median(factors)


def measure_tiles(bench: Bench, n: int, args: argparse.Namespace, lines: list[str]) -> bool:
    """The N-tile cases (at 32: ``--repeat`` times, plus the signal case); True when the 32-tile targets are met."""
    from tests.support.rtsp_server import RtspTestServer

    ok = True
    with RtspTestServer(n_mounts=n, fps=15, size=(640, 360)) as server:
        urls = [server.url(i) for i in range(n)]
        cases = ["poll"] * (max(1, args.repeat) if n == 32 else 1)
        cases += ["signal"] if n == 32 and not args.no_signal_case else []
        ratios: list[float] = []
        for delivery in cases:
            # The floor is measured right before and right after the wall, and averaged: on a shared
            # machine either one alone drifts by 15 % from run to run.
            before = ffmpeg_floor(urls, args.seconds)
            result = bench.measure(urls, delivery, args.seconds)
            after = ffmpeg_floor(urls, args.seconds)
            floor = (before + after) / 2
            lines.append(report_line(result, floor) + f" [floor before {1000 * before:.2f} after "
                                                      f"{1000 * after:.2f} ms]")
            print(lines[-1], flush=True)
            if n == 32 and delivery == "poll":
                ratios.append(result.cpu_per_frame_s / floor)
                ok &= min(result.fps) >= 14.5 and result.pct(95) < 100
        if ratios:
            median = statistics.median(ratios)
            lines.append(f" 32 poll   CPU ratio over {len(ratios)} run(s): median x{median:.2f}, min "
                         f"x{min(ratios):.2f}, max x{max(ratios):.2f} (target: median <= x2.0)")
            print(lines[-1], flush=True)
            ok &= median <= 2.0
            factor = default_threading_factor(urls, args.seconds)
            lines.append(f" 32 poll   for reference: plain ffmpeg (default threading) spends x{factor:.2f} the "
                         f"floor per frame; against it the median would be x{median / factor:.2f} (not judged)")
            print(lines[-1], flush=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    """Run every measurement and print a report with the targets."""
    from tests.support.rtsp_server import RtspTestServer, is_available

    args = parse(sys.argv[1:] if argv is None else argv)
    if not (availability := is_available()):
        print(f"cannot run: {availability.reason}")
        return 2
    bench, lines, ok = Bench(), list[str](), True
    for n in [int(x) for x in args.tiles.split(",") if x.strip()]:
        ok &= measure_tiles(bench, n, args, lines)
    with RtspTestServer(n_mounts=64, fps=15, size=(640, 360)) as server:
        took, shown = bench.startup([server.url(i) for i in range(64)], deadline=15.0)
    lines.append(f" 64 cameras: {shown}/64 showing video after {took:.2f} s (target: all within 5 s)")
    print(lines[-1], flush=True)
    ok &= shown == 64 and took <= 5.0
    soak_s = 600.0 if args.long else 60.0
    with RtspTestServer(n_mounts=16, fps=15, size=(640, 360)) as server:
        rss0, rss1, drops = bench.soak(server, soak_s, args.drop_every, warmup=20.0)
    growth = 100 * (rss1 - rss0) / rss0
    lines.append(f" memory: {rss0:.0f} MiB -> {rss1:.0f} MiB ({growth:+.1f} %) over {soak_s:.0f} s with {drops} "
                 f"drops of 16 streams (target < 5 %)")
    print(lines[-1], flush=True)
    ok &= growth < 5.0
    print("\n".join(["", "summary:", *lines, f"targets met: {ok}"]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
