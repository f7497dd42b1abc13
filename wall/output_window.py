"""One frameless window per output: a whole screen (found by its name) or an exact pixel rectangle on a screen.

The videotron's LED controller copies a fixed rectangle of a PC output, so a rect output is placed at exactly
that offset and size. A missing screen is not fatal: the output opens as a window on the first screen and a
warning is logged. ``windowed`` (testing) gives normal windows of the output's resolution.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QResizeEvent, QScreen
from PySide6.QtWidgets import QWidget

from common.layouts.model import OutputSpec
from wall.layout_view import LayoutGridWidget
from wall.tiles._style import TEXT, TextLog, draw_text, font_px

_log = logging.getLogger(__name__)
ALARM_BG = QColor("#b3261e")


class AlarmBannerWidget(QWidget):
    """A red band across the top of an internal output while an alarm is on."""

    def __init__(self, min_font_px: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._min_font = min_font_px
        self.text = ""
        self.text_log = TextLog()
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.hide()

    def set_text(self, text: str) -> None:
        """Show ``text``; empty hides the band."""
        self.text = text
        self.setVisible(bool(text))
        self.raise_()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Red band, large white text."""
        self.text_log.clear()
        painter = QPainter(self)
        painter.fillRect(self.rect(), ALARM_BG)
        draw_text(painter, QRectF(self.rect()).adjusted(16, 0, -16, 0), Qt.AlignmentFlag.AlignCenter, self.text,
                  font_px(self._min_font, self.height() * 0.5, bold=True), TEXT, self.text_log)
        painter.end()


def find_screen(screens: Sequence[QScreen], name: str | None) -> QScreen | None:
    """The screen called ``name`` (``QScreen.name()``), or None."""
    return next((s for s in screens if name and s.name() == name), None)


class OutputWindow(QWidget):
    """The top-level window of one output; forwards the operator's keys as requests."""

    preset_key_requested = Signal(int)
    preset_step_requested = Signal(int)
    alarm_ack_requested = Signal()
    restore_requested = Signal()

    def __init__(self, output: OutputSpec, grid: LayoutGridWidget, *, windowed: bool = False) -> None:
        super().__init__(None)
        self.output = output
        self.grid = grid
        self.windowed = windowed
        self.placement = ""
        grid.setParent(self)
        self.banner = AlarmBannerWidget(grid.ctx.min_font_px, self)
        self.setWindowTitle(f"Bale Sandi Maya — {output.name}")
        self.setStyleSheet("background: #0b0e13;")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def place(self, screens: Sequence[QScreen]) -> str:
        """Position the window on its screen or rect; returns how it was placed (also logged)."""
        out = self.output
        screen = find_screen(screens, out.screen)
        if screen is None and out.screen:
            _log.warning("output %s: screen %r not found (have: %s); opening as a window", out.name, out.screen,
                         ", ".join(s.name() for s in screens) or "none")
        base = (screen or (screens[0] if screens else None))
        origin = base.geometry().topLeft() if base is not None else None
        flags = Qt.WindowType.Window
        if out.rect is not None:
            x, y, w, h = out.rect
            ox, oy = (origin.x(), origin.y()) if origin is not None else (0, 0)
            self.setWindowFlags(flags | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
            self.setGeometry(QRect(ox + x, oy + y, w, h))
            self.placement = f"rect {w}x{h}+{x}+{y} on {base.name() if base else '?'}"
        elif screen is not None and not self.windowed:
            self.setWindowFlags(flags | Qt.WindowType.FramelessWindowHint)
            self.setGeometry(screen.geometry())
            self.placement = f"fullscreen on {screen.name()}"
        else:
            w, h = out.resolution
            self.setWindowFlags(flags if self.windowed else flags | Qt.WindowType.FramelessWindowHint)
            self.setGeometry(QRect((origin.x() if origin else 0), (origin.y() if origin else 0), w, h))
            self.placement = f"window {w}x{h}" + ("" if screen or not out.screen else " (screen missing)")
        _log.info("output %s: %s", out.name, self.placement)
        return self.placement

    def show_output(self) -> None:
        """Show (full screen when the whole screen is ours)."""
        if self.placement.startswith("fullscreen"):
            self.showFullScreen()
        else:
            self.show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The grid fills the window, below the alarm band while there is one."""
        super().resizeEvent(event)
        self._place_children()

    def _place_children(self) -> None:
        band = max(self.grid.ctx.min_font_px * 2, round(self.height() * 0.07)) if self.banner.text else 0
        self.banner.setGeometry(0, 0, self.width(), band)
        self.grid.setGeometry(0, band, self.width(), self.height() - band)

    def set_alarm_text(self, text: str) -> None:
        """Show or hide the alarm band (internal outputs only; a public output never shows alarms)."""
        self.banner.set_text("" if self.output.is_public else text)
        self._place_children()

    def snapshot(self, path: str | Path) -> bool:
        """Render the window into a PNG."""
        return self.grab().save(str(path), "PNG")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """1-9 presets, PageDown/+ next, PageUp/- previous, A acknowledge, Esc back from an enlarged tile."""
        key, text = event.key(), event.text()
        if text and text in "123456789":
            self.preset_key_requested.emit(int(text))
        elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_Plus) or text == "+":
            self.preset_step_requested.emit(1)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_Minus) or text == "-":
            self.preset_step_requested.emit(-1)
        elif key == Qt.Key.Key_A:
            self.alarm_ack_requested.emit()
        elif key == Qt.Key.Key_Escape:
            self.restore_requested.emit()
        else:
            super().keyPressEvent(event)
