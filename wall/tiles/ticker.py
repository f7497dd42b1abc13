"""The running text (videotron ticker): smooth, steady scrolling that never flashes.

Settings: ``text`` (plain text, shown literally), ``speed_px_s`` (default 120), ``source`` = ``static`` (only
``text``) or ``stats`` (public-safe figures from the dashboard service, followed by ``text``).

The text is rendered once into a pixmap; every frame (a ~60 fps timer) only blits it at a new position, moved
by the elapsed time (not by the number of ticks), so a late frame never makes the text jump back or stutter.
A new text never replaces what is on screen: it is queued and enters from the right after the current copy.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import Any, ClassVar

from PySide6.QtCore import QElapsedTimer, QRectF, Qt, QTimer
from PySide6.QtGui import QFontMetricsF, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QWidget

from common.queries.snapshots import TickerStats
from wall.data.kinds import SnapshotKind
from wall.i18n import WallTexts
from wall.tiles._dashboard_base import DashboardTileWidget
from wall.tiles._style import BACKGROUND, PANEL, TEXT, draw_text
from wall.tiles.base import TileContext

FRAME_MS = 16
SEPARATOR = "   •   "
MAX_PIXMAP_PX = 30_000
"""QPixmap sides are limited (32767 px); longer texts are cut."""


def _width(pixmap: QPixmap) -> float:
    return pixmap.width() / pixmap.devicePixelRatio()


def stats_text(stats: TickerStats, t: WallTexts) -> str:
    """The public-safe headline figures as one line in the wall's language."""
    parts = [
        t.t("ticker.reports_today", n=stats.reports_today),
        t.t("ticker.resolved_week", n=stats.resolved_this_week),
        t.t("ticker.open", n=stats.open_total),
    ]
    if stats.ikm is not None and stats.ikm_grade:
        label = t.pick(stats.ikm_label or "", stats.ikm_label_en or "")
        grade = f"{stats.ikm_grade}, {label}" if label else stats.ikm_grade
        parts.append(t.t("ticker.ikm", ikm=t.decimal(stats.ikm, 2), grade=grade))
    return SEPARATOR.join(parts)


