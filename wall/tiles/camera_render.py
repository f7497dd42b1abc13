"""Cheap painting for camera tiles: frames scaled once per new frame, overlays cached per second.

A scaled ``drawImage`` makes Qt resample every paint on its thread pool; instead each new frame is scaled once to
exactly its on-screen size (``common.video.display``), normally already on the capture thread (``Frame.display``),
and Qt blits it 1:1. The name-and-clock bar is rendered into a pixmap only when its text or size changes (once a
second for the clock).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from common.video.display import display_size, prepare_display
from common.video.frame import Frame
from wall.tiles._style import TEXT, TextLog, draw_text, font_px

OVERLAY_BG = QColor(0, 0, 0, 170)


def fit_rect(frame_w: int, frame_h: int, area: QRect) -> QRect:
    """The largest rect with the frame's aspect ratio centred in ``area`` (letterbox), in whole pixels.

    Within 3 % of the frame's own size, or of a half, third or quarter of it, the frame is shown at exactly that
    size (a few edge pixels clipped, or a thin border): no resampling, or the exact and cheap whole-factor kind.
    """
    w, h = display_size(frame_w, frame_h, area.width(), area.height())
    return QRect(area.x() + (area.width() - w) // 2, area.y() + (area.height() - h) // 2, w, h)


@dataclass
class DisplayImage:
    """The newest frame as a 32-bit image of exactly its on-screen size (keeps its pixel buffer alive)."""

    seq: int = -1
    size: tuple[int, int] = (0, 0)
    pixels: npt.NDArray[np.uint8] | None = None
    image: QImage | None = None
    prepared_hits: int = 0
    """Frames shown from ``Frame.display`` (prepared on the capture thread) rather than scaled here."""

    def update(self, frame: Frame, size: tuple[int, int]) -> QImage:
        """The image of ``frame`` at ``size`` (width, height): the capture thread's when it fits, else scaled
        here (once). Plain tuples, not QSize: this runs for every painted frame, and each Qt call costs."""
        if self.image is not None and frame.seq == self.seq and size == self.size:
            return self.image
        pixels: npt.NDArray[np.uint8]
        if frame.display is not None and frame.display_size() == size:
            pixels = frame.display
            self.prepared_hits += 1
        else:
            # 32-bit BGRX is Qt's native layout: Qt then blits 1:1 without converting (measured cheaper than
            # letting Qt convert BGR888 at every paint, which it does on its thread pool for large images).
            pixels = prepare_display(frame.image, size)
        self.pixels, self.seq, self.size = pixels, frame.seq, size
        self.image = QImage(pixels.data, size[0], size[1], pixels.strides[0], QImage.Format.Format_RGB32)
        return self.image


@dataclass
class OverlayBar:
    """The top bar of a camera tile (name on the left, clock on the right), rendered into a cached pixmap."""

    key: tuple[object, ...] = ()
    pixmap: QPixmap | None = None
    log: TextLog = field(default_factory=TextLog)

    def render(self, width: int, size_px: int, min_px: int, name: str, clock: str) -> QPixmap:
        """The bar for these texts and sizes (re-rendered only when one of them changed)."""
        key = (width, size_px, min_px, name, clock)
        if self.pixmap is not None and key == self.key:
            return self.pixmap
        bar_h = round(size_px * 1.5)
        pixmap = QPixmap(max(1, width), max(1, bar_h))
        pixmap.fill(Qt.GlobalColor.transparent)
        self.log.clear()
        painter = QPainter(pixmap)
        try:
            self._paint(painter, width, bar_h, size_px, min_px, name, clock)
        finally:
            painter.end()
        self.key, self.pixmap = key, pixmap
        return pixmap

    def _paint(self, painter: QPainter, width: int, bar_h: int, size: int, min_px: int, name: str,
               clock: str) -> None:
        font = font_px(min_px, size, bold=True)
        pad = size * 0.4
        painter.setFont(font)
        clock_w = painter.fontMetrics().horizontalAdvance(clock) + 2 * pad + 4
        painter.fillRect(QRectF(width - clock_w, 0, clock_w, bar_h), OVERLAY_BG)
        draw_text(painter, QRectF(width - clock_w + pad, 0, clock_w - 2 * pad, bar_h),
                  Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, clock, font, TEXT, self.log)
        if not name:
            return
        room = width - clock_w - pad
        name_w = min(room, painter.fontMetrics().horizontalAdvance(name) + 2 * pad + 4)
        if name_w < size * 2:
            return
        elided = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, int(name_w - 2 * pad))
        painter.fillRect(QRectF(0, 0, name_w, bar_h), OVERLAY_BG)
        draw_text(painter, QRectF(pad, 0, name_w - 2 * pad, bar_h),
                  Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided, font, TEXT, self.log)
