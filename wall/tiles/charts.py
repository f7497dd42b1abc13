"""Daily charts (pyqtgraph) for the wall: reports per channel, and Siaga 112 calls by class.

Settings: ``chart`` = ``reports_per_channel`` (stacked bars per WIB day over 30 days, one colour per channel,
channel names in the wall's language in the legend) or ``calls112`` (real calls as bright bars in their own panel, ghost
and prank calls as muted lines below: real calls are a fraction of a percent of all calls and would vanish on a
shared axis); ``title``. Axis ticks use fonts no smaller than the output's minimum.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from common.queries.snapshots import DailySeries
from wall.data.kinds import SnapshotKind
from wall.i18n import WallTexts
from wall.tiles._dashboard_base import DashboardTileWidget
from wall.tiles._style import (
    BACKGROUND,
    GRID,
    TEXT,
    TEXT_MUTED,
    TextLog,
    draw_text,
    draw_title_row,
)
from wall.tiles.base import TileContext
from wall.timefmt import hhmmss

# (series key, key of its name in the wall's texts, colour)
CHANNEL_STYLES: tuple[tuple[str, str, str], ...] = (
    ("kiosk", "channel.kiosk", "#e69f00"),
    ("rabeg", "channel.rabeg", "#56b4e9"),
    ("ppid_web", "channel.ppid_web", "#009e73"),
    ("medsos", "channel.medsos", "#cc79a7"),
    ("call112", "channel.call112", "#d55e00"),
    ("open311", "channel.open311", "#f0e442"),
)
CALL_STYLES: tuple[tuple[str, str, str], ...] = (
    ("real", "call.real", "#f0e442"),
    ("prank", "call.prank", "#cc79a7"),
    ("ghost", "call.ghost", "#9aa3ad"),
)
CHARTS = {"reports_per_channel": SnapshotKind.REPORTS_PER_CHANNEL, "calls112": SnapshotKind.CALLS112}
TITLE_KEYS = {"reports_per_channel": "chart.title.reports_per_channel", "calls112": "chart.title.calls112"}


class _AxisItem(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph has no type information
    """An axis whose tick strings are whole numbers (or given labels) and are remembered for tests."""

    def __init__(self, orientation: str, log: dict[int, list[str]], texts: WallTexts, **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)
        self._log = log
        self._texts = texts  # numbers are written as the wall's language writes them
        #: Least distance in pixels between two value ticks (a vertical axis' labels never overlap).
        self.min_tick_spacing_px = 0.0

    def tickValues(self, low: float, high: float, size: float) -> list[tuple[float, list[float]]]:
        """Whole-number ticks (1, 2 or 5 x 10^n apart), no closer than ``min_tick_spacing_px``."""
        if self.orientation not in ("left", "right") or self.min_tick_spacing_px <= 0 or high <= low:
            return super().tickValues(low, high, size)  # type: ignore[no-any-return]
        fit = max(1, int(size // self.min_tick_spacing_px))
        raw = max(1.0, (high - low) / fit)
        magnitude = 10 ** math.floor(math.log10(raw))
        step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
        first = math.ceil(low / step) * step
        count = int((high - first) // step) + 1
        return [(float(step), [first + i * step for i in range(max(0, count))])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """Integers only (a count of 2.5 reports means nothing); fractions give no label."""
        strings = [self._texts.number(round(v)) if abs(v - round(v)) < 1e-6 else "" for v in values]
        self._log[id(self)] = [s for s in strings if s]
        return strings


class _ChartHeaderWidget(QWidget):
    """Title, timestamp and legend (swatch, name, 30-day total) drawn as plain text."""

    def __init__(self, tile: ChartTileWidget) -> None:
        super().__init__(tile)
        self._tile = weakref.ref(
            tile
        )  # no reference cycle: the tile is deleted on the GUI thread, never by GC
        self.log = TextLog()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the header from the tile's current series."""
        self.log.clear()
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), BACKGROUND)
            tile = self._tile()
            if tile is not None:
                tile.paint_header(painter, QRectF(self.rect()), self.log)
        finally:
            painter.end()


