"""Loopback RTSP test server for the capture tests and benchmarks (venv side).

The server itself is ``rtsp_server_gst.py`` run by Debian's ``/usr/bin/python3`` (the venv has no
``gi``). This module makes the H.264 test clip once (cached on disk, keyed by its parameters),
starts and controls that subprocess, and tells tests why it cannot run when a Debian package is
missing. In CI (``CI=true``) a missing server is a failure, never a skip.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Literal

SYSTEM_PYTHON = "/usr/bin/python3"
GST_SCRIPT = Path(__file__).with_name("rtsp_server_gst.py")
DEBIAN_PACKAGES = (
    "python3-gi gir1.2-gstreamer-1.0 gir1.2-gst-plugins-base-1.0 gir1.2-gst-rtsp-server-1.0 "
    "gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad "
    "gstreamer1.0-plugins-ugly ffmpeg fonts-dejavu-core"
)
_GST_ELEMENTS = (
    *("multifilesrc", "h264parse", "clocksync", "valve", "rtph264pay"),
    *("videotestsrc", "x264enc", "timeoverlay"),
)
_PROBE_SCRIPT = f"""
import gi
gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import Gst, GstRtspServer
Gst.init(None)
missing = [e for e in {_GST_ELEMENTS!r} if Gst.ElementFactory.find(e) is None]
print(" ".join(missing))
"""
_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
Mode = Literal["clip", "live"]


@dataclass(frozen=True)
class Availability:
    """Whether the RTSP test server can run here, and if not, why (with the packages to install)."""

    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


def is_available() -> Availability:
    """Check ``/usr/bin/python3`` + gi + GStreamer RTSP server + the elements used, and ``ffmpeg``."""
    hint = f"install the Debian packages: apt-get install {DEBIAN_PACKAGES}"
    if not Path(SYSTEM_PYTHON).exists():
        return Availability(False, f"{SYSTEM_PYTHON} is missing; {hint}")
    if shutil.which("ffmpeg") is None:
        return Availability(False, f"ffmpeg is missing (it makes the test clip); {hint}")
    try:
        probe = subprocess.run(
            [SYSTEM_PYTHON, "-c", _PROBE_SCRIPT], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Availability(False, f"cannot probe GStreamer with {SYSTEM_PYTHON}: {exc}; {hint}")
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["?"])[-1]
        return Availability(False, f"gi/GstRtspServer not importable by {SYSTEM_PYTHON} ({last}); {hint}")
    if probe.stdout.strip():
        return Availability(False, f"GStreamer elements missing: {probe.stdout.strip()}; {hint}")
    return Availability(True)


def require_available() -> None:
    """Skip the calling test when the server cannot run, but fail in CI (``CI=true``)."""
    import pytest  # test-only dependency, imported lazily so the module imports without it

    availability = is_available()
    if availability:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"RTSP test server unavailable in CI: {availability.reason}")
    pytest.skip(f"RTSP test server unavailable: {availability.reason}")


def default_cache_dir() -> Path:
    """Where generated test media is kept between runs (``BSM_TEST_MEDIA_CACHE`` overrides)."""
    override = os.environ.get("BSM_TEST_MEDIA_CACHE")
    return Path(override) if override else Path(tempfile.gettempdir()) / "bsm-test-media"


def make_clip(
    size: tuple[int, int] = (640, 360), fps: int = 15, seconds: int = 10, cache_dir: Path | None = None
) -> Path:
    """Encode (once; cached) a looping H.264 Annex-B clip: testsrc with a burnt-in frame counter.

    One IDR every ``fps`` frames, no B-frames, SPS/PPS repeated before each IDR, so the server
    can loop it byte-wise and clients can join at any GOP.
    """
    directory = cache_dir or default_cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    width, height = size
    target = directory / f"testsrc_{width}x{height}_{fps}fps_{seconds}s_gop{fps}.h264"
    if target.exists() and target.stat().st_size > 0:
        return target
    if _FONT.exists():
        style = "x=20:y=20:fontsize=64:fontcolor=white:box=1:boxcolor=black@0.6"
        text = f"drawtext=fontfile={_FONT}:text='%{{frame_num}}':{style}"
    else:  # without a font, testsrc's own burnt-in timestamp (2 decimals) still numbers the frames
        text = "null"
    source = f"testsrc=size={width}x{height}:rate={fps}:duration={seconds}:decimals=2"
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    command = [
        "ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source, "-vf", text,
        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", str(fps),
        "-keyint_min", str(fps), "-sc_threshold", "0", "-bf", "0",
        "-x264-params", "repeat-headers=1", "-f", "h264", str(partial),
    ]  # fmt: skip
    subprocess.run(command, check=True, timeout=120)
    os.replace(partial, target)  # atomic: parallel test sessions never see half a clip
    return target


class RtspTestServer:
    """A GStreamer RTSP server on 127.0.0.1 serving mounts ``/cam0`` .. ``/cam{n-1}`` in a subprocess.

    Use as a context manager. ``kill()`` / ``restart()`` simulate a camera going away and coming
    back on the same port; ``freeze(i)`` keeps the RTSP session open but stops sending frames.
    """

    def __init__(
        self,
        n_mounts: int = 1,
        port: int | None = None,
        fps: int = 15,
        size: tuple[int, int] = (640, 360),
        mode: Mode = "clip",
        cache_dir: Path | None = None,
        ready_timeout_s: float = 20.0,
    ) -> None:
        self.n_mounts = n_mounts
        self.port = port or 0
        self.fps = fps
        self.size = size
        self.mode: Mode = mode
        self._cache_dir = cache_dir
        self._ready_timeout_s = ready_timeout_s
        self._process: subprocess.Popen[str] | None = None
        self._stderr: IO[str] | None = None

    def __enter__(self) -> RtspTestServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def url(self, index: int = 0) -> str:
        """RTSP URL of mount ``index``."""
        return f"rtsp://127.0.0.1:{self.port}/cam{index}"

    @property
    def running(self) -> bool:
        """True while the server subprocess is alive."""
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start the server (on ``self.port``; a free one the first time if none was given)."""
        if self.running:
            return
        command = [SYSTEM_PYTHON, str(GST_SCRIPT), "--port", str(self.port), "--mounts", str(self.n_mounts)]
        command += [
            "--mode",
            self.mode,
            "--fps",
            str(self.fps),
            "--width",
            str(self.size[0]),
            "--height",
            str(self.size[1]),
        ]
        if self.mode == "clip":
            command += ["--clip", str(make_clip(self.size, self.fps, cache_dir=self._cache_dir))]
        # A file, not a pipe: never blocks the server; closed in _release_pipes.
        self._stderr = tempfile.TemporaryFile("w+")  # noqa: SIM115
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, text=True, bufsize=1
        )
        words = self._read_line(self._ready_timeout_s).split()
        if len(words) != 2 or words[0] != "READY":
            self.close()
            raise RuntimeError(f"RTSP test server did not start: {words!r}; {self._stderr_text()}")
        self.port = int(words[1])

    def kill(self) -> None:
        """Kill the server abruptly (SIGKILL): clients see their TCP connections reset."""
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        self._release_pipes()

    def restart(self) -> None:
        """Kill (if running) and start again on the same port."""
        self.kill()
        self.start()

    def freeze(self, index: int) -> None:
        """Stop sending frames on mount ``index``; the RTSP/TCP session stays open."""
        self._command(f"freeze {index}")

    def unfreeze(self, index: int) -> None:
        """Resume sending frames on mount ``index``."""
        self._command(f"unfreeze {index}")

    def close(self) -> None:
        """Stop the server politely, then by force; always reaps the subprocess."""
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            try:
                assert process.stdin is not None
                process.stdin.write("quit\n")
                process.stdin.flush()
                process.wait(timeout=3)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()
                process.wait(timeout=10)
        self._release_pipes()

    def _release_pipes(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):  # the other end is gone; nothing left to flush
                        pipe.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _command(self, line: str) -> None:
        process = self._process
        if process is None or process.stdin is None or process.poll() is not None:
            raise RuntimeError("RTSP test server is not running")
        process.stdin.write(line + "\n")
        process.stdin.flush()
        answer = self._read_line(5.0)
        if answer.strip() != f"OK {line}":
            raise RuntimeError(f"RTSP test server refused {line!r}: {answer!r}")

    def _read_line(self, timeout_s: float) -> str:
        process = self._process
        assert process is not None and process.stdout is not None
        deadline = time.monotonic() + timeout_s
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while time.monotonic() < deadline:
                if selector.select(timeout=min(0.2, max(0.0, deadline - time.monotonic()))):
                    return process.stdout.readline()
                if process.poll() is not None:
                    return ""
        return ""

    def _stderr_text(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return self._stderr.read()[-2000:]


def main() -> int:
    """Run a server by hand: ``python -m tests.support.rtsp_server [mounts] [port]``."""
    mounts = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    port = int(sys.argv[2]) if len(sys.argv) > 2 else None
    with RtspTestServer(mounts, port=port) as server:
        print(f"serving {server.url(0)} .. {server.url(mounts - 1)}; Ctrl-C stops", flush=True)
        try:
            while server.running:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
