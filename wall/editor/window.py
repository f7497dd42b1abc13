"""The editor's main window: a normal desktop window (not full-screen) with the layouts and outputs tabs,
a tool bar of every action with its keyboard shortcut, and a status bar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QToolBar, QWidget

from common.layouts.model import OutputSpec
from wall.editor.canvas import LayoutCanvasWidget
from wall.editor.controller import EditorController
from wall.editor.document import LayoutEditSession
from wall.editor.i18n import Lang, Texts, refusal_text
from wall.editor.layout_tab import LayoutTabWidget
from wall.editor.models import OutputTableModel
from wall.editor.output_actions import OutputActions
from wall.editor.output_session import OutputEditSession
from wall.editor.panels.outputs import OutputEditorPanel
from wall.editor.thumbnails import ThumbnailGrabber

DEFAULT_SIZE = (1340, 720)


@dataclass(frozen=True)
class EditorState:
    """What a rebuilt editor window takes over from the one it replaces (the language switch)."""

    lang: Lang
    layout: str | None
    tab: int
    geometry: QByteArray
    output: str | None = None
    """The saved output open in the outputs tab (its unsaved edits travel in its draft)."""


class EditorWindow(QMainWindow):
    """Tabs "Tata letak" and "Keluaran & preset"; actions in a tool bar; closes cleanly."""

    language_requested = Signal(object)
    """An :class:`EditorState` in the other language: the program builds a new window from it."""

    def __init__(self, t: Texts, controller: EditorController, layout_tab: LayoutTabWidget,
                 output_actions: OutputActions, grabber: ThumbnailGrabber, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t, self.controller, self.layout_tab = t, controller, layout_tab
        self.output_actions, self._grabber = output_actions, grabber
        self.setWindowTitle(t("app.title"))
        self.setAccessibleName(t("app.title"))
        self.resize(*DEFAULT_SIZE)
        self.output_model = OutputTableModel(t, self)
        self.outputs_panel = OutputEditorPanel(t, self.output_model, self, draft_dir=controller.draft_dir)
        self.outputs_panel.can_leave = output_actions.leave
        self.tabs = QTabWidget(self)
        self.tabs.addTab(layout_tab, t("tab.layouts"))
        self.tabs.addTab(self.outputs_panel, t("tab.outputs"))
        self.setCentralWidget(self.tabs)
        self.status_label = QLabel(t("keys.help"), self)
        self.statusBar().addPermanentWidget(self.status_label)
        self.actions_by_name: dict[str, QAction] = {}
        self._build_toolbar()
        self._connect()
        self._on_controller_session_replaced(None)
        self.closed = False
        self._adopt_output_draft = False
        self.cleanups: list[Callable[[], object]] = []
        """Called once at shutdown (the composition root adds the engine's dispose)."""

    @property
    def canvas(self) -> LayoutCanvasWidget:
        """The layout canvas."""
        return self.layout_tab.canvas

    def _action(self, key: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(self.t(key), self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{self.t(key)} ({QKeySequence(shortcut).toString()})")
        action.triggered.connect(lambda _checked=False: slot())
        self.actions_by_name[key] = action
        return action

    def _build_toolbar(self) -> None:
        c, canvas = self.controller, self.layout_tab.canvas
        bar = QToolBar(self.t("tab.layouts"), self)
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        groups: list[list[QAction]] = [
            [self._action("act.new", c.new_layout, QKeySequence.StandardKey.New),
             self._action("act.duplicate", c.duplicate_layout),
             self._action("act.rename", c.rename_layout),
             self._action("act.delete", c.delete_layout)],
            [self._action("act.save", self._save, QKeySequence.StandardKey.Save),
             self._action("act.save_copy", c.save_as_copy, "Ctrl+Shift+C"),
             self._action("act.reload", c.reload, "F5")],
            [self._action("act.undo", self._undo, QKeySequence.StandardKey.Undo),
             self._action("act.redo", self._redo, "Ctrl+Y")],
            [self._action("act.merge", canvas.merge_selection, "Ctrl+M"),
             self._action("act.split", canvas.split_selected, "Ctrl+Shift+S"),
             self._action("act.delete_tile", canvas.delete_selected)],
            [self._action("act.import", c.import_file, "Ctrl+I"),
             self._action("act.export", c.export_file, "Ctrl+E")],
            [self._action("act.language", self._request_language, "Ctrl+L")],
        ]
        for i, group in enumerate(groups):
            if i:
                bar.addSeparator()
            for action in group:
                bar.addAction(action)
        self.addToolBar(bar)

    def _connect(self) -> None:
        c = self.controller
        c.session_replaced.connect(self._on_controller_session_replaced)
        c.lists_changed.connect(self._on_controller_lists_changed)
        c.message.connect(self._on_controller_message)
        self.outputs_panel.save_requested.connect(self.output_actions.save_output)
        self.outputs_panel.delete_requested.connect(self.output_actions.delete_output)
        self.outputs_panel.new_requested.connect(self._on_outputs_panel_new_requested)
        self.output_actions.problems_found.connect(lambda text: self.outputs_panel.show_message(text, error=True))
        self.output_actions.output_saved.connect(self._on_output_actions_output_saved)
        self.output_actions.output_changed_elsewhere.connect(self.outputs_panel.reload_output)
        self.outputs_panel.session_replaced.connect(self._on_outputs_panel_session_replaced)
        self.tabs.currentChanged.connect(self._update_undo_actions)

    def _request_language(self) -> None:
        """Switch language: every text is built anew, so the window is rebuilt. Unsaved edits of a saved layout
        travel in its draft file; a layout never saved is saved or discarded first (the technician chooses)."""
        s = self.controller.session
        if s is not None and s.is_new and not self.controller.leave_current():
            return
        output = self.outputs_panel.session  # a saved output's edits travel in its draft; a new one has none
        if output is not None and output.is_new and not self.output_actions.leave(output):
            return
        s = self.controller.session
        other: Lang = "en" if self.t.lang == "id" else "id"
        layout = s.name if s is not None and not s.is_new else None
        output_name = output.output.name if output is not None and not output.is_new else None
        self.language_requested.emit(EditorState(other, layout, self.tabs.currentIndex(), self.saveGeometry(),
                                                 output_name))

    def restore_state(self, state: EditorState) -> None:
        """Take over from the window this one replaces: its layout (with its unsaved edits), tab and geometry."""
        if state.layout is not None:
            self.controller.open_layout(state.layout, adopt_draft=True)
        if state.output is not None:
            self._adopt_output_draft = True
            try:
                self.outputs_panel.select_output(state.output)
            finally:
                self._adopt_output_draft = False
        self.tabs.setCurrentIndex(state.tab)
        self.restoreGeometry(state.geometry)

    def _save(self) -> None:
        self.layout_tab.save()

    def active_undo_stack(self) -> QUndoStack | None:
        """The history Undo and Redo work on: the open output's on the outputs tab, else the layout's."""
        if self.tabs.currentWidget() is self.outputs_panel:
            output = self.outputs_panel.session
            return output.undo_stack if output is not None else None
        return self.controller.session.undo_stack if self.controller.session is not None else None

    def _undo(self) -> None:
        stack = self.active_undo_stack()
        if stack is not None:
            stack.undo()

    def _redo(self) -> None:
        stack = self.active_undo_stack()
        if stack is not None:
            stack.redo()

    def _follow_undo_stack(self, stack: QUndoStack) -> None:
        stack.canUndoChanged.connect(self._update_undo_actions)
        stack.canRedoChanged.connect(self._update_undo_actions)

    def _update_undo_actions(self, *_args: object) -> None:
        stack = self.active_undo_stack()
        self.actions_by_name["act.undo"].setEnabled(bool(stack and stack.canUndo()))
        self.actions_by_name["act.redo"].setEnabled(bool(stack and stack.canRedo()))

    def _on_controller_session_replaced(self, session: LayoutEditSession | None) -> None:
        if session is not None:
            session.dirty_changed.connect(self._update_title)
            self._follow_undo_stack(session.undo_stack)
            session.edit_refused.connect(self._on_session_edit_refused)
        for key in ("act.duplicate", "act.rename", "act.delete", "act.save", "act.save_copy", "act.reload",
                    "act.merge", "act.split", "act.delete_tile", "act.export"):
            self.actions_by_name[key].setEnabled(session is not None)
        self._update_undo_actions()
        self._update_title()

    def _update_title(self, *_args: object) -> None:
        s = self.controller.session
        suffix = f" — {s.name} v{s.base_version}{' *' if s.dirty else ''}" if s is not None else ""
        self.setWindowTitle(self.t("app.title") + suffix)

    def _on_controller_lists_changed(self) -> None:
        self.output_model.set_rows(self.controller.outputs)
        self.outputs_panel.set_layout_names(self.controller.layout_names())
        self.outputs_panel.refresh()

    def _on_controller_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _on_session_edit_refused(self, reason: str) -> None:
        self.statusBar().showMessage(refusal_text(self.t, reason), 8000)

    def _on_outputs_panel_new_requested(self) -> None:
        open_output = self.outputs_panel.session
        if open_output is not None and not self.output_actions.leave(open_output):
            return
        output: OutputSpec | None = self.output_actions.new_output()
        if output is not None:
            self.outputs_panel.table.clearSelection()
            self.outputs_panel.edit(output, 0)

    def _on_outputs_panel_session_replaced(self, session: OutputEditSession | None) -> None:
        if session is not None:
            self._follow_undo_stack(session.undo_stack)
        self.output_actions.offer_draft(session, ask=not self._adopt_output_draft)
        self._update_undo_actions()

    def _on_output_actions_output_saved(self, name: str) -> None:
        self.outputs_panel.output_saved(name)
        self.outputs_panel.show_message(self.statusBar().currentMessage())

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask about unsaved edits; then stop the preview's tiles and the thumbnail grabs."""
        output = self.outputs_panel.session
        if not self.closed and not (self.controller.leave_current()
                                    and (output is None or self.output_actions.leave(output))):
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop everything the editor started (idempotent)."""
        if self.closed:
            return
        self.closed = True
        self.layout_tab.preview.shutdown()
        self._grabber.shutdown()
        for cleanup in self.cleanups:
            cleanup()
