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
    ``displays`` are the picture already prepared for screens by the capture thread, one array per size asked for
    (``common.video.display.prepare_display``: scaled, 32-bit BGRX, read-only); see :meth:`display_for`.
    """

    image: npt.NDArray[np.uint8]
    seq: int
    captured_monotonic: float
    captured_wall: datetime
    source_id: str
    width: int
    height: int
    displays: tuple[npt.NDArray[np.uint8], ...] = ()

    def __post_init__(self) -> None:
        if self.captured_wall.tzinfo is None or self.captured_wall.utcoffset() is None:
            raise ValueError("captured_wall must be timezone-aware (UTC)")
        if self.image.ndim < 2 or self.image.shape[0] != self.height or self.image.shape[1] != self.width:
            raise ValueError(f"image shape {self.image.shape} does not match {self.width}x{self.height}")
        # Mutating the array (not the dataclass) is what makes the pixels immutable for consumers.
        self.image.flags.writeable = False
        for display in self.displays:
            display.flags.writeable = False

    @classmethod
    def from_image(
        cls,
        image: npt.NDArray[np.uint8],
        seq: int,
        source_id: str,
        captured_monotonic: float,
        captured_wall: datetime,
        displays: tuple[npt.NDArray[np.uint8], ...] = (),
    ) -> Frame:
        """Build a frame taking width and height from ``image``."""
        height, width = image.shape[:2]
        return cls(image, seq, captured_monotonic, captured_wall, source_id, int(width), int(height), displays)

    def display_for(self, size: tuple[int, int]) -> npt.NDArray[np.uint8] | None:
        """The picture prepared at ``size`` (width, height), or None when that size was not prepared."""
        for display in self.displays:
            if display.shape[1] == size[0] and display.shape[0] == size[1]:
                return display
        return None

    def display_sizes(self) -> tuple[tuple[int, int], ...]:
        """(width, height) of each prepared picture."""
        return tuple((int(d.shape[1]), int(d.shape[0])) for d in self.displays)
