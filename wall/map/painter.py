"""QPainter drawing of the complaint map's layers: polygons, labels, points and the legend.

These run only when a cached layer is rebuilt (resize, new data, new view), never per frame.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from common.queries.snapshots import KelurahanCount, ReportPoint
from wall.map.basemap import BasemapTileLoader, tile_bounds, tiles_covering, zoom_for
from wall.map.geometry import AreaGeometry, MapGeometry
from wall.map.projection import MapProjection
from wall.map.style import FOCUS, OUTLINE_KECAMATAN, OUTLINE_KELURAHAN, FillClass, fill_color, point_style
from wall.tiles._style import TEXT, TEXT_MUTED, TextLog, draw_halo_text, draw_shape

HALO = QColor(0, 0, 0, 220)


def area_path(area: AreaGeometry, proj: MapProjection) -> QPainterPath:
    """The projected outline of an area (exterior rings and holes, odd-even filled)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in area.rings:
        pts = proj.array(ring)
        path.addPolygon(QPolygonF([QPointF(float(x), float(y)) for x, y in pts]))
        path.closeSubpath()
    return path


def paint_basemap(painter: QPainter, loader: BasemapTileLoader, proj: MapProjection, rect: QRectF) -> None:
    """Draw the loaded basemap tiles covering ``rect``; missing ones are requested and drawn on a later pass."""
    source = loader.source
    z = zoom_for(proj.scale * proj.k, source.min_zoom, source.max_zoom)
    for key in tiles_covering(proj.visible_bounds(rect), z):
        pixmap = loader.pixmap(key)
        if pixmap is None:
            continue
        west, south, east, north = tile_bounds(*key)
        target = QRectF(proj.point(west, north), proj.point(east, south))
        painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))


def paint_areas(
    painter: QPainter,
    geometry: MapGeometry,
    proj: MapProjection,
    counts: Mapping[str, KelurahanCount],
    classes: tuple[FillClass, ...],
    fill_alpha: float,
    line_px: float,
) -> None:
    """Fill the kelurahan by open count, outline them thinly and the kecamatan thickly."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for kel in geometry.kelurahan:
        count = counts.get(kel.kode)
        color = QColor(fill_color(classes, count.open if count else 0))
        color.setAlphaF(fill_alpha)
        painter.setBrush(QBrush(color))
        painter.setPen(QPen(OUTLINE_KELURAHAN, max(1.0, line_px * 0.5)))
        painter.drawPath(area_path(kel, proj))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(
        QPen(
            OUTLINE_KECAMATAN,
            line_px * 1.6,
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
    )
    for kec in geometry.kecamatan:
        painter.drawPath(area_path(kec, proj))


def paint_focus(painter: QPainter, area: AreaGeometry, proj: MapProjection, line_px: float) -> None:
    """Mark the kelurahan an alarm is about: a steady (never flashing) thick yellow outline."""
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor(0, 0, 0), line_px * 4.5))
    painter.drawPath(area_path(area, proj))
    painter.setPen(QPen(FOCUS, line_px * 2.6))
    painter.drawPath(area_path(area, proj))


def _label_rect(metrics: QFontMetricsF, text: str, at: QPointF) -> QRectF:
    width = metrics.horizontalAdvance(text)
    return QRectF(
        at.x() - width / 2, at.y() - metrics.ascent() / 2 - metrics.descent(), width, metrics.height()
    )


LabelJob = tuple[str, QPointF, QFont, QColor]


def _kecamatan_labels(
    geometry: MapGeometry, proj: MapProjection, bounds: QRectF, font: QFont, placed: list[QRectF]
) -> list[LabelJob]:
    """Every kecamatan name that fits: at its label point, else a line below or above (inside the area)."""
    metrics = QFontMetricsF(font)
    jobs: list[LabelJob] = []
    for kec in sorted(geometry.kecamatan, key=lambda a: -a.area):
        text = kec.nama.upper()
        outline = area_path(kec, proj)
        anchor = proj.point(*kec.label_point)
        for step in (0, 1, -1, 2, -2):
            at = QPointF(anchor.x(), anchor.y() + step * metrics.height())
            rect = _label_rect(metrics, text, at)
            if outline.contains(at) and bounds.contains(rect) and not any(rect.intersects(p) for p in placed):
                placed.append(rect.adjusted(-4, -2, 4, 2))
                jobs.append((text, at, font, TEXT))
                break
    return jobs


def _kelurahan_labels(
    geometry: MapGeometry, proj: MapProjection, bounds: QRectF, font: QFont, placed: list[QRectF]
) -> list[LabelJob]:
    """Kelurahan names, largest areas first, only where the name fits the area and overlaps nothing."""
    metrics = QFontMetricsF(font)
    jobs: list[LabelJob] = []
    for kel in sorted(geometry.kelurahan, key=lambda a: -a.area):
        at = proj.point(*kel.label_point)
        rect = _label_rect(metrics, kel.nama, at)
        box = area_path(kel, proj).boundingRect()
        fits = rect.width() <= box.width() * 1.15 and rect.height() <= box.height()
        if fits and bounds.contains(rect) and not any(rect.intersects(p) for p in placed):
            placed.append(rect.adjusted(-6, -3, 6, 3))
            jobs.append((kel.nama, at, font, TEXT_MUTED))
    return jobs


def paint_labels(
    painter: QPainter,
    geometry: MapGeometry,
    proj: MapProjection,
    bounds: QRectF,
    fonts: tuple[QFont, QFont | None],
    log: TextLog,
) -> None:
    """Kecamatan names (large) always; kelurahan names only where they fit their area and overlap nothing."""
    kec_font, kel_font = fonts
    placed: list[QRectF] = []
    jobs = _kecamatan_labels(geometry, proj, bounds, kec_font, placed)
    if kel_font is not None:
        jobs += _kelurahan_labels(geometry, proj, bounds, kel_font, placed)
    for text, at, font, color in jobs:
        metrics = QFontMetricsF(font)
        origin = QPointF(
            at.x() - metrics.horizontalAdvance(text) / 2,
            at.y() + metrics.ascent() / 2 - metrics.descent() / 2,
        )
        draw_halo_text(painter, origin, text, font, color, HALO, log)


def paint_points(
    painter: QPainter, points: Iterable[ReportPoint], proj: MapProjection, color_by: str, radius: float
) -> None:
    """Draw report points oldest first (newest on top); centroid-placed reports as one hollow ring per place."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    exact = [p for p in points if not p.at_centroid]
    at_centroid = Counter((p.lng, p.lat, point_style(p, color_by).key) for p in points if p.at_centroid)
    styles = {point_style(p, color_by).key: point_style(p, color_by) for p in points}
    for (lng, lat, key), n in sorted(at_centroid.items()):
        style = styles[key]
        ring = radius * (1.2 + min(n, 25) ** 0.5 * 0.35)
        painter.setBrush(QBrush(QColor(0, 0, 0, 90)))
        painter.setPen(QPen(QColor(0, 0, 0), radius * 0.75))
        painter.drawEllipse(proj.point(lng, lat), ring, ring)
        painter.setPen(QPen(style.color, radius * 0.45))
        painter.drawEllipse(proj.point(lng, lat), ring, ring)
    for point in reversed(exact):
        style = point_style(point, color_by)
        draw_shape(painter, style.shape, proj.point(point.lng, point.lat), radius, style.color)
