"""Start helper programs (``bsm hub``, camera servers, ...) for tests and wait until they answer.

Each program runs in its own process group with stdout and stderr going to a log file, so that stopping it
also stops whatever it started, and a failure can show what the program said::

    port = free_port()
    with start_process(["bsm", "hub", "--port", str(port)], log_path=tmp_path / "hub.log",
                       wait_http=f"http://127.0.0.1:{port}/health") as hub:
        ...   # hub.log_tail() on failure

A process that is still running when the interpreter exits is killed (weakref finalizer).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

__all__ = [
    "ManagedProcess",
    "ProcessStartError",
    "free_port",
    "start_process",
    "wait_for_http",
    "wait_for_port",
]


class ProcessStartError(RuntimeError):
    """A helper program exited early or did not answer in time; the message holds the end of its log."""


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port on ``host`` that is free right now (the OS picks it; another process may race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _kill_group(popen: subprocess.Popen[bytes], log: IO[bytes] | None, grace: float) -> None:
    """SIGTERM the process group of ``popen``, then SIGKILL it after ``grace`` seconds; close the log."""
    pgid = popen.pid
    try:
        os.killpg(pgid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        pass
    else:
        deadline = time.monotonic() + grace
        while _group_alive(popen) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _group_alive(popen):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pgid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        popen.wait(timeout=5)
    if log is not None:
        log.close()


def _group_alive(popen: subprocess.Popen[bytes]) -> bool:
    """True while the leader runs or any other member of its process group is alive (not a zombie)."""
    if popen.poll() is None:
        return True
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(popen.pid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses.
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 2 and int(fields[2]) == popen.pid and fields[0] not in ("Z", "X"):
            return True
    return False


class ManagedProcess:
    """A child program in its own process group, with its output in ``log_path``.

    ``stop()`` (or leaving the ``with`` block) sends SIGTERM to the whole group, then SIGKILL after a grace
    period.  ``poll()`` / ``returncode`` / ``log_tail()`` help to explain failures.
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        log_path: Path,
        env: Mapping[str, str] | None = None,
        cwd: Path | str | None = None,
        stop_grace: float = 5.0,
    ) -> None:
        """Start ``argv`` now; ``env`` entries are added to (not replacing) the current environment."""
        self.argv = list(argv)
        self.log_path = Path(log_path)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._stop_grace = stop_grace
        log = self.log_path.open("ab", buffering=0)
        try:
            self.popen = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **(env or {})},
                cwd=cwd,
                start_new_session=True,
            )
        except BaseException:
            log.close()
            raise
        self._finalizer = weakref.finalize(self, _kill_group, self.popen, log, stop_grace)

    @property
    def pid(self) -> int:
        """Process id (also the process group id)."""
        return self.popen.pid

    @property
    def returncode(self) -> int | None:
        """Exit status, or None while running."""
        return self.popen.poll()

    def poll(self) -> int | None:
        """Exit status, or None while running."""
        return self.popen.poll()

    def log_tail(self, lines: int = 40) -> str:
        """The last ``lines`` lines the program wrote."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> int | None:
        """Stop the process group (SIGTERM, then SIGKILL) and return the exit status."""
        self._finalizer()
        return self.popen.poll()

    def __enter__(self) -> ManagedProcess:
        """Return self (the process is already running)."""
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop the process group."""
        self.stop()

    def _fail(self, what: str) -> ProcessStartError:
        """Build the error for ``what`` with the program's status and log tail."""
        status = self.poll()
        state = "still running" if status is None else f"exited with status {status}"
        return ProcessStartError(
            f"{' '.join(self.argv)}: {what} ({state}); log {self.log_path}:\n{self.log_tail()}"
        )


def wait_for_port(
    host: str, port: int, *, timeout: float = 30.0, process: ManagedProcess | None = None
) -> None:
    """Wait until a TCP connection to ``host:port`` succeeds; fail early when ``process`` exits."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=1.0):
                return
        except OSError:
            pass
        _check_waiting(f"port {host}:{port} does not answer after {timeout:.0f} s", deadline, process)
        time.sleep(0.05)


def wait_for_http(
    url: str,
    *,
    timeout: float = 30.0,
    process: ManagedProcess | None = None,
    ok_statuses: range = range(200, 500),
) -> int:
    """Wait until ``GET url`` answers with a status in ``ok_statuses`` (default: any but 5xx); return it."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2.0) as response:
                status = int(response.status)
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (OSError, ValueError) as exc:
            status, last = 0, str(exc)
        if status in ok_statuses:
            return status
        if status:
            last = f"HTTP {status}"
        _check_waiting(f"{url} does not answer after {timeout:.0f} s ({last})", deadline, process)
        time.sleep(0.1)


def _check_waiting(what: str, deadline: float, process: ManagedProcess | None) -> None:
    """Raise when the watched process has exited or the deadline has passed."""
    if process is not None and process.poll() is not None:
        raise process._fail(f"exited while waiting: {what}")
    if time.monotonic() > deadline:
        if process is not None:
            raise process._fail(what)
        raise TimeoutError(what)


def start_process(
    argv: Sequence[str],
    *,
    log_path: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | str | None = None,
    wait_port: tuple[str, int] | int | None = None,
    wait_http: str | None = None,
    timeout: float = 30.0,
    stop_grace: float = 5.0,
) -> ManagedProcess:
    """Start ``argv`` and wait until ``wait_port`` (port or (host, port)) and/or ``wait_http`` answer.

    On failure the process group is stopped and ``ProcessStartError`` carries the end of its log.
    """
    proc = ManagedProcess(argv, log_path=log_path, env=env, cwd=cwd, stop_grace=stop_grace)
    try:
        if wait_port is not None:
            host, port = ("127.0.0.1", wait_port) if isinstance(wait_port, int) else wait_port
            wait_for_port(host, port, timeout=timeout, process=proc)
        if wait_http is not None:
            wait_for_http(wait_http, timeout=timeout, process=proc)
    except BaseException:
        proc.stop()
        raise
    return proc
