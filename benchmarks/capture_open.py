"""How long until each of 16 (and 32) cameras shows its first frame, and whose fault is the wait.

Run from the repository root: ``.venv/bin/python benchmarks/capture_open.py [--quick]``.
It starts the loopback GStreamer RTSP test server (``tests/support/rtsp_server.py``) and measures:

* the server's share: a raw RTSP client (OPTIONS, DESCRIBE, SETUP, PLAY over TCP-interleaved) on
  every mount at once, until the first RTP packet and the first key frame (SPS/IDR);
* time to first frame from ``start()`` for every camera, with threads (``CameraWorker``) and with
  capture processes (``CaptureProcess``), with OpenCV's open lock on/off and FFmpeg's default vs.
  reduced probing. The baseline is threads + OpenCV defaults, measured in the same run.

Bounded: each variant waits at most ``--deadline`` seconds; the whole run takes about 2 minutes.
"""

from __future__ import annotations

import argparse
import re
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_KEY_NALS = {5, 7}  # IDR slice, SPS: where a decoder can start


@dataclass(frozen=True)
class Variant:
    """One way of opening the cameras."""

    name: str
    backend: str  # "thread" | "process"
    lock_off: bool
    fast_probe: bool
    extra: tuple[tuple[str, str], ...] = ()
    start_method: str = "forkserver"


VARIANTS = (
    Variant("threads, OpenCV defaults (baseline)", "thread", lock_off=False, fast_probe=False),
    Variant("threads, reduced probing", "thread", lock_off=False, fast_probe=True),
    Variant("threads, open lock off", "thread", lock_off=True, fast_probe=False),
    Variant(
        "threads, lock off + reduced probing [CameraWorker default]", "thread", lock_off=True, fast_probe=True
    ),
    Variant(
        "threads, lock off + probing + fflags nobuffer",
        "thread",
        lock_off=True,
        fast_probe=True,
        extra=(("fflags", "nobuffer"),),
    ),
    Variant(
        "processes (spawn), default probing",
        "process",
        lock_off=False,
        fast_probe=False,
        start_method="spawn",
    ),
    Variant(
        "processes (spawn), reduced probing", "process", lock_off=False, fast_probe=True, start_method="spawn"
    ),
    Variant("processes (forkserver), default probing", "process", lock_off=False, fast_probe=False),
    Variant("processes (forkserver), reduced probing [CaptureProcess default]", "process", False, True),
)
QUICK_NAMES = ("baseline", "[CameraWorker default]", "[CaptureProcess default]")


@dataclass(frozen=True)
class Result:
    """Per-camera seconds to the first frame (None: none before the deadline)."""

    label: str
    cameras: int
    times: list[float | None]

    def row(self, baseline: Result | None) -> str:
        """One table line, with ratios against ``baseline`` (same camera count)."""
        got = sorted(t for t in self.times if t is not None)
        missing = len(self.times) - len(got)
        if not got:
            return f"{self.label:62s} {self.cameras:4d}   (no frame at all)"
        median, worst = statistics.median(got), got[-1]
        p90 = got[min(len(got) - 1, int(0.9 * len(got)))]
        ratio = ""
        if baseline is not None and baseline is not self:
            base = sorted(t for t in baseline.times if t is not None)
            if base:
                ratio = f"x{statistics.median(base) / median:6.1f} x{base[-1] / worst:6.1f}"
        return (
            f"{self.label:62s} {self.cameras:4d} {median:7.2f} {p90:7.2f} {worst:7.2f} {missing:5d}  {ratio}"
        )


# -- the server's share: a raw RTSP client -------------------------------------------------------
def _request(sock: socket.socket, buf: bytearray, lines: str) -> tuple[str, str]:
    sock.sendall(lines.encode() + b"\r\n")
    while b"\r\n\r\n" not in buf:
        buf += sock.recv(65536)
    head, _, rest = bytes(buf).partition(b"\r\n\r\n")
    match = re.search(rb"Content-Length:\s*(\d+)", head, re.IGNORECASE)
    length = int(match.group(1)) if match else 0
    while len(rest) < length:
        rest += sock.recv(65536)
    buf[:] = rest[length:]
    return head.decode(errors="replace"), rest[:length].decode(errors="replace")


