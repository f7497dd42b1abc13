"""Read-only item models of the editor: layouts, outputs, versions, cameras (with search) and problems.

Each is a thin adapter over immutable rows handed to ``set_rows`` (a model reset); the rows come from the
repository or the edit session, never from the widgets. Every model is checked by ``qtmodeltester``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from common.layouts.model import OutputSpec
from common.layouts.store import DocumentInfo
from common.layouts.validate import Problem
from wall.editor.i18n import Texts
from wall.editor.repository import CameraRow
from wall.timefmt import local

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""``data(index, ROW_ROLE)`` is the row object itself (a DocumentInfo, a CameraRow...)."""


def wib(moment: datetime) -> str:
    """``25-11-2026 08:00 WIB``: a stored UTC time in Jakarta time."""
    return local(moment).strftime("%d-%m-%Y %H:%M WIB")


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: header and how a row shows in it (display text, optional tooltip)."""

    header: str
    text: Callable[[T], str]
    tooltip: Callable[[T], str] | None = None


class RowsTableModel(QAbstractTableModel, Generic[T]):
    """A read-only table over a list of rows described by :class:`Column` s."""

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []

    @property
    def rows(self) -> list[T]:
        """The rows shown."""
        return list(self._rows)

    def set_rows(self, rows: Sequence[T]) -> None:
        """Show other rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> T | None:
        """The row object at ``row`` (None out of range)."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index | None = None) -> int:
        """Rows (a table: no children)."""
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index | None = None) -> int:
        """Columns."""
        return 0 if parent is not None and parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, tooltip, the row object (``ROW_ROLE``) and an accessible text."""
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, column = self._rows[index.row()], self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == ROW_ROLE:
            return row
        return self.extra_data(row, index.column(), role)

    def extra_data(self, row: T, column: int, role: int) -> Any:
        """Hook for subclasses (colours...)."""
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._columns):
            return self._columns[section].header
        return None


@dataclass(frozen=True)
class LayoutRow:
    """A layout in the list: its current version and the presets using it."""

    doc: DocumentInfo
    used_by: tuple[str, ...]

    @property
    def name(self) -> str:
        """The layout's name."""
        return self.doc.name


class LayoutTableModel(RowsTableModel[LayoutRow]):
    """The layouts: name, version, where they are used."""

    def __init__(self, t: Texts, parent: QObject | None = None) -> None:
        super().__init__([
            Column(t("col.name"), lambda r: r.name,
                   lambda r: t("tip.layout", version=r.doc.version, author=r.doc.author, at=wib(r.doc.created_at))),
            Column(t("col.version"), lambda r: f"v{r.doc.version}"),
            Column(t("col.used_by"), lambda r: ", ".join(r.used_by) or "—", lambda r: ", ".join(r.used_by)),
        ], parent)


class OutputTableModel(RowsTableModel[tuple[OutputSpec, DocumentInfo]]):
    """The outputs: name, node and screen or rectangle, privacy, language (an own one only; "—": the node's)."""

    def __init__(self, t: Texts, parent: QObject | None = None) -> None:
        super().__init__([
            Column(t("col.name"), lambda r: r[0].name),
            Column(t("col.where"), lambda r: _where(r[0])),
            Column(t("col.privacy"), lambda r: t(f"privacy.{r[0].privacy}")),
            Column(t("col.language"), lambda r: r[0].language.upper() if r[0].language else "—"),
        ], parent)

    def extra_data(self, row: tuple[OutputSpec, DocumentInfo], column: int, role: int) -> Any:
        """Public outputs in orange text in the privacy column."""
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and row[0].is_public:
            return QColor("#b85c00")
        return None


def _where(o: OutputSpec) -> str:
    rect = f" [{o.rect[0]},{o.rect[1]} {o.rect[2]}×{o.rect[3]}]" if o.rect else ""
    return f"{o.node} / {o.screen or '?'}{rect}"


class VersionTableModel(RowsTableModel[DocumentInfo]):
    """The history of one document, newest first."""

    def __init__(self, t: Texts, parent: QObject | None = None) -> None:
        super().__init__([
            Column(t("col.version"), lambda d: f"v{d.version}" + (f" ({t('deleted')})" if d.deleted else "")),
            Column(t("col.author"), lambda d: d.author),
            Column(t("col.time"), lambda d: wib(d.created_at)),
            Column(t("col.comment"), lambda d: d.comment, lambda d: d.comment),
        ], parent)


class CameraTableModel(RowsTableModel[CameraRow]):
    """The cameras: name, kelurahan, public-safe."""

    def __init__(self, t: Texts, parent: QObject | None = None) -> None:
        super().__init__([
            Column(t("col.camera"), lambda c: c.name + ("" if c.active else f" ({t('inactive')})")),
            Column(t("col.kelurahan"), lambda c: c.kelurahan or "—", lambda c: c.kelurahan_kode),
            Column(t("col.public"), lambda c: t("yes") if c.public_safe else t("no")),
        ], parent)


class CameraFilterProxyModel(QSortFilterProxyModel):
    """Searches cameras by name or kelurahan (name or code), case-insensitive; optionally public-safe only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._public_only = False

    def set_search(self, text: str) -> None:
        """Keep the cameras whose name or kelurahan contains ``text``."""
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_public_only(self, public_only: bool) -> None:
        """Keep only public-safe cameras (for a public output)."""
        self.beginFilterChange()
        self._public_only = public_only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Match on the row object of the source model."""
        source: QAbstractItemModel = self.sourceModel()
        cam = source.data(source.index(source_row, 0, source_parent), ROW_ROLE)
        if not isinstance(cam, CameraRow):
            return False
        if self._public_only and not cam.public_safe:
            return False
        hay = f"{cam.name} {cam.kelurahan} {cam.kelurahan_kode}".casefold()
        return all(word in hay for word in self._needle.split())


class ProblemTableModel(RowsTableModel[Problem]):
    """The problems of the layout being edited."""

    def __init__(self, t: Texts, parent: QObject | None = None) -> None:
        super().__init__([
            Column(t("col.tile"), lambda p: p.tile_id or "—"),
            Column(t("col.problem"), lambda p: t.pick(p.message_id, p.message_en),
                   lambda p: t.pick(p.message_id, p.message_en)),
        ], parent)

    def extra_data(self, row: Problem, column: int, role: int) -> Any:
        """Problems in red."""
        return QColor("#c0392b") if role == Qt.ItemDataRole.ForegroundRole else None
