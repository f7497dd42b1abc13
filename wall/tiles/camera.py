"""The camera tile: the newest frame of a camera from the :class:`CameraPool`, with name, clock and state.

It paints the newest frame only (scaled once to its on-screen size, see ``camera_render``), letterboxed; says
clearly when it is connecting, has no signal (since when) or sees a frozen picture; uses the sub stream when small
and the main stream when large or enlarged (with hysteresis); decodes nothing while hidden; never shows a camera
that is not public-safe on a public output, whatever the layout says.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QPoint, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QRegion, QResizeEvent
from PySide6.QtWidgets import QWidget

from common.video.base import CaptureState, SourceStatus
from common.video.frame import Frame
from wall.camera_pool import CameraLease, CameraPool, Stream, choose_stream
from wall.tiles._style import BACKGROUND, TEXT, TextLog, draw_text, font_px
from wall.tiles.base import TileContext, TileWidget
from wall.tiles.camera_render import OVERLAY_BG, ClockFaces, DisplayImage, OverlayBar, fit_rect
from wall.timefmt import hhmmss

_log = logging.getLogger(__name__)
FROZEN_AFTER_S = 2.0
TICK_SKIP_FRESHER_THAN_S = 0.5
WARN_BG = QColor(120, 40, 0, 200)
LETTERBOX = QColor(0, 0, 0)


@dataclass(frozen=True, slots=True)
class _StateTexts:
    """The fixed state texts of a camera tile in the wall's language."""

    frozen: str
    no_signal: str
    connecting: str


@dataclass(frozen=True)
class _Placement:
    """A frame's rectangle in its tile (and the pieces of it each paint needs, computed once per size)."""

    frame_size: tuple[int, int]
    area: QRect
    target: QRect
    origin: QPoint
    size: tuple[int, int]
    covers: bool


def _fill_letterbox(painter: QPainter, area: QRect, target: QRect) -> None:
    """Black bars around a frame that does not cover the tile (not the whole tile: it is painted over anyway)."""
    for bar in QRegion(area).subtracted(QRegion(target)):  # type: ignore[attr-defined]  # iterable at run time, not in the stubs
        painter.fillRect(bar, LETTERBOX)


def frame_to_image(frame: Frame) -> QImage:
    """A QImage over the frame's BGR pixels without copying (the frame must outlive the image)."""
    stride = frame.image.strides[0]
    return QImage(frame.image.data, frame.width, frame.height, stride, QImage.Format.Format_BGR888)


