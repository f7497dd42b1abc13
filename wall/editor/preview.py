"""Live preview: the real wall tiles (``LayoutGridWidget`` + the tile registry) at the output's true resolution,
scaled down into the side panel, fed with fake dashboard snapshots and still test pictures for cameras.

No camera is connected unless the technician ticks "pratinjau langsung" (then the cameras' sub streams are opened
on capture threads, like a wall would). Layout changes reach the preview debounced, so typing stays fluid.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import cv2
import numpy as np
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
from common.video.base import CaptureState, FrameSource, Hooks, SourceStatus
from common.video.frame import Frame
from common.video.source import StreamSpec
from wall.camera_pool import CameraPool, SourceFactory
from wall.editor.i18n import Texts
from wall.i18n import WallTexts
from wall.layout_view import LayoutGridWidget
from wall.tiles.base import TileContext
from wall.tiles.registry import TileRegistry

DEBOUNCE_MS = 250


def preview_picture(name: str, width: int = 640, height: int = 360, caption: str = "PRATINJAU") -> np.ndarray:
    """Colour bars with ``caption`` and the camera's name: what a camera tile shows in the preview."""
    colours = [(192, 192, 192), (0, 192, 192), (192, 192, 0), (0, 192, 0), (192, 0, 192), (0, 0, 192),
               (192, 0, 0)]
    image = np.zeros((height, width, 3), dtype=np.uint8)
    bar = width // len(colours) + 1
    for i, colour in enumerate(colours):
        image[: height * 3 // 4, i * bar: (i + 1) * bar] = colour
    image[height * 3 // 4:] = (40, 40, 40)
    cv2.putText(image, caption, (16, height - 52), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (255, 255, 255), 2)
    cv2.putText(image, name[:32], (16, height - 16), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (255, 255, 255), 2)
    return image


class StillFrameSource:
    """A :class:`~common.video.base.FrameSource` without threads: the same test picture, re-stamped each second
    (so the camera tile does not call it frozen)."""

    def __init__(self, camera: str, spec: StreamSpec, caption: str = "PRATINJAU") -> None:
        self._camera, self._spec = camera, spec
        self._image = preview_picture(camera, caption=caption)
        self._image.flags.writeable = False
        self._frames: Hooks[Frame] = Hooks("frame")
        self._states: Hooks[SourceStatus] = Hooks("state")
        self._latest: Frame | None = None
        self._status = SourceStatus(camera, CaptureState.CONNECTING, url=spec.url)

    @property
    def source_id(self) -> str:
        """The camera's name."""
        return self._camera

    @property
    def status(self) -> SourceStatus:
        """LIVE once started."""
        return self._status

    def start(self) -> None:
        """Go live at once."""
        self._status = SourceStatus(self._camera, CaptureState.LIVE, datetime.now(UTC), url=self._spec.url)
        self._states.emit(self._status)

    def stop(self, timeout: float = 5.0) -> bool:
        """Nothing runs; just say so (stopped in time: True)."""
        self._status = SourceStatus(self._camera, CaptureState.STOPPED, url=self._spec.url)
        return True

    def latest(self) -> Frame | None:
        """The test picture, stamped at most a second ago."""
        now = time.monotonic()
        if self._latest is None or now - self._latest.captured_monotonic > 1.0:
            seq = self._latest.seq + 1 if self._latest else 1
            self._latest = Frame.from_image(self._image, seq, self._camera, now, datetime.now(UTC))
        return self._latest

    def on_frame(self, callback: Callable[[Frame], None]) -> Callable[[], None]:
        """Register a frame callback (never called: the pool polls)."""
        return self._frames.add(callback)

    def on_state(self, callback: Callable[[SourceStatus], None]) -> Callable[[], None]:
        """Register a state callback."""
        return self._states.add(callback)

    def set_active(self, active: bool) -> None:
        """Nothing to (de)activate."""

    def switch_stream(self, spec: StreamSpec) -> None:
        """Keep the picture."""
        self._spec = spec

    def set_display_size(self, size: tuple[int, int] | None) -> None:
        """A still picture: the tile scales it itself."""


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
