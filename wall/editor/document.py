"""The layout being edited: the domain :class:`Layout` (the truth), its base version and an undo stack.

Every edit is a domain command (``apply(layout) -> (new_layout, Change)``) wrapped in a :class:`QUndoCommand`:
redo applies it, undo applies ``change.inverse()``. Whatever happens — edit, undo, redo, reload — the layout
is replaced in ONE place (:meth:`LayoutEditSession._replace`), which re-validates, emits ``layout_changed`` with
the :class:`Change` (the canvas, panels and preview refresh from it) and writes the optional draft file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from common.layouts.cameras import CameraInfo
from common.layouts.commands import Change, CommandError, LayoutCommand, SetTileSettings
from common.layouts.jsonio import layout_from_json
from common.layouts.kinds import KindRegistry
from common.layouts.model import Layout, Privacy
from common.layouts.validate import Problem, validate_layout

#: The baseline every layout is checked against (what ``store.save_layout`` checks): an internal 1080p output.
BASELINE_TARGET: tuple[Privacy, int] = ("internal", 1080)

#: Problem codes in the order they are shown on a tile (the first one is written on it).
SEVERITY = ("camera_not_public", "overlap", "out_of_bounds", "unknown_camera", "dwell_too_short", "text_too_small")


@dataclass(frozen=True)
class ValidationContext:
    """What validation needs: the cameras and every (privacy, output height) the layout will be shown on."""

    cameras: Mapping[str, CameraInfo]
    targets: tuple[tuple[Privacy, int], ...] = (BASELINE_TARGET,)


def validate_for(layout: Layout, ctx: ValidationContext, kinds: KindRegistry) -> list[Problem]:
    """Problems of ``layout`` on every target, each reported once (baseline first, then the outputs)."""
    seen: set[tuple[str | None, str, str]] = set()
    problems: list[Problem] = []
    for privacy, height in (BASELINE_TARGET, *ctx.targets):
        for p in validate_layout(layout, ctx.cameras, privacy, kinds=kinds, output_height_px=height):
            key = (p.tile_id, p.code, p.message_en)
            if key not in seen:
                seen.add(key)
                problems.append(p)
    return problems


class DomainUndoCommand(QUndoCommand):
    """One or more domain commands as one undo step (consecutive settings edits of a tile merge)."""

    MERGE_ID = 4711

    def __init__(self, session: LayoutEditSession, command: LayoutCommand, text: str,
                 first: tuple[Layout, Change]) -> None:
        super().__init__(text)
        self._session = session
        self._commands: list[LayoutCommand] = [command]
        self._changes: list[Change] = []
        self._first: tuple[Layout, Change] | None = first

    def redo(self) -> None:
        """Apply the commands (the first redo reuses the result computed before the push)."""
        if self._first is not None:
            layout, change = self._first
            self._first = None
            self._changes = [change]
            self._session._replace(layout, change)
            return
        self._changes = []
        for command in self._commands:
            layout, change = command.apply(self._session.layout)
            self._changes.append(change)
            self._session._replace(layout, change)

    def undo(self) -> None:
        """Apply the inverses, newest first."""
        for change in reversed(self._changes):
            layout, back = change.inverse().apply(self._session.layout)
            self._session._replace(layout, back)

    def id(self) -> int:
        """Settings edits of one tile merge into one step (typing a ticker text is one undo)."""
        return self.MERGE_ID if isinstance(self._commands[-1], SetTileSettings) else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Absorb a following settings edit of the same tile."""
        if not isinstance(other, DomainUndoCommand) or len(other._commands) != 1:
            return False
        mine, theirs = self._commands[-1], other._commands[0]
        if not (isinstance(mine, SetTileSettings) and isinstance(theirs, SetTileSettings)
                and mine.tile_id == theirs.tile_id and theirs.kind is None and mine.kind is None):
            return False
        self._commands.append(theirs)
        self._changes.extend(other._changes)
        return True