class CameraTileWidget(TileWidget):
    """Shows one camera (settings: ``camera``, ``stream`` auto/main/sub, ``show_name``)."""

    kind: ClassVar[str] = "camera"
    label_key: ClassVar[str] = "tile.camera"

    def __init__(self, settings: Mapping[str, Any], ctx: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(settings, ctx, parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.text_log = TextLog()
        # The state texts are looked up once: the tile paints for every frame (480 times a second at 32 tiles).
        texts = ctx.texts
        self._state_texts = _StateTexts(texts.t("camera.frozen"), texts.t("camera.no_signal"),
                                        texts.t("camera.connecting"))
        self._no_signal_since: tuple[datetime | None, str] = (None, "")
        self._pool: CameraPool | None = ctx.services.get("cameras")
        self._lease: CameraLease | None = None
        self._camera = ""
        self._stream: Stream = "sub"
        self._enlarged = False
        self._active = False
        self._frame: Frame | None = None
        self._display = DisplayImage()
        faces = ctx.services.get("clock_faces")
        self._overlay = OverlayBar(faces if isinstance(faces, ClockFaces) else ClockFaces())
        self._painted_seq = -1
        self._asked_size: tuple[int, int] | None = None
        self._placement: _Placement | None = None
        self._clock_second, self._clock_cached = -1, ""
        self._status: SourceStatus | None = None
        self._refusal = ""
        self.frames_painted = 0
        self.last_paint_latency_s: float | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)
        if self._pool is not None:
            self._pool.cameras_changed.connect(self._on_pool_cameras_changed)
        self.set_camera(str(settings.get("camera", "")))

    # -- pool subscriber ------------------------------------------------------------------------------------

    def on_pool_frame(self, frame: Frame) -> None:
        """Keep only the newest frame and repaint."""
        self._frame = frame
        self.update()

    def on_pool_status(self, status: SourceStatus) -> None:
        """Remember the capture state and repaint."""
        self._status = status
        self.update()

    def is_pool_active(self) -> bool:
        """True while on screen."""
        return self._active

    # -- TileWidget -----------------------------------------------------------------------------------------

    def apply_settings(self, settings: Mapping[str, Any]) -> bool:
        """Same camera and stream mode: keep playing; another camera: switch in place."""
        new = dict(settings)
        if new == self._settings:
            return True
        self._settings = new
        self.set_camera(str(new.get("camera", "")))
        self._update_stream()
        self.update()
        return True

    def set_active(self, active: bool) -> None:
        """Hidden tiles decode nothing (the pool deactivates a source nobody sees)."""
        if active == self._active:
            return
        self._active = active
        if active:
            self._tick.start()
        else:
            self._tick.stop()
        if self._lease is None and active:
            self._ensure_lease()
        elif self._lease is not None and self._pool is not None:
            self._pool.activity_changed(self._lease)

    def set_enlarged(self, enlarged: bool) -> None:
        """Enlarged tiles use the main stream."""
        self._enlarged = enlarged
        self._update_stream()

    def shutdown(self) -> None:
        """Give the camera back to the pool."""
        self._tick.stop()
        self._active = False
        self._drop_lease()

    # -- camera ---------------------------------------------------------------------------------------------

    @property
    def camera_name(self) -> str:
        """The camera shown."""
        return self._camera

    @property
    def lease(self) -> CameraLease | None:
        """The pool lease in use (None when refused or unknown)."""
        return self._lease

    @property
    def status_text(self) -> str:
        """What the tile says about the stream ("" while live)."""
        return self._state_text()

    def set_camera(self, name: str) -> None:
        """Show another camera (acquires the new one before giving back the previous one)."""
        if name == self._camera and (self._lease is not None or self._refusal):
            return
        self._switch_to(name)

    def reload_camera(self) -> None:
        """The camera's stream URLs or public-safe flag changed: refuse it now, or move to its new stream."""
        self._switch_to(self._camera)

    def _on_pool_cameras_changed(self, names: frozenset[str]) -> None:
        if self._camera in names:
            self.reload_camera()

    def _switch_to(self, name: str) -> None:
        old = self._lease
        self._camera, self._lease, self._asked_size = name, None, None
        self._frame, self._status = None, None
        self._refusal = self._refusal_for(name)
        self._ensure_lease()
        if old is not None and self._pool is not None:
            self._pool.release(old, self)
        self.update()

    def _refusal_for(self, name: str) -> str:
        texts = self.ctx.texts
        if self._pool is None:
            return texts.t("camera.no_service")
        info = self._pool.camera(name)
        if not name:
            return texts.t("camera.none")
        if info is None:
            return texts.t("camera.unknown", name=name)
        if self.ctx.is_public and not info.public_safe:
            _log.warning("camera %r is not public-safe: not shown on a public output", name)
            return texts.t("camera.not_public")
        return ""

    def _ensure_lease(self) -> None:
        """Acquire the camera once the tile is on screen (a hidden tile never opens a stream)."""
        if self._lease is None and self._active and not self._refusal:
            self._stream = self._wanted_stream()
            self._lease = self._acquire(self._stream)

    def _acquire(self, stream: Stream) -> CameraLease | None:
        if self._pool is None or self._refusal:
            return None
        return self._pool.acquire(self._camera, stream, self, public=self.ctx.is_public)

    def _drop_lease(self) -> None:
        if self._lease is not None and self._pool is not None:
            self._pool.release(self._lease, self)
        self._lease, self._asked_size = None, None

    def _area_fraction(self) -> float:
        out_h = max(1, self.ctx.output_height_px)
        out_w = max(1, self.ctx.output_width_px or round(out_h * 16 / 9))
        return (self.width() * self.height()) / (out_w * out_h)

    def _wanted_stream(self) -> Stream:
        mode = self._settings.get("stream", "auto")
        if mode in ("main", "sub"):
            return "main" if mode == "main" else "sub"
        return choose_stream(self._stream, self._area_fraction(), enlarged=self._enlarged)

    def _update_stream(self) -> None:
        wanted = self._wanted_stream()
        if wanted == self._stream:
            return
        self._stream = wanted
        if self._lease is None or self._pool is None:
            return
        old, self._lease, self._asked_size = self._lease, self._acquire(wanted), None
        self._pool.release(old, self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Pick the sub or main stream for the new size."""
        super().resizeEvent(event)
        self._placement = None
        self._update_stream()

    # -- snapshot -------------------------------------------------------------------------------------------

    def save_snapshot(self, path: str | Path) -> bool:
        """Save the newest frame at full resolution (PNG/JPEG by suffix); False when there is none."""
        if self._frame is None:
            return False
        return frame_to_image(self._frame).copy().save(str(path))

    # -- painting -------------------------------------------------------------------------------------------

    def _on_tick_timeout(self) -> None:
        # A flowing stream repaints (and so refreshes the clock) with each frame; the tick is for tiles whose
        # picture stopped: their clock, "frozen" and "no signal since" texts. At 32 tiles of 15 fps, repainting
        # flowing tiles once a second as well added 7 % more paints.
        frame = self._frame
        if frame is None or time.monotonic() - frame.captured_monotonic > TICK_SKIP_FRESHER_THAN_S:
            self.update()

    def _frozen(self) -> bool:
        return self._frame is not None and time.monotonic() - self._frame.captured_monotonic > FROZEN_AFTER_S

    def _state_text(self) -> str:
        if self._refusal:
            return self._refusal
        state = self._status.state if self._status else CaptureState.CONNECTING
        if state is CaptureState.STALLED or (state is CaptureState.LIVE and self._frozen()):
            return self._state_texts.frozen
        if state is CaptureState.NO_SIGNAL:
            since = self._status.last_frame_wall if self._status else None
            return self._no_signal_text(since) if since else self._state_texts.no_signal
        if state in (CaptureState.CONNECTING, CaptureState.INACTIVE) and (
            self._frame is None or self._frozen()
        ):
            return self._state_texts.connecting
        return ""

    def _no_signal_text(self, since: datetime) -> str:
        """The "no signal since HH:MM:SS" text, formatted once per moment the signal was lost, not per paint."""
        if self._no_signal_since[0] != since:
            self._no_signal_since = (since, self.ctx.texts.t("camera.no_signal_since", time=hhmmss(since)))
        return self._no_signal_since[1]

    def _no_signal(self) -> bool:
        return not self._refusal and self._status is not None and self._status.state is CaptureState.NO_SIGNAL

    def paintEvent(self, event: QPaintEvent) -> None:
        """Frame (letterboxed, blitted 1:1), then the state, the camera's name and the clock.

        This runs for every frame of every tile (480 times a second at 32 tiles): the frame's placement is
        computed once per size, the bar's boxes are cached pixmaps (``camera_render``).
        """
        self.text_log.clear()
        painter = QPainter(self)
        frame = None if self._refusal else self._frame
        if frame is None:
            painter.fillRect(self.rect(), BACKGROUND)
        else:
            place = self._placement
            if place is None or place.frame_size != (frame.width, frame.height):
                place = self._place(frame)
            if not place.covers:
                _fill_letterbox(painter, place.area, place.target)
            if place.size != self._asked_size:
                self._ask_display_size(place.size)
            self._paint_frame(painter, frame, place)
        text = self._state_text()
        if text:
            self._paint_banner(painter, QRectF(self.rect()), text)
        self._paint_overlays(painter)
        painter.end()

    def _place(self, frame: Frame) -> _Placement:
        """Where and how large the frame is drawn in this tile (cached until the frame or tile size changes)."""
        area = self.rect()
        target = fit_rect(frame.width, frame.height, area)
        self._placement = _Placement((frame.width, frame.height), area, target, target.topLeft(),
                                     (target.width(), target.height()), target.contains(area))
        return self._placement

    def _ask_display_size(self, size: tuple[int, int]) -> None:
        """Have the capture thread prepare frames at this tile's size (see ``common.video.display``)."""
        if self._lease is not None and self._pool is not None:
            self._asked_size = size
            self._pool.request_display_size(self._lease, self, size)

    def _paint_frame(self, painter: QPainter, frame: Frame, place: _Placement) -> None:
        painter.drawImage(place.origin, self._display.update(frame, place.size))
        if frame.seq != self._painted_seq:
            self._painted_seq = frame.seq
            self.frames_painted += 1
            self.last_paint_latency_s = time.monotonic() - frame.captured_monotonic

    def _font_size(self) -> int:
        return max(self.ctx.min_font_px, round(self.height() / 16))

    def _paint_banner(self, painter: QPainter, rect: QRectF, text: str) -> None:
        size = self._font_size()
        font = font_px(self.ctx.min_font_px, size * 1.1, bold=True)
        band = QRectF(rect.x(), rect.center().y() - size * 1.3, rect.width(), size * 2.6)
        painter.fillRect(band, WARN_BG if self._frame is not None or self._no_signal() else OVERLAY_BG)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        draw_text(
            painter, band.adjusted(size * 0.4, 0, -size * 0.4, 0), flags, text, font, TEXT, self.text_log
        )

    def _paint_overlays(self, painter: QPainter) -> None:
        show_name = self._settings.get("show_name", True) and self._camera and not self._refusal
        self._overlay.paint(painter, self.width(), self._font_size(), self.ctx.min_font_px,
                            self._display_name() if show_name else "", self._clock_text())
        self.text_log.entries.extend(self._overlay.log.entries)

    def _clock_text(self) -> str:
        """``HH:MM:SS`` of the context's clock, formatted at most once per second."""
        now = self.ctx.clock()
        second = int(now.timestamp())
        if second != self._clock_second:
            self._clock_second, self._clock_cached = second, hhmmss(now)
        return self._clock_cached

    def _display_name(self) -> str:
        return self._camera
