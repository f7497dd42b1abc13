"""The kelurahan kiosk network: one cell per kelurahan with its kiosks' state, offline ones first.

Settings: ``title``; ``page_seconds`` (default 10) between pages when the cells do not fit. A cell shows the
kelurahan's name, ONLINE / SEBAGIAN / OFFLINE as a coloured symbol *and* a word, the submissions queued in the
kiosk's outbox, and the time of the stalest last heartbeat ("terakhir HH:MM", WIB), in the wall's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QResizeEvent

from common.queries.snapshots import KioskNetwork, KioskStatus
from wall.data.kinds import SnapshotKind
from wall.i18n import WallTexts
from wall.tiles._dashboard_base import PagedDashboardTileWidget
from wall.tiles._style import (
    BACKGROUND,
    PANEL,
    TEXT,
    TEXT_MUTED,
    Level,
    draw_shape,
    draw_text,
    draw_title_row,
)
from wall.timefmt import hhmmss, local

NAME_CHARS = 13
"""A cell is made wide enough for a kelurahan name of this many characters (longer names are elided)."""


def kiosk_level(status: KioskStatus, t: WallTexts) -> tuple[Level, str]:
    """The traffic light and word of a kelurahan's kiosks in the wall's language."""
    if status.online == 0:
        return Level.BAD, t.t("network.offline")
    if status.online < status.kiosks:
        return Level.WARN, t.t("network.partial", online=status.online, total=status.kiosks)
    return Level.OK, t.t("network.online")


def last_seen(status: KioskStatus, t: WallTexts) -> str:
    """``terakhir HH:MM`` (WIB) or ``belum pernah`` for a kiosk that never sent a heartbeat."""
    if status.last_heartbeat_at is None:
        return t.t("network.never")
    return t.t("network.last_seen", time=local(status.last_heartbeat_at).strftime("%H:%M"))


@dataclass(frozen=True)
class _Grid:
    name: QFont
    small: QFont
    title: QFont
    title_h: float
    columns: int
    rows: int
    cell_w: float
    cell_h: float
    gap: float

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


class KelurahanNetworkTileWidget(PagedDashboardTileWidget):
    """A grid of kelurahan kiosks: online / offline, queue length and last heartbeat; offline first."""

    kind = "network"
    label_key = "tile.network"
    kinds: ClassVar[tuple[str, ...]] = (SnapshotKind.KIOSK_NETWORK,)

    default_page_seconds = 10.0
    default_title_key = "network.title"

    def statuses(self) -> tuple[KioskStatus, ...]:
        """The kelurahan with kiosks, offline first (as the query sorts them)."""
        snap = self.snapshot(SnapshotKind.KIOSK_NETWORK)
        return snap.kelurahan if isinstance(snap, KioskNetwork) else ()

    def _grid(self) -> _Grid:
        title = self.scaled_font(0.055, bold=True)
        name = self.scaled_font(0.036, bold=True)
        small = self.scaled_font(0.03)
        unit = QFontMetricsF(name).height()
        gap = unit * 0.3
        cell_w = QFontMetricsF(name).averageCharWidth() * NAME_CHARS + unit
        cell_h = unit * 1.15 + QFontMetricsF(small).height() * 3.35
        title_h = QFontMetricsF(title).height() * 1.4
        columns = max(1, int((self.width() - gap) // (cell_w + gap)))
        rows = max(1, int((self.height() - title_h - gap) // (cell_h + gap)))
        cell_w = (self.width() - gap) / columns - gap  # share the spare width
        return _Grid(name, small, title, title_h, columns, rows, cell_w, cell_h, gap)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Recompute paging for the new size."""
        self._pager.update_counts(len(self.statuses()), self._grid().per_page)
        super().resizeEvent(event)

    def snapshot_changed(self, kind: str, snapshot: object, changed: bool) -> None:
        """New states: recompute paging and repaint."""
        self._pager.update_counts(len(self.statuses()), self._grid().per_page)
        self.update()

    def paint_content(self, painter: QPainter) -> None:
        """Title with the online/offline summary, then the current page of cells."""
        painter.fillRect(self.rect(), BACKGROUND)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        grid = self._grid()
        statuses = self.statuses()
        self._pager.update_counts(len(statuses), grid.per_page)
        self._paint_title(painter, grid, statuses)
        if not statuses:
            rect = QRectF(0, grid.title_h, self.width(), self.height() - grid.title_h)
            draw_text(
                painter,
                rect,
                Qt.AlignmentFlag.AlignCenter,
                self.ctx.texts.t("network.empty"),
                grid.name,
                TEXT_MUTED,
                self._text_log,
            )
        for index, status in enumerate(statuses[self._pager.slice(grid.per_page)]):
            row, col = divmod(index, grid.columns)
            x = grid.gap + col * (grid.cell_w + grid.gap)
            y = grid.title_h + row * (grid.cell_h + grid.gap)
            self._paint_cell(painter, QRectF(x, y, grid.cell_w, grid.cell_h), status, grid)

    def _paint_title(self, painter: QPainter, grid: _Grid, statuses: tuple[KioskStatus, ...]) -> None:
        rect = QRectF(grid.gap, 0, self.width() - 2 * grid.gap, grid.title_h)
        offline = sum(1 for s in statuses if not s.all_online)
        texts = self.ctx.texts
        summary = texts.t("network.summary", online=len(statuses) - offline, problems=offline)
        page = self._pager.label()
        snap = self.snapshot(SnapshotKind.KIOSK_NETWORK)
        stamp = hhmmss(snap.generated_at) if isinstance(snap, KioskNetwork) else ""
        # Most complete first; in a narrow tile the problem count and the page matter more than the time.
        candidates = [
            "   ".join(p for p in (summary, page, stamp) if p),
            "   ".join(p for p in (summary, page) if p),
            "   ".join(p for p in (texts.t("network.problems", problems=offline), page) if p),
            page,
        ]
        self.last_title_row = draw_title_row(
            painter, rect, self.tile_title(), grid.title, candidates, grid.small, self._text_log
        )

    def _paint_cell(self, painter: QPainter, rect: QRectF, status: KioskStatus, grid: _Grid) -> None:
        """A framed cell: name; symbol and word; last heartbeat; queue. Problems get a tinted, coloured frame."""
        texts = self.ctx.texts
        level, word = kiosk_level(status, texts)
        tint = QColor(level.color)
        tint.setAlpha(60 if level is not Level.OK else 0)
        painter.setPen(QPen(level.color if level is not Level.OK else PANEL, max(2.0, grid.gap * 0.35)))
        painter.setBrush(PANEL)
        painter.drawRoundedRect(rect, grid.gap, grid.gap)
        painter.fillRect(rect.adjusted(2, 2, -2, -2), tint)
        inner = rect.adjusted(grid.gap, grid.gap * 0.5, -grid.gap, -grid.gap * 0.5)
        name_h = QFontMetricsF(grid.name).height() * 1.1
        small_h = QFontMetricsF(grid.small).height() * 1.1
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        name = QFontMetricsF(grid.name).elidedText(
            status.kelurahan, Qt.TextElideMode.ElideRight, inner.width()
        )
        name_rect = QRectF(inner.left(), inner.top(), inner.width(), name_h)
        draw_text(painter, name_rect, left, name, grid.name, TEXT, self._text_log)
        line = QRectF(inner.left(), inner.top() + name_h, inner.width(), small_h)
        radius = small_h * 0.3
        draw_shape(
            painter, level.shape, QPointF(line.left() + radius * 1.1, line.center().y()), radius, level.color
        )
        bold = QFont(grid.small)
        bold.setBold(True)
        draw_text(painter, line.adjusted(radius * 3, 0, 0, 0), left, word, bold, level.color, self._text_log)
        line = line.translated(0, small_h)
        draw_text(painter, line, left, last_seen(status, texts), grid.small, TEXT_MUTED, self._text_log)
        queue_color = TEXT if status.queue_length else TEXT_MUTED
        queue = texts.t("network.queue", n=status.queue_length)
        draw_text(painter, line.translated(0, small_h), left, queue, grid.small, queue_color, self._text_log)
