"""The dark control-room look shared by the dashboard tiles: colours, fonts, status symbols, recorded text.

Colours come from the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies) and every
state is also told by a shape and a word, never by colour alone. Fonts are pixel-sized and never smaller than
the context's ``min_font_px`` (1/40 of the output's height: readable from 5 m).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

BACKGROUND = QColor("#0b0e13")
PANEL = QColor("#151b24")
GRID = QColor("#2a3340")
TEXT = QColor("#f2f4f7")
TEXT_MUTED = QColor("#b4bcc8")
ACCENT = QColor("#56b4e9")

FONT_FAMILY = "DejaVu Sans"


class Level(Enum):
    """A traffic-light level; each has a colour, a shape and a word (a key of the wall's texts)."""

    OK = ("level.ok", "#009e73", "circle")
    WARN = ("level.warn", "#e69f00", "triangle")
    BAD = ("level.bad", "#d55e00", "square")
    UNKNOWN = ("level.unknown", "#7a8494", "dash")

    @property
    def key(self) -> str:
        """The key of the level's word in the wall's texts."""
        return self.value[0]

    @property
    def color(self) -> QColor:
        """The level's colour."""
        return QColor(self.value[1])

    @property
    def shape(self) -> str:
        """The level's symbol: circle, triangle, square or dash."""
        return self.value[2]


def font_px(min_px: int, size_px: float, *, bold: bool = False) -> QFont:
    """A pixel-sized font of at least ``min_px`` pixels."""
    font = QFont(FONT_FAMILY)
    font.setPixelSize(max(int(min_px), round(size_px)))
    font.setBold(bold)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font


def draw_shape(painter: QPainter, shape: str, center: QPointF, radius: float, color: QColor) -> None:
    """Draw a filled symbol (circle, triangle, square, diamond, dash) with a dark outline at ``center``."""
    painter.save()
    painter.setPen(QPen(QColor("#000000"), max(1.5, radius * 0.22)))
    painter.setBrush(QBrush(color))
    x, y, r = center.x(), center.y(), radius
    if shape == "circle":
        painter.drawEllipse(center, r, r)
    elif shape == "square":
        painter.drawRect(QRectF(x - r * 0.88, y - r * 0.88, r * 1.76, r * 1.76))
    elif shape == "triangle":
        painter.drawPolygon(
            QPolygonF([QPointF(x, y - r * 1.1), QPointF(x + r, y + r * 0.8), QPointF(x - r, y + r * 0.8)])
        )
    elif shape == "diamond":
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(x, y - r * 1.15),
                    QPointF(x + r * 1.15, y),
                    QPointF(x, y + r * 1.15),
                    QPointF(x - r * 1.15, y),
                ]
            )
        )
    else:
        painter.drawRect(QRectF(x - r, y - r * 0.3, 2 * r, r * 0.6))
    painter.restore()


@dataclass
class TextLog:
    """Every string a tile drew in its last paint, with its pixel size (for tests: privacy and readability)."""

    entries: list[tuple[str, int]] = field(default_factory=list)

    def clear(self) -> None:
        """Forget the previous paint."""
        self.entries.clear()

    def add(self, text: str, font: QFont) -> None:
        """Record one drawn string."""
        self.entries.append((text, font.pixelSize()))


def draw_text(
    painter: QPainter,
    rect: QRectF,
    flags: Qt.AlignmentFlag | int,
    text: str,
    font: QFont,
    color: QColor,
    log: TextLog | None = None,
) -> None:
    """Draw ``text`` as plain text (QPainter never interprets markup) and record it in ``log``."""
    painter.setFont(font)
    painter.setPen(color)
    painter.drawText(rect, int(flags), text)
    if log is not None:
        log.add(text, font)


def draw_halo_text(
    painter: QPainter,
    origin: QPointF,
    text: str,
    font: QFont,
    color: QColor,
    halo: QColor,
    log: TextLog | None,
) -> None:
    """Draw plain text with a dark halo so it stays readable over any fill (map labels)."""
    path = QPainterPath()
    path.addText(origin, font, text)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.strokePath(
        path,
        QPen(
            halo,
            max(3.0, font.pixelSize() * 0.18),
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        ),
    )
    painter.fillPath(path, QBrush(color))
    painter.restore()
    if log is not None:
        log.add(text, font)


@dataclass(frozen=True)
class TitleRow:
    """A laid-out title row: the (possibly elided) title and the subtitle that fits, with their text rectangles."""

    title: str
    title_rect: QRectF
    subtitle: str
    subtitle_rect: QRectF | None


def layout_title_row(
    rect: QRectF, title: str, title_font: QFont, subtitles: Sequence[str], subtitle_font: QFont
) -> TitleRow:
    """Title on the left, on the right the first (most complete) of ``subtitles`` that fits beside it.

    The two never overlap: a gap of one em separates them; when no subtitle fits, none is shown and the title is
    elided to the row's width.
    """
    title_m, sub_m = QFontMetricsF(title_font), QFontMetricsF(subtitle_font)
    gap = title_m.height() * 0.8
    title_w = title_m.horizontalAdvance(title)
    for subtitle in subtitles:
        if not subtitle:
            continue
        sub_w = sub_m.horizontalAdvance(subtitle)
        if title_w + gap + sub_w <= rect.width():
            return TitleRow(
                title,
                QRectF(rect.left(), rect.top(), title_w, rect.height()),
                subtitle,
                QRectF(rect.right() - sub_w, rect.top(), sub_w, rect.height()),
            )
    shown = title_m.elidedText(title, Qt.TextElideMode.ElideRight, rect.width())
    width = min(rect.width(), title_m.horizontalAdvance(shown))
    return TitleRow(shown, QRectF(rect.left(), rect.top(), width, rect.height()), "", None)


def draw_title_row(
    painter: QPainter,
    rect: QRectF,
    title: str,
    title_font: QFont,
    subtitles: Sequence[str],
    subtitle_font: QFont,
    log: TextLog | None = None,
) -> TitleRow:
    """Draw a title row laid out by :func:`layout_title_row` (title in ``TEXT``, subtitle muted); return it."""
    row = layout_title_row(rect, title, title_font, subtitles, subtitle_font)
    flags = Qt.AlignmentFlag.AlignVCenter
    if row.title:
        draw_text(painter, rect, flags | Qt.AlignmentFlag.AlignLeft, row.title, title_font, TEXT, log)
    if row.subtitle_rect is not None:
        draw_text(
            painter, rect, flags | Qt.AlignmentFlag.AlignRight, row.subtitle, subtitle_font, TEXT_MUTED, log
        )
    return row
