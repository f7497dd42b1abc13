"""Alarm layouts: the template's slots are filled with the nearest cameras and its maps focus the kelurahan."""

from __future__ import annotations

import pytest

from common.layouts.alarm import alarm_slots, instantiate_alarm_layout
from common.layouts.cameras import CameraInfo
from common.layouts.model import Layout, TileSpec

pytestmark = pytest.mark.timeout(30)


def test_slots_filled_nearest_first_and_map_focused() -> None:
    template = Layout("alarm", 2, 2, (
        TileSpec("peta", 0, 0, 2, 1, "map", {"zoom": 3}),
        TileSpec("k1", 0, 1, 1, 1, "camera", {"alarm_slot": 1}),
        TileSpec("k2", 1, 1, 1, 1, "camera", {"alarm_slot": 2}),
    ))
    cams = {c.name: c for c in (CameraInfo("jauh", True, lat=-6.2, lng=106.3), CameraInfo("dekat", False, lat=-6.12,
                                                                                             lng=106.15))}
    assert alarm_slots(template) == 2
    layout, used = instantiate_alarm_layout(template, cams, "36.73.01.1001", -6.12, 106.15)
    assert used == ["dekat", "jauh"]
    assert layout.tile("k1").settings["camera"] == "dekat" and layout.tile("k2").settings["camera"] == "jauh"
    assert layout.tile("peta").settings == {"zoom": 3, "focus": "36.73.01.1001"}
    public, used = instantiate_alarm_layout(template, cams, "x", -6.12, 106.15, public_only=True)
    assert used == ["jauh"] and public.tile("k2").settings["camera"] == ""
