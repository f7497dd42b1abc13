"""The sequence tile: cameras in turn, each for ``dwell_s`` seconds (at least 3 s).

The next camera is opened two seconds before its turn so the switch shows a picture at once, not
"Menghubungkan…". On a public output only public-safe cameras take part; the others are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from common.layouts.kinds import MIN_DWELL_S
from common.video.base import SourceStatus
from common.video.frame import Frame
from wall.camera_pool import CameraLease
from wall.tiles.base import TileContext
from wall.tiles.camera import CameraTileWidget

PRELOAD_S = 2.0


class _Preloader:
    """A silent subscriber that keeps the next camera's stream open and decoding."""

    def __init__(self) -> None:
        self.lease: CameraLease | None = None

    def on_pool_frame(self, frame: Frame) -> None:
        """Ignored: the tile reads the frame when it switches."""

    def on_pool_status(self, status: SourceStatus) -> None:
        """Ignored."""

    def is_pool_active(self) -> bool:
        """Always wants frames."""
        return True


class SequenceTileWidget(CameraTileWidget):
    """Cycles through ``cameras`` every ``dwell_s`` seconds."""

    kind: ClassVar[str] = "sequence"
    label_key: ClassVar[str] = "tile.sequence"

    def __init__(self, settings: Mapping[str, Any], ctx: TileContext, parent: QWidget | None = None) -> None:
        self._cameras = self._eligible(settings, ctx)
        self._index = 0
        self._preloader = _Preloader()
        super().__init__({**dict(settings), "camera": self._cameras[0] if self._cameras else ""}, ctx, parent)
        self._settings = dict(settings)
        self._dwell = QTimer(self)
        self._dwell.timeout.connect(self._on_dwell_timeout)
        self._preload = QTimer(self)
        self._preload.setSingleShot(True)
        self._preload.timeout.connect(self._on_preload_timeout)
        self._restart_timers()

    @staticmethod
    def _eligible(settings: Mapping[str, Any], ctx: TileContext) -> list[str]:
        names = [c for c in settings.get("cameras", []) if isinstance(c, str) and c]
        pool = ctx.services.get("cameras")
        if ctx.is_public and pool is not None:
            names = [n for n in names if (info := pool.camera(n)) is not None and info.public_safe]
        return names

    @property
    def dwell_s(self) -> float:
        """Seconds each camera is shown (never below 3)."""
        value = self._settings.get("dwell_s", 10)
        return max(MIN_DWELL_S, float(value) if isinstance(value, (int, float)) else 10.0)

    @property
    def cameras(self) -> list[str]:
        """The cameras taking part, in order."""
        return list(self._cameras)

    def _restart_timers(self) -> None:
        self._dwell.stop()
        self._preload.stop()
        if len(self._cameras) > 1 and self._active:
            self._dwell.start(round(self.dwell_s * 1000))
            self._preload.start(max(0, round((self.dwell_s - PRELOAD_S) * 1000)))

    def advance(self) -> None:
        """Show the next camera now (the dwell timer calls this)."""
        if not self._cameras:
            return
        self._index = (self._index + 1) % len(self._cameras)
        self.set_camera(self._cameras[self._index])
        self._release_preload()
        if self._active:
            self._preload.start(max(0, round((self.dwell_s - PRELOAD_S) * 1000)))

    def _on_dwell_timeout(self) -> None:
        self.advance()

    def _on_preload_timeout(self) -> None:
        pool = self._pool
        if pool is None or len(self._cameras) < 2 or not self._active:
            return
        nxt = self._cameras[(self._index + 1) % len(self._cameras)]
        self._release_preload()
        self._preloader.lease = pool.acquire(nxt, self._stream, self._preloader, public=self.ctx.is_public)

    def _release_preload(self) -> None:
        if self._preloader.lease is not None and self._pool is not None:
            self._pool.release(self._preloader.lease, self._preloader)
        self._preloader.lease = None

    def apply_settings(self, settings: Mapping[str, Any]) -> bool:
        """Same list and dwell: keep going; otherwise restart the sequence in place."""
        new = dict(settings)
        if new == self._settings:
            return True
        self._settings = new
        self._restart_turn(reload_first=False)
        return True

    def _on_pool_cameras_changed(self, names: frozenset[str]) -> None:
        """A camera of the list changed: the list is checked again (public-safe flags), the turn restarts."""
        listed = {c for c in self._settings.get("cameras", []) if isinstance(c, str)}
        if not names & listed:
            return
        self._restart_turn(reload_first=True)

    def _restart_turn(self, *, reload_first: bool) -> None:
        """Check the list again (public-safe flags) and start the turn at its first camera; ``reload_first``
        reconnects that camera when it is already shown (its stream changed), otherwise it keeps playing."""
        self._cameras = self._eligible(self._settings, self.ctx)
        self._index = 0
        self._release_preload()
        first = self._cameras[0] if self._cameras else ""
        if reload_first and first == self.camera_name:
            self.reload_camera()
        else:
            self.set_camera(first)
        self._restart_timers()

    def set_active(self, active: bool) -> None:
        """Pause the turn and the preloading while hidden."""
        super().set_active(active)
        if not active:
            self._release_preload()
        self._restart_timers()

    def shutdown(self) -> None:
        """Stop the timers and give back both cameras."""
        self._dwell.stop()
        self._preload.stop()
        self._release_preload()
        super().shutdown()
