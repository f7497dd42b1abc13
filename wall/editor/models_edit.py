"""Editable item models of an output's presets and daily schedule (checked by ``qtmodeltester``).

Rows are immutable domain values (:class:`PresetRef`, :class:`ScheduleEntry`); ``setData`` replaces a row with a
checked copy and refuses malformed input (a key outside 1-9, a time that is not ``HH:MM``...).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from common.layouts.model import PresetRef, ScheduleEntry, is_valid_hhmm, is_valid_name
from wall.editor.i18n import Texts

R = TypeVar("R", PresetRef, ScheduleEntry)
Index = QModelIndex | QPersistentModelIndex


class _EditableRows(QAbstractTableModel, Generic[R]):
    """A table of frozen dataclass rows whose fields are the columns."""

    fields: tuple[str, ...] = ()

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[R] = []

    @property
    def rows(self) -> list[R]:
        """The rows (domain values)."""
        return list(self._rows)

    def set_rows(self, rows: Sequence[R]) -> None:
        """Show other rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append(self, row: R) -> None:
        """Add a row at the end."""
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(row)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        """Remove row ``row``."""
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def rowCount(self, parent: Index | None = None) -> int:
        """Rows."""
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index | None = None) -> int:
        """One column per field."""
        return 0 if parent is not None and parent.isValid() else len(self.fields)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The field's value (display and edit)."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        value = getattr(self._rows[index.row()], self.fields[index.column()])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return str(value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Every cell is editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Replace one field when the new value is well-formed."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        field = self.fields[index.column()]
        checked = self.check(field, value)
        if checked is None:
            return False
        self._rows[index.row()] = replace(self._rows[index.row()], **{field: checked})
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def check(self, field: str, value: Any) -> Any:
        """The value to store, or None when malformed."""
        raise NotImplementedError


class PresetTableModel(_EditableRows[PresetRef]):
    """An output's presets: key 1-9, name, layout."""

    fields = ("key", "name", "layout")

    def __init__(self, t: Texts, parent: QObject | None = None) -> None:
        super().__init__([t("col.key"), t("col.preset"), t("col.layout")], parent)

    def check(self, field: str, value: Any) -> Any:
        """Key 1-9; names as documents are named."""
        if field == "key":
            try:
                key = int(value)
            except (TypeError, ValueError):
                return None
            return key if 1 <= key <= 9 else None
        text = str(value).strip()
        return text if is_valid_name(text) else None


class ScheduleTableModel(_EditableRows[ScheduleEntry]):
    """An output's daily schedule: from, to (``HH:MM`` WIB), preset."""

    fields = ("start", "end", "preset")

    def __init__(self, t: Texts, parent: QObject | None = None) -> None:
        super().__init__([t("col.start"), t("col.end"), t("col.preset")], parent)

    def check(self, field: str, value: Any) -> Any:
        """Times as ``HH:MM``; a preset name."""
        text = str(value).strip()
        if field in ("start", "end"):
            if len(text) == 4 and text[1] == ":":
                text = "0" + text
            return text if is_valid_hhmm(text) else None
        return text if is_valid_name(text) else None
