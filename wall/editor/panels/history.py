"""The version history of the open layout: who saved which version when, a read-only preview, and restore."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from common.layouts.jsonio import layout_from_json
from common.layouts.model import Layout, LayoutFormatError
from common.layouts.store import DocumentInfo
from wall.editor.canvas import LayoutCanvasWidget
from wall.editor.i18n import Texts
from wall.editor.models import ROW_ROLE, VersionTableModel


class HistoryPanel(QWidget):
    """Lists versions (newest first); ``preview_requested(layout)``, ``restore_requested(version)``."""

    preview_requested = Signal(object)
    restore_requested = Signal(int)

    def __init__(self, t: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._t = t
        self.model = VersionTableModel(t, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(t("history.title"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.mini = LayoutCanvasWidget(t, self, read_only=True)
        self.mini.setMinimumSize(200, 120)
        self.mini.setAccessibleName(t("act.preview_version"))
        self.preview_button = QPushButton(t("act.preview_version"), self)
        self.restore_button = QPushButton(t("act.restore"), self)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(f"<b>{t('history.title')}</b>", self))
        box.addWidget(self.table, 2)
        box.addWidget(self.mini, 2)
        row = QHBoxLayout()
        row.addWidget(self.preview_button)
        row.addWidget(self.restore_button)
        box.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.preview_button.clicked.connect(self._on_preview_button_clicked)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self._update_buttons()

    def set_versions(self, versions: list[DocumentInfo], aspect: tuple[int, int]) -> None:
        """Show a document's versions; the preview keeps the output's aspect ratio."""
        self.model.set_rows(versions)
        self.mini.set_aspect(*aspect)
        self.mini.show_static(None)
        if versions:
            self.table.selectRow(0)  # the current version, previewed until another is picked
        self._update_buttons()

    def selected(self) -> DocumentInfo | None:
        """The version selected in the list."""
        rows = self.table.selectionModel().selectedRows()
        doc = self.model.data(rows[0], ROW_ROLE) if rows else None
        return doc if isinstance(doc, DocumentInfo) else None

    def select_version(self, version: int) -> None:
        """Select version ``version``."""
        for row, doc in enumerate(self.model.rows):
            if doc.version == version:
                self.table.selectRow(row)

    def selected_layout(self) -> Layout | None:
        """The selected version's layout (None when deleted or malformed)."""
        doc = self.selected()
        if doc is None or doc.deleted:
            return None
        try:
            return layout_from_json(doc.body)
        except LayoutFormatError:
            return None

    def _update_buttons(self) -> None:
        doc = self.selected()
        usable = doc is not None and not doc.deleted
        self.preview_button.setEnabled(usable)
        self.restore_button.setEnabled(usable and doc is not self.model.row_at(0))

    def _on_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.mini.show_static(self.selected_layout())
        self._update_buttons()

    def _on_preview_button_clicked(self) -> None:
        layout = self.selected_layout()
        if layout is not None:
            self.preview_requested.emit(layout)

    def _on_restore_button_clicked(self) -> None:
        doc = self.selected()
        if doc is not None:
            self.restore_requested.emit(doc.version)
