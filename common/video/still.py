"""A camera source without a camera: a still test picture, re-stamped each second (previews and samples).

The wall's layout editor preview and ``bsm wall-tile`` show it in camera tiles, so a layout or a tile can be looked at
without any stream; it implements :class:`~common.video.base.FrameSource` like a real capture does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import cv2
import numpy as np

from common.video.base import CaptureState, Hooks, SourceStatus
from common.video.frame import Frame
from common.video.source import StreamSpec


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

    def set_display_sizes(self, sizes: tuple[tuple[int, int], ...]) -> None:
        """A still picture: the tile scales it itself."""
