"""QR codes on screen: drawn module by module (dark on white, with the quiet zone), from segno."""

from __future__ import annotations

import segno
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap

_QUIET = 4


def qr_pixmap(text: str, size: int) -> QPixmap:
    """A square pixmap of at most ``size`` pixels with the QR code of ``text`` (whole pixels per module)."""
    code = segno.make(text, error="m", micro=False)  # phones do not read Micro QR
    matrix = code.matrix
    modules = len(matrix) + 2 * _QUIET
    scale = max(1, size // modules)
    side = modules * scale
    pixmap = QPixmap(side, side)
    pixmap.fill(QColor("#FFFFFF"))
    painter = QPainter(pixmap)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#000000"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(QRect((x + _QUIET) * scale, (y + _QUIET) * scale, scale, scale))
    painter.end()
    return pixmap
