"""Questions the editor asks the technician, behind an interface so tests (and scripts) can answer them.

:class:`DialogPrompter` asks with modal Qt dialogs; :class:`ScriptedPrompter` answers from queues given in
advance and records every question, so tests never enter a modal loop.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol, TypeVar

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

C = TypeVar("C", bound=StrEnum)


class ConflictChoice(StrEnum):
    """What to do when someone else saved the layout meanwhile."""

    RELOAD = "reload"
    SAVE_COPY = "save_copy"
    CANCEL = "cancel"


class UnsavedChoice(StrEnum):
    """What to do with unsaved edits before leaving a layout."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class Prompter(Protocol):
    """The editor's questions and notices."""

    def confirm(self, title: str, text: str) -> bool:
        """Yes/no (default no)."""
        ...

    def conflict(self, title: str, text: str) -> ConflictChoice:
        """Reload / save as a copy / cancel."""
        ...

    def unsaved(self, title: str, text: str) -> UnsavedChoice:
        """Save / discard / cancel."""
        ...

    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        """A line of text (None when cancelled)."""
        ...

    def open_path(self, title: str, name_filter: str) -> str | None:
        """A file to read (None when cancelled)."""
        ...

    def save_path(self, title: str, suggested: str, name_filter: str) -> str | None:
        """A file to write (None when cancelled)."""
        ...

    def inform(self, title: str, text: str) -> None:
        """A notice."""

    def error(self, title: str, text: str) -> None:
        """A failure the technician must read."""


class DialogPrompter:
    """Asks with Qt's standard dialogs, centred on ``parent``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def confirm(self, title: str, text: str) -> bool:
        """Ya / Tidak."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self.parent)
        yes = box.addButton("Ya", QMessageBox.ButtonRole.YesRole)
        box.setDefaultButton(box.addButton("Tidak", QMessageBox.ButtonRole.NoRole))
        box.exec()
        return box.clickedButton() is yes

    def conflict(self, title: str, text: str) -> ConflictChoice:
        """Muat ulang / Simpan sebagai salinan / Batal."""
        return self._choose(title, text, [("Muat ulang", ConflictChoice.RELOAD),
                                          ("Simpan sebagai salinan", ConflictChoice.SAVE_COPY),
                                          ("Batal", ConflictChoice.CANCEL)], ConflictChoice.CANCEL)

    def unsaved(self, title: str, text: str) -> UnsavedChoice:
        """Simpan / Buang / Batal."""
        return self._choose(title, text, [("Simpan", UnsavedChoice.SAVE), ("Buang perubahan", UnsavedChoice.DISCARD),
                                          ("Batal", UnsavedChoice.CANCEL)], UnsavedChoice.CANCEL)

    def _choose(self, title: str, text: str, options: list[tuple[str, C]], default: C) -> C:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self.parent)
        buttons = [(box.addButton(label, QMessageBox.ButtonRole.ActionRole), choice) for label, choice in options]
        box.exec()
        for button, choice in buttons:
            if box.clickedButton() is button:
                return choice
        return default

    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        """One line."""
        text, ok = QInputDialog.getText(self.parent, title, label, text=default)
        return text.strip() if ok else None

    def open_path(self, title: str, name_filter: str) -> str | None:
        """Open-file dialog."""
        path, _ = QFileDialog.getOpenFileName(self.parent, title, "", name_filter)
        return path or None

    def save_path(self, title: str, suggested: str, name_filter: str) -> str | None:
        """Save-file dialog."""
        path, _ = QFileDialog.getSaveFileName(self.parent, title, suggested, name_filter)
        return path or None

    def inform(self, title: str, text: str) -> None:
        """Information box."""
        QMessageBox.information(self.parent, title, text)

    def error(self, title: str, text: str) -> None:
        """Warning box."""
        QMessageBox.warning(self.parent, title, text)


class ScriptedPrompter:
    """Answers from queues (``answers``: confirm bools, choices, texts, paths) and records ``asked``.

    An unexpected question (empty queue) answers "no"/cancel/None, so a test never hangs on a dialog.
    """

    def __init__(self, answers: Iterable[object] = ()) -> None:
        self.answers: deque[object] = deque(answers)
        self.asked: list[tuple[str, str, str]] = []
        """(method, title, text) of every question and notice, in order."""

    def _next(self, method: str, title: str, text: str) -> object:
        self.asked.append((method, title, text))
        if method in ("inform", "error"):
            return None
        return self.answers.popleft() if self.answers else None

    def confirm(self, title: str, text: str) -> bool:
        """The next answer (default False)."""
        return bool(self._next("confirm", title, text))

    def conflict(self, title: str, text: str) -> ConflictChoice:
        """The next answer (default cancel)."""
        answer = self._next("conflict", title, text)
        return answer if isinstance(answer, ConflictChoice) else ConflictChoice.CANCEL

    def unsaved(self, title: str, text: str) -> UnsavedChoice:
        """The next answer (default cancel)."""
        answer = self._next("unsaved", title, text)
        return answer if isinstance(answer, UnsavedChoice) else UnsavedChoice.CANCEL

    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        """The next answer (default None)."""
        answer = self._next("ask_text", title, label)
        return answer if isinstance(answer, str) else None

    def open_path(self, title: str, name_filter: str) -> str | None:
        """The next answer (default None)."""
        answer = self._next("open_path", title, name_filter)
        return str(answer) if answer is not None else None

    def save_path(self, title: str, suggested: str, name_filter: str) -> str | None:
        """The next answer (default None)."""
        answer = self._next("save_path", title, suggested)
        return str(answer) if answer is not None else None

    def inform(self, title: str, text: str) -> None:
        """Recorded only."""
        self._next("inform", title, text)

    def error(self, title: str, text: str) -> None:
        """Recorded only."""
        self._next("error", title, text)

    def last(self, method: str) -> str:
        """The text of the last question or notice of ``method`` ("" when none)."""
        return next((text for m, _, text in reversed(self.asked) if m == method), "")
