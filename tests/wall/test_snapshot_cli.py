"""``bsm wall --snapshot DIR --exit-after 3`` on a seeded database writes one PNG per output and leaves nothing."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import psutil
import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from common.config import Config, DatabaseSection, WallSection
from common.db.migrate import upgrade
from common.video.mjpeg_server import MjpegServer
from tests.wall.conftest import seed_wall_database
from wall.app import build
from wall.data.fake import FakeDashboardService
from wall.main import HEAP_FREEZE_DELAY_MS, freeze_startup_heap

pytestmark = [pytest.mark.timeout(90), pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]


def _capture_children() -> list[psutil.Process]:
    """Live children other than multiprocessing's forkserver and resource tracker (one per interpreter)."""
    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            cmdline = " ".join(child.cmdline())
            helper = child.ppid() == os.getpid() and ("resource_tracker" in cmdline or "forkserver" in cmdline)
            if child.status() != psutil.STATUS_ZOMBIE and not helper:
                found.append(child)
        except psutil.Error:
            continue
    return found


@pytest.mark.parametrize("mode", ["process", "thread"])
def test_snapshot_cli_writes_one_png_per_output(tmp_path: Path, mode: str) -> None:
    url = f"sqlite:///{tmp_path / 'bsm.db'}"
    upgrade(url)
    with MjpegServer(cameras=10, fps=15) as server:
        seed_wall_database(url, camera_url=server.url(0).replace("/cam/0.mjpg", "/cam/{i}.mjpg"))
        env = {**os.environ, "BSM_DATABASE_URL": url, "QT_QPA_PLATFORM": "offscreen",
               "BSM__WALL__CAPTURE_MODE": mode}
        out = tmp_path / "snap"
        result = subprocess.run([sys.executable, "-m", "bsm.cli", "wall", "--snapshot", str(out), "--exit-after", "3"],
                                cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert pngs == ["tv-1.png", "tv-2.png", "videotron.png"]
    sizes = {p.stem: (QImage(str(p)).width(), QImage(str(p)).height()) for p in out.glob("*.png")}
    assert sizes == {"tv-1": (1920, 1080), "tv-2": (1920, 1080), "videotron": (1152, 576)}
    assert "Traceback" not in result.stderr


def test_shutdown_leaves_no_thread_or_process(qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bsm.db'}"
    upgrade(url)
    before = {t.ident for t in threading.enumerate()}
    with MjpegServer(cameras=10, fps=15) as server:
        seed_wall_database(url, camera_url=server.url(0).replace("/cam/0.mjpg", "/cam/{i}.mjpg"))
        config = Config(database=DatabaseSection(url=url), wall=WallSection(poll_interval_ms=200,
                                                                             capture_mode="process"))
        wall = build(config, screens=[], windowed=True, dashboard=FakeDashboardService())
        try:
            wall.start()
            qtbot.waitUntil(lambda: wall.pool.source_count >= 5, timeout=5000)
            tile = wall.controllers["tv-1"].grid.tiles["utama"]
            qtbot.waitUntil(lambda: getattr(tile, "frames_painted", 0) > 0, timeout=10_000)
            assert len(_capture_children()) >= 5
        finally:
            wall.shutdown()
    assert _capture_children() == []
    left = [t for t in threading.enumerate() if t.ident not in before and t.is_alive()]
    assert left == [], [t.name for t in left]


def test_a_running_wall_freezes_its_start_up_heap(tmp_path: Path) -> None:
    """After start-up the wall exempts its long-lived objects from full collections (pauses of 160-250 ms a few
    times a minute before; ``benchmarks/wall_stalls.py``)."""
    url = f"sqlite:///{tmp_path / 'bsm.db'}"
    upgrade(url)
    seed_wall_database(url, camera_url="http://127.0.0.1:9/cam/{i}.mjpg")  # no camera answers: not needed here
    env = {**os.environ, "BSM_DATABASE_URL": url, "QT_QPA_PLATFORM": "offscreen"}
    seconds = str(HEAP_FREEZE_DELAY_MS / 1000 + 1.5)
    result = subprocess.run([sys.executable, "-m", "bsm.cli", "wall", "--exit-after", seconds], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    frozen = re.search(r"start-up heap frozen: (\d+) objects", result.stderr)
    assert frozen is not None and int(frozen.group(1)) > 10_000, result.stderr[-3000:]


def test_freezing_still_collects_what_comes_later() -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the collector frees it

    try:
        assert freeze_startup_heap() > 0 and gc.get_freeze_count() > 0
        Node()
        assert gc.collect() >= 1  # garbage made after the freeze is still collected
    finally:
        gc.unfreeze()  # give this test process its collector back
