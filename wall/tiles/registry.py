"""Tile kind -> TileWidget class. Data-tile modules are imported only when a layout first uses their kind.

An unknown kind, or a kind whose module is missing or broken, renders a :class:`PlaceholderTileWidget` with a
readable message instead of crashing the wall.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from wall.i18n import WallTexts
from wall.tiles._style import BACKGROUND, GRID, TEXT_MUTED, TextLog, draw_text, font_px
from wall.tiles.base import TileContext, TileWidget

_log = logging.getLogger(__name__)

#: Where each kind lives (module under ``wall.tiles``); the class is the TileWidget subclass with that ``kind``.
KIND_MODULES: Mapping[str, str] = {
    "camera": "camera",
    "sequence": "sequence",
    "map": "map",
    "opd_board": "opd_board",
    "chart": "charts",
    "network": "network",
    "ticker": "ticker",
    "clock": "clock",
    "text": "text_image",
    "image": "text_image",
}


@dataclass(frozen=True)
class Unavailable:
    """Why a kind has no tile class; kept per registry, worded in each output's language when shown."""

    key: str
    kind: str
    error: str = ""

    def message(self, texts: WallTexts) -> str:
        """The reason in the language of ``texts``."""
        return texts.t(self.key, kind=self.kind, error=self.error)


class PlaceholderTileWidget(TileWidget):
    """Stands in for a tile that cannot be built; says why in large, calm text."""

    kind: ClassVar[str] = "placeholder"
    label_key: ClassVar[str] = "tile.placeholder"

    def __init__(
        self,
        settings: Mapping[str, Any],
        ctx: TileContext,
        parent: QWidget | None = None,
        *,
        message: str = "",
    ) -> None:
        super().__init__(settings, ctx, parent)
        self.message = message
        self.text_log = TextLog()

    def apply_settings(self, settings: Mapping[str, Any]) -> bool:
        """Never in place: the runtime retries building the real tile."""
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        """A framed dark panel with the message."""
        self.text_log.clear()
        painter = QPainter(self)
        rect = QRectF(self.rect())
        painter.fillRect(rect, BACKGROUND)
        painter.setPen(GRID)
        painter.drawRect(rect.adjusted(1, 1, -2, -2))
        pad = self.ctx.min_font_px
        draw_text(
            painter,
            rect.adjusted(pad, pad, -pad, -pad),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            self.message,
            font_px(self.ctx.min_font_px, self.ctx.min_font_px),
            TEXT_MUTED,
            self.text_log,
        )
        painter.end()


class TileRegistry:
    """Builds tile widgets by kind; classes are found on first use and cached per registry."""

    def __init__(self, overrides: Mapping[str, type[TileWidget]] | None = None) -> None:
        self._classes: dict[str, type[TileWidget] | Unavailable] = dict(overrides or {})

    def register(self, kind: str, cls: type[TileWidget]) -> None:
        """Use ``cls`` for ``kind`` (tests and the editor preview)."""
        self._classes[kind] = cls

    def resolve(self, kind: str) -> type[TileWidget] | Unavailable:
        """The class for ``kind``, or why there is none."""
        cached = self._classes.get(kind)
        if cached is None:
            cached = self._load(kind)
            self._classes[kind] = cached
        return cached

    def _load(self, kind: str) -> type[TileWidget] | Unavailable:
        module_name = KIND_MODULES.get(kind)
        if module_name is None:
            return Unavailable("placeholder.unknown_kind", kind)
        try:
            module = importlib.import_module(f"wall.tiles.{module_name}")
        except ModuleNotFoundError as exc:
            _log.warning("tile kind %r: module wall.tiles.%s is missing (%s)", kind, module_name, exc)
            return Unavailable("placeholder.unavailable", kind)
        except Exception as exc:  # a missing or broken module must not take the wall down
            _log.exception("tile module wall.tiles.%s cannot be imported", module_name)
            return Unavailable("placeholder.unavailable_error", kind, type(exc).__name__)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, TileWidget) and obj.__module__ == module.__name__ and obj.kind == kind:
                return obj
        return Unavailable("placeholder.unavailable", kind)

    def create(
        self, kind: str, settings: Mapping[str, Any], ctx: TileContext, parent: QWidget | None = None
    ) -> TileWidget:
        """A tile of ``kind``, or a placeholder saying why it cannot be built."""
        cls = self.resolve(kind)
        if isinstance(cls, Unavailable):
            return PlaceholderTileWidget(settings, ctx, parent, message=cls.message(ctx.texts))
        try:
            return cls(settings, ctx, parent)
        except Exception as exc:  # a tile bug shows as a placeholder, the rest of the wall keeps running
            _log.exception("tile %s could not be created", kind)
            failed = Unavailable("placeholder.failed", kind, type(exc).__name__)
            return PlaceholderTileWidget(settings, ctx, parent, message=failed.message(ctx.texts))
