"""Geometry and drawing of the layout canvas: the output frame at its aspect ratio, cells, tiles, problems.

Pure helpers (no widget state): :class:`CanvasGeometry` maps between pixels and cells; the ``draw_*`` functions
paint with a given :class:`QPainter`. Kind icons are simple vector drawings so they render the same everywhere.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen

from common.layouts.editing import CellRect
from common.layouts.model import Layout, TileSpec
from wall.editor.i18n import Texts

LABEL_BAND_PX = 18
HANDLE_PX = 8
EDGE_GRAB_PX = 7
ERROR = QColor("#e0392b")
ACCENT = QColor("#3daee9")
SCREEN = QColor("#0b0e13")
OUTSIDE = QColor("#3a3f47")
GRID = QColor(255, 255, 255, 60)
KIND_COLOURS: Mapping[str, str] = {
    "camera": "#1f4e79", "sequence": "#2d6a99", "map": "#2e6b4f", "opd_board": "#6b4f2e", "chart": "#5b3f7a",
    "network": "#2f6b6b", "ticker": "#7a5a1f", "clock": "#4a4f5a", "text": "#55606e", "image": "#4d5b3a",
}


@dataclass(frozen=True)
class CanvasGeometry:
    """Where the output's frame lies in a widget and the size of one cell."""

    frame: QRectF
    rows: int
    cols: int

    @classmethod
    def fit(cls, width: int, height: int, aspect: tuple[int, int], rows: int, cols: int) -> CanvasGeometry:
        """The largest frame of ``aspect`` (w, h) inside the widget, leaving room for row/column numbers."""
        left, top, margin = 28.0, 24.0, 10.0
        avail_w, avail_h = max(10.0, width - left - margin), max(10.0, height - top - margin)
        ratio = aspect[0] / max(1, aspect[1])
        w = min(avail_w, avail_h * ratio)
        h = w / ratio
        x = left + (avail_w - w) / 2
        y = top + (avail_h - h) / 2
        return cls(QRectF(x, y, w, h), max(1, rows), max(1, cols))

    @property
    def cell_w(self) -> float:
        """Width of one cell in pixels."""
        return self.frame.width() / self.cols

    @property
    def cell_h(self) -> float:
        """Height of one cell in pixels."""
        return self.frame.height() / self.rows

    def rect_of(self, r: CellRect) -> QRectF:
        """Pixels of a cell rectangle."""
        return QRectF(self.frame.left() + r.col * self.cell_w, self.frame.top() + r.row * self.cell_h,
                      r.cols * self.cell_w, r.rows * self.cell_h)

    def cell_at(self, p: QPointF, *, clamp: bool = False) -> tuple[int, int] | None:
        """The (row, col) under ``p``; outside the frame None, or the nearest cell with ``clamp``."""
        col = math.floor((p.x() - self.frame.left()) / self.cell_w)
        row = math.floor((p.y() - self.frame.top()) / self.cell_h)
        if 0 <= row < self.rows and 0 <= col < self.cols:
            return row, col
        if not clamp:
            return None
        return min(max(row, 0), self.rows - 1), min(max(col, 0), self.cols - 1)

    def grid_line(self, p: QPointF) -> tuple[int, int]:
        """The nearest (horizontal, vertical) grid line to ``p``: snapping of resize edges."""
        return (round((p.y() - self.frame.top()) / self.cell_h), round((p.x() - self.frame.left()) / self.cell_w))

    def handle_at(self, tile: TileSpec, p: QPointF) -> str | None:
        """``n``/``s``/``e``/``w`` (or two letters at a corner) when ``p`` is on a tile's edge; ``body`` inside."""
        rect = self.rect_of(CellRect.of_tile(tile))
        grab = min(EDGE_GRAB_PX, rect.width() / 4, rect.height() / 4)
        if not rect.adjusted(-grab, -grab, grab, grab).contains(p):
            return None
        vertical = "n" if abs(p.y() - rect.top()) <= grab else "s" if abs(p.y() - rect.bottom()) <= grab else ""
        horizontal = "w" if abs(p.x() - rect.left()) <= grab else "e" if abs(p.x() - rect.right()) <= grab else ""
        return (vertical + horizontal) or ("body" if rect.contains(p) else None)


