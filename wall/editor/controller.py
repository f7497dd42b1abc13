"""What the editor does with layouts: open, create, duplicate, rename, delete, save (with the conflict dialog),
save as a copy, reload, restore a version, import and export JSON. Widgets call it; tests call it directly.

Questions go through the injected :class:`~wall.editor.prompter.Prompter`. Nothing is overwritten silently: a save
names the version it edited; if someone saved meanwhile the technician chooses reload / save as copy / cancel.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from common.layouts.cameras import CameraInfo
from common.layouts.commands import ReplaceTiles
from common.layouts.jsonio import read_document_file
from common.layouts.kinds import KindRegistry
from common.layouts.model import Layout, LayoutFormatError, OutputSpec, is_valid_name
from common.layouts.store import KIND_LAYOUT, DocumentInfo, LayoutError, VersionConflict, dumps
from common.layouts.validate import format_problems
from wall.editor.document import LayoutEditSession, ValidationContext, problem_lines, read_draft
from wall.editor.i18n import Texts
from wall.editor.models import wib
from wall.editor.prompter import ConflictChoice, Prompter, UnsavedChoice
from wall.editor.repository import CameraRow, EditorRepository


class SaveOutcome(StrEnum):
    """How a save ended."""

    SAVED = "saved"
    INVALID = "invalid"
    CONFLICT_RELOADED = "conflict_reloaded"
    CONFLICT_COPIED = "conflict_copied"
    CANCELLED = "cancelled"
    NOTHING = "nothing"


class EditorController(QObject):
    """The editor's state (lists, the open layout, the target output) and its layout operations."""

    session_replaced = Signal(object)
    lists_changed = Signal()
    target_changed = Signal(object)
    message = Signal(str)

    def __init__(self, repo: EditorRepository, kinds: KindRegistry, t: Texts, prompter: Prompter, *,
                 draft_dir: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.repo, self.kinds, self.t, self.prompter = repo, kinds, t, prompter
        self._draft_dir = draft_dir
        self.layouts: list[DocumentInfo] = []
        self.outputs: list[tuple[OutputSpec, DocumentInfo]] = []
        self.camera_rows: list[CameraRow] = []
        self.cameras: dict[str, CameraInfo] = {}
        self.session: LayoutEditSession | None = None
        self.target: OutputSpec | None = None

    # -- lists and context ------------------------------------------------------------------------------------

    @property
    def draft_dir(self) -> Path | None:
        """Where unsaved edits are kept (None: nowhere)."""
        return self._draft_dir

    def refresh(self) -> None:
        """Re-read layouts, outputs and cameras; re-validate the open layout against them."""
        self.layouts, self.outputs = self.repo.layouts(), self.repo.outputs()
        self.camera_rows, self.cameras = self.repo.camera_rows(), self.repo.cameras()
        if self.target is not None:
            self.target = next((o for o, _ in self.outputs if o.name == self.target.name), None)
        if self.session is not None:
            self.session.set_context(self._context(self.session.name))
        self.lists_changed.emit()

    def layout_names(self) -> list[str]:
        """Names of the saved layouts."""
        return [d.name for d in self.layouts]

    def outputs_using(self, layout: str) -> list[OutputSpec]:
        """The outputs with a preset showing ``layout``."""
        return [o for o, _ in self.outputs if any(p.layout == layout for p in o.presets)]

    def _context(self, layout: str) -> ValidationContext:
        outputs = self.outputs_using(layout) + ([self.target] if self.target else [])
        return ValidationContext(self.cameras, tuple((o.privacy, o.resolution[1]) for o in outputs))

    def set_target(self, name: str | None) -> None:
        """Edit for the shape and privacy of output ``name`` (None: a generic internal 16:9 screen)."""
        self.target = next((o for o, _ in self.outputs if o.name == name), None)
        if self.session is not None:
            self.session.set_context(self._context(self.session.name))
        self.target_changed.emit(self.target)

    def _open_session(self, layout: Layout, version: int, *, is_new: bool = False) -> LayoutEditSession:
        if self.session is not None:
            self.session.deleteLater()
        using = self.outputs_using(layout.name)
        if using:
            self.target = next((o for o in using if o.is_public), using[0])
        self.session = LayoutEditSession(layout, version, self.kinds, self._context(layout.name), is_new=is_new,
                                         draft_dir=self._draft_dir, parent=self)
        self.target_changed.emit(self.target)
        self.session_replaced.emit(self.session)
        return self.session

    def _close_session(self) -> None:
        if self.session is not None:
            self.session.deleteLater()
        self.session = None
        self.session_replaced.emit(None)

    def leave_current(self) -> bool:
        """Before leaving the open layout: save, discard or stay (False) when it has unsaved edits."""
        s = self.session
        if s is None or not s.dirty:
            return True
        choice = self.prompter.unsaved(self.t("unsaved.title"), self.t("unsaved.text", name=s.name))
        if choice is UnsavedChoice.SAVE:
            return self.save() is SaveOutcome.SAVED
        if choice is UnsavedChoice.DISCARD:
            s.discard_draft()
            return True
        return False

    # -- open, create, duplicate, rename, delete -------------------------------------------------------------

    def open_layout(self, name: str, *, adopt_draft: bool = False) -> bool:
        """Open the saved layout ``name`` for editing (``adopt_draft``: take its draft's edits without asking)."""
        if self.session is not None and self.session.name == name and not self.session.is_new:
            return True
        if not self.leave_current():
            return False
        try:
            layout, version = self.repo.load_layout(name)
        except (LayoutError, ValueError) as exc:
            self.prompter.error(self.t("error.title"), str(exc))
            return False
        session = self._open_session(layout, version)
        self._offer_draft(session, ask=not adopt_draft)
        return True

    def _offer_draft(self, s: LayoutEditSession, *, ask: bool = True) -> None:
        """Unsaved edits of this layout left in a draft (the editor was closed or crashed): offer them back."""
        draft = read_draft(self._draft_dir, s.name)
        if draft is None or draft[1] == s.layout:
            return
        base, layout = draft
        if base == s.base_version and (not ask or self.prompter.confirm(self.t("draft.title"),
                                                                       self.t("draft.text", name=s.name))):
            s.execute(ReplaceTiles(tuple(t.id for t in s.layout.tiles), layout.tiles, (layout.rows, layout.cols)),
                      self.t("draft.title"))
        elif base != s.base_version:
            s.discard_draft()  # made on an older version: it would silently undo someone else's save

    def _ask_free_name(self, label: str, default: str, name: str | None) -> str | None:
        name = name if name is not None else self.prompter.ask_text(label, label, default)
        if not name:
            return None
        if not is_valid_name(name):
            self.prompter.error(self.t("error.title"), self.t("bad_name", name=name))
            return None
        if self.repo.current(KIND_LAYOUT, name) is not None:
            self.prompter.error(self.t("error.title"), self.t("name_taken", name=name))
            return None
        return name

    def new_layout(self, name: str | None = None, rows: int = 3, cols: int = 3) -> bool:
        """Start a new, empty ``rows`` x ``cols`` layout (saved with the first save)."""
        if not self.leave_current():
            return False
        name = self._ask_free_name(self.t("ask.new_name"), "", name)
        if name is None:
            return False
        self._open_session(Layout(name, rows, cols), self.repo.base_version(KIND_LAYOUT, name), is_new=True)
        return True

    def duplicate_layout(self, source: str | None = None, name: str | None = None) -> bool:
        """Save a copy of the saved layout ``source`` (default: the open one) under a new name and open it."""
        source = source or (self.session.name if self.session else None)
        if source is None or not self.leave_current():
            return False
        name = self._ask_free_name(self.t("ask.copy_name"), f"{source}-salinan", name)
        if name is None:
            return False
        try:
            layout, version = self.repo.load_layout(source)
            copy = Layout(name, layout.rows, layout.cols, layout.tiles)
            info = self.repo.save_layout(copy, self.repo.base_version(KIND_LAYOUT, name),
                                         comment=f"salinan dari '{source}' v{version}")
        except LayoutError as exc:
            self._show_error(exc)
            return False
        self.refresh()
        self._open_session(copy, info.version)
        return True

    def rename_layout(self, new: str | None = None, old: str | None = None) -> bool:
        """Rename a saved layout (presets follow it); the open layout by default."""
        old = old or (self.session.name if self.session else None)
        if old is None or not self.leave_current():
            return False
        new = self._ask_free_name(self.t("ask.rename", name=old), old, new)
        if new is None:
            return False
        current = self.repo.current(KIND_LAYOUT, old)
        base = self.session.base_version if self.session and self.session.name == old else (
            current.version if current else 0)
        try:
            self.repo.rename_layout(old, new, base)
        except LayoutError as exc:
            self._show_error(exc)
            return False
        self._close_session()
        self.refresh()
        return self.open_layout(new)

    def delete_layout(self, name: str | None = None) -> bool:
        """Delete a layout after confirmation (refused while an output uses it as a preset)."""
        name = name or (self.session.name if self.session else None)
        if name is None:
            return False
        if not self.prompter.confirm(self.t("confirm.delete_title"),
                                     self.t("confirm.delete", what=self.t("what.layout"), name=name)):
            return False
        on_it = self.session is not None and self.session.name == name
        if on_it and self.session is not None and self.session.is_new:
            self._close_session()
            return True
        current = self.repo.current(KIND_LAYOUT, name)
        base = self.session.base_version if on_it and self.session else (current.version if current else 0)
        try:
            self.repo.delete(KIND_LAYOUT, name, base)
        except LayoutError as exc:
            self._show_error(exc)
            return False
        if on_it:
            self._close_session()
        self.refresh()
        return True

    # -- save, conflict, reload, restore ------------------------------------------------------------------------

    def save(self, comment: str = "") -> SaveOutcome:
        """Save the open layout as a new version: refused when invalid; a concurrent change asks what to do."""
        s = self.session
        if s is None:
            return SaveOutcome.NOTHING
        if s.problems:
            self._refuse(s.name, problem_lines(s.problems, self.t.lang))
            return SaveOutcome.INVALID
        try:
            info = self.repo.save_layout(s.layout, s.base_version, comment)
        except VersionConflict:
            return self._on_conflict(s)
        except LayoutError as exc:
            self._refuse(s.name, problem_lines(exc.problems, self.t.lang) or [str(exc)])
            return SaveOutcome.INVALID
        s.mark_saved(info.version)
        s.discard_draft()
        self.refresh()
        self.message.emit(self.t("save.ok", version=info.version))
        return SaveOutcome.SAVED

    def _refuse(self, name: str, lines: list[str]) -> None:
        text = "\n".join(f"• {line}" for line in lines)
        self.prompter.error(self.t("save.refused_title"), self.t("save.refused", name=name, problems=text))

    def conflict_text(self, s: LayoutEditSession) -> str:
        """The conflict message: who changed (or deleted) the layout, and when."""
        latest = self.repo.latest(KIND_LAYOUT, s.name)
        if latest is None:
            return ""
        key = "conflict.deleted" if latest.deleted else "conflict.text"
        return self.t(key, author=latest.author, time=wib(latest.created_at), version=latest.version,
                      base=s.base_version)

    def _on_conflict(self, s: LayoutEditSession) -> SaveOutcome:
        choice = self.prompter.conflict(self.t("conflict.title"), self.conflict_text(s))
        if choice is ConflictChoice.RELOAD:
            self.reload(force=True)
            return SaveOutcome.CONFLICT_RELOADED
        if choice is ConflictChoice.SAVE_COPY:
            return SaveOutcome.CONFLICT_COPIED if self.save_as_copy() else SaveOutcome.CANCELLED
        return SaveOutcome.CANCELLED

    def save_as_copy(self, name: str | None = None) -> bool:
        """Save the open layout, edits included, under a new name and continue editing the copy."""
        s = self.session
        if s is None:
            return False
        if s.problems:
            self._refuse(s.name, problem_lines(s.problems, self.t.lang))
            return False
        name = self._ask_free_name(self.t("ask.copy_name"), f"{s.name}-salinan", name)
        if name is None:
            return False
        copy = Layout(name, s.layout.rows, s.layout.cols, s.layout.tiles)
        try:
            info = self.repo.save_layout(copy, self.repo.base_version(KIND_LAYOUT, name),
                                         comment=f"salinan dari '{s.name}' (berdasar v{s.base_version})")
        except LayoutError as exc:
            self._show_error(exc)
            return False
        s.discard_draft()
        self.refresh()
        self._open_session(copy, info.version)
        self.message.emit(self.t("save.ok", version=info.version))
        return True

    def reload(self, *, force: bool = False) -> bool:
        """Load the current saved version of the open layout (unsaved edits are lost: asked unless ``force``)."""
        s = self.session
        if s is None or (not force and not self.leave_current()):
            return False
        self.refresh()
        latest = self.repo.current(KIND_LAYOUT, s.name)
        if latest is None:  # deleted meanwhile: nothing to reload
            self._close_session()
            return False
        layout, version = self.repo.load_layout(s.name)
        s.discard_draft()
        s.replace_layout(layout, version)
        return True

    def restore_version(self, version: int) -> bool:
        """Save old version ``version`` of the open layout as its newest version (after confirmation)."""
        s = self.session
        if s is None or not self.prompter.confirm(self.t("act.restore"),
                                                  self.t("confirm.restore", version=version, name=s.name)):
            return False
        try:
            info = self.repo.restore_layout(s.name, version, s.base_version)
        except VersionConflict:
            self.prompter.error(self.t("conflict.title"), self.conflict_text(s))
            return False
        except LayoutError as exc:
            self._show_error(exc)
            return False
        layout, _ = self.repo.load_layout(s.name)
        s.replace_layout(layout, info.version)
        self.refresh()
        self.message.emit(self.t("save.ok", version=info.version))
        return True

    # -- JSON ------------------------------------------------------------------------------------------------------

    def export_text(self, name: str | None = None) -> str:
        """JSON of a layout: the open one as edited, or the saved one of that name."""
        s = self.session
        if s is not None and (name is None or name == s.name):
            return dumps(s.layout.to_json())
        if name is None:
            raise LayoutError("no layout to export")
        return self.repo.export_json(KIND_LAYOUT, name)

    def export_file(self, name: str | None = None, path: str | None = None) -> str | None:
        """Write a layout's JSON to ``path`` (asked when None); returns the path written."""
        label = name or (self.session.name if self.session else "")
        path = path or self.prompter.save_path(self.t("act.export"), f"{label}.json", "JSON (*.json)")
        if not path:
            return None
        try:
            Path(path).write_text(self.export_text(name), encoding="utf-8")
        except (OSError, LayoutError) as exc:
            self.prompter.error(self.t("error.title"), str(exc))
            return None
        self.message.emit(self.t("exported", path=path))
        return path

    def import_text(self, text: str) -> DocumentInfo | None:
        """Validate and save a layout or output from JSON; the open layout follows when it had no edits."""
        try:
            info = self.repo.import_json(text)
        except LayoutError as exc:
            self._show_error(exc)
            return None
        self.refresh()
        s = self.session
        if info.kind == KIND_LAYOUT and s is not None and s.name == info.name and not s.dirty:
            self.reload(force=True)
        self.message.emit(self.t("imported", kind=info.kind, name=info.name, version=info.version))
        return info

    def import_file(self, path: str | None = None) -> DocumentInfo | None:
        """Import a JSON file (asked when ``path`` is None)."""
        path = path or self.prompter.open_path(self.t("act.import"), "JSON (*.json)")
        if not path:
            return None
        try:
            text = read_document_file(Path(path))
        except OSError as exc:
            self.prompter.error(self.t("error.title"), str(exc))
            return None
        except LayoutFormatError as exc:  # too large, or not text
            self._show_error(LayoutError(f"{path}: malformed", format_problems(exc)))
            return None
        return self.import_text(text)

    def _show_error(self, exc: LayoutError) -> None:
        lines = problem_lines(exc.problems, self.t.lang)
        head = str(exc).splitlines()[0]
        self.prompter.error(self.t("error.title"), "\n".join([head, *(f"• {line}" for line in lines)]))
