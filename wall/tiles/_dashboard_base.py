"""The common behaviour of the tiles drawn with QPainter, and of those that draw dashboard snapshots.

:class:`PaintedTileWidget` gives readable fonts (never below ``ctx.min_font_px``) and records every string it
paints (:meth:`~PaintedTileWidget.rendered_texts`) so tests can check privacy and font sizes.

:class:`DashboardTileWidget` subscribes to the snapshot kinds it draws on the data service's channel of its own
privacy level (``ctx.services["dashboard"].channel(ctx.privacy)``), keeps the latest snapshot of each and
repaints when one changes. Without a service, or before the first snapshot, it shows a clear state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from wall.data.channel import DashboardChannel
from wall.tiles._paging import TilePager
from wall.tiles._style import BACKGROUND, TEXT, TEXT_MUTED, TextLog, TitleRow, draw_text, font_px
from wall.tiles.base import TileContext, TileWidget


class PaintedTileWidget(TileWidget):
    """A tile painted with QPainter: readable fonts, a recorded text log, a state message when not ready."""

    def __init__(self, settings: Mapping[str, Any], ctx: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(settings, ctx, parent)
        self._text_log = TextLog()
        #: The title row of the last paint (title and subtitle rectangles; tests check they never overlap).
        self.last_title_row: TitleRow | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def make_font(self, size_px: float, *, bold: bool = False) -> QFont:
        """A font of ``size_px`` pixels, never below the output's minimum readable size."""
        return font_px(self.ctx.min_font_px, size_px, bold=bold)

    def scaled_font(self, fraction_of_height: float, *, bold: bool = False) -> QFont:
        """A font sized as a fraction of the tile's height (never below the minimum)."""
        return self.make_font(self.height() * fraction_of_height, bold=bold)

    def rendered_texts(self) -> list[str]:
        """Every string drawn in the last paint (used by tests only)."""
        return [text for text, _ in self._text_log.entries]

    def rendered_font_px(self) -> list[int]:
        """The pixel size of every string drawn in the last paint (used by tests only)."""
        return [px for _, px in self._text_log.entries]

    def tile_title(self) -> str:
        """The title drawn at the top of the tile: the kind's label in the wall's language."""
        return self.ctx.texts.t(self.label_key)

    def missing_text(self) -> str | None:
        """The state message to show instead of the content, or None when the tile is ready."""
        return None

    def paint_state(self, painter: QPainter, text: str) -> None:
        """Fill the tile and show the title and one centred message (no service, loading...)."""
        painter.fillRect(self.rect(), BACKGROUND)
        rect = QRectF(self.rect()).adjusted(16, 16, -16, -16)
        top_left = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
        draw_text(
            painter,
            rect,
            top_left,
            self.tile_title(),
            self.scaled_font(0.07, bold=True),
            TEXT,
            self._text_log,
        )
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        draw_text(painter, rect, flags, text, self.scaled_font(0.06), TEXT_MUTED, self._text_log)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the state message or the tile's content (:meth:`paint_content`)."""
        self._text_log.clear()
        self.last_title_row = None
        painter = QPainter(self)
        try:
            message = self.missing_text()
            if message is not None:
                self.paint_state(painter, message)
            else:
                self.paint_content(painter)
        finally:
            painter.end()

    def paint_content(self, painter: QPainter) -> None:
        """Hook: draw the tile (no database or file I/O here)."""
        painter.fillRect(self.rect(), BACKGROUND)


class DashboardTileWidget(PaintedTileWidget):
    """Base of the snapshot-drawing tiles: subscription, latest snapshots, no-data state."""

    kinds: ClassVar[tuple[str, ...]] = ()

    def __init__(self, settings: Mapping[str, Any], ctx: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(settings, ctx, parent)
        self._snapshots: dict[str, object] = {}
        self._active = False
        self._channel: DashboardChannel | None = None
        service = ctx.services.get("dashboard")
        if service is not None and hasattr(service, "channel"):
            self._channel = service.channel(ctx.privacy)
            self._channel.snapshot_ready.connect(self._on_channel_snapshot_ready)
        # Active from the start (previews need no runtime); the snapshots already there are stored without
        # calling the hook, because the subclass is not built yet: it reads them at the end of its __init__.
        self._hooks_enabled = False
        self.set_active(True)
        self._hooks_enabled = True

    def needed_kinds(self) -> tuple[str, ...]:
        """The snapshot kinds this tile draws (may depend on its settings)."""
        return self.kinds

    def set_active(self, active: bool) -> None:
        """Subscribe while visible; a hidden tile makes the service compute nothing for it."""
        if active == self._active or self._channel is None:
            self._active = active
            return
        self._active = active
        for kind in self.needed_kinds():
            if active:
                self._channel.subscribe(kind)
                latest = self._channel.latest(kind)
                if latest is not None:
                    self._accept(kind, latest)
            else:
                self._channel.unsubscribe(kind)

    def shutdown(self) -> None:
        """Unsubscribe and disconnect from the data service."""
        self.set_active(False)
        if self._channel is not None:
            self._channel.snapshot_ready.disconnect(self._on_channel_snapshot_ready)
            self._channel = None

    def _on_channel_snapshot_ready(self, kind: str, snapshot: object) -> None:
        if kind in self.needed_kinds():
            self._accept(kind, snapshot)

    def _accept(self, kind: str, snapshot: object) -> None:
        if getattr(snapshot, "public", None) is not self.ctx.is_public:
            return  # defence in depth: the channel already refuses these
        previous = self._snapshots.get(kind)
        self._snapshots[kind] = snapshot
        if self._hooks_enabled:
            self.snapshot_changed(kind, snapshot, changed=previous != snapshot)

    def snapshot_changed(self, kind: str, snapshot: object, changed: bool) -> None:
        """Hook: a snapshot arrived (``changed``: it differs from the previous one). Default: repaint."""
        self.update()

    def snapshot(self, kind: str) -> object | None:
        """The latest snapshot of ``kind`` this tile accepted."""
        return self._snapshots.get(kind)

    def missing_text(self) -> str | None:
        """ "No data" without a service, "loading" until every needed snapshot arrived."""
        if self._channel is None and self.needed_kinds():
            return self.ctx.texts.t("state.no_data")
        if any(k not in self._snapshots for k in self.needed_kinds()):
            return self.ctx.texts.t("state.loading")
        return None


class PagedDashboardTileWidget(DashboardTileWidget):
    """A dashboard tile whose rows page every ``page_seconds`` (a setting) while it is visible."""

    default_page_seconds: ClassVar[float] = 8.0
    #: The key of the title shown when the layout sets none.
    default_title_key: ClassVar[str] = ""

    def __init__(self, settings: Mapping[str, Any], ctx: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(settings, ctx, parent)
        seconds = float(settings.get("page_seconds", self.default_page_seconds) or self.default_page_seconds)
        self._pager = TilePager(seconds, self)
        self._pager.page_changed.connect(self.update)
        self._pager.set_running(self._active)

    def set_active(self, active: bool) -> None:
        """Subscribe and turn pages only while visible."""
        super().set_active(active)
        if hasattr(self, "_pager"):  # the base class calls this before __init__ made the pager
            self._pager.set_running(active)

    def tile_title(self) -> str:
        """The configured title (the layout's own words, shown as written) or the default one."""
        return str(self._settings.get("title") or self.ctx.texts.t(self.default_title_key))
