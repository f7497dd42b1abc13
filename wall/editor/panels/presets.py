"""An output's presets (layouts on keys 1-9), its time-of-day schedule and its alarm preset."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from common.layouts.model import OutputSpec, PresetRef, ScheduleEntry
from wall.editor.i18n import Texts
from wall.editor.models_edit import PresetTableModel, ScheduleTableModel

Index = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell with a combo box of the choices of the moment (layout names, preset names)."""

    def __init__(self, choices: Callable[[], Sequence[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A combo box of the choices."""
        combo = QComboBox(parent)
        combo.addItems(list(self._choices()))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Select the cell's value."""
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Store the chosen value."""
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


def _table(model: QAbstractItemModel, name: str, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
    view.setMinimumHeight(110)
    return view


class PresetsEditorWidget(QWidget):
    """Presets, schedule and alarm preset of one output (saved with the output)."""

    changed = Signal()

    def __init__(self, t: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._t = t
        self._layout_names: list[str] = []
        self._public = False
        self.presets = PresetTableModel(t, self)
        self.schedule = ScheduleTableModel(t, self)
        self.preset_view = _table(self.presets, t("out.presets"), self)
        self.preset_view.setItemDelegateForColumn(2, ChoiceDelegate(lambda: self._layout_names, self))
        self.schedule_view = _table(self.schedule, t("out.schedule"), self)
        self.schedule_view.setItemDelegateForColumn(2, ChoiceDelegate(self._preset_names, self))
        self.alarm = QComboBox(self)
        self.alarm.setAccessibleName(t("out.alarm"))
        self.alarm_minutes = QSpinBox(self)
        self.alarm_minutes.setRange(1, 24 * 60)
        self.alarm_minutes.setAccessibleName(t("out.alarm_minutes"))
        self.add_preset = QPushButton(t("out.add_preset"), self)
        self.remove_preset = QPushButton(t("out.remove_row"), self)
        self.add_entry = QPushButton(t("out.add_entry"), self)
        self.remove_entry = QPushButton(t("out.remove_row"), self)
        self._build(t)
        self.add_preset.clicked.connect(self._on_add_preset_clicked)
        self.remove_preset.clicked.connect(lambda: self._remove(self.preset_view, self.presets))
        self.add_entry.clicked.connect(self._on_add_entry_clicked)
        self.remove_entry.clicked.connect(lambda: self._remove(self.schedule_view, self.schedule))
        self.alarm.currentIndexChanged.connect(self._on_alarm_changed)
        self.alarm_minutes.valueChanged.connect(self._on_alarm_changed)
        for model in (self.presets, self.schedule):
            model.dataChanged.connect(self._on_model_changed)
            model.rowsInserted.connect(self._on_model_changed)
            model.rowsRemoved.connect(self._on_model_changed)

    def _build(self, t: Texts) -> None:
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(f"<b>{t('out.presets')}</b>", self))
        box.addWidget(self.preset_view)
        row = QHBoxLayout()
        row.addWidget(self.add_preset)
        row.addWidget(self.remove_preset)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(QLabel(f"<b>{t('out.schedule')}</b>", self))
        box.addWidget(self.schedule_view)
        row = QHBoxLayout()
        row.addWidget(self.add_entry)
        row.addWidget(self.remove_entry)
        row.addStretch(1)
        box.addLayout(row)
        form = QFormLayout()
        form.addRow(t("out.alarm"), self.alarm)
        form.addRow(t("out.alarm_minutes"), self.alarm_minutes)
        box.addLayout(form)

    def _preset_names(self) -> list[str]:
        return [p.name for p in self.presets.rows]

    def set_output(self, output: OutputSpec, layout_names: Sequence[str]) -> None:
        """Show the presets, schedule and alarm of ``output``."""
        self._layout_names = list(layout_names)
        self.presets.set_rows(output.presets)
        self.schedule.set_rows(output.schedule)
        self._public = output.is_public
        self._fill_alarm(output.alarm_preset)
        self.alarm_minutes.setValue(output.alarm_minutes)

    def set_public(self, public: bool) -> None:
        """A public output shows no alarm (the choice is disabled)."""
        self._public = public
        self._fill_alarm(self.alarm.currentData())

    def _fill_alarm(self, current: str | None) -> None:
        public = self._public
        self.alarm.blockSignals(True)
        self.alarm.clear()
        self.alarm.addItem(self._t("out.no_alarm_public") if public else self._t("settings.none_value"), None)
        for name in self._preset_names():
            self.alarm.addItem(name, name)
        i = self.alarm.findData(current)
        self.alarm.setCurrentIndex(i if i >= 0 else 0)
        self.alarm.setEnabled(not public or current is not None)
        self.alarm.blockSignals(False)

    def apply_to(self, output: OutputSpec) -> OutputSpec:
        """``output`` with the presets, schedule and alarm shown here."""
        return replace(output, presets=tuple(self.presets.rows), schedule=tuple(self.schedule.rows),
                       alarm_preset=self.alarm.currentData(), alarm_minutes=self.alarm_minutes.value())

    def assign(self, key: int, name: str, layout: str) -> None:
        """Put ``layout`` on preset key ``key`` (replacing what was there)."""
        rows = [p for p in self.presets.rows if p.key != key]
        self.presets.set_rows(sorted([*rows, PresetRef(key, name, layout)], key=lambda p: p.key))
        self._on_model_changed()

    def _on_add_preset_clicked(self) -> None:
        used = {p.key for p in self.presets.rows}
        key = next((k for k in range(1, 10) if k not in used), None)
        if key is not None and self._layout_names:
            self.presets.append(PresetRef(key, f"Preset {key}", self._layout_names[0]))

    def _on_add_entry_clicked(self) -> None:
        names = self._preset_names()
        if names:
            self.schedule.append(ScheduleEntry("06:00", "22:00", names[0]))

    def _remove(self, view: QTableView, model: PresetTableModel | ScheduleTableModel) -> None:
        rows = view.selectionModel().selectedRows() or ([view.currentIndex()] if view.currentIndex().isValid() else [])
        for index in sorted(rows, key=lambda i: -i.row()):
            model.remove(index.row())

    def _on_alarm_changed(self, *_args: object) -> None:
        self.changed.emit()

    def _on_model_changed(self, *_args: object) -> None:
        self._fill_alarm(self.alarm.currentData())
        self.changed.emit()
