"""What every kiosk widget is given: language, theme, icons, clock and the orientation (Qt adapter layer)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QByteArray, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from common.clock import Clock
from kiosk.i18n import I18n, Language
from kiosk.theme import Theme

Orientation = Literal["portrait", "landscape"]
TextSpec = str | Callable[[], str]
"""A text key of :mod:`kiosk.i18n_texts`, or a function returning text already in the current language."""


class IconProvider:
    """Renders the monochrome SVG pictograms of ``assets/icons`` in any colour and size (cached)."""

    def __init__(self, folder: Path) -> None:
        """Icons are read lazily from ``folder``."""
        self._folder = folder
        self._svg: dict[str, bytes] = {}
        self._cache: dict[tuple[str, str, int], QPixmap] = {}

    def has(self, name: str) -> bool:
        """True when ``name.svg`` exists."""
        return (self._folder / f"{name}.svg").is_file()

    def pixmap(self, name: str, color: str, size: int) -> QPixmap:
        """The icon ``name`` drawn in ``color`` at ``size`` x ``size`` pixels (empty pixmap when unknown)."""
        key = (name, color, size)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if name not in self._svg:
            path = self._folder / f"{name}.svg"
            self._svg[name] = path.read_bytes() if path.is_file() else b""
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor(0, 0, 0, 0))
        data = self._svg[name]
        if data:
            renderer = QSvgRenderer(QByteArray(data.replace(b"#000000", color.encode("ascii"))))
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter, QRectF(0, 0, size, size))
            painter.end()
        self._cache[key] = pixmap
        return pixmap


class UiContext(QObject):
    """Shared, long-lived UI state; widgets connect to its signals to follow language and theme changes."""

    language_changed = Signal(str)
    theme_changed = Signal()
    orientation_changed = Signal(str)

    def __init__(self, i18n: I18n, theme: Theme, icons: IconProvider, clock: Clock) -> None:
        """Wrap the Qt-free parts."""
        super().__init__()
        self.i18n = i18n
        self.icons = icons
        self.clock = clock
        self._theme = theme
        self._orientation: Orientation = "portrait"

    @property
    def theme(self) -> Theme:
        """The theme in force."""
        return self._theme

    @property
    def orientation(self) -> Orientation:
        """``portrait`` (1080x1920) or ``landscape`` (1920x1080)."""
        return self._orientation

    def t(self, key: str, **values: object) -> str:
        """A text in the current language."""
        return self.i18n.t(key, **values)

    def text(self, spec: TextSpec) -> str:
        """Resolve a :data:`TextSpec`."""
        return self.i18n.t(spec) if isinstance(spec, str) else spec()

    def set_language(self, language: Language) -> None:
        """Switch language; every widget retranslates itself."""
        if language != self.i18n.language:
            self.i18n.set_language(language)
            self.language_changed.emit(language)

    def set_theme(self, theme: Theme) -> None:
        """Switch palette / text size; every widget repaints itself."""
        if theme != self._theme:
            self._theme = theme
            self.theme_changed.emit()

    def set_orientation(self, orientation: Orientation) -> None:
        """Tell layouts that the screen turned."""
        if orientation != self._orientation:
            self._orientation = orientation
            self.orientation_changed.emit(orientation)


def relayout(widget: object) -> None:
    """Make a widget recompute its size after its layout's items were moved (Qt caches size hints)."""
    from PySide6.QtWidgets import QWidget

    if not isinstance(widget, QWidget):
        return
    layout = widget.layout()
    if layout is not None:
        layout.invalidate()
    widget.updateGeometry()


def repolish(widget: object) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    from PySide6.QtWidgets import QWidget

    if isinstance(widget, QWidget):
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)
        widget.update()


ALIGN_CENTER = Qt.AlignmentFlag.AlignCenter
