"""``bsm wall``: run the wall of one node until closed, or write snapshots and exit (``--snapshot --exit-after``)."""

from __future__ import annotations

import argparse
import gc
import logging
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from common.config import Config, WallSection

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from wall.app import WallApp

_log = logging.getLogger(__name__)


def _snapshot_and_quit(qapp: QApplication, wall: WallApp, snapshot_dir: str | None, outcome: dict[str, int]) -> None:
    """Write the snapshots (if asked) and leave the event loop; exit code 1 when no PNG could be written."""
    if snapshot_dir:
        written = wall.snapshot(Path(snapshot_dir))
        for path in written:
            print(path)
        if not written:
            outcome["code"] = 1
    qapp.quit()


def quit_on_signals(qapp: QApplication) -> Any:
    """SIGINT/SIGTERM quit the loop; returns the timer that lets Python run its handlers while Qt waits (the wall's
    and the layout editor's; keep it running as long as the loop)."""
    from PySide6.QtCore import QTimer

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: qapp.quit())
    keepalive = QTimer()
    keepalive.timeout.connect(lambda: None)
    keepalive.start(250)
    return keepalive


HEAP_FREEZE_DELAY_MS = 5000
"""When the wall's start-up objects are moved out of the garbage collector's sight (see :func:`freeze_startup_heap`):
after the outputs, layouts, map geometry and first snapshots are built."""


def freeze_startup_heap() -> int:
    """Collect once, then exempt every object alive now from later full collections (``gc.freeze``); returns how
    many objects were frozen.

    A wall keeps some 170,000 long-lived objects (modules, Qt wrappers, the city's polygons). Every full collection
    walked all of them: a pause of up to 160-250 ms on the GUI thread a few times a minute, which made the
    videotron's ticker jump (``benchmarks/wall_stalls.py``). Frozen objects are still freed by reference counting;
    only cyclic garbage among them is never collected: a bounded, one-time cost (e.g. start-up tiles that a layout
    change later replaces), against pauses for as long as the wall runs.
    """
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    _log.info("start-up heap frozen: %d objects exempt from full garbage collections", frozen)
    return frozen


def with_cli_overrides(config: Config, args: argparse.Namespace) -> Config:
    """``config`` with the command line's choices applied (``--language`` wins over ``wall.language``)."""
    language = getattr(args, "language", None)
    if language is None or language == config.wall.language:
        return config
    wall = WallSection.model_validate({**config.wall.model_dump(), "language": language})  # checked, not copied
    return config.model_copy(update={"wall": wall})


def run(config: Config, args: argparse.Namespace) -> int:
    """Open the wall; returns the exit code (0 also after ``--exit-after``)."""
    from PySide6.QtCore import QEvent, QTimer
    from PySide6.QtWidgets import QApplication

    from wall.app import build

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    config = with_cli_overrides(config, args)
    snapshot_dir, exit_after = getattr(args, "snapshot", None), getattr(args, "exit_after", None)
    wall = build(config, node=getattr(args, "node", None), windowed=bool(getattr(args, "windowed", False)),
                 panel=not snapshot_dir and exit_after is None)
    outcome = {"code": 0}
    keepalive = quit_on_signals(qapp)
    wall.start()
    freeze = QTimer()  # owned here and stopped below: never fires into whatever runs after this wall
    freeze.setSingleShot(True)
    freeze.timeout.connect(freeze_startup_heap)
    freeze.start(HEAP_FREEZE_DELAY_MS)
    if exit_after is not None or snapshot_dir:
        delay_ms = round(float(exit_after if exit_after is not None else 3.0) * 1000)
        QTimer.singleShot(delay_ms, lambda: _snapshot_and_quit(qapp, wall, snapshot_dir, outcome))
    try:
        qapp.exec()
    finally:
        keepalive.stop()
        freeze.stop()
        wall.shutdown()
        # Destroy the windows now, while the QApplication exists: left to Python's exit they may outlive it.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        wall.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return outcome["code"]