def _nal_type(payload: bytes) -> int:
    nal = payload[12] & 0x1F  # after the 12-byte RTP header (no CSRC, no extension from GStreamer)
    if nal == 28:  # FU-A: the real type is in the FU header
        return payload[13] & 0x1F
    if nal == 24:  # STAP-A: first aggregated NAL
        return payload[15] & 0x1F
    return nal


def raw_rtsp_first_key(url: str, timeout: float = 15.0) -> dict[str, float]:
    """Seconds from connect to DESCRIBE answered, first RTP packet and first key frame packet."""
    started = time.monotonic()
    host, port = re.match(r"rtsp://([^:/]+):(\d+)", url).groups()  # type: ignore[union-attr]
    marks: dict[str, float] = {}
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        buf = bytearray()
        _request(sock, buf, f"OPTIONS {url} RTSP/1.0\r\nCSeq: 1\r\n")
        _, sdp = _request(sock, buf, f"DESCRIBE {url} RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n")
        marks["describe"] = time.monotonic() - started
        control = re.findall(r"a=control:(\S+)", sdp)[-1]
        track = control if control.startswith("rtsp") else f"{url}/{control}"
        transport = "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n"
        head, _ = _request(sock, buf, f"SETUP {track} RTSP/1.0\r\nCSeq: 3\r\n{transport}")
        session = re.search(r"Session:\s*([^;\r\n]+)", head).group(1)  # type: ignore[union-attr]
        _request(sock, buf, f"PLAY {url} RTSP/1.0\r\nCSeq: 4\r\nSession: {session}\r\nRange: npt=0-\r\n")
        while "key" not in marks:
            while len(buf) < 4 or len(buf) < 4 + int.from_bytes(buf[2:4], "big"):
                buf += sock.recv(65536)
            channel, size = buf[1], int.from_bytes(buf[2:4], "big")
            packet, buf[:] = bytes(buf[4 : 4 + size]), buf[4 + size :]
            if channel == 0:
                marks.setdefault("rtp", time.monotonic() - started)
                if _nal_type(packet) in _KEY_NALS:
                    marks["key"] = time.monotonic() - started
    return marks


def server_share(urls: list[str]) -> dict[str, list[float]]:
    """Raw RTSP clients on all URLs at once; per mark, the per-camera seconds."""
    results: list[dict[str, float]] = [{} for _ in urls]

    def probe(index: int) -> None:
        try:
            results[index] = raw_rtsp_first_key(urls[index])
        except OSError as exc:
            print(f"  raw client {urls[index]}: {exc}", file=sys.stderr)

    _run_parallel([lambda i=i: probe(i) for i in range(len(urls))])
    return {mark: [r[mark] for r in results if mark in r] for mark in ("describe", "rtp", "key")}


# -- time to first frame through our sources ---------------------------------------------------
def _make_sources(variant: Variant, urls: list[str]) -> list[Any]:
    from common.video.loop import LoopSettings
    from common.video.process import CaptureProcess, ProcessSettings
    from common.video.source import CaptureEnvironment, StreamSpec
    from common.video.worker import CameraWorker

    probe = {} if variant.fast_probe else {"analyzeduration_us": 0, "probesize": 0, "decoder_threads": 0}
    specs = [StreamSpec(url, extra_options=variant.extra, **probe) for url in urls]  # type: ignore[arg-type]
    if variant.backend == "process":
        settings = ProcessSettings(start_method=variant.start_method)
        return [CaptureProcess(f"cam{i}", spec, settings) for i, spec in enumerate(specs)]
    environment = CaptureEnvironment(thread_safe_open=variant.lock_off)
    return [
        CameraWorker(f"cam{i}", spec, LoopSettings(environment=environment)) for i, spec in enumerate(specs)
    ]