class TickerTileWidget(DashboardTileWidget):
    """A horizontally scrolling line of plain text: static text, or the city's figures plus text."""

    kind = "ticker"
    label_key = "tile.ticker"
    kinds: ClassVar[tuple[str, ...]] = (SnapshotKind.TICKER_STATS,)

    def __init__(self, settings: Mapping[str, Any], ctx: TileContext, parent: QWidget | None = None) -> None:
        self._source = "stats" if settings.get("source") == "stats" else "static"
        # The copies on screen, left to right, each fixed when it entered: a new text never replaces one in view.
        self._copies: deque[tuple[str, QPixmap]] = deque()
        self._rendered: dict[str, QPixmap] = {}
        self._fonts_px = 0
        self._x = 0.0  # the left edge of the first copy
        self._clock = QElapsedTimer()
        super().__init__(settings, ctx, parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()
        self._clock.start()

    @property
    def speed_px_s(self) -> float:
        """Scrolling speed in pixels per second (10..2000)."""
        try:
            return max(10.0, min(2000.0, float(self._settings.get("speed_px_s", 120))))
        except (TypeError, ValueError):
            return 120.0

    def needed_kinds(self) -> tuple[str, ...]:
        """The figures only for ``source = stats``."""
        return self.kinds if getattr(self, "_source", "static") == "stats" else ()

    def text(self) -> str:
        """The line to show now (figures first when the source is ``stats``)."""
        static = " ".join(str(self._settings.get("text", "")).split())  # one line, literally
        stats = self.snapshot(SnapshotKind.TICKER_STATS) if self._source == "stats" else None
        if isinstance(stats, TickerStats):
            return SEPARATOR.join(p for p in (stats_text(stats, self.ctx.texts), static) if p)
        return static

    def missing_text(self) -> str | None:
        """Nothing to show: no static text and no figures yet."""
        if self.text():
            return None
        return super().missing_text() or self.ctx.texts.t("ticker.empty")

    def apply_settings(self, settings: Mapping[str, Any]) -> bool:
        """Text and speed apply in place (the new text follows the current one); a new source needs a new tile."""
        if ("stats" if settings.get("source") == "stats" else "static") != self._source:
            return False
        self._settings = dict(settings)
        return True

    def set_active(self, active: bool) -> None:
        """Scroll only while visible."""
        super().set_active(active)
        timer = getattr(self, "_timer", None)
        if timer is not None:
            (timer.start if active else timer.stop)()
            self._clock.restart()

    def shutdown(self) -> None:
        """Stop scrolling and unsubscribe."""
        self._timer.stop()
        super().shutdown()

    def snapshot_changed(self, kind: str, snapshot: object, changed: bool) -> None:
        """New figures enter with the next copy (:meth:`text` is read when a copy enters the screen)."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new height needs a new font: start again with fresh copies."""
        self._copies.clear()
        self._rendered.clear()
        self._x = 0.0
        super().resizeEvent(event)

    def _render(self, text: str) -> QPixmap:
        """The text and a trailing separator rendered once (cached per text), as wide as needed (capped)."""
        cached = self._rendered.get(text)
        if cached is not None:
            return cached
        # A strip's text fills 60 % of its height, but never more than 1/8 of the output (a big tile
        # shows one calm line, not a wall of giant letters).
        font = self.make_font(min(self.height() * 0.6, self.ctx.output_height_px * 0.125), bold=True)
        content = text + SEPARATOR
        width = min(MAX_PIXMAP_PX, int(QFontMetricsF(font).horizontalAdvance(content)) + 1)
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(max(1, round(width * ratio)), max(1, round(self.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(PANEL)
        painter = QPainter(pixmap)
        try:
            rect = QRectF(0, 0, width, self.height())
            flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            draw_text(painter, rect, flags, content, font, TEXT, None)
        finally:
            painter.end()
        self._rendered = {
            **dict(list(self._rendered.items())[-1:]),
            text: pixmap,
        }  # this and the previous text
        self._fonts_px = font.pixelSize()
        return pixmap

    def _on_timer_timeout(self) -> None:
        elapsed_ms = min(self._clock.restart(), 100)  # after a stall, continue instead of jumping ahead
        self._x -= self.speed_px_s * elapsed_ms / 1000.0
        self.update()

    def _advance(self) -> None:
        """Drop copies that left on the left; add copies (of the text current at that moment) on the right."""
        while len(self._copies) > 1 and self._x + _width(self._copies[0][1]) <= 0:
            self._x += _width(self._copies.popleft()[1])
        covered = self._x + sum(_width(p) for _, p in self._copies)
        while covered < self.width() or not self._copies:
            text = self.text()
            pixmap = self._render(text)
            self._copies.append((text, pixmap))
            covered += _width(pixmap)

    def rendered_texts(self) -> list[str]:
        """The texts of the copies on screen (tests only)."""
        return [*super().rendered_texts(), *(text for text, _ in self._copies)]

    def rendered_font_px(self) -> list[int]:
        """The ticker's font size (tests only)."""
        return [*super().rendered_font_px(), *([self._fonts_px] if self._copies else [])]

    def paintEvent(self, event: Any) -> None:
        """Blit the copies at their positions; text is rendered only when a new copy enters."""
        if self.missing_text() is not None:
            super().paintEvent(event)
            return
        self._advance()
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), BACKGROUND)
            x = self._x
            for _, pixmap in self._copies:
                painter.drawPixmap(QRectF(x, 0, _width(pixmap), self.height()), pixmap, QRectF(pixmap.rect()))
                x += _width(pixmap)
        finally:
            painter.end()
