"""The clock and date tile in WIB (Asia/Jakarta) with day and month names in the wall's language.

Settings: ``seconds`` (default true), ``show_date`` (default true). The time is taken from ``ctx.clock`` (so
tests and the alarm preview control it); the timer is re-aligned to the next whole second on every tick.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from wall.tiles._dashboard_base import PaintedTileWidget
from wall.tiles._style import BACKGROUND, TEXT, TEXT_MUTED, draw_text
from wall.tiles.base import TileContext
from wall.timefmt import local


def jam(moment: datetime, seconds: bool = True) -> str:
    """``14:05:09`` or ``14:05`` (WIB)."""
    return local(moment).strftime("%H:%M:%S" if seconds else "%H:%M")


class ClockTileWidget(PaintedTileWidget):
    """Large WIB time with the date below it."""

    kind = "clock"
    label_key = "tile.clock"

    def __init__(self, settings: Mapping[str, Any], ctx: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(settings, ctx, parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._schedule()

    def apply_settings(self, settings: Mapping[str, Any]) -> bool:
        """Every setting applies in place."""
        self._settings = dict(settings)
        self.update()
        return True

    def set_active(self, active: bool) -> None:
        """Tick only while visible."""
        if active:
            self._schedule()
        else:
            self._timer.stop()

    def shutdown(self) -> None:
        """Stop ticking."""
        self._timer.stop()

    def _schedule(self) -> None:
        now = self.ctx.clock()
        self._timer.start(max(20, 1000 - now.microsecond // 1000 + 5))

    def _on_timer_timeout(self) -> None:
        self.update()
        self._schedule()

    def paint_content(self, painter: QPainter) -> None:
        """Time above, date below, both centred; sized to the tile."""
        painter.fillRect(self.rect(), BACKGROUND)
        now = self.ctx.clock()
        seconds = bool(self._settings.get("seconds", True))
        show_date = bool(self._settings.get("show_date", True))
        time_text = f"{jam(now, seconds)} WIB"
        rect = QRectF(self.rect())
        # The time fills most of the width: about 0.62 em per character in DejaVu Sans Bold digits.
        time_px = min(self.height() * (0.5 if show_date else 0.7), self.width() / (len(time_text) * 0.66))
        time_font = self.make_font(time_px, bold=True)
        date_text = self.ctx.texts.long_date(now)
        date_font = self.make_font(min(time_px * 0.42, self.width() / (len(date_text) * 0.6)))
        if not show_date:
            draw_text(painter, rect, Qt.AlignmentFlag.AlignCenter, time_text, time_font, TEXT, self._text_log)
            return
        time_h = time_font.pixelSize() * 1.25
        date_h = date_font.pixelSize() * 1.4
        top = (self.height() - time_h - date_h) / 2
        center = Qt.AlignmentFlag.AlignCenter
        draw_text(
            painter, QRectF(0, top, rect.width(), time_h), center, time_text, time_font, TEXT, self._text_log
        )
        date_rect = QRectF(0, top + time_h, rect.width(), date_h)
        draw_text(painter, date_rect, center, date_text, date_font, TEXT_MUTED, self._text_log)
