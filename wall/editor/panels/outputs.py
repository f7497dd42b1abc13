"""The outputs tab: list, add, edit (name, node, screen or pixel rectangle, resolution, privacy, language), presets,
schedule and alarm, with the picture of the physical arrangement. Saving goes through the controller.

The output being edited lives in an :class:`OutputEditSession` (the truth, with undo and a draft file); the form
is its view: an edit in the form becomes a command on the session, and undo, redo, revert or a recovered draft
fill the form again from the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from common.layouts.model import LANGUAGES, OutputSpec
from common.layouts.output_commands import diff_output
from wall.editor.i18n import Texts
from wall.editor.models import ROW_ROLE, OutputTableModel
from wall.editor.output_session import OutputEditSession
from wall.editor.panels.arrangement import OutputArrangementWidget
from wall.editor.panels.presets import PresetsEditorWidget


def _spin(lo: int, hi: int, name: str, parent: QWidget) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(lo, hi)
    spin.setAccessibleName(name)
    return spin


class OutputEditorPanel(QWidget):
    """Edits one output at a time; ``save_requested(OutputSpec, base_version)`` when the technician saves."""

    save_requested = Signal(object, int)
    new_requested = Signal()
    delete_requested = Signal(str, int)
    session_replaced = Signal(object)
    """(OutputEditSession | None): another output is open (the window follows its undo stack)."""

    def __init__(self, t: Texts, model: OutputTableModel, parent: QWidget | None = None, *,
                 draft_dir: Path | None = None) -> None:
        super().__init__(parent)
        self._t, self.model = t, model
        self.session: OutputEditSession | None = None
        self._draft_dir = draft_dir
        self.can_leave: Callable[[OutputEditSession], bool] = lambda _session: True
        """Asked before another output replaces one with unsaved edits (the window asks save/discard/cancel)."""
        self._filling = False
        self._from_form = False
        self._layout_names: list[str] = []
        self.table = QTableView(self)
        self.table.setModel(model)
        self.table.setAccessibleName(t("out.title"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.new_button = QPushButton(t("out.new"), self)
        self.delete_button = QPushButton(t("out.delete"), self)
        self.name_edit, self.node_edit, self.screen_edit = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.whole, self.use_rect = QRadioButton(t("out.whole"), self), QRadioButton(t("out.rect"), self)
        group = QButtonGroup(self)
        group.addButton(self.whole)
        group.addButton(self.use_rect)
        self.rect_spins = [_spin(0 if i < 2 else 16, 16384, n, self) for i, n in enumerate("xywh")]
        self.res_w, self.res_h = _spin(16, 16384, "lebar", self), _spin(16, 16384, "tinggi", self)
        self.privacy = QComboBox(self)
        self.privacy.addItem(t("privacy.internal"), "internal")
        self.privacy.addItem(t("privacy.public"), "public")
        self.language = QComboBox(self)
        for lang in (None, *LANGUAGES):  # None: the node's language
            self.language.addItem(t(f"out.language.{lang or 'node'}"), lang)
        self.presets = PresetsEditorWidget(t, self)
        self.arrangement = OutputArrangementWidget(t, self)
        self.save_button = QPushButton(t("out.save"), self)
        self.revert_button = QPushButton(t("out.revert"), self)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self._build()
        self._connect()
        self._set_enabled(False)

    def _build(self) -> None:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._build_form())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._build_list())
        splitter.addWidget(scroll)
        splitter.setSizes([620, 600])
        box = QVBoxLayout(self)
        box.addWidget(splitter)

    def _build_list(self) -> QWidget:
        t = self._t
        left = QWidget(self)
        lbox = QVBoxLayout(left)
        lbox.addWidget(QLabel(f"<b>{t('out.title')}</b>", left))
        lbox.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        lbox.addLayout(row)
        lbox.addWidget(QLabel(f"<b>{t('out.arrangement')}</b>", left))
        lbox.addWidget(self.arrangement, 1)
        return left

    def _build_form(self) -> QWidget:
        t = self._t
        form_host = QWidget(self)
        form = QFormLayout(form_host)
        edits = ((t("out.name"), self.name_edit), (t("out.node"), self.node_edit), (t("out.screen"), self.screen_edit))
        for label, w in edits:
            w.setAccessibleName(label)
            form.addRow(label, w)
        form.addRow(self.whole)
        form.addRow(self.use_rect)
        rect_row = QHBoxLayout()
        for label, spin in zip(("x", "y", "w", "h"), self.rect_spins, strict=True):
            rect_row.addWidget(QLabel(label, form_host))
            rect_row.addWidget(spin)
        form.addRow("", rect_row)
        res_row = QHBoxLayout()
        res_row.addWidget(self.res_w)
        res_row.addWidget(QLabel("×", form_host))
        res_row.addWidget(self.res_h)
        form.addRow(t("out.resolution"), res_row)
        form.addRow(t("out.privacy"), self.privacy)
        form.addRow(t("out.language"), self.language)
        form.addRow(self.presets)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        form.addRow(buttons)
        form.addRow(self.message)
        return form_host

    def _connect(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.new_button.clicked.connect(self.new_requested)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.revert_button.clicked.connect(self._on_revert_button_clicked)
        for w in (self.name_edit, self.node_edit, self.screen_edit):
            w.textEdited.connect(self._on_form_changed)
        for spin in (*self.rect_spins, self.res_w, self.res_h):
            spin.valueChanged.connect(self._on_form_changed)
        self.use_rect.toggled.connect(self._on_form_changed)
        self.privacy.currentIndexChanged.connect(self._on_form_changed)
        self.language.currentIndexChanged.connect(self._on_form_changed)
        self.presets.changed.connect(self._on_form_changed)

    def _set_enabled(self, enabled: bool) -> None:
        for w in (self.name_edit, self.node_edit, self.screen_edit, self.whole, self.use_rect, self.res_w, self.res_h,
                  self.privacy, self.language, self.presets, self.save_button, self.revert_button,
                  *self.rect_spins):
            w.setEnabled(enabled)

    def set_layout_names(self, names: list[str]) -> None:
        """The layouts a preset may show."""
        self._layout_names = list(names)

    @property
    def current(self) -> OutputSpec | None:
        """The output being edited, with its unsaved edits (None before one is chosen)."""
        return self.session.output if self.session is not None else None

    @property
    def base_version(self) -> int:
        """The saved version the edits started from (0 for a new output)."""
        return self.session.base_version if self.session is not None else 0

    @property
    def form_dirty(self) -> bool:
        """True when there are edits not saved yet (a list refresh then leaves the form alone)."""
        return self.session is not None and self.session.dirty

    def refresh(self) -> None:
        """The list was re-read: keep the selected output; unsaved edits stay (and keep their base)."""
        if self.session is not None and not self.session.dirty:
            self.reload_output(self.session.output.name)
        else:
            self._update_arrangement()

    def _select_saved(self, name: str) -> tuple[OutputSpec, int] | None:
        """Select the saved output ``name`` in the list without reacting to it; (output, version), or None."""
        for row, (o, doc) in enumerate(self.model.rows):
            if o.name == name:
                with QSignalBlocker(self.table.selectionModel()):
                    self.table.selectRow(row)
                return o, doc.version
        return None

    def reload_output(self, name: str) -> None:
        """Show the saved version of ``name`` (after a save, or when someone else changed it): a fresh history."""
        saved = self._select_saved(name)
        if saved is None:
            return
        if self.session is not None and self.session.output.name == name:
            self.session.replace_output(*saved)
        else:
            self.edit(*saved)

    def output_saved(self, name: str) -> None:
        """``name`` was saved: the session's edits are the new clean state (their undo history stays)."""
        if self.session is None or self.session.output.name != name:
            return
        saved = self._select_saved(name)
        if saved is None:
            return
        if saved[0] == self.session.output:
            self.session.mark_saved(saved[1])
        else:  # the store normalised something: show what was saved
            self.session.replace_output(*saved)
        self.name_edit.setReadOnly(True)  # a saved output keeps its name (a new one was just saved)

    def select_output(self, name: str) -> None:
        """Select the output ``name`` in the list (and edit it)."""
        for row, (o, _doc) in enumerate(self.model.rows):
            if o.name == name:
                self.table.selectRow(row)

    def edit(self, output: OutputSpec, base_version: int) -> None:
        """Open ``output`` for editing (``base_version`` 0 for a new one): a new session, a fresh history."""
        old = self.session
        self.session = OutputEditSession(output, base_version, draft_dir=self._draft_dir, parent=self)
        self.session.output_changed.connect(self._on_session_output_changed)
        if old is not None:
            old.deleteLater()
        self._fill(output)
        self._set_enabled(True)
        self.message.setText("")
        self.session_replaced.emit(self.session)

    def _fill(self, output: OutputSpec) -> None:
        """Show ``output`` in the form without turning the filling into edits."""
        self._filling = True
        try:
            widgets = (self.name_edit, self.node_edit, self.screen_edit, self.use_rect, self.privacy, self.language,
                       self.res_w, self.res_h, *self.rect_spins)
            for w in widgets:
                w.blockSignals(True)
            self.name_edit.setText(output.name)
            self.name_edit.setReadOnly(self.base_version > 0)
            self.node_edit.setText(output.node)
            self.screen_edit.setText(output.screen or "")
            (self.use_rect if output.rect else self.whole).setChecked(True)
            for spin, v in zip(self.rect_spins, output.rect or (0, 0, *output.resolution), strict=True):
                spin.setValue(v)
            self.res_w.setValue(output.resolution[0])
            self.res_h.setValue(output.resolution[1])
            self.privacy.setCurrentIndex(self.privacy.findData(output.privacy))
            self.language.setCurrentIndex(max(0, self.language.findData(output.language)))
            for w in widgets:
                w.blockSignals(False)
            self.presets.set_output(output, self._layout_names)
            self._on_form_changed()
        finally:
            self._filling = False

    def form_output(self) -> OutputSpec | None:
        """The output as the form shows it."""
        if self.session is None:
            return None
        rect = tuple(s.value() for s in self.rect_spins) if self.use_rect.isChecked() else None
        edited = replace(self.session.output, name=self.name_edit.text().strip(),
                         node=self.node_edit.text().strip(), screen=self.screen_edit.text().strip() or None,
                         rect=rect,  # type: ignore[arg-type]
                         resolution=(self.res_w.value(), self.res_h.value()), privacy=self.privacy.currentData(),
                         language=self.language.currentData())
        return self.presets.apply_to(edited)

    def _update_arrangement(self) -> None:
        edited = self.current
        others = [o for o, _ in self.model.rows if edited is None or o.name != edited.name]
        self.arrangement.set_outputs(others + ([edited] if edited else []), edited.name if edited else "")

    def _on_form_changed(self, *_args: object) -> None:
        for spin in self.rect_spins:
            spin.setEnabled(self.use_rect.isChecked())
        for spin in (self.res_w, self.res_h):  # a rectangle's size is its resolution
            spin.setEnabled(not self.use_rect.isChecked())
        if self.use_rect.isChecked():  # the LED controller copies the rectangle: same size as the output
            for spin, value in ((self.res_w, self.rect_spins[2].value()), (self.res_h, self.rect_spins[3].value())):
                with QSignalBlocker(spin):
                    spin.setValue(value)
        self.presets.set_public(self.privacy.currentData() == "public")
        edited = None if self._filling else self.form_output()
        if self.session is None or edited is None:
            self._update_arrangement()
            return
        command = diff_output(self.session.output, edited)
        if command is not None:
            self._from_form = True
            try:
                self.session.execute(command, self._t("out.edit"))
            finally:
                self._from_form = False

    def _on_session_output_changed(self, _change: object) -> None:
        if not self._from_form:  # undo, redo, revert, a recovered draft: the form shows the session again
            assert self.session is not None
            self._fill(self.session.output)
        self._update_arrangement()

    def _on_table_selection_changed(self, _selected: QItemSelection, deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.data(rows[0], ROW_ROLE) if rows else None
        if not isinstance(row, tuple):
            return
        if self.session is not None and self.session.output.name == row[0].name and not self.session.is_new:
            return
        if self.session is not None and self.session.dirty and not self.can_leave(self.session):
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            with QSignalBlocker(self.table.selectionModel()):  # stay on the output being edited
                self.table.selectionModel().select(deselected, flags)
            return
        self.edit(row[0], row[1].version)

    def _on_save_button_clicked(self) -> None:
        if self.session is not None:
            self.save_requested.emit(self.session.output, self.session.base_version)

    def _on_revert_button_clicked(self) -> None:
        """Back to the saved version, as one undoable step (Ctrl+Z brings the edits back)."""
        if self.session is not None:
            saved = next((o for o, _d in self.model.rows if o.name == self.session.output.name), None)
            command = diff_output(self.session.output, saved) if saved is not None else None
            if command is not None:
                self.session.execute(command, self._t("out.revert"), mergeable=False)

    def _on_delete_button_clicked(self) -> None:
        if self.session is not None and self.session.base_version > 0:
            self.delete_requested.emit(self.session.output.name, self.session.base_version)

    def show_message(self, text: str, *, error: bool = False) -> None:
        """A line under the form (problems in red)."""
        self.message.setStyleSheet("color:#c0392b;" if error else "color:#1e7e34;")
        self.message.setText(text)
