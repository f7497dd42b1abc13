"""Preparing frames for the screen: sizes (with whole-factor snapping) and the 32-bit pixels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.video.display import SNAP_TOLERANCE, display_size, prepare_display


@pytest.mark.parametrize(("frame", "area", "expected"), [
    ((640, 360), (640, 360), (640, 360)),  # 1:1
    ((640, 360), (628, 354), (640, 360)),  # 2 % too small: shown 1:1, edge pixels clipped
    ((640, 360), (313, 176), (320, 180)),  # a 6x6 grid cell on 1080p: exactly half, clipped by 2 %
    ((640, 360), (328, 184), (320, 180)),  # a little room to spare: still exactly half (thin border)
    ((720, 576), (236, 190), (240, 192)),  # a third of a D1 sub stream
    ((704, 576), (232, 190), (232, 190)),  # 704 is no multiple of 3: plain fit
    ((640, 360), (476, 268), (476, 268)),  # 0.74: no whole factor near, letterboxed fit
    ((640, 360), (800, 800), (800, 450)),  # enlarging keeps the aspect ratio
    ((0, 0), (0, 0), (1, 1)),  # degenerate sizes never give an empty image
])
def test_display_size(frame: tuple[int, int], area: tuple[int, int], expected: tuple[int, int]) -> None:
    assert display_size(*frame, *area) == expected


@given(st.integers(16, 4096), st.integers(16, 4096), st.integers(1, 4000), st.integers(1, 4000))
def test_display_size_keeps_the_aspect_and_never_overflows_by_more_than_the_tolerance(
        fw: int, fh: int, aw: int, ah: int) -> None:
    w, h = display_size(fw, fh, aw, ah)
    assert w >= 1 and h >= 1
    assert w <= aw * (1 + SNAP_TOLERANCE) + 1 and h <= ah * (1 + SNAP_TOLERANCE) + 1
    assert abs(w / h - fw / fh) <= max(1 / h, 1 / w) * (fw / fh) * 2 + 1e-9 or min(w, h) <= 2


def test_prepare_display_converts_to_bgrx_and_is_read_only() -> None:
    image = np.zeros((360, 640, 3), np.uint8)
    image[:, :, 0], image[:, :, 1], image[:, :, 2] = 10, 20, 30  # B, G, R
    out = prepare_display(image, (640, 360))
    assert out.shape == (360, 640, 4) and out.dtype == np.uint8
    assert tuple(out[0, 0]) == (10, 20, 30, 255)
    assert not out.flags.writeable


def test_whole_factor_shrink_averages_exactly() -> None:
    image = np.zeros((4, 4, 3), np.uint8)
    image[0:2, 0:2] = 100
    image[0, 0] = 0  # top-left block: 0, 100, 100, 100 -> 75
    out = prepare_display(image, (2, 2))
    assert out.shape == (2, 2, 4) and tuple(out[0, 0, :3]) == (75, 75, 75) and tuple(out[1, 1, :3]) == (0, 0, 0)


def test_other_scales_are_interpolated_to_the_exact_size() -> None:
    image = np.full((360, 640, 3), 200, np.uint8)
    out = prepare_display(image, (476, 268))
    assert out.shape == (268, 476, 4) and int(out[100, 100, 0]) == 200


@pytest.mark.parametrize("size", [(320, 180), (476, 268), (213, 120), (160, 90), (1280, 720), (7, 3)])
def test_every_scale_gives_opaque_pixels_of_the_same_colour(size: tuple[int, int]) -> None:
    """Qt's RGB32 needs the fourth byte at 255, whichever order conversion and scaling run in."""
    image = np.zeros((360, 640, 3), np.uint8)
    image[:, :, 0], image[:, :, 1], image[:, :, 2] = 10, 20, 30
    out = prepare_display(image, size)
    assert out.shape == (size[1], size[0], 4)
    assert bool((out[:, :, 3] == 255).all())
    assert bool((out[:, :, :3] == (10, 20, 30)).all())
