"""Immutable video frame handed from a capture source to its consumers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class Frame:
    """One decoded frame (BGR, ``height x width x 3`` uint8), immutable and safe to share across threads.

    ``image`` is made read-only on construction (the frame takes ownership of the array: callers
    must not keep a writable alias). ``seq`` grows by one per published frame of a source and
    keeps growing across reconnects. ``captured_monotonic`` is ``time.monotonic()`` at decode
    (system-wide on Linux, so comparable across processes); ``captured_wall`` is aware UTC.
    ``display``, when set, is the picture already prepared for a screen by the capture thread
    (``common.video.display.prepare_display``: scaled, 32-bit BGRX, read-only).
    """

    image: npt.NDArray[np.uint8]
    seq: int
    captured_monotonic: float
    captured_wall: datetime
    source_id: str
    width: int
    height: int
    display: npt.NDArray[np.uint8] | None = None

    def __post_init__(self) -> None:
        if self.captured_wall.tzinfo is None or self.captured_wall.utcoffset() is None:
            raise ValueError("captured_wall must be timezone-aware (UTC)")
        if self.image.ndim < 2 or self.image.shape[0] != self.height or self.image.shape[1] != self.width:
            raise ValueError(f"image shape {self.image.shape} does not match {self.width}x{self.height}")
        # Mutating the array (not the dataclass) is what makes the pixels immutable for consumers.
        self.image.flags.writeable = False
        if self.display is not None:
            self.display.flags.writeable = False

    @classmethod
    def from_image(
        cls,
        image: npt.NDArray[np.uint8],
        seq: int,
        source_id: str,
        captured_monotonic: float,
        captured_wall: datetime,
        display: npt.NDArray[np.uint8] | None = None,
    ) -> Frame:
        """Build a frame taking width and height from ``image``."""
        height, width = image.shape[:2]
        return cls(image, seq, captured_monotonic, captured_wall, source_id, int(width), int(height), display)

    def display_size(self) -> tuple[int, int] | None:
        """(width, height) of ``display``, or None without one."""
        if self.display is None:
            return None
        return int(self.display.shape[1]), int(self.display.shape[0])
