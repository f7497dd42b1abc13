"""Text and image tiles.

Text settings: ``text`` (always drawn as PLAIN text: ``<b>`` shows as the characters ``<b>``), ``title``,
``align`` (``left`` | ``center`` | ``right``), ``color``, ``background``. The font is the largest that fits the
tile (never below the output's minimum); text that still does not fit is cut at the bottom.

Image settings: ``path`` (absolute, or relative to the assets folder), ``fit`` (``contain`` | ``cover``),
``background``. The file is read when the settings are applied, never while painting. On a public output only
images inside the assets folder are shown (uploads such as report photos live elsewhere and never qualify).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QWidget

from common.config import default_assets_dir
from wall.tiles._dashboard_base import PaintedTileWidget
from wall.tiles._style import BACKGROUND, TEXT, TEXT_MUTED, draw_text
from wall.tiles.base import TileContext

_log = logging.getLogger(__name__)

_ALIGN = {
    "left": Qt.AlignmentFlag.AlignLeft,
    "center": Qt.AlignmentFlag.AlignHCenter,
    "right": Qt.AlignmentFlag.AlignRight,
}
MAX_TEXT_CHARS = 4000


def _color(value: object, default: QColor) -> QColor:
    color = QColor(str(value)) if value else QColor()
    return color if color.isValid() else default


class TextTileWidget(PaintedTileWidget):
    """A block of operator text, word-wrapped, as large as fits; never interpreted as markup."""

    kind = "text"
    label_key = "tile.text"

    def __init__(self, settings: Mapping[str, Any], ctx: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(settings, ctx, parent)
        self._font: QFont | None = None

    def text(self) -> str:
        """The text to show (capped in length)."""
        return str(self._settings.get("text", ""))[:MAX_TEXT_CHARS]

    def apply_settings(self, settings: Mapping[str, Any]) -> bool:
        """Every setting applies in place."""
        self._settings = dict(settings)
        self._font = None
        self.update()
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The fitting font depends on the size."""
        self._font = None
        super().resizeEvent(event)

    def _flags(self) -> int:
        align = _ALIGN.get(str(self._settings.get("align", "center")), Qt.AlignmentFlag.AlignHCenter)
        return int(align | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)

    def _fit_font(self, rect: QRectF) -> QFont:
        """The largest font (binary search between the minimum and half the height) whose wrapped text fits."""
        low, high = self.ctx.min_font_px, max(self.ctx.min_font_px, int(self.height() * 0.5))
        bold = bool(self._settings.get("bold", True))
        while low < high:
            mid = (low + high + 1) // 2
            needed = QFontMetricsF(self.make_font(mid, bold=bold)).boundingRect(
                rect, self._flags(), self.text()
            )
            if needed.width() <= rect.width() and needed.height() <= rect.height():
                low = mid
            else:
                high = mid - 1
        return self.make_font(low, bold=bold)

    def missing_text(self) -> str | None:
        """An empty text tile says so."""
        return None if self.text().strip() else self.ctx.texts.t("text.empty")

    def paint_content(self, painter: QPainter) -> None:
        """Background, then the text with the fitting font."""
        painter.fillRect(self.rect(), _color(self._settings.get("background"), BACKGROUND))
        pad = self.ctx.min_font_px * 0.6
        rect = QRectF(self.rect()).adjusted(pad, pad, -pad, -pad)
        if self._font is None:
            self._font = self._fit_font(rect)
        color = _color(self._settings.get("color"), TEXT)
        painter.setClipRect(rect)
        draw_text(painter, rect, self._flags(), self.text(), self._font, color, self._text_log)


class ImageTileWidget(PaintedTileWidget):
    """A picture (logo, poster) scaled to the tile; loaded once per settings change."""

    kind = "image"
    label_key = "tile.image"

    def __init__(self, settings: Mapping[str, Any], ctx: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(settings, ctx, parent)
        self._image = QImage()
        self._problem = ""
        self._scaled: QPixmap | None = None
        self._load()

    def _assets_dir(self) -> Path:
        config = self.ctx.services.get("config")
        return (
            Path(config.assets_path())
            if config is not None and hasattr(config, "assets_path")
            else default_assets_dir()
        )

    def resolved_path(self) -> Path | None:
        """The image file, or None when none is set or it may not be shown on this output."""
        raw = str(self._settings.get("path", "") or "").strip()
        if not raw:
            return None
        assets = self._assets_dir().resolve()
        path = Path(raw) if Path(raw).is_absolute() else assets / raw
        path = path.resolve()
        if self.ctx.is_public and not path.is_relative_to(assets):
            _log.warning("image %s refused on a public output: only files under %s are allowed", path, assets)
            return None
        return path

    def _load(self) -> None:
        self._scaled = None
        path = self.resolved_path()
        self._image = QImage(str(path)) if path is not None and path.is_file() else QImage()
        if path is None and self._settings.get("path") and self.ctx.is_public:
            self._problem = self.ctx.texts.t("image.not_public")
        elif self._image.isNull():
            self._problem = self.ctx.texts.t("image.missing")
        else:
            self._problem = ""
        self.update()

    def apply_settings(self, settings: Mapping[str, Any]) -> bool:
        """Reload in place."""
        self._settings = dict(settings)
        self._load()
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Rescale once per size (not per paint)."""
        self._scaled = None
        super().resizeEvent(event)

    def missing_text(self) -> str | None:
        """Why there is no picture, if there is none."""
        return self._problem or None

    def paint_content(self, painter: QPainter) -> None:
        """The picture fitted (``contain``) or filling (``cover``) the tile, centred."""
        painter.fillRect(self.rect(), _color(self._settings.get("background"), BACKGROUND))
        if self._scaled is None:
            mode = (
                Qt.AspectRatioMode.KeepAspectRatioByExpanding
                if self._settings.get("fit") == "cover"
                else Qt.AspectRatioMode.KeepAspectRatio
            )
            ratio = self.devicePixelRatioF()
            target = QSize(round(self.width() * ratio), round(self.height() * ratio))
            image = self._image.scaled(target, mode, Qt.TransformationMode.SmoothTransformation)
            self._scaled = QPixmap.fromImage(image)
            self._scaled.setDevicePixelRatio(ratio)
        size = self._scaled.size() / self._scaled.devicePixelRatio()
        x = (self.width() - size.width()) / 2
        y = (self.height() - size.height()) / 2
        painter.drawPixmap(
            QRectF(x, y, size.width(), size.height()), self._scaled, QRectF(self._scaled.rect())
        )

    def paint_state(self, painter: QPainter, text: str) -> None:
        """A calm message instead of the picture."""
        painter.fillRect(self.rect(), BACKGROUND)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        draw_text(
            painter, QRectF(self.rect()), flags, text, self.scaled_font(0.08), TEXT_MUTED, self._text_log
        )
