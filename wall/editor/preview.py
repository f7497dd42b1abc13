"""Live preview: the real wall tiles (``LayoutGridWidget`` + the tile registry) at the output's true resolution,
scaled down into the side panel, fed with fake dashboard snapshots and still test pictures for cameras.

No camera is connected unless the technician ticks "pratinjau langsung" (then the cameras' sub streams are opened
on capture threads, like a wall would). Layout changes reach the preview debounced, so typing stays fluid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGraphicsProxyWidget,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from common.layouts.cameras import CameraInfo
from common.layouts.model import Layout, OutputSpec, Privacy
from common.video.base import FrameSource
from common.video.source import StreamSpec
from common.video.still import StillFrameSource
from wall.camera_pool import CameraPool, SourceFactory
from wall.editor.i18n import Texts
from wall.i18n import WallTexts
from wall.layout_view import LayoutGridWidget
from wall.tiles.base import TileContext
from wall.tiles.registry import TileRegistry

DEBOUNCE_MS = 250


class LayoutPreviewWidget(QWidget):
    """The scaled-down real tiles of the layout being edited, on the chosen output's resolution and privacy."""

    def __init__(self, t: Texts, clock: Callable[[], datetime], dashboard: Any,
                 live_factory: Callable[[], SourceFactory] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._t, self._clock, self._dashboard = t, clock, dashboard
        self._live_factory = live_factory
        self._registry = TileRegistry()
        self._cameras: dict[str, CameraInfo] = {}
        self._privacy: Privacy = "internal"
        self._resolution = (1920, 1080)
        self._pending: Layout | None = None
        self.grid: LayoutGridWidget | None = None
        self.pool: CameraPool | None = None
        self._proxy: QGraphicsProxyWidget | None = None
        self._scene = QGraphicsScene(self)
        self.view = QGraphicsView(self._scene, self)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.view.setBackgroundBrush(Qt.GlobalColor.darkGray)
        self.view.setAccessibleName(t("preview.title"))
        self.live = QCheckBox(t("preview.live"), self)
        self.live.setEnabled(live_factory is not None)
        self.note = QLabel(t("preview.fake"), self)
        self.note.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.view, 1)
        box.addWidget(self.live)
        box.addWidget(self.note)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self.live.toggled.connect(self._on_live_toggled)
        self._rebuild()

    @property
    def shown_layout(self) -> Layout | None:
        """The layout the preview shows now."""
        return self.grid.current_layout if self.grid is not None else None

    def set_cameras(self, cameras: Mapping[str, CameraInfo]) -> None:
        """The cameras the preview's pool knows."""
        self._cameras = dict(cameras)
        if self.pool is not None:
            self.pool.set_cameras(self._cameras)

    def set_output(self, output: OutputSpec | None) -> None:
        """Preview on ``output`` (resolution and privacy); None: an internal 1080p screen."""
        privacy: Privacy = output.privacy if output else "internal"
        resolution = output.resolution if output else (1920, 1080)
        if (privacy, resolution) != (self._privacy, self._resolution):
            self._privacy, self._resolution = privacy, resolution
            self._rebuild()

    def show_layout(self, layout: Layout | None, *, now: bool = False) -> None:
        """Show ``layout`` (debounced unless ``now``)."""
        self._pending = layout
        if now:
            self._on_debounce_timeout()
        else:
            self._debounce.start()

    def _on_debounce_timeout(self) -> None:
        self._debounce.stop()
        if self.grid is not None and self._pending is not None:
            self.grid.apply(self._pending)

    def _on_live_toggled(self, _live: bool) -> None:
        self._rebuild()

    def _source_factory(self) -> SourceFactory:
        if self.live.isChecked() and self._live_factory is not None:
            return self._live_factory()
        caption = self._t("preview.picture")  # the test picture's caption in the editor's language

        def still_source(camera: str, spec: StreamSpec) -> FrameSource:
            return StillFrameSource(camera, spec, caption)

        return still_source

    def _rebuild(self) -> None:
        """A new grid (and camera pool) for the current output and mode; shows the last layout again."""
        layout = self._pending or self.shown_layout
        self._teardown()
        self.pool = CameraPool(self._cameras, self._source_factory(), parent=self)
        services = {"cameras": self.pool, "dashboard": self._dashboard}
        # The tiles speak the editor's language: an English editor previews the English wall.
        ctx = TileContext(self._privacy, self._resolution[1], self._clock, services, self._resolution[0],
                          WallTexts(self._t.lang))
        self.grid = LayoutGridWidget(self._registry, ctx)
        self.grid.resize(*self._resolution)
        self._proxy = self._scene.addWidget(self.grid)
        self._scene.setSceneRect(QRectF(0, 0, *self._resolution))
        self._fit()
        if layout is not None:
            self.show_layout(layout, now=True)

    def _teardown(self) -> None:
        if self.grid is not None:
            self.grid.shutdown()
        if self._proxy is not None:
            self._scene.removeItem(self._proxy)
            self._proxy.setWidget(None)  # type: ignore[arg-type]  # detach: the grid is deleted below
            self._proxy.deleteLater()
            self._proxy = None
        if self.grid is not None:
            self.grid.deleteLater()
            self.grid = None
        if self.pool is not None:
            self.pool.shutdown()
            self.pool.deleteLater()
            self.pool = None

    def _fit(self) -> None:
        self.view.fitInView(self._scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the whole output in view, at its aspect ratio."""
        super().resizeEvent(event)
        self._fit()

    def shutdown(self) -> None:
        """Stop every tile and the camera pool."""
        self._debounce.stop()
        self._teardown()
