"""The OPD status board: one row per agency, worst first, with a traffic light that is also a shape and a word.

Settings: ``title``; ``page_seconds`` (default 8) between pages when the rows do not fit; ``warn_share`` /
``bad_share`` (overdue share of open reports for WASPADA / KRITIS, default 0.10 / 0.25); ``hide_idle`` (default
true: agencies with nothing open, nothing resolved and no survey are left out). On a narrow tile the least
important columns are dropped (response time, then resolved, then the traffic light's word, then SKM).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QResizeEvent

from common.queries.snapshots import OpdBoard, OpdBoardRow
from wall.data.kinds import SnapshotKind
from wall.i18n import WallTexts
from wall.tiles._dashboard_base import PagedDashboardTileWidget
from wall.tiles._style import (
    BACKGROUND,
    GRID,
    PANEL,
    TEXT,
    TEXT_MUTED,
    Level,
    draw_shape,
    draw_text,
    draw_title_row,
)
from wall.timefmt import hhmmss

# (header key, drop priority: the lowest is dropped first when the tile is too narrow; None: never dropped)
COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("board.col.status", 3),
    ("board.col.opd", None),
    ("board.col.open", None),
    ("board.col.overdue", None),
    ("board.col.resolved_30d", 2),
    ("board.col.response", 1),
    ("board.col.skm", 4),
)
NAME_CHARS = 12
"""The OPD column gets room for this many characters before figure columns are dropped."""

Cell = tuple[str, QFont, QColor]


def row_level(row: OpdBoardRow, warn_share: float, bad_share: float) -> Level:
    """The traffic light of a row from its overdue share of open reports."""
    if row.open == 0:
        return Level.OK
    if row.overdue_share >= bad_share:
        return Level.BAD
    return Level.WARN if row.overdue_share >= warn_share else Level.OK


def format_hours(hours: float | None, t: WallTexts) -> str:
    """Median response time: ``45 mnt``, ``12 j`` or ``3,5 hr`` (``45 min``, ``12 h``, ``3.5 d``); ``–`` when
    unknown."""
    if hours is None:
        return "–"
    if hours < 1:
        return t.t("duration.minutes", n=round(hours * 60))
    if hours < 48:
        return t.t("duration.hours", n=round(hours))
    return t.t("duration.days", n=t.decimal(hours / 24, 1))


def format_skm(row: OpdBoardRow, texts: WallTexts) -> str:
    """``B 82,4`` (``B 82.4`` in English), or ``–`` without survey responses."""
    if row.skm_grade is None or row.ikm is None:
        return "–"
    return f"{row.skm_grade} {texts.decimal(row.ikm, 1)}"


@dataclass(frozen=True)
class _Layout:
    title: QFont
    header: QFont
    body: QFont
    bold: QFont
    title_h: float
    header_h: float
    row_h: float
    per_page: int
    pad: float
    symbol_w: float


class OpdBoardTileWidget(PagedDashboardTileWidget):
    """Per OPD: open, overdue, resolved in 30 days, median first response, SKM grade; pages when needed."""

    kind = "opd_board"
    label_key = "tile.opd_board"
    kinds: ClassVar[tuple[str, ...]] = (SnapshotKind.OPD_BOARD,)

    default_page_seconds = 8.0
    default_title_key = "board.title"

    def rows(self) -> list[OpdBoardRow]:
        """The rows to show, worst first (idle agencies left out unless ``hide_idle`` is false)."""
        board = self.snapshot(SnapshotKind.OPD_BOARD)
        if not isinstance(board, OpdBoard):
            return []
        if not self._settings.get("hide_idle", True):
            return list(board.rows)
        return [r for r in board.rows if r.open or r.resolved_30d or r.skm_responses]

    def _layout(self) -> _Layout:
        title, header, body = (
            self.scaled_font(f, bold=b) for f, b in ((0.055, True), (0.032, True), (0.042, False))
        )
        bold = QFont(body)
        bold.setBold(True)
        title_h = QFontMetricsF(title).height() * 1.4
        header_h = QFontMetricsF(header).height() * 1.5
        unit = QFontMetricsF(body).height()
        per_page = max(1, int((self.height() - title_h - header_h) // (unit * 1.45)))
        return _Layout(
            title, header, body, bold, title_h, header_h, unit * 1.45, per_page, unit * 0.3, unit * 1.05
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Recompute paging for the new size."""
        self._pager.update_counts(len(self.rows()), self._layout().per_page)
        super().resizeEvent(event)

    def snapshot_changed(self, kind: str, snapshot: object, changed: bool) -> None:
        """New rows: recompute paging and repaint."""
        self._pager.update_counts(len(self.rows()), self._layout().per_page)
        self.update()

    def _level(self, row: OpdBoardRow) -> Level:
        return row_level(
            row, float(self._settings.get("warn_share", 0.10)), float(self._settings.get("bad_share", 0.25))
        )

    def _cells(self, row: OpdBoardRow, lay: _Layout) -> list[Cell]:
        """The row's cells in :data:`COLUMNS` order; a late count is bold in its traffic light's colour."""
        level = self._level(row)
        late_color = level.color if row.overdue and level is not Level.OK else TEXT
        late_font = lay.bold if late_color is not TEXT else lay.body
        texts = self.ctx.texts
        return [
            (texts.t(level.key), lay.bold, level.color),
            (row.singkatan, lay.bold, TEXT),
            (str(row.open), lay.body, TEXT),
            (str(row.overdue), late_font, late_color),
            (str(row.resolved_30d), lay.body, TEXT),
            (format_hours(row.median_first_response_h, texts), lay.body, TEXT),
            (format_skm(row, texts), lay.body, TEXT),
        ]

    def _widths(self, lay: _Layout, rows: list[OpdBoardRow]) -> list[float]:
        """Column widths (0: dropped): figures fit their widest value, the OPD name takes the rest."""
        header_m, unit = QFontMetricsF(lay.header), QFontMetricsF(lay.body).height()
        cells = [self._cells(r, lay) for r in rows]
        widths = []
        for i, (key, _) in enumerate(COLUMNS):
            values = [QFontMetricsF(c[i][1]).horizontalAdvance(c[i][0]) for c in cells] or [0.0]
            widths.append(max(header_m.horizontalAdvance(self.ctx.texts.t(key)), max(values)) + unit * 0.6)
        widths[0] += lay.symbol_w
        name_need = min(widths[1], QFontMetricsF(lay.bold).averageCharWidth() * NAME_CHARS + unit)
        droppable = sorted((p, i) for i, (_, p) in enumerate(COLUMNS) if p is not None)

        def others() -> float:
            return sum(w for i, w in enumerate(widths) if i != 1) + 2 * lay.pad

        while others() + name_need > self.width() and droppable:
            widths[droppable.pop(0)[1]] = 0.0
        widths[0] = widths[0] or lay.symbol_w  # the symbol stays when its word is dropped
        widths[1] = max(unit * 3, self.width() - others())
        return widths

    def paint_content(self, painter: QPainter) -> None:
        """Title, header row and the current page of rows."""
        painter.fillRect(self.rect(), BACKGROUND)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        lay = self._layout()
        rows = self.rows()
        self._pager.update_counts(len(rows), lay.per_page)
        self._paint_title(painter, lay)
        widths = self._widths(lay, rows)
        header = [(self.ctx.texts.t(key), lay.header, TEXT_MUTED) for key, _ in COLUMNS]
        self._paint_cells(painter, lay.title_h, lay.header_h, header, widths, lay)
        painter.fillRect(QRectF(0, lay.title_h + lay.header_h - 2, self.width(), 2), GRID)
        top = lay.title_h + lay.header_h
        if not rows:
            rect = QRectF(0, top, self.width(), lay.row_h * 2)
            draw_text(
                painter,
                rect,
                Qt.AlignmentFlag.AlignCenter,
                self.ctx.texts.t("board.empty"),
                lay.body,
                TEXT_MUTED,
                self._text_log,
            )
        for i, row in enumerate(rows[self._pager.slice(lay.per_page)]):
            if i % 2:
                painter.fillRect(QRectF(0, top + i * lay.row_h, self.width(), lay.row_h), PANEL)
            level = self._level(row)
            radius = lay.symbol_w * 0.3
            center = QPointF(lay.pad + radius * 1.2, top + i * lay.row_h + lay.row_h / 2)
            draw_shape(painter, level.shape, center, radius, level.color)
            self._paint_cells(painter, top + i * lay.row_h, lay.row_h, self._cells(row, lay), widths, lay)

    def _paint_title(self, painter: QPainter, lay: _Layout) -> None:
        rect = QRectF(lay.pad, 0, self.width() - 2 * lay.pad, lay.title_h)
        board = self.snapshot(SnapshotKind.OPD_BOARD)
        page = self._pager.label()
        stamp = hhmmss(board.generated_at) if isinstance(board, OpdBoard) else ""
        candidates = ["   ".join(p for p in (page, stamp) if p), page]
        self.last_title_row = draw_title_row(
            painter, rect, self.tile_title(), lay.title, candidates, lay.header, self._text_log
        )

    def _paint_cells(
        self,
        painter: QPainter,
        top: float,
        height: float,
        cells: list[Cell],
        widths: list[float],
        lay: _Layout,
    ) -> None:
        """One row: status (after its symbol) and name left-aligned, the name elided; figures right-aligned."""
        x = lay.pad
        for i, ((text, font, color), width) in enumerate(zip(cells, widths, strict=True)):
            if width <= 0:
                continue
            indent = lay.symbol_w if i == 0 else 0.0
            rect = QRectF(x + indent, top, width - indent - lay.pad, height)
            x += width
            if i == 0 and width <= lay.symbol_w:
                continue  # the word column was dropped: only the symbol remains
            if i == 1:
                text = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
            align = Qt.AlignmentFlag.AlignLeft if i < 2 else Qt.AlignmentFlag.AlignRight
            draw_text(painter, rect, align | Qt.AlignmentFlag.AlignVCenter, text, font, color, self._text_log)
