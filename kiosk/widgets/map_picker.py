"""A tap-to-choose map of the kelurahan of Kota Serang (boundaries from ``assets/data/kota-serang``).

It opens zoomed around the kiosk's own kelurahan (neighbours visible, names written on the map). A tap inside
a kelurahan selects it and drops a pin at that point, which becomes the report's latitude/longitude.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from common.reference.loader import KelurahanRecord
from kiosk.ui import UiContext


@dataclass(frozen=True, slots=True)
class _Area:
    code: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # outer rings, (lng, lat)
    centroid: tuple[float, float]


def _outer_rings(geometry: dict[str, Any]) -> tuple[tuple[tuple[float, float], ...], ...]:
    coords = geometry.get("coordinates", [])
    polygons = coords if geometry.get("type") == "MultiPolygon" else [coords]
    rings: list[tuple[tuple[float, float], ...]] = []
    for polygon in polygons:
        if polygon:
            rings.append(tuple((point[0], point[1]) for point in polygon[0]))
    return tuple(rings)


class KelurahanMapPickerWidget(QWidget):
    """Tap a kelurahan; ``location_picked(code, lat, lng)`` reports the choice."""

    location_picked = Signal(str, float, float)

    def __init__(self, ctx: UiContext, kelurahan: Sequence[KelurahanRecord], home_code: str,
                 parent: QWidget | None = None) -> None:
        """Draw ``kelurahan``; ``home_code`` is the kiosk's own kelurahan."""
        super().__init__(parent)
        self._ctx = ctx
        self._areas = [_Area(k.kode, k.nama, _outer_rings(k.geometry), (k.lng, k.lat)) for k in kelurahan]
        self._home = home_code
        self._selected = home_code
        self._pin: tuple[float, float] | None = None  # (lng, lat)
        self._zoom = "near"
        self._screen: list[tuple[_Area, list[QPolygonF]]] = []
        self._xform: tuple[float, float, float, float, float] | None = None
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        ctx.theme_changed.connect(self.update)
        ctx.language_changed.connect(self._on_ctx_language_changed)
        self._on_ctx_language_changed()

    # --- state ------------------------------------------------------------------------------------------------

    @property
    def selected(self) -> str:
        """The selected kelurahan code."""
        return self._selected

    @property
    def pin(self) -> tuple[float, float] | None:
        """The pinned (lat, lng), or None."""
        return None if self._pin is None else (self._pin[1], self._pin[0])

    def reset(self) -> None:
        """Back to the kiosk's kelurahan, no pin, zoomed in."""
        self._selected = self._home
        self._pin = None
        self.set_zoom("near")

    def set_zoom(self, zoom: str) -> None:
        """``near`` (around the kiosk's kelurahan) or ``city``."""
        self._zoom = zoom
        self._project()
        self.update()

    @property
    def zoom(self) -> str:
        """The current zoom."""
        return self._zoom

    def _on_ctx_language_changed(self, *_args: object) -> None:
        self.setAccessibleName(self._ctx.t("location.map"))

    # --- geometry ---------------------------------------------------------------------------------------------

    def _view_bounds(self) -> tuple[float, float, float, float]:
        areas = self._areas
        if self._zoom == "near":
            home = [a for a in self._areas if a.code == self._home]
            areas = home or areas
        xs = [x for a in areas for ring in a.rings for x, _ in ring]
        ys = [y for a in areas for ring in a.rings for _, y in ring]
        if not xs:
            return 106.066, -6.219, 106.256, -6.015
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if self._zoom == "near":
            pad_x, pad_y = (x1 - x0) * 0.9, (y1 - y0) * 0.9
            x0, x1, y0, y1 = x0 - pad_x, x1 + pad_x, y0 - pad_y, y1 + pad_y
        return x0, y0, x1, y1

    def _transform(self) -> tuple[float, float, float, float, float]:
        """(scale_x, scale_y, offset_x, offset_y, y1): widget = (lng * sx + ox, (y1 - lat) * sy + oy); cached."""
        if self._xform is None:
            self._xform = self._compute_transform()
        return self._xform

    def _compute_transform(self) -> tuple[float, float, float, float, float]:
        x0, y0, x1, y1 = self._view_bounds()
        aspect = math.cos(math.radians((y0 + y1) / 2))
        width, height = max(1, self.width() - 16), max(1, self.height() - 16)
        scale = min(width / ((x1 - x0) * aspect), height / (y1 - y0))
        ox = 8 + (width - (x1 - x0) * aspect * scale) / 2 - x0 * aspect * scale
        oy = 8 + (height - (y1 - y0) * scale) / 2
        return aspect * scale, scale, ox, oy, y1

    def to_widget(self, lng: float, lat: float) -> QPointF:
        """Map coordinates -> widget pixel."""
        sx, sy, ox, oy, y1 = self._transform()
        return QPointF(lng * sx + ox, (y1 - lat) * sy + oy)

    def to_map(self, point: QPointF) -> tuple[float, float]:
        """Widget pixel -> (lng, lat)."""
        sx, sy, ox, oy, y1 = self._transform()
        return (point.x() - ox) / sx, y1 - (point.y() - oy) / sy

    def centroid_point(self, code: str) -> QPointF:
        """Where a kelurahan's centroid is on the widget (tests tap there)."""
        area = next(a for a in self._areas if a.code == code)
        return self.to_widget(*area.centroid)

    def _project(self) -> None:
        self._xform = None
        self._screen = [(a, [QPolygonF([self.to_widget(x, y) for x, y in ring]) for ring in a.rings])
                        for a in self._areas]

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-project on resize."""
        super().resizeEvent(event)
        self._project()

    # --- interaction ------------------------------------------------------------------------------------------

    def area_at(self, point: QPointF) -> str | None:
        """The kelurahan code under a widget point, or None."""
        for area, polygons in self._screen:
            if any(p.containsPoint(point, Qt.FillRule.OddEvenFill) for p in polygons):
                return area.code
        return None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A tap selects the kelurahan under the finger and pins the point."""
        point = event.position()
        code = self.area_at(point)
        if code is None:
            return
        lng, lat = self.to_map(point)
        self._selected, self._pin = code, (lng, lat)
        self.update()
        self.location_picked.emit(code, lat, lng)

    # --- painting ---------------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Polygons, the selection, names and the pin."""
        p = self._ctx.theme.palette
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(p.surface))
        painter.setPen(QPen(QColor(p.choice_border), 3))
        painter.drawRect(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5))
        for area, polygons in self._screen:
            selected = area.code == self._selected
            painter.setBrush(QColor(p.selected) if selected else QColor(p.choice))
            painter.setPen(QPen(QColor(p.on_selected if selected else p.choice_border), 2))
            for polygon in polygons:
                painter.drawPolygon(polygon)
        self._paint_names(painter)
        if self._pin is not None:
            size = 64
            point = self.to_widget(*self._pin)
            color = p.on_selected if self._selected else p.text
            painter.drawPixmap(int(point.x() - size / 2), int(point.y() - size), self._ctx.icons.pixmap("pin", color,
                                                                                                     size))
        painter.end()

    def _paint_names(self, painter: QPainter) -> None:
        """Names at the centroids; the selected one first, then others only where they do not overlap."""
        p = self._ctx.theme.palette
        font = QFont()
        font.setPixelSize(self._ctx.theme.px(0.7))
        font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        taken: list[QRectF] = []
        ordered = sorted(self._screen, key=lambda item: item[0].code != self._selected)
        for area, _ in ordered:
            if self._zoom == "city" and area.code != self._selected:
                continue
            point = self.to_widget(*area.centroid)
            width = metrics.horizontalAdvance(area.name) + 8
            box = QRectF(point.x() - width / 2, point.y() - metrics.height() / 2, width, metrics.height())
            if not QRectF(self.rect()).contains(box) or any(box.intersects(other) for other in taken):
                continue
            taken.append(box)
            painter.setPen(QColor(p.on_selected if area.code == self._selected else p.on_choice))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), area.name)
