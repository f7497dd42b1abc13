"""A to-scale picture of the physical arrangement: each node's screens side by side, outputs placed on them.

A whole-screen output fills its screen; a pixel-rectangle output (the videotron's LED controller copies one) is
drawn at its offset inside its screen. A screen no whole-screen output describes is assumed 1920x1080 (or as
large as the rectangles on it) and drawn dashed, labelled as assumed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from common.layouts.model import OutputSpec
from wall.editor.i18n import Texts

PUBLIC = QColor("#e69f00")
INTERNAL = QColor("#56b4e9")
GAP = 120


@dataclass(frozen=True)
class ScreenBox:
    """One physical screen of a node in the picture: where it is (in pixels of the arrangement) and its size."""

    node: str
    screen: str
    x: int
    width: int
    height: int
    assumed: bool


def arrange(outputs: Sequence[OutputSpec]) -> list[ScreenBox]:
    """The screens, node by node and by screen name, laid side by side (pixel units, GAP between)."""
    sizes: dict[tuple[str, str], tuple[int, int, bool]] = {}
    for o in outputs:
        key = (o.node, o.screen or "?")
        if o.rect is None:
            sizes[key] = (*o.resolution, False)
    for o in outputs:
        key = (o.node, o.screen or "?")
        if o.rect is not None and (key not in sizes or sizes[key][2]):
            w, h, _ = sizes.get(key, (1920, 1080, True))
            sizes[key] = (max(w, o.rect[0] + o.rect[2]), max(h, o.rect[1] + o.rect[3]), True)
    boxes, x = [], 0
    for (node, screen), (w, h, assumed) in sorted(sizes.items()):
        boxes.append(ScreenBox(node, screen, x, w, h, assumed))
        x += w + GAP
    return boxes


class OutputArrangementWidget(QWidget):
    """Draws the screens and outputs to scale; the selected output is highlighted."""

    def __init__(self, t: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._t = t
        self.outputs: list[OutputSpec] = []
        self.selected = ""
        self.setMinimumSize(320, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(t("out.arrangement"))

    def set_outputs(self, outputs: Sequence[OutputSpec], selected: str = "") -> None:
        """Show ``outputs``; highlight ``selected``."""
        self.outputs, self.selected = list(outputs), selected
        names = ", ".join(f"{o.name} ({o.node}/{o.screen}, {o.resolution[0]}×{o.resolution[1]})" for o in outputs)
        self.setAccessibleDescription(names)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Screens as outlines with their name, outputs as filled rectangles with name and size."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.fillRect(self.rect(), QColor("#2b2f36"))
        boxes = arrange(self.outputs)
        if boxes:
            total_w = boxes[-1].x + boxes[-1].width
            total_h = max(b.height for b in boxes)
            top = 40.0
            scale = min((self.width() - 20) / total_w, (self.height() - top - 10) / total_h)
            for box in boxes:
                self._paint_screen(p, box, scale, top)
        p.end()

    def _paint_screen(self, p: QPainter, box: ScreenBox, scale: float, top: float) -> None:
        frame = QRectF(10 + box.x * scale, top, box.width * scale, box.height * scale)
        pen = QPen(QColor("#c8ccd2"), 1.5, Qt.PenStyle.DashLine if box.assumed else Qt.PenStyle.SolidLine)
        p.setPen(pen)
        p.setBrush(QColor("#14181e"))
        p.drawRect(frame)
        p.setFont(_font(11))
        size = f"{box.width}×{box.height}" + (f" ({self._t('out.assumed')})" if box.assumed else "")
        metrics = QFontMetrics(p.font())
        for i, line in enumerate((f"{box.node} · {box.screen}", size)):
            p.drawText(QRectF(frame.left(), top - 32 + i * 15, frame.width(), 15),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       metrics.elidedText(line, Qt.TextElideMode.ElideRight, round(frame.width())))
        for o in self.outputs:
            if (o.node, o.screen or "?") != (box.node, box.screen):
                continue
            x, y, w, h = o.rect if o.rect else (0, 0, box.width, box.height)
            rect = QRectF(frame.left() + x * scale, frame.top() + y * scale, w * scale, h * scale)
            self._paint_output(p, o, rect)

    def _paint_output(self, p: QPainter, o: OutputSpec, rect: QRectF) -> None:
        colour = QColor(PUBLIC if o.is_public else INTERNAL)
        fill = QColor(colour)
        fill.setAlpha(120 if o.name == self.selected else 55)
        p.setBrush(fill)
        p.setPen(QPen(QColor("#ffffff") if o.name == self.selected else colour, 3 if o.name == self.selected else 1.5))
        p.drawRect(rect.adjusted(1, 1, -1, -1))
        p.setPen(QColor("#ffffff"))
        p.setFont(_font(12, bold=True))
        inner = rect.adjusted(6, 4, -4, -4)
        metrics = QFontMetrics(p.font())
        p.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                   metrics.elidedText(o.name, Qt.TextElideMode.ElideRight, round(inner.width())))
        if o.is_public:
            p.drawText(inner.adjusted(0, metrics.height(), 0, 0), Qt.AlignmentFlag.AlignLeft
                       | Qt.AlignmentFlag.AlignTop, self._t("out.public_badge"))
        p.setFont(_font(10))
        at = f"@{o.rect[0]},{o.rect[1]} " if o.rect else ""
        p.drawText(rect.adjusted(6, 4, -4, -4), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                   f"{at}{o.resolution[0]}×{o.resolution[1]}")


def _font(px: int, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPixelSize(px)
    font.setBold(bold)
    return font
