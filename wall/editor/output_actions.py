"""What the editor does with outputs: create, save (validated, with the version check) and delete."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from common.layouts.model import OutputSpec, is_valid_name
from common.layouts.output_commands import diff_output
from common.layouts.store import KIND_OUTPUT, LayoutError, VersionConflict
from wall.editor.controller import EditorController
from wall.editor.document import problem_lines
from wall.editor.models import wib
from wall.editor.output_session import OutputEditSession, read_output_draft
from wall.editor.prompter import UnsavedChoice


class OutputActions(QObject):
    """Output operations on the controller's repository; ``problems_found(text)`` when a save is refused."""

    problems_found = Signal(str)
    output_saved = Signal(str)
    output_changed_elsewhere = Signal(str)
    """Someone else saved the output meanwhile: the form shows their version again."""

    def __init__(self, controller: EditorController, node: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._c = controller
        self.node = node

    def new_output(self, name: str | None = None) -> OutputSpec | None:
        """A new, unsaved internal 1920x1080 output of this node (saved with "Simpan keluaran")."""
        c = self._c
        name = name if name is not None else c.prompter.ask_text(c.t("ask.output_name"), c.t("ask.output_name"))
        if not name:
            return None
        if not is_valid_name(name) or c.repo.current(KIND_OUTPUT, name) is not None:
            c.prompter.error(c.t("error.title"), c.t("bad_name" if not is_valid_name(name) else "name_taken",
                                                     name=name))
            return None
        return OutputSpec(name, self.node, "HDMI-1", None, (1920, 1080), "internal")

    def save_output(self, output: OutputSpec, base_version: int) -> bool:
        """Save ``output`` as a new version; refusals (problems, concurrent change) are reported, not raised."""
        c = self._c
        if not is_valid_name(output.name) or not is_valid_name(output.node):
            self.problems_found.emit(c.t("bad_name", name=output.name if not is_valid_name(output.name)
                                         else output.node))
            return False
        base = base_version or c.repo.base_version(KIND_OUTPUT, output.name)
        try:
            info = c.repo.save_output(output, base)
        except VersionConflict:
            latest = c.repo.latest(KIND_OUTPUT, output.name)
            who = latest.author if latest else "?"
            when = wib(latest.created_at) if latest else "?"
            text = c.t("conflict.output", author=who, time=when, version=latest.version if latest else 0,
                       base=base_version)
            c.prompter.error(c.t("conflict.title"), text)
            c.refresh()
            self.output_changed_elsewhere.emit(output.name)
            self.problems_found.emit(text.splitlines()[0])
            return False
        except LayoutError as exc:
            lines = problem_lines(exc.problems, c.t.lang) or [str(exc)]
            self.problems_found.emit("\n".join(f"• {line}" for line in lines))
            return False
        c.refresh()
        c.message.emit(c.t("out.saved", name=info.name, version=info.version))
        self.output_saved.emit(info.name)
        return True

    def leave(self, session: OutputEditSession) -> bool:
        """Before another output (or closing): save, discard or stay (False) when ``session`` has unsaved edits."""
        if not session.dirty:
            return True
        c = self._c
        choice = c.prompter.unsaved(c.t("unsaved.title"), c.t("out.unsaved", name=session.output.name))
        if choice is UnsavedChoice.SAVE:
            return self.save_output(session.output, session.base_version)
        if choice is UnsavedChoice.DISCARD:
            session.discard_draft()
            return True
        return False

    def offer_draft(self, session: OutputEditSession | None, *, ask: bool = True) -> None:
        """Unsaved edits of this output left in a draft (the editor was closed or crashed): offer them back.

        Taken back as one undoable step; a draft made on an older version is dropped (it would silently undo
        someone else's save)."""
        if session is None or session.is_new:
            return
        c = self._c
        draft = read_output_draft(c.draft_dir, session.output.name)
        if draft is None:
            return
        command = diff_output(session.output, draft[1]) if draft[0] == session.base_version else None
        if command is not None and (not ask or c.prompter.confirm(
                c.t("draft.title"), c.t("draft.text", name=session.output.name))):
            session.execute(command, c.t("draft.title"), mergeable=False)
        else:  # declined, stale, or nothing in it that differs
            session.discard_draft()

    def delete_output(self, name: str, base_version: int) -> bool:
        """Delete an output after confirmation."""
        c = self._c
        if not c.prompter.confirm(c.t("confirm.delete_title"),
                                  c.t("confirm.delete", what=c.t("what.output"), name=name)):
            return False
        try:
            c.repo.delete(KIND_OUTPUT, name, base_version)
        except LayoutError as exc:
            c.prompter.error(c.t("error.title"), str(exc))
            return False
        c.refresh()
        return True