class ChartTileWidget(DashboardTileWidget):
    """A 30-day daily chart: reports per channel (stacked bars) or Siaga 112 calls by class (real highlighted)."""

    kind = "chart"
    label_key = "tile.chart"
    kinds: ClassVar[tuple[str, ...]] = tuple(CHARTS.values())

    def __init__(self, settings: Mapping[str, Any], ctx: TileContext, parent: QWidget | None = None) -> None:
        self._chart = str(settings.get("chart", "reports_per_channel"))
        if self._chart not in CHARTS:
            self._chart = "reports_per_channel"
        self._axis_log: dict[int, list[str]] = {}
        super().__init__(settings, ctx, parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self._header = _ChartHeaderWidget(self)
        self._plots = pg.GraphicsLayoutWidget(self)
        self._plots.setBackground(BACKGROUND)
        self._plots.setFrameStyle(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header)
        layout.addWidget(self._plots, 1)
        self._rebuild()

    def needed_kinds(self) -> tuple[str, ...]:
        """Only the series this chart draws."""
        return (CHARTS[self._chart],)

    def apply_settings(self, settings: Mapping[str, Any]) -> bool:
        """A new title applies in place; another chart needs a new tile."""
        if settings.get("chart", "reports_per_channel") != self._chart:
            return False
        self._settings = dict(settings)
        self._header.update()
        return True

    def tile_title(self) -> str:
        """The configured title or the chart's own."""
        return str(self._settings.get("title") or self.ctx.texts.t(TITLE_KEYS[self._chart]))

    def series(self) -> DailySeries | None:
        """The series drawn, or None before the first snapshot."""
        snap = self.snapshot(CHARTS[self._chart])
        return snap if isinstance(snap, DailySeries) else None

    def rendered_texts(self) -> list[str]:
        """Header strings and the axes' tick strings of the last paint (tests only)."""
        return [
            *super().rendered_texts(),
            *(t for t, _ in self._header.log.entries),
            *(s for v in self._axis_log.values() for s in v),
        ]

    def rendered_font_px(self) -> list[int]:
        """Pixel sizes of the header's strings and of the tick font (tests only)."""
        return [
            *super().rendered_font_px(),
            *(px for _, px in self._header.log.entries),
            self._tick_font().pixelSize(),
        ]

    # -- data and layout ---------------------------------------------------------------------------------

    def snapshot_changed(self, kind: str, snapshot: object, changed: bool) -> None:
        """Redraw the plots when the series changed; the header shows the new timestamp anyway."""
        if changed:
            self._rebuild()
        self._header.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fonts and tick spacing follow the tile's size."""
        super().resizeEvent(event)
        self._rebuild()

    def _tick_font(self) -> QFont:
        return self.scaled_font(0.032)

    def _header_height(self) -> float:
        title = QFontMetricsF(self.scaled_font(0.05, bold=True)).height()
        return title * 1.3 + QFontMetricsF(self.scaled_font(0.032)).height() * 1.35 * self._legend_rows()

    def _styles(self) -> tuple[tuple[str, str, str], ...]:
        series = self.series()
        styles = CHANNEL_STYLES if self._chart == "reports_per_channel" else CALL_STYLES
        if series is None or self._chart == "calls112":
            return styles
        return tuple(s for s in styles if series.total(s[0]) > 0) or styles[:1]

    def _legend_entries(self) -> list[str]:
        series, texts = self.series(), self.ctx.texts
        return [
            f"{texts.t(name_key)}: {texts.number(series.total(key) if series else 0)}"
            for key, name_key, _ in self._styles()
        ]

    def _legend_flow(self, width: float) -> list[tuple[float, int, float]]:
        """(x from the left padding, row, width) of each legend entry, wrapped to stay inside ``width``.

        The header's height and its painting both come from here: computed apart, they once disagreed by the
        padding, and the last row (Open311, with longer English names) was cut off.
        """
        metrics = QFontMetricsF(self.scaled_font(0.032))
        room = width - 2 * metrics.height() * 0.4
        places: list[tuple[float, int, float]] = []
        x, row = 0.0, 0
        for entry in self._legend_entries():
            entry_w = metrics.horizontalAdvance(entry) + metrics.height() * 1.8
            if x and x + entry_w > room:
                x, row = 0.0, row + 1
            places.append((x, row, entry_w))
            x += entry_w
        return places

    def _legend_rows(self) -> int:
        return 1 + max((row for _, row, _ in self._legend_flow(self.width())), default=0)

    # -- drawing -----------------------------------------------------------------------------------------

    def paint_header(self, painter: QPainter, rect: QRectF, log: TextLog) -> None:
        """Title and timestamp, then the legend entries (swatch, name, 30-day total), wrapping as needed."""
        title_font, small = self.scaled_font(0.05, bold=True), self.scaled_font(0.032)
        pad = QFontMetricsF(small).height() * 0.4
        title_h = QFontMetricsF(title_font).height() * 1.3
        top = QRectF(rect.left() + pad, rect.top(), rect.width() - 2 * pad, title_h)
        flags = Qt.AlignmentFlag.AlignVCenter
        series = self.series()
        stamp = hhmmss(series.generated_at) if series is not None else ""
        candidates = [self.ctx.texts.t("chart.period", time=stamp), stamp] if stamp else []
        self.last_title_row = draw_title_row(
            painter, top, self.tile_title(), title_font, candidates, small, log
        )
        line = QFontMetricsF(small).height() * 1.35
        entries = zip(self._styles(), self._legend_entries(), self._legend_flow(rect.width()), strict=True)
        for (key, _, color), entry, (dx, row, width) in entries:
            x, y = rect.left() + pad + dx, rect.top() + title_h + row * line
            swatch = QRectF(x, y + line * 0.25, line * 0.5, line * 0.5)
            painter.fillRect(swatch, QColor(color))
            if key in ("ghost", "prank"):
                painter.fillRect(swatch.adjusted(0, line * 0.15, 0, -line * 0.15), QColor(color))
            bold = QFont(small)
            bold.setBold(key == "real")
            entry_rect = QRectF(x + line * 0.7, y, width, line)
            draw_text(painter, entry_rect, flags, entry, bold, TEXT if key == "real" else TEXT_MUTED, log)

    def _rebuild(self) -> None:
        """Recreate the plot items from the current series (only on new data or a new size)."""
        if not hasattr(self, "_plots"):
            return
        self._plots.clear()
        self._axis_log.clear()
        series = self.series()
        visible = series is not None
        self._plots.setVisible(visible)
        self._header.setVisible(visible)
        if series is None:
            return
        self._header.setFixedHeight(round(self._header_height()))  # the legend may need another row
        layout = self.layout()
        if layout is not None:
            layout.activate()  # place header and plots now, not at the next event loop turn
        if self._chart == "reports_per_channel":
            self._stacked_bars(self._new_plot(0, series.days), series)
        else:
            real = self._new_plot(0, series.days)
            real.getAxis("bottom").setStyle(showValues=False)  # the panel below carries the dates
            invalid = self._new_plot(1, series.days)
            invalid.setXLink(real)
            self._plots.ci.layout.setRowStretchFactor(0, 3)
            self._plots.ci.layout.setRowStretchFactor(1, 2)
            self._calls(real, invalid, series)

    def _new_plot(self, row: int, days: tuple[date, ...]) -> pg.PlotItem:
        font = self._tick_font()
        unit = QFontMetricsF(font).height()
        texts = self.ctx.texts
        axes = {
            "bottom": _AxisItem("bottom", self._axis_log, texts, pen=QPen(GRID), textPen=QPen(TEXT_MUTED)),
            "left": _AxisItem("left", self._axis_log, texts, pen=QPen(GRID), textPen=QPen(TEXT_MUTED)),
        }
        plot = self._plots.addPlot(row=row, col=0, axisItems=axes)
        for axis in axes.values():
            axis.setStyle(tickFont=font, tickTextOffset=int(unit * 0.3), tickLength=-int(unit * 0.3))
        axes["left"].setWidth(int(unit * 2.6))
        axes["left"].min_tick_spacing_px = unit * 1.4
        axes["bottom"].setHeight(int(unit * 1.5))
        step = max(1, -(-len(days) * int(unit * 3.2) // max(1, self.width() - int(unit * 3))))
        labels = [
            (float(i), d.strftime("%d/%m")) for i, d in enumerate(days) if (len(days) - 1 - i) % step == 0
        ]
        axes["bottom"].setTicks([labels, []])
        self._axis_log[id(axes["bottom"])] = [text for _, text in labels]
        plot.setMouseEnabled(False, False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        # Room on the right for the last (today's) date label, centred under the last bar.
        per_day = max(1.0, (self.width() - unit * 3) / max(1, len(days)))
        plot.setXRange(-0.6, len(days) - 0.4 + max(0.0, unit * 1.7 / per_day - 0.6), padding=0)
        return plot

    def _stacked_bars(self, plot: pg.PlotItem, series: DailySeries) -> None:
        base = [0] * len(series.days)
        xs = list(range(len(series.days)))
        for key, _, color in self._styles():
            values = series.values(key)
            bars = pg.BarGraphItem(
                x=xs,
                height=values,
                y0=base,
                width=0.8,
                brush=QColor(color),
                pen=pg.mkPen(BACKGROUND, width=1),
            )
            plot.addItem(bars)
            base = [b + v for b, v in zip(base, values, strict=True)]
        plot.setYRange(0, max(max(base, default=0), 1) * 1.08, padding=0)

    def _calls(self, real: pg.PlotItem, invalid: pg.PlotItem, series: DailySeries) -> None:
        xs = list(range(len(series.days)))
        values = series.values("real")
        real.addItem(
            pg.BarGraphItem(
                x=xs,
                height=values,
                width=0.8,
                brush=QColor(CALL_STYLES[0][2]),
                pen=pg.mkPen(BACKGROUND, width=1),
            )
        )
        real.setYRange(0, max(max(values, default=0), 1) * 1.15, padding=0)
        width = max(2.0, self.height() / 300)
        peak = 1
        for key, _, color in CALL_STYLES[1:]:
            data = series.values(key)
            peak = max(peak, max(data, default=0))
            style = Qt.PenStyle.DashLine if key == "ghost" else Qt.PenStyle.SolidLine
            invalid.plot(
                xs, list(data), pen=pg.mkPen(QColor(color), width=width, style=style), antialias=True
            )
        invalid.setYRange(0, peak * 1.1, padding=0)
