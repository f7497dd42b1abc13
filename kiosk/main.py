"""``bsm kiosk``: run the touch kiosk full screen (or windowed with ``--windowed``)."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import signal
import sys

from common.config import Config


def _configure_logging(config: Config) -> logging.Handler | None:
    """Technician log: ``kiosk.log`` in the data directory (rotated) for the ``kiosk`` loggers."""
    logger = logging.getLogger("kiosk")
    logger.setLevel(logging.INFO)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        folder = config.data_path()
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(folder / "kiosk.log", maxBytes=2_000_000, backupCount=3,
                                                       encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    return handler


def run(config: Config, args: argparse.Namespace) -> int:
    """Build the kiosk, show it, and run the Qt event loop until quit; returns the exit code."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build

    log_handler = _configure_logging(config)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    source = getattr(args, "config", None) or os.environ.get("BSM_CONFIG") or "bsm.toml"
    kiosk = build(config, config_source=str(source))
    windowed = bool(getattr(args, "windowed", False))
    if windowed:
        landscape = config.kiosk.orientation == "landscape"
        kiosk.window.resize(1920 if landscape else 1080, 1080 if landscape else 1920)
    kiosk.start(fullscreen=config.kiosk.fullscreen and not windowed)
    previous = signal.signal(signal.SIGTERM, lambda *_: app.quit())
    keepalive = QTimer()  # lets Python handle SIGTERM/SIGINT while Qt's loop runs
    keepalive.start(500)
    keepalive.timeout.connect(lambda: None)
    exit_after = getattr(args, "exit_after", None)
    if exit_after:
        QTimer.singleShot(int(float(exit_after) * 1000), app.quit)
    try:
        return int(app.exec())
    finally:
        keepalive.stop()
        kiosk.stop()
        signal.signal(signal.SIGTERM, previous)
        if log_handler is not None:
            logging.getLogger("kiosk").removeHandler(log_handler)
            log_handler.close()
