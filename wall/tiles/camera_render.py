"""Cheap painting for camera tiles: frames scaled once per new frame, overlays cached per second.

A scaled ``drawImage`` makes Qt resample every paint on its thread pool; instead each new frame is scaled once to
exactly its on-screen size (``common.video.display``), normally already on the capture thread (``Frame.displays``),
and Qt blits it 1:1. The name box is rendered into a pixmap only when the name or size changes; the clock box once a
second for all tiles together (:class:`ClockFaces`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter, QPixmap

from common.video.display import display_size, prepare_display
from common.video.frame import Frame
from wall.tiles._style import TEXT, TextLog, draw_text, font_px

OVERLAY_BG = QColor(0, 0, 0, 225)
"""Nearly opaque: the bar covers the camera's own burnt-in text (date, name), which would otherwise show as a ghost
behind ours; a hint of the picture still shows that the bar lies over video."""


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
    """Frames shown from ``Frame.displays`` (prepared on the capture thread) rather than scaled here."""

    def update(self, frame: Frame, size: tuple[int, int]) -> QImage:
        """The image of ``frame`` at ``size`` (width, height): the capture thread's when it fits, else scaled
        here (once). Plain tuples, not QSize: this runs for every painted frame, and each Qt call costs."""
        if self.image is not None and frame.seq == self.seq and size == self.size:
            return self.image
        prepared = frame.display_for(size)
        if prepared is not None:
            pixels = prepared
            self.prepared_hits += 1
        else:
            # 32-bit BGRX is Qt's native layout: Qt then blits 1:1 without converting (measured cheaper than
            # letting Qt convert BGR888 at every paint, which it does on its thread pool for large images).
            pixels = prepare_display(frame.image, size)
        self.pixels, self.seq, self.size = pixels, frame.seq, size
        self.image = QImage(pixels.data, size[0], size[1], pixels.strides[0], QImage.Format.Format_RGB32)
        return self.image


def _box(width: float, height: int) -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(max(1, round(width)), max(1, height))
    pixmap.fill(OVERLAY_BG)
    return pixmap, QPainter(pixmap)


class ClockFaces:
    """The clock boxes of camera tiles, rendered once per second and size and shared by every tile of a wall.

    Each tile used to render its own bar every second (a text layout and a pixmap): 32 renders a second at
    32 tiles, on the GUI thread. Pass one instance to all tiles (``TileContext.services["clock_faces"]``);
    a tile without one makes its own.
    """

    TEMPLATE = "00:00:00"
    """Boxes are as wide as this text (plus padding), so a name box next to them never moves with the digits."""

    def __init__(self) -> None:
        self._clock = ""
        self._faces: dict[tuple[int, int], tuple[QPixmap, list[tuple[str, int]]]] = {}
        self._widths: dict[tuple[int, int], float] = {}

    def width(self, size_px: int, min_px: int) -> float:
        """Width of the clock box for this font size."""
        key = (size_px, min_px)
        if key not in self._widths:
            metrics = QFontMetrics(font_px(min_px, size_px, bold=True))
            self._widths[key] = metrics.horizontalAdvance(self.TEMPLATE) + 2 * size_px * 0.4 + 4
        return self._widths[key]

    def face(self, clock: str, size_px: int, min_px: int) -> tuple[QPixmap, list[tuple[str, int]]]:
        """The box showing ``clock`` and the text it drew (for ``TextLog``)."""
        if clock != self._clock:
            self._clock, self._faces = clock, {}
        key = (size_px, min_px)
        if key not in self._faces:
            log = TextLog()
            pad, font = size_px * 0.4, font_px(min_px, size_px, bold=True)
            pixmap, painter = _box(self.width(size_px, min_px), round(size_px * 1.5))
            try:
                draw_text(painter, QRectF(pad, 0, pixmap.width() - 2 * pad, pixmap.height()),
                          Qt.AlignmentFlag.AlignCenter, clock, font, TEXT, log)
            finally:
                painter.end()
            self._faces[key] = pixmap, log.entries
        return self._faces[key]


@dataclass
class OverlayBar:
    """The top bar of a camera tile: the name box on the left (rendered when the name or size changes), reaching
    the clock box on the right (shared, see :class:`ClockFaces`)."""

    faces: ClockFaces = field(default_factory=ClockFaces)
    key: tuple[object, ...] = ()
    name_box: QPixmap | None = None
    log: TextLog = field(default_factory=TextLog)
    _name_entries: list[tuple[str, int]] = field(default_factory=list)

    def paint(self, painter: QPainter, width: int, size_px: int, min_px: int, name: str, clock: str) -> None:
        """Draw the bar at the top of a ``width`` pixels wide tile; ``log`` then holds the texts drawn."""
        key = (width, size_px, min_px, name)
        if key != self.key:
            self.key, self.name_box, self._name_entries = key, *self._render_name(width, size_px, min_px, name)
        clock_box, clock_entries = self.faces.face(clock, size_px, min_px)
        if self.name_box is not None:
            painter.drawPixmap(0, 0, self.name_box)
        painter.drawPixmap(width - clock_box.width(), 0, clock_box)
        self.log.entries[:] = self._name_entries + clock_entries

    def _render_name(self, width: int, size: int, min_px: int, name: str
                     ) -> tuple[QPixmap | None, list[tuple[str, int]]]:
        if not name:
            return None, []
        font, pad = font_px(min_px, size, bold=True), size * 0.4
        metrics = QFontMetrics(font)
        # The box reaches the clock box: one unbroken band, so a camera's own burnt-in text (its date, its
        # name) cannot peek out in pieces between our two boxes.
        name_w = width - self.faces.width(size, min_px)
        if name_w < 1:
            return None, []
        if name_w < size * 2:  # no room for a readable name: the band stays whole, without text
            pixmap, painter = _box(name_w, round(size * 1.5))
            painter.end()
            return pixmap, []
        elided = metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(name_w - 2 * pad))
        log = TextLog()
        pixmap, painter = _box(name_w, round(size * 1.5))
        try:
            draw_text(painter, QRectF(pad, 0, name_w - 2 * pad, pixmap.height()),
                      Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided, font, TEXT, log)
        finally:
            painter.end()
        return pixmap, log.entries
