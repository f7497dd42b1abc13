"""The complaint map tile: kelurahan filled by open complaints, kecamatan outlines, recent reports as points.

Settings: ``color_by`` ("status" | "category"), ``days`` (points received in the last N days, at most the
service's window), ``focus`` (a kelurahan code the alarm centres on), ``zoom`` (with ``focus``), ``title``,
``labels`` (``auto`` | ``none``), ``basemap_url`` / ``basemap_mbtiles`` / ``tile_cache_dir`` (override the
``config.wall`` values; empty: no basemap, the map works offline).

Points are thinned to the most urgent one per few marker widths (``wall.map.thinning``): a busy week stays a
readable pattern instead of a blot; the fills and totals still count every report.

Static layers (basemap, fills, outlines, labels, legend) and the points are pre-rendered into pixmaps that are
rebuilt only on resize, new data or a new view; a paint blits them and draws the timestamp.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QWidget

from common.queries.snapshots import KelurahanCounts, ReportPoint, ReportPoints
from wall.data.kinds import SnapshotKind, points_kind
from wall.map.basemap import BasemapTileLoader, MbtilesSource, TileSource, XyzTileSource
from wall.map.geometry import AreaGeometry, MapGeometry
from wall.map.legend import (
    LegendItem,
    LegendLayout,
    column_layout,
    legend_items,
    paint_legend,
    panel_layout,
    strip_layout,
    symbol_items,
    totals_text,
)
from wall.map.painter import area_path, paint_areas, paint_basemap, paint_focus, paint_labels, paint_points
from wall.map.projection import MapProjection
from wall.map.style import GROUP_STYLES, STATUS_STYLES, FillClass, PointStyle, fill_classes, point_style
from wall.map.thinning import fresh_until, thin_for_view
from wall.tiles._dashboard_base import DashboardTileWidget
from wall.tiles._style import BACKGROUND, TextLog, draw_title_row
from wall.tiles.base import TileContext
from wall.timefmt import hhmmss

_IN_PLACE = frozenset({"color_by", "days", "focus", "zoom", "title", "labels"})
DEFAULT_FOCUS_ZOOM = 2.5


class ComplaintMapTileWidget(DashboardTileWidget):
    """Kelurahan choropleth of open complaints with recent report points, legend and live timestamp."""

    kind = "map"
    label_key = "tile.map"
    kinds: ClassVar[tuple[str, ...]] = (SnapshotKind.MAP_GEOMETRY, SnapshotKind.KELURAHAN_COUNTS)

    def __init__(self, settings: Mapping[str, Any], ctx: TileContext, parent: QWidget | None = None) -> None:
        self._base: QPixmap | None = None
        self._points_layer: QPixmap | None = None
        self._fresh_until: datetime | None = None
        """When the points layer must be redrawn although its points did not change (see ``fresh_until``)."""
        self._layers_size: tuple[int, int] | None = None
        self._points: tuple[ReportPoint, ...] = ()
        self._own_executor: cf.ThreadPoolExecutor | None = None
        self._basemap: BasemapTileLoader | None = None
        self._basemap_timer: QTimer | None = None
        self._overlay: QPixmap | None = None
        self._overlay_log = TextLog()  # the strings drawn into the cached overlay layer
        self.points_drawn = 0
        """How many of the points survived thinning in the last points layer (tests, diagnostics)."""
        super().__init__(settings, ctx, parent)
        self._basemap = self._make_basemap()
        self._take_points()

    # -- settings and view -------------------------------------------------------------------------------

    @property
    def color_by(self) -> str:
        """``status`` or ``category``."""
        return "category" if self._settings.get("color_by") == "category" else "status"

    @property
    def days(self) -> int:
        """Points received in the last ``days`` days are shown."""
        return max(1, min(int(self._settings.get("days", 7) or 7), 90))

    @property
    def points_kind(self) -> str:
        """The snapshot kind of this tile's points (the service computes one per distinct ``days``)."""
        return points_kind(self.days)

    def needed_kinds(self) -> tuple[str, ...]:
        """Geometry, counts and the points of the configured number of days."""
        return (*self.kinds, self.points_kind)

    def apply_settings(self, settings: Mapping[str, Any]) -> bool:
        """View and styling settings apply in place; a basemap change needs a new tile."""
        changed = {k for k in set(settings) | set(self._settings) if settings.get(k) != self._settings.get(k)}
        if not changed <= _IN_PLACE:
            return False
        active = self._active
        self.set_active(False)  # unsubscribes the old points kind when ``days`` changes
        self._settings = dict(settings)
        self.set_active(active)
        self._take_points()
        self._invalidate(base=True, points=True)
        return True

    def centre_on(self, kelurahan_kode: str | None, zoom: float = DEFAULT_FOCUS_ZOOM) -> None:
        """Centre the map on a kelurahan and mark it (the wall's alarm); ``None`` shows the whole city."""
        if kelurahan_kode:
            self._settings.update(focus=kelurahan_kode, zoom=float(zoom))
        else:
            self._settings.pop("focus", None)
            self._settings.pop("zoom", None)
        self._invalidate(base=True, points=True)

    def tile_title(self) -> str:
        """The configured title or the default one."""
        return str(self._settings.get("title") or self.ctx.texts.t("map.title"))

    # -- data --------------------------------------------------------------------------------------------

    def snapshot_changed(self, kind: str, snapshot: object, changed: bool) -> None:
        """Rebuild only the layer the snapshot feeds; the timestamp repaints on every snapshot."""
        if changed and kind == self.points_kind:
            self._take_points()
            self._invalidate(points=True)
        elif kind == self.points_kind and self._fresh_ends_before(snapshot):
            self._invalidate(points=True)  # the same points, but a fresh one has aged: the thinning may differ
        elif changed:
            self._invalidate(base=True, points=kind == SnapshotKind.MAP_GEOMETRY)
        self.update()

    def _fresh_ends_before(self, snapshot: object) -> bool:
        return (isinstance(snapshot, ReportPoints) and self._fresh_until is not None
                and snapshot.generated_at >= self._fresh_until)

    def _take_points(self) -> None:
        snap = self.snapshot(self.points_kind)
        self._points = snap.points if isinstance(snap, ReportPoints) else ()

    def _invalidate(self, *, base: bool = False, points: bool = False) -> None:
        if base:
            self._base = None
            self._overlay = None
        if points:
            self._points_layer = None
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new size needs new layers (Qt also repeats the same size, e.g. at each grab of a hidden tile)."""
        size = (event.size().width(), event.size().height())
        if size != self._layers_size:
            self._layers_size = size
            self._invalidate(base=True, points=True)
        super().resizeEvent(event)

    # -- layout ------------------------------------------------------------------------------------------

    def _title_height(self) -> float:
        return self.scaled_font(0.045, bold=True).pixelSize() * 1.6

    def _legend_font_px(self) -> float:
        return self.height() * 0.028

    def _layout(self) -> tuple[QRectF, LegendLayout, QPointF]:
        """(map rect, legend layout, legend origin): the arrangement that draws the city largest.

        Candidates, the fuller ones preferred at equal size: the full legend beside or under the map, the compact
        one (a colour ramp, no headings), and in small tiles a narrow column on the right or a single row at the
        bottom holding only what fits (ramp, point symbols, totals). A legend that does not fit the tile is never
        chosen.
        """
        content = QRectF(self.rect()).adjusted(0, self._title_height(), 0, 0)
        font = self.make_font(self._legend_font_px())
        pad = max(8.0, self.height() * 0.012)
        candidates: list[tuple[float, LegendLayout, str]] = []
        for compact, weight in ((False, 1.0), (True, 0.8)):
            items = self._legend_items(compact)
            candidates.append((weight, panel_layout(items, font, content.height() - 2 * pad), "side"))
            candidates.append((weight, strip_layout(items, font, content.width() - 2 * pad), "under"))
        for items in self._small_legends():
            candidates.append((0.7, column_layout(items, font), "side"))
            candidates.append((0.7, column_layout(items, font, row=True), "under"))
        best: tuple[float, QRectF, LegendLayout, QPointF] | None = None
        for weight, legend, where in candidates:
            if legend.width > content.width() - 2 * pad or legend.height > content.height() - 2 * pad:
                continue  # the legend itself would be clipped
            if where == "side":
                rect = content.adjusted(pad, pad, -legend.width - 2 * pad, -pad)
                origin = QPointF(content.right() - legend.width - pad, content.top() + pad)
            else:
                rect = content.adjusted(pad, pad, -pad, -legend.height - 2 * pad)
                origin = QPointF(content.left() + pad, content.bottom() - legend.height - pad)
            score = self._map_scale(rect) * weight
            if best is None or score > best[0]:
                best = (score, rect, legend, origin)
        if best is None:  # nothing fits (a sliver of a tile): the map alone
            return content.adjusted(pad, pad, -pad, -pad), LegendLayout((), 0.0, 0.0), content.topLeft()
        return best[1], best[2], best[3]

    def _map_scale(self, rect: QRectF) -> float:
        """How large the city is drawn in ``rect`` (pixels per degree)."""
        geometry = self.snapshot(SnapshotKind.MAP_GEOMETRY)
        if not isinstance(geometry, MapGeometry) or rect.width() <= 0 or rect.height() <= 0:
            return 0.0
        return MapProjection.fit(geometry.bounds, rect).scale

    def _projection(self, geometry: MapGeometry, rect: QRectF) -> MapProjection:
        focus = self._settings.get("focus")
        area = geometry.kelurahan_by_kode(str(focus)) if focus else None
        if area is None:
            return MapProjection.fit(geometry.bounds, rect)
        zoom = float(self._settings.get("zoom", DEFAULT_FOCUS_ZOOM) or DEFAULT_FOCUS_ZOOM)
        return MapProjection.fit(geometry.bounds, rect, zoom=zoom, center=area.centroid)

    def _classes_styles_totals(self) -> tuple[tuple[FillClass, ...], tuple[PointStyle, ...], tuple[int, int]]:
        counts = self.snapshot(SnapshotKind.KELURAHAN_COUNTS)
        by_kode = counts.by_kode() if isinstance(counts, KelurahanCounts) else {}
        classes = fill_classes(max((c.open for c in by_kode.values()), default=0))
        if self.color_by == "category":
            present = {point_style(p, "category").key for p in self._points}
            styles = tuple(s for s in GROUP_STYLES if s.key in present) or GROUP_STYLES[:1]
        else:
            styles = STATUS_STYLES
        totals = (counts.total_open, counts.total_overdue) if isinstance(counts, KelurahanCounts) else (0, 0)
        return classes, styles, totals

    def _legend_items(self, compact: bool) -> list[LegendItem]:
        classes, styles, totals = self._classes_styles_totals()
        return legend_items(classes, styles, self.days, totals, self.ctx.texts, compact)

    def _small_legends(self) -> list[list[LegendItem]]:
        """The legends of small tiles, fullest first: ramp, point symbols and totals; ramp and totals; totals."""
        classes, styles, (open_, late) = self._classes_styles_totals()
        texts = self.ctx.texts
        ramp = LegendItem("ramp", f"0–{texts.number(classes[-1].high)}", ramp=tuple(c.color for c in classes))
        totals = [
            LegendItem("total", texts.t("map.legend.open", open=texts.number(open_))),
            LegendItem("total", texts.t("map.legend.late", late=texts.number(late))),
        ]
        one_line = [LegendItem("total", totals_text((open_, late), texts))]
        symbols = symbol_items(styles, texts)
        return [[ramp, *symbols, *totals], [ramp, *one_line], [ramp, *totals], one_line, totals]

    def _label_geometry(self, geometry: MapGeometry, proj: MapProjection, kec_font: QFont) -> MapGeometry:
        """The geometry whose kecamatan get a name: only names that fit their kecamatan, and together cover at
        most a sixth of the city, so that in a small tile the names never swamp the areas (fewer, not smaller)."""
        metrics = QFontMetricsF(kec_font)
        city = QRectF(
            proj.point(geometry.bounds[0], geometry.bounds[3]),
            proj.point(geometry.bounds[2], geometry.bounds[1]),
        )
        budget = abs(city.width() * city.height()) / 6
        kept: list[AreaGeometry] = []
        for kec in sorted(geometry.kecamatan, key=lambda a: -a.area):
            box = area_path(kec, proj).boundingRect()
            width, height = metrics.horizontalAdvance(kec.nama.upper()), metrics.height()
            if width > box.width() or height > box.height() * 0.5 or width * height > budget:
                continue
            budget -= width * height
            kept.append(kec)
        return dataclasses.replace(geometry, kecamatan=tuple(kept))

    # -- layers ------------------------------------------------------------------------------------------

    def _new_layer(self, fill: bool) -> QPixmap:
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(BACKGROUND if fill else Qt.GlobalColor.transparent)
        return pixmap

    def _render_base(self, geometry: MapGeometry) -> QPixmap:
        """Basemap, kelurahan fills and outlines, kecamatan outlines and the alarm focus."""
        pixmap = self._new_layer(fill=True)
        map_rect, _, _ = self._layout()
        proj = self._projection(geometry, map_rect)
        counts = self.snapshot(SnapshotKind.KELURAHAN_COUNTS)
        by_kode = counts.by_kode() if isinstance(counts, KelurahanCounts) else {}
        line_px = max(1.5, self.height() / 500)
        painter = QPainter(pixmap)
        try:
            painter.setClipRect(map_rect.adjusted(-2, -2, 2, 2))
            if self._basemap is not None:
                paint_basemap(painter, self._basemap, proj, map_rect)
            classes = fill_classes(max((c.open for c in by_kode.values()), default=0))
            paint_areas(painter, geometry, proj, by_kode, classes, 0.6 if self._basemap else 1.0, line_px)
            focus = geometry.kelurahan_by_kode(str(self._settings.get("focus", "")))
            if focus is not None:
                paint_focus(painter, focus, proj, line_px)
        finally:
            painter.end()
        return pixmap

    def _render_points(self, geometry: MapGeometry) -> QPixmap:
        """The report points (their own layer: they change more often than the areas)."""
        pixmap = self._new_layer(fill=False)
        map_rect, _, _ = self._layout()
        painter = QPainter(pixmap)
        try:
            painter.setClipRect(map_rect)
            radius = max(6.0, map_rect.height() / 85)
            proj = self._projection(geometry, map_rect)
            snap = self.snapshot(self.points_kind)  # ``self._points`` are its points; its time is "now"
            points: tuple[ReportPoint, ...] = ()
            self._fresh_until = None
            if isinstance(snap, ReportPoints):
                points = thin_for_view(self._points, proj, map_rect, radius, snap.generated_at)
                self._fresh_until = fresh_until(self._points, snap.generated_at)
            self.points_drawn = len(points)
            paint_points(painter, points, proj, self.color_by, radius)
        finally:
            painter.end()
        return pixmap

    def _render_overlay(self, geometry: MapGeometry) -> QPixmap:
        """Labels above the points, and the legend."""
        self._overlay_log.clear()
        pixmap = self._new_layer(fill=False)
        map_rect, legend, origin = self._layout()
        painter = QPainter(pixmap)
        try:
            painter.setClipRect(map_rect)
            kec_font = self.make_font(map_rect.height() * 0.045, bold=True)
            kel_font = self.make_font(map_rect.height() * 0.024)
            show_kel = self._settings.get("labels", "auto") != "none"
            fonts = (kec_font, kel_font if show_kel else None)
            proj = self._projection(geometry, map_rect)
            labelled = self._label_geometry(geometry, proj, kec_font)
            if 2 * len(labelled.kecamatan) < len(geometry.kecamatan):
                fonts = (kec_font, None)  # too small a map for names: no stray kelurahan names either
            paint_labels(painter, labelled, proj, map_rect, fonts, self._overlay_log)
            painter.setClipping(False)
            if legend.placed:
                paint_legend(
                    painter, legend, origin, self.make_font(self._legend_font_px()), self._overlay_log
                )
        finally:
            painter.end()
        return pixmap

    # -- painting ----------------------------------------------------------------------------------------

    def paint_content(self, painter: QPainter) -> None:
        """Blit the cached layers (rebuilding a missing one) and draw the title and timestamp."""
        geometry = self.snapshot(SnapshotKind.MAP_GEOMETRY)
        assert isinstance(geometry, MapGeometry)
        if self._base is None:
            self._base = self._render_base(geometry)
        if self._points_layer is None:
            self._points_layer = self._render_points(geometry)
        if self._overlay is None:
            self._overlay = self._render_overlay(geometry)
        painter.drawPixmap(0, 0, self._base)
        painter.drawPixmap(0, 0, self._points_layer)
        painter.drawPixmap(0, 0, self._overlay)
        self._text_log.entries.extend(self._overlay_log.entries)
        self._paint_title(painter)

    def city_rect(self) -> QRectF:
        """Where the whole city is drawn in the current layout (tests: the map fills a small tile)."""
        geometry = self.snapshot(SnapshotKind.MAP_GEOMETRY)
        if not isinstance(geometry, MapGeometry):
            return QRectF()
        proj = self._projection(geometry, self._layout()[0])
        west, south, east, north = geometry.bounds
        return QRectF(proj.point(west, north), proj.point(east, south)).normalized()

    def legend_rect(self) -> QRectF:
        """Where the legend panel is drawn in the current layout (tests)."""
        _, legend, origin = self._layout()
        return QRectF(origin.x(), origin.y(), legend.width, legend.height)

    def _paint_title(self, painter: QPainter) -> None:
        height = self._title_height()
        rect = QRectF(0, 0, self.width(), height).adjusted(height * 0.3, 0, -height * 0.3, 0)
        painter.fillRect(QRectF(0, 0, self.width(), height), BACKGROUND)
        points = self.snapshot(self.points_kind)
        stamp = hhmmss(points.generated_at) if isinstance(points, ReportPoints) else ""
        candidates = [self.ctx.texts.t("map.updated", time=stamp), stamp] if stamp else []
        self.last_title_row = draw_title_row(
            painter,
            rect,
            self.tile_title(),
            self.scaled_font(0.045, bold=True),
            candidates,
            self.scaled_font(0.032),
            self._text_log,
        )

    # -- basemap -----------------------------------------------------------------------------------------

    def _basemap_source(self) -> TileSource | None:
        config = self.ctx.services.get("config")
        wall = getattr(config, "wall", None)
        url = str(self._settings.get("basemap_url") or getattr(wall, "basemap_url", "") or "")
        mbtiles = str(self._settings.get("basemap_mbtiles") or getattr(wall, "basemap_mbtiles", "") or "")
        if mbtiles:
            return MbtilesSource(Path(mbtiles))
        if url:
            cache = str(self._settings.get("tile_cache_dir") or getattr(wall, "tile_cache_dir", "") or "")
            if not cache and config is not None and hasattr(config, "data_path"):
                cache = str(config.data_path() / "tile-cache")
            return XyzTileSource(url, Path(cache) if cache else None)
        return None

    def _make_basemap(self) -> BasemapTileLoader | None:
        source = self._basemap_source()
        if source is None:
            return None
        service = self.ctx.services.get("dashboard")
        executor = getattr(service, "executor", None)
        if executor is None:
            self._own_executor = cf.ThreadPoolExecutor(2, thread_name_prefix="basemap")
            executor = self._own_executor
        loader = BasemapTileLoader(source, executor, parent=self)
        self._basemap_timer = QTimer(self)
        self._basemap_timer.setSingleShot(True)
        self._basemap_timer.setInterval(150)
        self._basemap_timer.timeout.connect(self._on_basemap_timer_timeout)
        loader.tiles_loaded.connect(self._on_basemap_tiles_loaded)
        return loader

    def _on_basemap_tiles_loaded(self) -> None:
        if self._basemap_timer is not None and not self._basemap_timer.isActive():
            self._basemap_timer.start()  # batch a burst of arriving tiles into one rebuild

    def _on_basemap_timer_timeout(self) -> None:
        self._invalidate(base=True)

    def shutdown(self) -> None:
        """Stop basemap loading and unsubscribe."""
        super().shutdown()
        if self._basemap is not None:
            self._basemap.close()
        if self._own_executor is not None:
            self._own_executor.shutdown(wait=True, cancel_futures=True)
