"""Tests of the helper-process utilities (tests/support/procs.py) and the ``spawn`` fixture."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from tests.support.procs import (
    ManagedProcess,
    ProcessStartError,
    free_port,
    start_process,
    wait_for_http,
    wait_for_port,
)


def test_free_port_can_be_bound() -> None:
    port = free_port()
    assert 1024 < port < 65536


def test_http_server_is_waited_for_and_stopped(tmp_path: Path) -> None:
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "http.server",
        str(port),
        "--bind",
        "127.0.0.1",
        "--directory",
        str(tmp_path),
    ]
    with start_process(argv, log_path=tmp_path / "http.log", wait_http=f"http://127.0.0.1:{port}/") as proc:
        assert proc.poll() is None
        assert wait_for_http(f"http://127.0.0.1:{port}/", timeout=5) == 200
        wait_for_port("127.0.0.1", port, timeout=5)
    assert proc.poll() is not None
    assert not psutil.pid_exists(proc.pid) or psutil.Process(proc.pid).status() == psutil.STATUS_ZOMBIE


def test_early_exit_is_reported_with_the_log(tmp_path: Path) -> None:
    argv = [sys.executable, "-c", "import sys; print('cannot bind: port taken'); sys.exit(3)"]
    with pytest.raises(ProcessStartError, match=r"(?s)exited with status 3.*cannot bind: port taken"):
        start_process(argv, log_path=tmp_path / "bad.log", wait_port=free_port(), timeout=10)


def test_timeout_is_reported_and_the_process_stopped(tmp_path: Path) -> None:
    argv = [sys.executable, "-c", "import time; print('starting', flush=True); time.sleep(60)"]
    started = time.monotonic()
    with pytest.raises(ProcessStartError, match=r"(?s)does not answer.*still running.*starting"):
        start_process(argv, log_path=tmp_path / "slow.log", wait_port=free_port(), timeout=1)
    assert time.monotonic() - started < 15


def test_stop_kills_the_whole_process_group(tmp_path: Path) -> None:
    # A shell that ignores SIGTERM, with a grandchild: both must go (SIGKILL after the grace period).
    script = "trap '' TERM; sleep 60 & wait"
    proc = ManagedProcess(["sh", "-c", script], log_path=tmp_path / "sh.log", stop_grace=0.5)
    deadline = time.monotonic() + 5
    while not psutil.Process(proc.pid).children() and time.monotonic() < deadline:
        time.sleep(0.05)
    grandchildren = psutil.Process(proc.pid).children()
    assert grandchildren, "the shell did not start its child"
    proc.stop()
    assert proc.poll() is not None
    _gone, alive = psutil.wait_procs(grandchildren, timeout=5)
    assert not alive


def test_spawn_fixture_stops_its_programs(spawn: Callable[..., ManagedProcess], tmp_path: Path) -> None:
    port = free_port()
    proc = spawn(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        name="http",
        wait_port=port,
        cwd=tmp_path,
    )
    assert proc.log_path.parent == tmp_path
    assert proc.poll() is None  # stopped by the fixture after the test; the leak check would notice otherwise
