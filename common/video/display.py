"""Preparing a frame for the screen: the on-screen size of a letterboxed frame and its 32-bit pixels.

Why here and not in the wall: a camera tile blits each new frame 1:1, so each frame is scaled once to the tile's
size and converted to the 32-bit layout Qt paints without converting (B, G, R, 255 in memory = ``Format_RGB32``
on little-endian machines). Done on the capture thread right after decoding, that work reads the frame while it
is still in the core's cache and takes it off the GUI thread; ``benchmarks/wall_streams.py`` measured the same
work on the GUI thread at about twice the CPU (the frame had to come back from memory). Tiles ask for their sizes
(the wall's camera pool passes them on with ``FrameSource.set_display_sizes``, one per distinct size); frames then
carry ``Frame.displays`` and a tile only falls back to scaling itself when its size is missing (e.g. right after a
resize).
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

Size = tuple[int, int]
"""(width, height) in pixels."""

SNAP_TOLERANCE = 0.03
"""A scale within 3 % of 1, 1/2, 1/3 or 1/4 is rounded to it: the frame is then scaled by a whole factor (exact
and the cheapest to compute) and either overfills the area by at most 3 % (a few edge pixels are clipped) or
leaves a border of at most 3 %."""

_WHOLE_FACTORS = (1, 2, 3, 4)


def display_size(frame_w: int, frame_h: int, area_w: int, area_h: int) -> Size:
    """The size a ``frame_w x frame_h`` frame is shown at in an ``area_w x area_h`` area (aspect ratio kept).

    The largest letterboxed fit, except that a scale close to a whole shrink factor snaps to it
    (see :data:`SNAP_TOLERANCE`); a degenerate input gives at least 1x1.
    """
    frame_w, frame_h = max(1, frame_w), max(1, frame_h)
    scale = min(max(1, area_w) / frame_w, max(1, area_h) / frame_h)
    for factor in _WHOLE_FACTORS:
        if abs(scale * factor - 1.0) <= SNAP_TOLERANCE and frame_w % factor == 0 and frame_h % factor == 0:
            return frame_w // factor, frame_h // factor
    return max(1, round(frame_w * scale)), max(1, round(frame_h * scale))


def prepare_display(image: npt.NDArray[np.uint8], size: Size) -> npt.NDArray[np.uint8]:
    """``image`` (BGR) scaled to ``size`` and converted to BGRX (``height x width x 4``), a new read-only array.

    Whole shrink factors use area averaging (exact and fast for them); any other scale uses bilinear
    interpolation (area averaging costs about 7 ms a frame for non-whole factors).
    """
    width, height = size
    src_h, src_w = image.shape[:2]
    pixels = image
    if (width, height) != (src_w, src_h):
        whole = src_w % width == 0 and src_h % height == 0 and src_w // width == src_h // height
        method = cv2.INTER_AREA if whole else cv2.INTER_LINEAR
        pixels = np.asarray(cv2.resize(image, (width, height), interpolation=method), dtype=np.uint8)
    out = np.asarray(cv2.cvtColor(pixels, cv2.COLOR_BGR2BGRA), dtype=np.uint8)
    out.flags.writeable = False
    return out