class LayoutEditSession(QObject):
    """One layout open in the editor: the domain layout, the version it was loaded from, undo/redo, problems."""

    layout_changed = Signal(object)
    """(Change | None): the layout was replaced; None after a reload or a new context."""
    problems_changed = Signal(list)
    dirty_changed = Signal(bool)
    edit_refused = Signal(str)
    """An edit could not be applied (the message says why, in English from the domain)."""

    def __init__(self, layout: Layout, base_version: int, kinds: KindRegistry, context: ValidationContext,
                 *, is_new: bool = False, draft_dir: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.is_new = is_new
        self.layout = layout
        self.base_version = base_version
        self.kinds = kinds
        self._context = context
        self._draft_dir = draft_dir
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)
        self.problems: list[Problem] = validate_for(layout, context, kinds)

    @property
    def name(self) -> str:
        """The layout's name."""
        return self.layout.name

    @property
    def dirty(self) -> bool:
        """True when the layout is new or differs from the saved version it was loaded from."""
        return self.is_new or not self.undo_stack.isClean()

    @property
    def context(self) -> ValidationContext:
        """The validation context in force."""
        return self._context

    def problems_of(self, tile_id: str) -> list[Problem]:
        """The problems shown on one tile, the most serious first (privacy, then geometry)."""
        mine = [p for p in self.problems if p.tile_id == tile_id]
        return sorted(mine, key=lambda p: SEVERITY.index(p.code) if p.code in SEVERITY else len(SEVERITY))

    def execute(self, command: LayoutCommand, text: str) -> bool:
        """Apply ``command`` as one undoable step; False (and ``edit_refused``) when it cannot apply."""
        try:
            first = command.apply(self.layout)
        except (CommandError, KeyError) as exc:
            self.edit_refused.emit(str(exc))
            return False
        self.undo_stack.push(DomainUndoCommand(self, command, text, first))
        return True

    def set_tile_settings(self, tile_id: str, settings: Mapping[str, Any], kind: str | None = None) -> bool:
        """Replace a tile's settings (consecutive edits of one tile are one undo step)."""
        if kind is None and self.layout.has_tile(tile_id) and dict(self.layout.tile(tile_id).settings) == dict(
                settings):
            return True
        text = "Ubah jenis ubin" if kind else "Ubah pengaturan ubin"
        return self.execute(SetTileSettings(tile_id, dict(settings), kind), text)

    def set_context(self, context: ValidationContext) -> None:
        """New cameras or targets: re-validate (the layout itself is unchanged)."""
        self._context = context
        self._revalidate()
        self.layout_changed.emit(None)

    def mark_saved(self, version: int) -> None:
        """The layout was saved as ``version``: it is the new base and the clean state."""
        self.base_version = version
        was_new, self.is_new = self.is_new, False
        self.undo_stack.setClean()
        if was_new:
            self.dirty_changed.emit(False)

    def replace_layout(self, layout: Layout, base_version: int) -> None:
        """Show another version (reload): a fresh history, clean."""
        self.undo_stack.clear()
        self.base_version = base_version
        self.is_new = False
        self._replace(layout, None)
        self.undo_stack.setClean()

    # -- the one place -------------------------------------------------------------------------------------

    def _replace(self, layout: Layout, change: Change | None) -> None:
        self.layout = layout
        self._revalidate()
        self._write_draft()
        self.layout_changed.emit(change)

    def _revalidate(self) -> None:
        problems = validate_for(self.layout, self._context, self.kinds)
        if problems != self.problems:
            self.problems = problems
            self.problems_changed.emit(list(problems))

    def _write_draft(self) -> None:
        if self._draft_dir is None:
            return
        self._draft_dir.mkdir(parents=True, exist_ok=True)
        body = {"base_version": self.base_version, "layout": self.layout.to_json()}
        (self._draft_dir / f"{self.layout.name}.json").write_text(json.dumps(body, indent=1), encoding="utf-8")

    def discard_draft(self) -> None:
        """Remove the draft file (after a save or when the technician throws the edits away)."""
        if self._draft_dir is not None:
            (self._draft_dir / f"{self.layout.name}.json").unlink(missing_ok=True)

    def _on_undo_stack_clean_changed(self, clean: bool) -> None:
        self.dirty_changed.emit(self.is_new or not clean)


def read_draft(draft_dir: Path | None, name: str) -> tuple[int, Layout] | None:
    """The draft of layout ``name`` left by an editor that did not save: (base version, layout), or None."""
    if draft_dir is None:
        return None
    path = draft_dir / f"{name}.json"
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        return int(body["base_version"]), layout_from_json(body["layout"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError):  # a damaged draft is no draft
        return None


def problem_lines(problems: Sequence[Problem], lang: str = "id") -> list[str]:
    """One human line per problem (``[tile] message``), in the chosen language."""
    lines = []
    for p in problems:
        where = f"[{p.tile_id}] " if p.tile_id else ""
        lines.append(where + (p.message_id if lang == "id" else p.message_en))
    return lines
