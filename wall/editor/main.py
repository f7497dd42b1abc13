"""``bsm wall-editor``: open the layout editor in a normal desktop window until it is closed."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING

from common.config import Config

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from wall.editor.window import EditorState

_log = logging.getLogger(__name__)

_DB_NOT_READY = 2


def run(config: Config, args: argparse.Namespace) -> int:
    """Open the editor on the configured database; returns the exit code (2 when the database is not ready).

    Ctrl+C or SIGTERM close the window like its close button (unsaved edits stay in the draft file).
    """
    from PySide6.QtWidgets import QApplication

    from wall.main import quit_on_signals

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    keepalive = quit_on_signals(qapp)
    state: EditorState | None = None
    try:
        while True:  # once per language: a switch rebuilds the window (see EditorWindow.language_requested)
            outcome = _run_window(qapp, config, getattr(args, "author", None), state)
            if isinstance(outcome, int):
                return outcome
            state = outcome
    finally:
        keepalive.stop()


def _run_window(
    qapp: QApplication, config: Config, author: str | None, state: EditorState | None
) -> int | EditorState:
    """Show one editor window until it closes: an exit code, or the state to reopen in another language."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from wall.editor.app import build

    try:
        window = build(config, author=author, lang=state.lang if state else "id",
                       draft_dir=config.data_path() / "editor-drafts")
    except (OperationalError, ProgrammingError) as exc:
        print(f"database error: {exc.orig} (did you run 'bsm db upgrade'?)", file=sys.stderr)
        return _DB_NOT_READY
    if state is not None:
        window.restore_state(state)
    switched: list[EditorState] = []

    def on_language_requested(new: EditorState) -> None:
        switched.append(new)
        qapp.quit()

    window.language_requested.connect(on_language_requested)
    window.show()
    try:
        qapp.exec()
    finally:
        window.shutdown()
        window.hide()
        window.deleteLater()
    return switched[-1] if switched else 0
