"""The grid of tiles of one output: builds tiles from a :class:`Layout` and applies new layouts by diffing.

``apply`` keeps every tile whose id and kind survive and whose ``apply_settings`` accepts the new settings (a camera
keeps playing, no reconnect), replaces the others and drops the removed ones. An invalid layout is never applied:
``reject`` keeps the last good one and shows a small technician badge (internal outputs only) and logs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QHideEvent, QMouseEvent, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QWidget

from common.layouts.model import Layout, TileSpec
from common.layouts.validate import Problem
from wall.tiles._style import BACKGROUND, TEXT, TextLog, draw_text, font_px
from wall.tiles.base import TileContext, TileWidget
from wall.tiles.registry import TileRegistry

_log = logging.getLogger(__name__)
GAP_PX = 4


@dataclass(frozen=True)
class ApplyStats:
    """What the last ``apply`` did, by tile id."""

    kept: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    created: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


class ErrorBadgeWidget(QWidget):
    """A small corner badge for technicians: the layout in the database is invalid, the last good one stays."""

    def __init__(self, min_font_px: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._min_font = min_font_px
        self.text = ""
        self.text_log = TextLog()
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)

    def set_text(self, text: str) -> None:
        """Show ``text`` (empty hides the badge)."""
        self.text = text
        self.setVisible(bool(text))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Amber panel with dark text."""
        self.text_log.clear()
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(230, 159, 0, 235))
        draw_text(
            painter,
            QRectF(self.rect()).adjusted(8, 4, -8, -4),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
            self.text,
            font_px(self._min_font, self._min_font),
            QColor(0, 0, 0),
            self.text_log,
        )
        painter.end()


