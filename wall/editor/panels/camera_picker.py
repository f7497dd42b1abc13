"""Choosing cameras: search by name or kelurahan, a live thumbnail, one camera or an ordered sequence.

:class:`CameraPickerWidget` lists the cameras (through a :class:`CameraFilterProxyModel`) and shows one snapshot
of the picked camera, grabbed by the shared :class:`ThumbnailGrabber` off the GUI thread. The field editors
:class:`CameraEditor` (setting ``camera``) and :class:`CameraListEditor` (setting ``cameras``) build on it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wall.editor.i18n import Texts
from wall.editor.models import ROW_ROLE, CameraFilterProxyModel, CameraTableModel
from wall.editor.panels.fields import FieldEditor
from wall.editor.repository import CameraRow
from wall.editor.thumbnails import ThumbnailGrabber

THUMB_W, THUMB_H = 256, 144


class CameraPickerWidget(QWidget):
    """Search, list and thumbnail; ``camera_picked(name)`` when the technician picks a row."""

    camera_picked = Signal(str)

    def __init__(self, t: Texts, cameras: CameraTableModel, grabber: ThumbnailGrabber | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._t = t
        self._grabber = grabber
        self.proxy = CameraFilterProxyModel(self)
        self.proxy.setSourceModel(cameras)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(t("picker.search"))
        self.search.setAccessibleName(t("picker.search"))
        self.search.setClearButtonEnabled(True)
        self.public_only = QCheckBox(t("picker.public_only"), self)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(t("col.camera"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(120)
        self.thumbnail = QLabel(t("thumb.none"), self)
        self.thumbnail.setFixedSize(THUMB_W, THUMB_H)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setWordWrap(True)
        self.thumbnail.setStyleSheet("background:#0b0e13;color:#c8ccd2;border:1px solid #555;")
        self.thumbnail.setAccessibleName("Cuplikan kamera")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        for w in (self.search, self.public_only, self.table, self.thumbnail):
            box.addWidget(w)
        self.search.textChanged.connect(self.proxy.set_search)
        self.public_only.toggled.connect(self.proxy.set_public_only)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        if grabber is not None:
            grabber.thumbnail_ready.connect(self._on_grabber_thumbnail_ready)
        self.picked = ""

    def set_public_only(self, public_only: bool) -> None:
        """Offer only public-safe cameras (a public output)."""
        self.public_only.setChecked(public_only)

    def show_camera(self, name: str) -> None:
        """Select ``name`` in the list (silently) and show its thumbnail."""
        with QSignalBlocker(self.table.selectionModel()):
            self.table.clearSelection()
            for row in range(self.proxy.rowCount()):
                cam = self.proxy.data(self.proxy.index(row, 0), ROW_ROLE)
                if isinstance(cam, CameraRow) and cam.name == name:
                    self.table.selectRow(row)
                    self.table.scrollTo(self.proxy.index(row, 0))
        self._load_thumbnail(name)

    def _camera_at_selection(self) -> CameraRow | None:
        rows = self.table.selectionModel().selectedRows()
        cam = self.proxy.data(rows[0], ROW_ROLE) if rows else None
        return cam if isinstance(cam, CameraRow) else None

    def _on_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        cam = self._camera_at_selection()
        if cam is not None:
            self._load_thumbnail(cam.name)
            self.camera_picked.emit(cam.name)

    def _load_thumbnail(self, name: str) -> None:
        if name == self.picked:
            return
        self.picked = name
        source = self.proxy.sourceModel()
        row = next((r for r in source.rows if r.name == name), None) if isinstance(source, CameraTableModel) \
            else None
        if not name or row is None or self._grabber is None:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText(self._t("thumb.none"))
            return
        self.thumbnail.setPixmap(QPixmap())
        self.thumbnail.setText(self._t("thumb.loading", name=name))
        self._grabber.request(name, row.thumbnail_url)

    def _on_grabber_thumbnail_ready(self, name: str, image: object, reason: str) -> None:
        if name != self.picked:
            return
        if isinstance(image, QImage) and not image.isNull():
            pixmap = QPixmap.fromImage(image).scaled(THUMB_W, THUMB_H, Qt.AspectRatioMode.KeepAspectRatio,
                                                     Qt.TransformationMode.SmoothTransformation)
            self.thumbnail.setPixmap(pixmap)
            self.thumbnail.setToolTip(name)
        else:
            why = self._t("thumb.timeout") if reason == "timeout" else reason
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText(self._t("thumb.failed", name=name, reason=why))


class CameraEditor(FieldEditor):
    """The ``camera`` setting: the picked camera."""

    def __init__(self, picker: CameraPickerWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker = picker
        self._name = ""
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(picker)
        picker.camera_picked.connect(self._on_picker_camera_picked)

    def _on_picker_camera_picked(self, name: str) -> None:
        if name != self._name:
            self._name = name
            self.value_changed.emit()

    def value(self) -> Any:
        """The camera's name."""
        return self._name

    def set_value(self, value: Any) -> None:
        """Show the camera ``value``."""
        self._name = str(value or "")
        self.picker.show_camera(self._name)


class CameraListEditor(FieldEditor):
    """The ``cameras`` setting of a sequence: an ordered list, filled from the picker."""

    def __init__(self, t: Texts, picker: CameraPickerWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker = picker
        self.list = QListWidget(self)
        self.list.setAccessibleName(t("col.camera"))
        self.list.setMinimumHeight(90)
        self.list.setMaximumHeight(130)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(t("picker.add_short"), self)
        self.remove_button = QPushButton(t("picker.remove_short"), self)
        self.up_button, self.down_button = QPushButton("▲", self), QPushButton("▼", self)
        for b, tip in ((self.add_button, "picker.add"), (self.remove_button, "picker.remove"),
                       (self.up_button, "picker.up"), (self.down_button, "picker.down")):
            b.setToolTip(t(tip))
            b.setAccessibleName(t(tip))
            b.setMinimumWidth(36 if b in (self.up_button, self.down_button) else 60)
            buttons.addWidget(b)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.list)
        box.addLayout(buttons)
        box.addWidget(picker)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.list.currentTextChanged.connect(self.picker.show_camera)

    def _on_add_button_clicked(self) -> None:
        if self.picker.picked:
            self.list.addItem(self.picker.picked)
            self.value_changed.emit()

    def _on_remove_button_clicked(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.value_changed.emit()

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.value_changed.emit()

    def value(self) -> Any:
        """The camera names in order."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def set_value(self, value: Any) -> None:
        """Show the list."""
        names = [str(v) for v in value] if isinstance(value, list) else []
        if names == self.value():
            return
        with QSignalBlocker(self.list):
            self.list.clear()
            self.list.addItems(names)