def resized_rect(start: CellRect, handle: str, line: tuple[int, int], layout: Layout) -> CellRect:
    """The tile rectangle after dragging edge(s) ``handle`` to grid line ``line``; spans stay >= 1."""
    top, left = start.row, start.col
    bottom, right = start.row + start.rows, start.col + start.cols
    if "n" in handle:
        top = min(max(0, line[0]), bottom - 1)
    if "s" in handle:
        bottom = max(min(layout.rows, line[0]), top + 1)
    if "w" in handle:
        left = min(max(0, line[1]), right - 1)
    if "e" in handle:
        right = max(min(layout.cols, line[1]), left + 1)
    return CellRect(top, left, bottom - top, right - left)


def tile_summary(tile: TileSpec, t: Texts) -> str:
    """One short line about what a tile shows (the camera, how many cameras, the text, the title...)."""
    s: Mapping[str, Any] = tile.settings
    if tile.kind == "camera":
        if s.get("camera"):
            return str(s["camera"])
        return f"alarm #{s['alarm_slot']}" if s.get("alarm_slot") else t("sum.no_camera")
    if tile.kind == "sequence":
        return t("sum.sequence", n=len(s.get("cameras") or []), dwell=f"{s.get('dwell_s', 10):g}")
    if tile.kind in ("ticker", "text"):
        return str(s.get("text") or s.get("title") or t("sum.no_text"))
    if tile.kind == "image":
        return os.path.basename(str(s.get("path") or "")) or t("sum.no_image")
    if s.get("title"):
        return str(s["title"])
    return _generic_summary(tile.kind, s, t)


def _generic_summary(kind: str, s: Mapping[str, Any], t: Texts) -> str:
    if kind == "map":
        return t("sum.map", zoom=f"{s.get('zoom', 2.5):g}", days=s.get("days", 7))
    if kind == "chart":
        return t("sum.chart_112") if str(s.get("chart")) == "calls112" else t("sum.chart_channels")
    if kind == "clock":
        shown = "HH:MM:SS" if s.get("seconds", True) else "HH:MM"
        return shown + (t("sum.with_date") if s.get("show_date", True) else "")
    if "page_seconds" in s:
        return t("sum.pages", seconds=f"{s['page_seconds']:g}")
    return ""


def _font(px: float, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(8, round(px)))
    font.setBold(bold)
    return font


def draw_frame(p: QPainter, g: CanvasGeometry, layout: Layout) -> None:
    """The screen area, the grid lines and the row/column numbers."""
    p.fillRect(g.frame, SCREEN)
    p.setPen(QPen(GRID, 1, Qt.PenStyle.DashLine))
    for r in range(1, g.rows):
        y = g.frame.top() + r * g.cell_h
        p.drawLine(QPointF(g.frame.left(), y), QPointF(g.frame.right(), y))
    for c in range(1, g.cols):
        x = g.frame.left() + c * g.cell_w
        p.drawLine(QPointF(x, g.frame.top()), QPointF(x, g.frame.bottom()))
    p.setPen(QColor("#c8ccd2"))
    p.setFont(_font(11))
    for c in range(g.cols):
        x = g.frame.left() + c * g.cell_w
        p.drawText(QRectF(x, g.frame.top() - 20, g.cell_w, 18), Qt.AlignmentFlag.AlignCenter, str(c + 1))
    for r in range(g.rows):
        y = g.frame.top() + r * g.cell_h
        p.drawText(QRectF(g.frame.left() - 26, y, 22, g.cell_h), Qt.AlignmentFlag.AlignCenter, str(r + 1))


