"""``CaptureProcess``: a camera captured in a child process, newest frame shared through shared memory.

Same interface as ``CameraWorker`` (``FrameSource``). The child runs the same ``CaptureLoop``; it has its own OpenCV
open lock and its own environment, so its FFmpeg options are per camera, and a crash or hang of
native decoding code kills only that child. The parent's monitor thread receives the child's
state reports and frame wake-ups over a pipe, copies the newest frame out of shared memory into
an immutable ``Frame``, watches the child (exit, silent heartbeat) and restarts it with backoff.

Children come from the ``forkserver`` context by default: like *spawn* they inherit no threads or
locks of the (Qt, multi-threaded) parent, but the fork server imports OpenCV and NumPy once and
forks children from that, so 16 children are ready in ~0.3 s instead of ~3.5 s with *spawn*, where
every child imports them again (measured on 2 cores; ``benchmarks/capture_open.py``). Where
``forkserver`` does not exist (Windows) *spawn* is used.

Callbacks run on the monitor thread of this source (not the GUI thread).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.connection as mp_connection
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any

from common.video.backoff import Backoff
from common.video.base import CaptureState, FrameFanOut, SourceStatus
from common.video.child import ChildArgs, child_main
from common.video.shm import SharedFrameBuffer
from common.video.source import StreamSpec

_log = logging.getLogger(__name__)


@dataclass
class ProcessSettings:
    """Tuning of a capture process.

    ``hang_timeout_s``: a child whose loop made no progress for that long is killed and restarted
    (``None``: open + read timeout + stall timeout + 5 s). ``max_frame_bytes`` sizes the two shared
    slots (only pages actually written use memory); bigger frames are scaled down to fit.
    """

    stall_timeout_s: float = 2.0
    max_frame_bytes: int = 1920 * 1080 * 3
    hang_timeout_s: float | None = None
    startup_timeout_s: float = 30.0
    restart_backoff: Backoff = field(default_factory=lambda: Backoff(base_s=0.5))
    start_method: str = "forkserver"


def _context(method: str) -> SpawnContext | ForkServerContext:
    if method == "forkserver" and method in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Configures the stdlib's one fork server; it takes effect when that server first starts.
        context.set_forkserver_preload(["common.video.child"])
        return context
    return multiprocessing.get_context("spawn")


class CaptureProcess(FrameFanOut):
    """Captures one camera in a child process (a ``FrameSource``); see the module docstring."""

    def __init__(
        self, source_id: str, spec: StreamSpec, settings: ProcessSettings | None = None, active: bool = True
    ) -> None:
        self._source_id = source_id
        self._spec = spec
        self._active = active
        self._settings = settings or ProcessSettings()
        self._context = _context(self._settings.start_method)
        super().__init__()
        self._lock = threading.Lock()  # guards _conn replacement and sends from several threads
        self._status = SourceStatus(
            source_id, CaptureState.CONNECTING if active else CaptureState.INACTIVE, url=spec.url
        )
        self._stopping = threading.Event()
        self._buffer: SharedFrameBuffer | None = None
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._monitor: threading.Thread | None = None
        self._spawned_at = 0.0
        self._last_seq = 0

    @property
    def source_id(self) -> str:
        """Stable id of the camera."""
        return self._source_id

    @property
    def status(self) -> SourceStatus:
        """Last reported status."""
        with self._lock:
            return self._status

    @property
    def pid(self) -> int | None:
        """Process id of the current child (for diagnostics and tests)."""
        process = self._process
        return process.pid if process is not None else None

    def start(self) -> None:
        """Create the shared memory, spawn the child and the monitor thread (idempotent)."""
        if self._monitor is not None or self._stopping.is_set():
            return
        self._buffer = SharedFrameBuffer.create(self._settings.max_frame_bytes)
        self._spawn()
        self._monitor = threading.Thread(
            target=self._monitor_loop, name=f"capture-monitor-{self._source_id}", daemon=True
        )
        self._monitor.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop the child (politely, then SIGTERM/SIGKILL), join it and the monitor, free the shared memory."""
        self._stopping.set()
        self._send(("stop",))
        if self._monitor is not None:
            self._monitor.join()
        joined = self._end_child(timeout)
        if self._buffer is not None:
            self._buffer.close()
            self._buffer = None
        self._set_status(SourceStatus(self._source_id, CaptureState.STOPPED, url=self._spec.url))
        return joined

    def set_active(self, active: bool) -> None:
        """Inactive: the child releases its capture and decodes nothing (the process stays, ready)."""
        self._active = active
        self._send(("active", active))

    def switch_stream(self, spec: StreamSpec) -> None:
        """Switch to another stream of the camera; survives child restarts."""
        self._spec = spec
        self._send(("spec", spec))

    # -- child management (monitor thread) ----------------------------------------------------
    def _spawn(self) -> None:
        assert self._buffer is not None
        parent_end, child_end = self._context.Pipe(duplex=True)
        args = ChildArgs(
            self._source_id, self._spec, self._buffer.name, self._buffer.capacity,
            self._settings.stall_timeout_s, self._active, self._last_seq,
        )  # fmt: skip
        process = self._context.Process(
            target=child_main, args=(args, child_end), name=f"capture-{self._source_id}", daemon=True
        )
        process.start()
        child_end.close()  # the child holds its own copy; ours would hide the child's death from recv()
        with self._lock:
            self._process, self._conn = process, parent_end
        self._spawned_at = time.monotonic()

    def _monitor_loop(self) -> None:
        while not self._stopping.is_set():
            process, conn = self._process, self._conn
            if process is None or conn is None:
                return
            ready = mp_connection.wait([conn, process.sentinel], timeout=0.5)
            if conn in ready:
                self._drain(conn)
            reason = self._child_trouble(process)
            if reason and not self._stopping.is_set():
                self._restart(reason)

    def _drain(self, conn: Connection) -> None:
        try:
            while conn.poll():
                self._handle(conn.recv())
        except (EOFError, OSError):
            pass  # the child is gone; _child_trouble notices

    def _handle(self, message: tuple[Any, ...]) -> None:
        if message[0] == "frame":
            assert self._buffer is not None
            self._buffer.answer_doorbell()  # before reading, so a frame written meanwhile rings again
            shared = self._buffer.read(self._last_seq)
            if shared is not None:
                self._last_seq = shared.seq
                wall = datetime.fromtimestamp(shared.wall_timestamp, UTC)
                self._fan_out(shared.image, shared.seq, self._source_id, shared.monotonic, wall)
        elif message[0] == "state" and not self._stopping.is_set():
            self._set_status(message[1])

    def _child_trouble(self, process: BaseProcess) -> str:
        if not process.is_alive():
            return f"capture process exited (code {process.exitcode})"
        assert self._buffer is not None
        now, beat = time.monotonic(), self._buffer.heartbeat()
        if beat < self._spawned_at:
            silent_for, limit = now - self._spawned_at, self._settings.startup_timeout_s
        else:
            silent_for, limit = now - beat, self._hang_timeout()
        return f"capture process silent for {silent_for:.1f} s, killed" if silent_for > limit else ""

    def _hang_timeout(self) -> float:
        if self._settings.hang_timeout_s is not None:
            return self._settings.hang_timeout_s
        return (
            (self._spec.open_timeout_ms + self._spec.read_timeout_ms) / 1000.0
            + self._settings.stall_timeout_s
            + 5.0
        )

    def _restart(self, reason: str) -> None:
        _log.warning("camera %s: %s; restarting it", self._source_id, reason)
        last = self._mailbox.latest()
        last_wall = last.captured_wall if last is not None else None
        self._set_status(
            SourceStatus(self._source_id, CaptureState.NO_SIGNAL, last_wall, reason, self._spec.url)
        )
        self._settings.restart_backoff.healthy(time.monotonic() - self._spawned_at)
        self._end_child(0.0, force=True)
        if not self._stopping.wait(self._settings.restart_backoff.next_delay()):
            self._spawn()

    def _end_child(self, timeout: float, force: bool = False) -> bool:
        process = self._process
        if process is None:
            return True
        process.join(timeout)
        # A hung (or SIGSTOPped) child never handles SIGTERM: force goes straight to SIGKILL.
        for end in (process.kill,) if force else (process.terminate, process.kill):
            if process.is_alive():
                end()
                process.join(2.0)
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._process, self._conn = None, None
        if process.is_alive():  # unkillable (e.g. stuck in the kernel): leave it to the OS
            _log.error("camera %s: capture process %s did not end", self._source_id, process.pid)
            return False
        process.close()
        return True

    def _send(self, message: tuple[Any, ...]) -> None:
        with self._lock:
            conn = self._conn
            if conn is None:
                return  # no child right now; the next one starts from _spec / _active
            with contextlib.suppress(
                OSError
            ):  # the child died; the monitor restarts it with the current spec
                conn.send(message)

    def _set_status(self, status: SourceStatus) -> None:
        with self._lock:
            self._status = status
        self._state_hooks.emit(status)