class LayoutGridWidget(QWidget):
    """Places the tiles of a layout on a rows x cols grid; supports enlarging one tile to the whole output."""

    layout_applied = Signal(str)
    layout_rejected = Signal(str, list)
    enlarge_requested = Signal(str)

    def __init__(self, registry: TileRegistry, ctx: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._registry = registry
        self._ctx = ctx
        self._layout: Layout | None = None
        self._specs: dict[str, TileSpec] = {}
        self.tiles: dict[str, TileWidget] = {}
        self.last_stats = ApplyStats()
        self.enlarged: str | None = None
        self._visible = False
        self._badge = ErrorBadgeWidget(ctx.min_font_px, self)
        self._badge.hide()

    @property
    def ctx(self) -> TileContext:
        """The context the tiles are built with."""
        return self._ctx

    @property
    def current_layout(self) -> Layout | None:
        """The layout shown (the last good one)."""
        return self._layout

    @property
    def badge_text(self) -> str:
        """The technician badge's text ("" when hidden)."""
        return self._badge.text

    # -- applying -------------------------------------------------------------------------------------------

    def apply(self, layout: Layout) -> ApplyStats:
        """Show ``layout`` (already validated), keeping unchanged tiles; clears the error badge."""
        kept, replaced, created = [], [], []
        new_specs = {t.id: t for t in layout.tiles}
        removed = [tile_id for tile_id in self.tiles if tile_id not in new_specs]
        for tile_id in removed:
            self._drop(tile_id)
        self._layout = layout
        for tile_id, spec in new_specs.items():
            old_spec, tile = self._specs.get(tile_id), self.tiles.get(tile_id)
            if (
                tile is not None
                and old_spec is not None
                and old_spec.kind == spec.kind
                and tile.apply_settings(spec.settings)
            ):
                kept.append(tile_id)
                continue
            if tile is not None:
                self._drop(tile_id)
                replaced.append(tile_id)
            else:
                created.append(tile_id)
            self._specs[tile_id] = spec
            self._create(spec)
        if self.enlarged is not None and self.enlarged not in new_specs:
            self.enlarged = None
        self._specs = new_specs
        self._badge.set_text("")
        self._relayout()
        self.last_stats = ApplyStats(tuple(kept), tuple(replaced), tuple(created), tuple(removed))
        self.layout_applied.emit(layout.name)
        return self.last_stats

    def reject(self, name: str, problems: list[Problem]) -> None:
        """Keep the last good layout; log, and show the badge on internal outputs."""
        _log.error(
            "layout %r not applied (%d problems): %s", name, len(problems), "; ".join(map(str, problems))
        )
        if not self._ctx.is_public:
            texts = self._ctx.texts
            first = (texts.pick(problems[0].message_id, problems[0].message_en) if problems
                     else texts.t("grid.unknown_problem"))
            more = texts.t("grid.more", n=len(problems) - 1) if len(problems) > 1 else ""
            self._badge.set_text(texts.t("grid.invalid", name=name, first=first, more=more))
            self._place_badge()
            self._badge.raise_()
        self.layout_rejected.emit(name, list(problems))

    def _create(self, spec: TileSpec) -> None:
        tile = self._registry.create(spec.kind, spec.settings, self._ctx, self)
        self.tiles[spec.id] = tile
        tile.setGeometry(self._cell_rect(spec))
        tile.show()
        tile.set_active(self._visible and self.enlarged in (None, spec.id))

    def _drop(self, tile_id: str) -> None:
        tile = self.tiles.pop(tile_id)
        self._specs.pop(tile_id, None)
        tile.set_active(False)
        tile.shutdown()
        tile.hide()
        tile.setParent(None)
        tile.deleteLater()

    def shutdown(self) -> None:
        """Shut every tile down (before the window closes)."""
        for tile_id in list(self.tiles):
            self._drop(tile_id)

    # -- geometry -------------------------------------------------------------------------------------------

    def _cell_rect(self, spec: TileSpec) -> QRect:
        layout = self._layout
        rows = layout.rows if layout else max(1, spec.row + spec.row_span)
        cols = layout.cols if layout else max(1, spec.col + spec.col_span)
        if self.enlarged == spec.id:
            return self.rect()
        w, h = self.width(), self.height()
        x0, x1 = round(spec.col * w / cols), round((spec.col + spec.col_span) * w / cols)
        y0, y1 = round(spec.row * h / rows), round((spec.row + spec.row_span) * h / rows)
        gap = GAP_PX // 2
        return QRect(x0 + gap, y0 + gap, max(1, x1 - x0 - 2 * gap), max(1, y1 - y0 - 2 * gap))

    def _relayout(self) -> None:
        for tile_id, tile in self.tiles.items():
            tile.setGeometry(self._cell_rect(self._specs[tile_id]))
            shown = self.enlarged in (None, tile_id)
            tile.setVisible(shown)
            tile.set_active(self._visible and shown)
        if self.enlarged is not None and self.enlarged in self.tiles:
            self.tiles[self.enlarged].raise_()
        self._place_badge()

    def _place_badge(self) -> None:
        font = self._ctx.min_font_px
        w = min(self.width(), max(font * 24, self.width() // 2))
        h = font * 3
        self._badge.setGeometry(self.width() - w - 8, self.height() - h - 8, w, h)
        self._badge.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-place the tiles."""
        super().resizeEvent(event)
        self._relayout()

    def showEvent(self, event: QShowEvent) -> None:
        """Tiles on screen start decoding."""
        super().showEvent(event)
        self._visible = True
        self._relayout()

    def hideEvent(self, event: QHideEvent) -> None:
        """Tiles off screen decode nothing."""
        super().hideEvent(event)
        self._visible = False
        for tile in self.tiles.values():
            tile.set_active(False)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The dark background between tiles."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        if not self.tiles:
            draw_text(
                painter,
                QRectF(self.rect()),
                Qt.AlignmentFlag.AlignCenter,
                self._ctx.texts.t("grid.waiting"),
                font_px(self._ctx.min_font_px, self._ctx.min_font_px * 1.5),
                TEXT,
            )
        painter.end()

    # -- enlarge --------------------------------------------------------------------------------------------

    def enlarge(self, tile_id: str) -> bool:
        """Show ``tile_id`` over the whole output (cameras switch to the main stream)."""
        if tile_id not in self.tiles:
            return False
        if self.enlarged is not None and self.enlarged in self.tiles:
            self.tiles[self.enlarged].set_enlarged(False)
        self.enlarged = tile_id
        self._relayout()
        self.tiles[tile_id].set_enlarged(True)
        return True

    def restore(self) -> None:
        """Back to the grid."""
        if self.enlarged is None:
            return
        tile = self.tiles.get(self.enlarged)
        self.enlarged = None
        self._relayout()
        if tile is not None:
            tile.set_enlarged(False)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Double-click on a tile (it ignores the click, so it reaches the grid) enlarges it, or returns."""
        child = self.childAt(event.position().toPoint())
        tile_id = None
        while child is not None and tile_id is None:
            tile_id = next((i for i, t in self.tiles.items() if t is child), None)
            child = child.parentWidget() if child.parentWidget() is not self else None
        if tile_id is None:
            super().mouseDoubleClickEvent(event)
            return
        self.restore() if self.enlarged == tile_id else self.enlarge(tile_id)
        self.enlarge_requested.emit(tile_id)

    def tiles_of_kind(self, *kinds: str) -> list[tuple[str, TileWidget]]:
        """(id, tile) of the tiles of some kinds (the operator panel lists cameras)."""
        return [(i, t) for i, t in self.tiles.items() if self._specs[i].kind in kinds]