def draw_tile(p: QPainter, g: CanvasGeometry, tile: TileSpec, label: str, problems: list[str], *,
              selected: bool, t: Texts) -> None:
    """A tile: kind colour, icon, label, id and summary (as many as fit); problems in red on the tile."""
    rect = g.rect_of(CellRect.of_tile(tile)).adjusted(3, 3, -3, -3)
    p.fillRect(rect, QColor(KIND_COLOURS.get(tile.kind, "#505050")))
    _draw_tile_text(p, tile, label, tile_summary(tile, t), rect.adjusted(8, 4, -8, -(LABEL_BAND_PX + 2 if problems
                                                                                      else 4)))
    if problems:
        draw_problems(p, rect, problems, t("canvas.more", n=len(problems) - 1))
    border = QPen(ACCENT if selected else QColor(255, 255, 255, 90), 3 if selected else 1)
    p.setPen(border)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(rect if not problems else rect.adjusted(3, 3, -3, -3))
    if selected:
        draw_handles(p, rect)


def _draw_tile_text(p: QPainter, tile: TileSpec, label: str, summary: str, inner: QRectF) -> None:
    """Icon and three lines when there is room; on a flat tile label and summary share one line."""
    text_px = max(11.0, min(16.0, min(inner.width(), inner.height() + 12) / 7))
    line_h = text_px * 1.35
    icon = min(40.0, inner.height() * 0.35, inner.width() * 0.35)
    if inner.height() >= icon + 4 + 3 * line_h and icon >= 16:
        draw_kind_icon(p, tile.kind, QRectF(inner.left(), inner.top(), icon, icon))
        inner = inner.adjusted(0, icon + 4, 0, 0)
    if inner.height() >= 3 * line_h:
        lines = [(label, True), (tile.id, False), (summary, False)]
    elif inner.height() >= 2 * line_h:
        lines = [(label, True), (summary or tile.id, False)]
    else:
        lines = [(f"{label} · {summary or tile.id}", True)]
    y = inner.top()
    for text, bold in lines:
        p.setFont(_font(text_px if bold else text_px * 0.9, bold=bold))
        p.setPen(QColor("#ffffff") if bold else QColor("#dde3ea"))
        metrics = QFontMetrics(p.font())
        box = QRectF(inner.left(), y, inner.width(), line_h)
        p.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   metrics.elidedText(text, Qt.TextElideMode.ElideRight, round(inner.width())))
        y += line_h


def draw_problems(p: QPainter, rect: QRectF, problems: list[str], more_text: str) -> None:
    """Red outline and a red band with the first problem (and how many more)."""
    p.setPen(QPen(ERROR, 4))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(rect.adjusted(1, 1, -1, -1))
    band = QRectF(rect.left(), rect.bottom() - LABEL_BAND_PX, rect.width(), LABEL_BAND_PX)
    p.fillRect(band, ERROR)
    p.setPen(QColor("#ffffff"))
    p.setFont(_font(11, bold=True))
    text = "⚠ " + problems[0] + (f" ({more_text})" if len(problems) > 1 else "")
    metrics = QFontMetrics(p.font())
    p.drawText(band.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
               metrics.elidedText(text, Qt.TextElideMode.ElideRight, round(band.width() - 8)))


def draw_handles(p: QPainter, rect: QRectF) -> None:
    """Small squares at the corners and edge middles of the selected tile."""
    p.setPen(QPen(QColor("#ffffff"), 1))
    p.setBrush(QBrush(ACCENT))
    xs = (rect.left(), rect.center().x(), rect.right())
    ys = (rect.top(), rect.center().y(), rect.bottom())
    for i, x in enumerate(xs):
        for j, y in enumerate(ys):
            if i == 1 and j == 1:
                continue
            p.drawRect(QRectF(x - HANDLE_PX / 2, y - HANDLE_PX / 2, HANDLE_PX, HANDLE_PX))


