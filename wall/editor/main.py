"""``bsm wall-editor``: open the layout editor in a normal desktop window until it is closed."""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from common.config import Config

_log = logging.getLogger(__name__)


def run(config: Config, args: argparse.Namespace) -> int:
    """Open the editor on the configured database; returns the exit code (2 when the database is not ready).

    Ctrl+C or SIGTERM close the window like its close button (unsaved edits stay in the draft file).
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from wall.editor.app import build
    from wall.editor.window import EditorState

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: qapp.quit())
    keepalive = QTimer()  # lets Python run its signal handlers while Qt's loop waits
    keepalive.timeout.connect(lambda: None)
    keepalive.start(250)
    state: EditorState | None = None
    switched: list[EditorState] = []

    def on_language_requested(new: EditorState) -> None:
        switched.append(new)
        qapp.quit()

    try:
        while True:  # once per language: a switch rebuilds the window (see EditorWindow.language_requested)
            try:
                window = build(config, author=getattr(args, "author", None), lang=state.lang if state else "id",
                               draft_dir=config.data_path() / "editor-drafts")
            except (OperationalError, ProgrammingError) as exc:
                print(f"database error: {exc.orig} (did you run 'bsm db upgrade'?)", file=sys.stderr)
                return 2
            if state is not None:
                window.restore_state(state)
            switched.clear()
            window.language_requested.connect(on_language_requested)
            window.show()
            try:
                qapp.exec()
            finally:
                window.shutdown()
                window.hide()
                window.deleteLater()
            if not switched:
                return 0
            state = switched[-1]
    finally:
        keepalive.stop()
