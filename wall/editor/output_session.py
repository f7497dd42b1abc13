"""The output being edited in the outputs tab: the domain :class:`OutputSpec` (the truth), its base version, an
undo stack and the draft file, built like :mod:`wall.editor.document` for layouts.

Every edit of the form is an :class:`~common.layouts.output_commands.EditOutput` wrapped in a
:class:`QUndoCommand`; whatever happens (edit, undo, redo, revert, a recovered draft) the output is replaced
in ONE place (:meth:`OutputEditSession._replace`), which writes the draft and emits ``output_changed``.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from common.layouts.commands import CommandError
from common.layouts.jsonio import output_from_json
from common.layouts.model import OutputSpec
from common.layouts.output_commands import EditOutput, OutputChange

#: Output drafts live beside the layout drafts, in their own folder (an output and a layout may share a name).
DRAFT_SUBDIR = "outputs"


class OutputUndoCommand(QUndoCommand):
    """One output edit as one undo step; consecutive edits of the same fields merge (typing a name is one)."""

    MERGE_ID = 4712

    def __init__(self, session: OutputEditSession, first: tuple[OutputSpec, OutputChange], text: str,
                 *, mergeable: bool) -> None:
        super().__init__(text)
        self._session = session
        self._first: tuple[OutputSpec, OutputChange] | None = first
        self._changes: list[OutputChange] = [first[1]]
        self._mergeable = mergeable

    def redo(self) -> None:
        """Apply the edits (the first redo reuses the result computed before the push)."""
        if self._first is not None:
            output, change = self._first
            self._first = None
            self._session._replace(output, change)
            return
        for change in self._changes:
            output, again = EditOutput({f: getattr(change.after, f) for f in change.fields}).apply(
                self._session.output)
            self._session._replace(output, again)

    def undo(self) -> None:
        """Apply the inverses, newest first."""
        for change in reversed(self._changes):
            output, back = change.inverse().apply(self._session.output)
            self._session._replace(output, back)

    def id(self) -> int:
        """Form edits merge; a revert or a recovered draft is a step of its own."""
        return self.MERGE_ID if self._mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Absorb a following edit of exactly the same fields."""
        if not isinstance(other, OutputUndoCommand) or not (self._mergeable and other._mergeable):
            return False
        if other._changes[0].fields != self._changes[-1].fields:
            return False
        self._changes.extend(other._changes)
        return True


class OutputEditSession(QObject):
    """One output open in the outputs tab: the output, the version it was loaded from (0: never saved), undo."""

    output_changed = Signal(object)
    """(OutputChange | None): the output was replaced; None after a reload."""

    def __init__(self, output: OutputSpec, base_version: int, *, draft_dir: Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.output = output
        self.base_version = base_version
        self._draft_dir = draft_dir
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)

    @property
    def is_new(self) -> bool:
        """True for an output never saved."""
        return self.base_version == 0

    @property
    def dirty(self) -> bool:
        """True when the output is new or differs from the version it was loaded from."""
        return self.is_new or not self.undo_stack.isClean()

    def execute(self, command: EditOutput, text: str, *, mergeable: bool = True) -> bool:
        """Apply ``command`` as one undoable step; False when it changes nothing or cannot apply."""
        try:
            first = command.apply(self.output)
        except CommandError:
            return False
        if not first[1].fields:
            return False
        self.undo_stack.push(OutputUndoCommand(self, first, text, mergeable=mergeable))
        return True

    def mark_saved(self, version: int) -> None:
        """The output was saved as ``version``: the new base and the clean state; the draft is gone."""
        self.base_version = version
        self.undo_stack.setClean()
        self.discard_draft()

    def replace_output(self, output: OutputSpec, base_version: int) -> None:
        """Show another saved version (someone else saved it): a fresh history, clean, no draft."""
        self.undo_stack.clear()
        self.base_version = base_version
        self.discard_draft()
        self.output = output
        self.undo_stack.setClean()
        self.output_changed.emit(None)

    # -- the one place -------------------------------------------------------------------------------------

    def _replace(self, output: OutputSpec, change: OutputChange) -> None:
        self.output = output
        self._write_draft()
        self.output_changed.emit(change)

    def _draft_path(self) -> Path | None:
        if self._draft_dir is None or self.is_new:  # a new output has no saved version to recover onto
            return None
        return self._draft_dir / DRAFT_SUBDIR / f"{self.output.name}.json"

    def _write_draft(self) -> None:
        path = self._draft_path()
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        body = {"base_version": self.base_version, "output": self.output.to_json()}
        path.write_text(json.dumps(body, indent=1), encoding="utf-8")

    def discard_draft(self) -> None:
        """Remove the draft file (after a save, or when the technician throws the edits away)."""
        path = self._draft_path()
        if path is not None:
            path.unlink(missing_ok=True)

    def _on_undo_stack_clean_changed(self, clean: bool) -> None:
        if clean:  # back at the saved state by undo: nothing to recover
            self.discard_draft()


def read_output_draft(draft_dir: Path | None, name: str) -> tuple[int, OutputSpec] | None:
    """The draft of output ``name`` left by an editor that did not save: (base version, output), or None."""
    if draft_dir is None:
        return None
    path = draft_dir / DRAFT_SUBDIR / f"{name}.json"
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        return int(body["base_version"]), output_from_json(body["output"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError):  # a damaged draft is no draft
        return None