def first_frames(variant: Variant, urls: list[str], deadline_s: float) -> list[float | None]:
    """Start one source per URL at once; seconds from start to each first frame."""
    from common.video.base import stop_all

    sources = _make_sources(variant, urls)
    firsts: list[float | None] = [None] * len(sources)
    done = threading.Event()
    started = time.monotonic()

    def record(index: int) -> Callable[[Any], None]:
        def on_frame(_frame: Any) -> None:
            if firsts[index] is None:
                firsts[index] = time.monotonic() - started
                if all(t is not None for t in firsts):
                    done.set()

        return on_frame

    for index, source in enumerate(sources):
        source.on_frame(record(index))
    for source in sources:
        source.start()
    done.wait(deadline_s)
    stop_all(sources)
    _wait_capture_threads_gone()
    return firsts


def _wait_capture_threads_gone(limit_s: float = 120.0) -> None:
    # With OpenCV's open lock on, threads queue for it uninterruptibly and outlive stop()'s bound;
    # the next variant must not run alongside them.
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and any(t.name.startswith("camera-") for t in threading.enumerate()):
        time.sleep(0.2)


def _run_parallel(jobs: list[Callable[[], None]]) -> None:
    threads = [threading.Thread(target=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _print_server_share(count: int, marks: dict[str, list[float]]) -> None:
    for mark, values in marks.items():
        if values:
            print(
                f"  server, {count} raw RTSP clients at once, to {mark:8s}: median {statistics.median(values):5.3f} s,"
                f" max {max(values):5.3f} s ({len(values)}/{count})"
            )


def run(counts: list[int], deadline_s: float, quick: bool) -> None:
    """Run every variant for every camera count and print the table."""
    from tests.support.rtsp_server import RtspTestServer, is_available

    availability = is_available()
    if not availability:
        raise SystemExit(f"cannot run: {availability.reason}")
    rows: list[tuple[int, Result]] = []
    server_key: dict[int, float] = {}
    with RtspTestServer(max(counts)) as server:
        print(f"RTSP test server: {server.n_mounts} mounts, clip 640x360 15 fps, GOP 15 (1 s), loopback")
        for count in counts:
            urls = [server.url(i) for i in range(count)]
            marks = server_share(urls)
            _print_server_share(count, marks)
            server_key[count] = statistics.median(marks["key"]) if marks["key"] else float("nan")
            time.sleep(1.0)  # let the shared media wind down between runs
            for variant in _variants(count, quick):
                result = Result(variant.name, count, first_frames(variant, urls, deadline_s))
                rows.append((count, result))
                print(f"  measured: {result.row(None)}", flush=True)
                time.sleep(1.0)
    _print_table(rows, server_key)


def _variants(count: int, quick: bool) -> list[Variant]:
    if quick or count > 16:  # the full matrix at 16 cameras; at 32 the baseline and the defaults
        return [v for v in VARIANTS if any(key in v.name for key in QUICK_NAMES)]
    return list(VARIANTS)


def _print_table(rows: list[tuple[int, Result]], server_key: dict[int, float]) -> None:
    columns = f"{'cams':>4s} {'median':>7s} {'p90':>7s} {'max':>7s} {'none':>5s}"
    print(f"\n{'time to first frame from start() [s]':62s}{columns}  gain vs baseline (median, max)")
    for count, result in rows:
        baseline = next((r for c, r in rows if c == count and "baseline" in r.label), None)
        print(result.row(baseline))
    print("\nshares of the median wait (server: raw client to first key frame; capture: the rest)")
    for count, result in rows:
        got = [t for t in result.times if t is not None]
        if got and ("baseline" in result.label or "default]" in result.label):
            median, server = statistics.median(got), server_key[count]
            print(
                f"  {count:2d} cams, {result.label[:48]:48s} server {server:5.2f} s ({server / median:4.0%}),"
                f" capture {median - server:5.2f} s ({(median - server) / median:4.0%})"
            )


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cameras", type=int, nargs="+", default=[16, 32])
    parser.add_argument("--deadline", type=float, default=35.0, help="seconds to wait per variant")
    parser.add_argument("--quick", action="store_true", help="baseline and the two defaults only")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere: find common/, tests/
    started = time.monotonic()
    run(sorted(args.cameras), args.deadline, args.quick)
    print(f"\ntotal benchmark time {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