def draw_selection(p: QPainter, rect: QRectF, *, valid: bool, solid: bool) -> None:
    """A selection or drag ghost: translucent blue (or red when the drop is not possible)."""
    colour = ACCENT if valid else ERROR
    fill = QColor(colour)
    fill.setAlpha(70)
    p.fillRect(rect, fill)
    p.setPen(QPen(colour, 2, Qt.PenStyle.SolidLine if solid else Qt.PenStyle.DashLine))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(rect.adjusted(1, 1, -1, -1))


def draw_kind_icon(p: QPainter, kind: str, r: QRectF) -> None:
    """A small white line drawing of the kind (camera, map pin, bars...)."""
    p.save()
    p.setPen(QPen(QColor("#ffffff"), max(1.5, r.width() / 14)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    w, h, x, y = r.width(), r.height(), r.left(), r.top()
    if kind in ("camera", "sequence"):
        p.drawRoundedRect(QRectF(x, y + h * 0.25, w * 0.7, h * 0.5), 3, 3)
        p.drawEllipse(QPointF(x + w * 0.35, y + h * 0.5), w * 0.14, h * 0.14)
        p.drawPolygon([QPointF(x + w * 0.7, y + h * 0.45), QPointF(x + w, y + h * 0.3),
                       QPointF(x + w, y + h * 0.7), QPointF(x + w * 0.7, y + h * 0.55)])
        if kind == "sequence":
            p.drawLine(QPointF(x + w * 0.05, y + h * 0.88), QPointF(x + w * 0.65, y + h * 0.88))
    elif kind == "map":
        p.drawEllipse(QPointF(x + w / 2, y + h * 0.38), w * 0.22, h * 0.22)
        p.drawLine(QPointF(x + w * 0.3, y + h * 0.5), QPointF(x + w / 2, y + h * 0.95))
        p.drawLine(QPointF(x + w * 0.7, y + h * 0.5), QPointF(x + w / 2, y + h * 0.95))
    elif kind == "chart":
        for i, frac in enumerate((0.4, 0.7, 0.55, 0.9)):
            p.drawRect(QRectF(x + w * (0.08 + i * 0.23), y + h * (1 - frac), w * 0.14, h * frac))
    elif kind == "clock":
        p.drawEllipse(r.adjusted(2, 2, -2, -2))
        p.drawLine(r.center(), QPointF(r.center().x(), y + h * 0.2))
        p.drawLine(r.center(), QPointF(x + w * 0.75, r.center().y()))
    elif kind == "network":
        pts = [QPointF(x + w * 0.5, y + h * 0.15), QPointF(x + w * 0.15, y + h * 0.8),
               QPointF(x + w * 0.85, y + h * 0.8)]
        p.drawPolygon(pts)
        for q in pts:
            p.drawEllipse(q, w * 0.08, h * 0.08)
    else:
        _draw_lines_icon(p, kind, r)
    p.restore()


def _draw_lines_icon(p: QPainter, kind: str, r: QRectF) -> None:
    w, h, x, y = r.width(), r.height(), r.left(), r.top()
    if kind == "image":
        p.drawRect(r.adjusted(1, h * 0.15, -1, -h * 0.15))
        p.drawPolyline([QPointF(x + 2, y + h * 0.8), QPointF(x + w * 0.4, y + h * 0.4),
                        QPointF(x + w * 0.65, y + h * 0.65), QPointF(x + w - 2, y + h * 0.45)])
        return
    rows = 4 if kind == "opd_board" else 2
    for i in range(rows):
        yy = y + h * (0.2 + i * 0.6 / max(1, rows - 1))
        p.drawLine(QPointF(x + 2, yy), QPointF(x + w - 2, yy))
    if kind == "ticker":
        p.drawLine(QPointF(x + w * 0.7, y + h * 0.5), QPointF(x + w - 2, y + h * 0.5))
        p.drawLine(QPointF(x + w * 0.85, y + h * 0.38), QPointF(x + w - 2, y + h * 0.5))
        p.drawLine(QPointF(x + w * 0.85, y + h * 0.62), QPointF(x + w - 2, y + h * 0.5))
