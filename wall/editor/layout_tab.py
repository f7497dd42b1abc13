"""The layouts tab: layout list and history (left), grid controls, canvas, problems and save bar (centre),
tile settings and live preview (right). It adapts the controller's state; it holds none of its own."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from common.layouts.commands import SetGrid
from common.layouts.model import Layout, OutputSpec
from common.layouts.validate import min_font_px
from wall.editor.canvas import LayoutCanvasWidget
from wall.editor.controller import EditorController, SaveOutcome
from wall.editor.document import LayoutEditSession
from wall.editor.i18n import Texts
from wall.editor.models import ROW_ROLE, LayoutRow, LayoutTableModel, ProblemTableModel
from wall.editor.panels.history import HistoryPanel
from wall.editor.panels.tile_settings import TileSettingsPanel
from wall.editor.preview import LayoutPreviewWidget


def _table(model: LayoutTableModel | ProblemTableModel, name: str, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    return view


class LayoutTabWidget(QWidget):
    """Everything needed to edit one layout, bound to an :class:`EditorController`."""

    def __init__(self, t: Texts, controller: EditorController, settings: TileSettingsPanel,
                 preview: LayoutPreviewWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._t, self._c = t, controller
        self.settings, self.preview = settings, preview
        self.layouts = LayoutTableModel(t, self)
        self.problems = ProblemTableModel(t, self)
        self.layout_view = _table(self.layouts, t("layouts.title"), self)
        self.history = HistoryPanel(t, self)
        self.history.mini.kinds = controller.kinds
        self.rows, self.cols = QSpinBox(self), QSpinBox(self)
        for spin, label in ((self.rows, t("grid.rows")), (self.cols, t("grid.cols"))):
            spin.setRange(1, 12)
            spin.setAccessibleName(label)
        self.target = QComboBox(self)
        self.target.setAccessibleName(t("grid.target"))
        self.new_kind = QComboBox(self)
        self.new_kind.setAccessibleName(t("grid.new_kind"))
        for kind in controller.kinds.kinds():
            spec = controller.kinds.get(kind)
            self.new_kind.addItem(t.pick(spec.label_id, spec.label_en) if spec else kind, kind)
        self.canvas = LayoutCanvasWidget(t, self)
        self.problem_view = _table(self.problems, t("col.problem"), self)
        self.problem_view.setMaximumHeight(96)
        self.comment = QLineEdit(self)
        self.comment.setPlaceholderText(t("comment.placeholder"))
        self.comment.setAccessibleName(t("comment.placeholder"))
        self.save_button = QPushButton(t("act.save"), self)
        self.save_button.setAccessibleName(t("act.save"))
        self.save_reason = QLabel("", self)
        self.save_reason.setWordWrap(True)
        self._build()
        self._connect()
        self._on_controller_session_replaced(None)

    # -- layout -------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        main = QSplitter(Qt.Orientation.Horizontal, self)
        for w in (self._build_left(), self._build_centre(), self._build_right()):
            main.addWidget(w)
        main.setStretchFactor(1, 1)
        main.setSizes([250, 700, 360])
        box = QHBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(main)

    def _build_left(self) -> QWidget:
        t = self._t
        left = QSplitter(Qt.Orientation.Vertical, self)
        top = QWidget(left)
        tbox = QVBoxLayout(top)
        tbox.setContentsMargins(0, 0, 0, 0)
        tbox.addWidget(QLabel(f"<b>{t('layouts.title')}</b>", top))
        tbox.addWidget(self.layout_view)
        left.addWidget(top)
        left.addWidget(self.history)
        return left

    def _build_centre(self) -> QWidget:
        t = self._t
        centre = QWidget(self)
        cbox = QVBoxLayout(centre)
        cbox.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        controls: list[tuple[str, QWidget]] = [(t("grid.rows"), self.rows), (t("grid.cols"), self.cols),
                                               (t("grid.target"), self.target), (t("grid.new_kind"), self.new_kind)]
        for label, control in controls:
            bar.addWidget(QLabel(label, centre))
            bar.addWidget(control)
        bar.addStretch(1)
        cbox.addLayout(bar)
        cbox.addWidget(self.canvas, 1)
        cbox.addWidget(self.problem_view)
        save = QHBoxLayout()
        save.addWidget(self.comment, 1)
        save.addWidget(self.save_button)
        cbox.addLayout(save)
        cbox.addWidget(self.save_reason)
        return centre

    def _build_right(self) -> QWidget:
        right = QSplitter(Qt.Orientation.Vertical, self)
        scroll = QScrollArea(right)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.settings)
        right.addWidget(scroll)
        right.addWidget(self.preview)
        right.setSizes([420, 260])
        return right

    def _connect(self) -> None:
        c = self._c
        c.session_replaced.connect(self._on_controller_session_replaced)
        c.lists_changed.connect(self._on_controller_lists_changed)
        c.target_changed.connect(self._on_controller_target_changed)
        self.layout_view.selectionModel().selectionChanged.connect(self._on_layout_view_selection_changed)
        self.rows.valueChanged.connect(self._on_grid_spin_value_changed)
        self.cols.valueChanged.connect(self._on_grid_spin_value_changed)
        self.target.currentIndexChanged.connect(self._on_target_current_index_changed)
        self.new_kind.currentIndexChanged.connect(self._on_new_kind_current_index_changed)
        self.canvas.tile_selected.connect(self.settings.show_tile)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.history.preview_requested.connect(self._on_history_preview_requested)
        self.history.restore_requested.connect(c.restore_version)

    # -- controller -> widgets ------------------------------------------------------------------------------------

    @property
    def session(self) -> LayoutEditSession | None:
        """The open layout's edit session."""
        return self._c.session

    def _on_controller_session_replaced(self, session: LayoutEditSession | None) -> None:
        self.canvas.set_session(session)
        self.settings.set_session(session)
        if session is not None:
            session.layout_changed.connect(self._on_session_layout_changed)
            session.problems_changed.connect(self._on_session_problems_changed)
            session.dirty_changed.connect(self._on_session_dirty_changed)
        for w in (self.rows, self.cols, self.canvas, self.save_button, self.comment):
            w.setEnabled(session is not None)
        self._on_session_layout_changed(None)
        self._on_session_problems_changed([])
        self._select_in_list(session.name if session else "")
        self._refresh_history()

    def _on_session_layout_changed(self, _change: object) -> None:
        s = self.session
        with QSignalBlocker(self.rows), QSignalBlocker(self.cols):
            self.rows.setValue(s.layout.rows if s else 3)
            self.cols.setValue(s.layout.cols if s else 3)
        self.preview.show_layout(s.layout if s else None)
        self._update_save_state()

    def _on_session_problems_changed(self, _problems: list[object]) -> None:
        self.problems.set_rows(self.session.problems if self.session else [])
        self._update_save_state()

    def _on_session_dirty_changed(self, _dirty: bool) -> None:
        self._update_save_state()

    def _update_save_state(self) -> None:
        s, t = self.session, self._t
        if s is None:
            reason, ok = "", False
        elif s.problems:
            first = t.pick(s.problems[0].message_id, s.problems[0].message_en)
            reason, ok = t("save.blocked", n=len(s.problems), first=first), False
        elif not s.dirty:
            reason, ok = t("save.clean"), False
        else:
            reason, ok = t("save.ready"), True
        self.save_button.setEnabled(ok)
        self.save_button.setToolTip(reason)
        self.save_reason.setText(reason)
        self.save_reason.setStyleSheet("color:#c0392b;" if s is not None and s.problems else "")

    def _on_controller_lists_changed(self) -> None:
        c = self._c
        self.layouts.set_rows([LayoutRow(d, tuple(f"{o.name} ({p.key})" for o in c.outputs_using(d.name)
                                                   for p in o.presets if p.layout == d.name)) for d in c.layouts])
        with QSignalBlocker(self.target):
            self.target.clear()
            self.target.addItem(self._t("grid.no_output"), None)
            for o, _doc in c.outputs:
                label = f"{o.name} — {o.resolution[0]}×{o.resolution[1]}, {self._t(f'privacy.{o.privacy}')}"
                self.target.addItem(label, o.name)
        self._on_controller_target_changed(c.target)
        self.preview.set_cameras(c.cameras)
        self._select_in_list(self.session.name if self.session else "")
        self._refresh_history()

    def _on_controller_target_changed(self, target: OutputSpec | None) -> None:
        with QSignalBlocker(self.target):
            self.target.setCurrentIndex(max(0, self.target.findData(target.name if target else None)))
        width, height = target.resolution if target else (1920, 1080)
        self.canvas.set_aspect(width, height)
        self.history.mini.set_aspect(width, height)
        self.preview.set_output(target)
        self.settings.set_target(bool(target and target.is_public), min_font_px(height))

    def _select_in_list(self, name: str) -> None:
        with QSignalBlocker(self.layout_view.selectionModel()):
            self.layout_view.clearSelection()
            for row, r in enumerate(self.layouts.rows):
                if r.name == name:
                    self.layout_view.selectRow(row)

    def _refresh_history(self) -> None:
        s = self.session
        versions = self._c.repo.history("layout", s.name) if s is not None and not s.is_new else []
        self.history.set_versions(versions, self.canvas.aspect)

    # -- widgets -> controller ---------------------------------------------------------------------------------------

    def _on_layout_view_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.layout_view.selectionModel().selectedRows()
        row = self.layouts.data(rows[0], ROW_ROLE) if rows else None
        if isinstance(row, LayoutRow) and not self._c.open_layout(row.name):
            self._select_in_list(self.session.name if self.session else "")

    def _on_grid_spin_value_changed(self, _value: int) -> None:
        s = self.session
        grid = (self.rows.value(), self.cols.value())
        if s is not None and grid != (s.layout.rows, s.layout.cols) and not s.execute(SetGrid(*grid), "Ubah kisi"):
            self._on_session_layout_changed(None)

    def _on_target_current_index_changed(self, _index: int) -> None:
        self._c.set_target(self.target.currentData())

    def _on_new_kind_current_index_changed(self, _index: int) -> None:
        self.canvas.new_tile_kind = self.new_kind.currentData()

    def _on_save_button_clicked(self) -> None:
        self.save()

    def save(self) -> SaveOutcome:
        """Save the open layout with the comment typed (cleared after a save)."""
        outcome = self._c.save(self.comment.text().strip())
        if outcome is SaveOutcome.SAVED:
            self.comment.clear()
        return outcome

    def _on_history_preview_requested(self, layout: Layout) -> None:
        self.preview.show_layout(layout, now=True)
        doc = self.history.selected()
        self._c.message.emit(self._t("viewing_version", version=doc.version if doc else "?"))
