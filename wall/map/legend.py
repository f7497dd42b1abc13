"""The complaint map's legend: fill classes, point symbols and totals.

Two arrangements: a side panel (one entry per line, flowing into more columns when too tall) beside a wide
map, and a strip under a narrow map (entries flow left to right, wrapping into as many rows as needed).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

from wall.i18n import WallTexts
from wall.map.style import FillClass, PointStyle
from wall.tiles._style import PANEL, TEXT, TEXT_MUTED, TextLog, draw_shape, draw_text


@dataclass(frozen=True)
class LegendItem:
    """One entry: a heading, a fill swatch, a point symbol, a centroid ring or a total."""

    kind: str
    text: str
    color: QColor | None = None
    shape: str = ""
    ramp: tuple[QColor, ...] = ()


@dataclass(frozen=True)
class LegendLayout:
    """Entries with their rectangles (relative to the legend's top-left corner) and the overall size."""

    placed: tuple[tuple[LegendItem, QRectF], ...]
    width: float
    height: float


def totals_text(totals: tuple[int, int], texts: WallTexts) -> str:
    """``Terbuka 1.234 · terlambat 56`` (open and overdue complaints) in the wall's language."""
    return texts.t("map.legend.totals", open=texts.number(totals[0]), late=texts.number(totals[1]))


def symbol_items(styles: tuple[PointStyle, ...], texts: WallTexts) -> list[LegendItem]:
    """One entry per point symbol, its word in the wall's language."""
    return [LegendItem("symbol", texts.t(s.label_key), s.color, s.shape) for s in styles]


def legend_items(
    classes: tuple[FillClass, ...],
    styles: tuple[PointStyle, ...],
    days: int,
    totals: tuple[int, int],
    texts: WallTexts,
    compact: bool = False,
) -> list[LegendItem]:
    """The legend's entries in reading order; ``compact``: no headings, the fill as one colour ramp."""
    total = LegendItem("total", totals_text(totals, texts))
    if compact:
        ramp_text = texts.t("map.legend.ramp", high=texts.number(classes[-1].high))
        ramp = LegendItem("ramp", ramp_text, ramp=tuple(c.color for c in classes))
        ring = LegendItem("ring", texts.t("map.legend.kelurahan_level_short"), QColor("#dddddd"))
        return [ramp, *symbol_items(styles, texts), ring, total]
    items = [LegendItem("heading", texts.t("map.legend.open_per_kelurahan"))]
    items += [LegendItem("swatch", c.label, c.color) for c in classes]
    items.append(LegendItem("heading", texts.t("map.legend.recent", days=days)))
    items += symbol_items(styles, texts)
    items.append(LegendItem("ring", texts.t("map.legend.kelurahan_level"), QColor("#dddddd")))
    items.append(total)
    return items


def _icon_width(item: LegendItem, line: float) -> float:
    if item.kind == "ramp":
        return line * (0.45 * len(item.ramp) + 0.4)
    return 0.0 if item.kind in ("heading", "total") else line * 1.1


def _item_width(item: LegendItem, metrics: QFontMetricsF, line: float, bold: QFontMetricsF) -> float:
    icon = _icon_width(item, line)
    m = bold if item.kind in ("heading", "total") else metrics
    return icon + m.horizontalAdvance(item.text) + line * 0.3


def _fonts(font: QFont) -> tuple[QFontMetricsF, QFontMetricsF, float]:
    bold = QFont(font)
    bold.setBold(True)
    metrics = QFontMetricsF(font)
    return metrics, QFontMetricsF(bold), metrics.height() * 1.25


def panel_layout(items: list[LegendItem], font: QFont, max_height: float) -> LegendLayout:
    """One entry per line; more columns when ``max_height`` is too small for one."""
    metrics, bold, line = _fonts(font)
    rows = max(1, int((max_height - line * 0.5) // line))
    columns = -(-len(items) // rows)
    rows = -(-len(items) // columns)
    col_width = max(_item_width(i, metrics, line, bold) for i in items) + line * 0.4
    placed = []
    for index, item in enumerate(items):
        col, row = divmod(index, rows)
        placed.append((item, QRectF(line * 0.3 + col * col_width, line * 0.25 + row * line, col_width, line)))
    return LegendLayout(tuple(placed), col_width * columns + line * 0.6, rows * line + line * 0.5)


def strip_layout(items: list[LegendItem], font: QFont, max_width: float) -> LegendLayout:
    """Entries flow left to right and wrap; a heading starts a new row."""
    metrics, bold, line = _fonts(font)
    x, y, widest = line * 0.3, line * 0.25, 0.0
    placed = []
    for item in items:
        width = _item_width(item, metrics, line, bold) + line * 0.5
        if x > line * 0.3 and (item.kind == "heading" or x + width > max_width):
            x, y = line * 0.3, y + line
        placed.append((item, QRectF(x, y, width, line)))
        x += width
        widest = max(widest, x)
    return LegendLayout(tuple(placed), min(max_width, widest + line * 0.3), y + line * 1.25)


def column_layout(items: list[LegendItem], font: QFont, *, row: bool = False) -> LegendLayout:
    """A small legend: one entry per line (a narrow column), or with ``row`` all entries on one line."""
    metrics, bold, line = _fonts(font)
    placed: list[tuple[LegendItem, QRectF]] = []
    x, y = line * 0.3, line * 0.25
    for item in items:
        width = _item_width(item, metrics, line, bold)
        placed.append((item, QRectF(x, y, width, line)))
        if row:
            x += width + line * 0.3
        else:
            y += line
    if row:
        return LegendLayout(tuple(placed), x + line * 0.3, line * 1.5)
    width = max((r.right() for _, r in placed), default=0.0) + line * 0.3
    return LegendLayout(tuple(placed), width, y + line * 0.25)


def _paint_icon(painter: QPainter, item: LegendItem, icon: QPointF, line: float) -> None:
    if item.kind == "ramp":
        for i, color in enumerate(item.ramp):
            painter.setPen(QPen(QColor("#8a94a3"), 1.0))
            painter.setBrush(QBrush(color))
            painter.drawRect(
                QRectF(
                    icon.x() - line * 0.35 + i * line * 0.45, icon.y() - line * 0.3, line * 0.45, line * 0.6
                )
            )
    elif item.color is None:
        return
    elif item.kind == "swatch":
        painter.setPen(QPen(QColor("#8a94a3"), 1.5))
        painter.setBrush(QBrush(item.color))
        painter.drawRect(QRectF(icon.x() - line * 0.35, icon.y() - line * 0.3, line * 0.7, line * 0.6))
    elif item.kind == "symbol":
        draw_shape(painter, item.shape, icon, line * 0.25, item.color)
    elif item.kind == "ring":
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(item.color, line * 0.09))
        painter.drawEllipse(icon, line * 0.3, line * 0.3)


def paint_legend(painter: QPainter, layout: LegendLayout, origin: QPointF, font: QFont, log: TextLog) -> None:
    """Draw a laid-out legend with its top-left corner at ``origin`` on a dark panel."""
    _, _, line = _fonts(font)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    panel = QColor(PANEL)
    panel.setAlpha(235)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(panel)
    painter.drawRoundedRect(QRectF(origin.x(), origin.y(), layout.width, layout.height), 8, 8)
    for item, rel in layout.placed:
        rect = rel.translated(origin)
        plain = item.kind not in ("heading", "total")
        if plain:
            _paint_icon(painter, item, QPointF(rect.left() + line * 0.45, rect.center().y()), line)
        text_rect = rect.adjusted(_icon_width(item, line), 0, 0, 0)
        item_font = QFont(font)
        item_font.setBold(not plain)
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        draw_text(painter, text_rect, flags, item.text, item_font, TEXT_MUTED if plain else TEXT, log)
    painter.restore()
