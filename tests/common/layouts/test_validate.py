"""Validation: one clear problem (code + Indonesian + English message) for each way a layout can be wrong."""

from __future__ import annotations

from typing import Any

import pytest

from common.layouts.cameras import CameraInfo, haversine_m, nearest_cameras
from common.layouts.model import Layout, OutputSpec, PresetRef, ScheduleEntry, TileSpec
from common.layouts.validate import min_font_px, parse_and_validate_layout, validate_layout, validate_output

pytestmark = pytest.mark.timeout(30)
CAMS = {
    "alun-alun": CameraInfo("alun-alun", public_safe=True, main_url="rtsp://x/1"),
    "gudang": CameraInfo("gudang", public_safe=False, main_url="rtsp://x/2"),
}


def _codes(layout: Layout, privacy: Any = "internal", height: int = 1080) -> list[tuple[str | None, str]]:
    problems = validate_layout(layout, CAMS, privacy, output_height_px=height)
    assert all(p.message_id and p.message_en for p in problems)
    return [(p.tile_id, p.code) for p in problems]


def _one(tile: TileSpec, rows: int = 2, cols: int = 2) -> Layout:
    return Layout("x", rows, cols, (tile,))


def test_a_good_layout_has_no_problem() -> None:
    layout = Layout("x", 2, 2, (
        TileSpec("a", 0, 0, 1, 2, "camera", {"camera": "alun-alun"}),
        TileSpec("b", 1, 0, 1, 1, "sequence", {"cameras": ["alun-alun"], "dwell_s": 3}),
        TileSpec("c", 1, 1, 1, 1, "clock", {"font_px": 27}),
    ))
    assert _codes(layout, "public") == []


def test_overlap() -> None:
    layout = Layout("x", 2, 2, (TileSpec("a", 0, 0, 2, 2, "clock"), TileSpec("b", 1, 1, 1, 1, "clock")))
    assert _codes(layout) == [("b", "overlap")]


def test_out_of_bounds() -> None:
    assert _codes(_one(TileSpec("a", 1, 1, 1, 2, "clock"))) == [("a", "out_of_bounds")]


def test_span_below_one() -> None:
    assert _codes(_one(TileSpec("a", 0, 0, 0, 1, "clock"))) == [("a", "bad_span")]


def test_duplicate_id() -> None:
    layout = Layout("x", 1, 2, (TileSpec("a", 0, 0, 1, 1, "clock"), TileSpec("a", 0, 1, 1, 1, "clock")))
    assert ("a", "duplicate_id") in _codes(layout)


def test_unknown_kind() -> None:
    assert _codes(_one(TileSpec("a", 0, 0, 1, 1, "hologram"))) == [("a", "unknown_kind")]


def test_unknown_camera() -> None:
    assert _codes(_one(TileSpec("a", 0, 0, 1, 1, "camera", {"camera": "nope"}))) == [("a", "unknown_camera")]


def test_camera_not_public_safe_on_public_output_only() -> None:
    tile = TileSpec("a", 0, 0, 1, 1, "sequence", {"cameras": ["alun-alun", "gudang"]})
    assert _codes(_one(tile), "public") == [("a", "camera_not_public")]
    assert _codes(_one(tile), "internal") == []


def test_sequence_dwell_below_three_seconds() -> None:
    tile = TileSpec("a", 0, 0, 1, 1, "sequence", {"cameras": ["alun-alun"], "dwell_s": 2.5})
    assert _codes(_one(tile)) == [("a", "dwell_too_short")]


def test_text_too_small_for_the_output_height() -> None:
    assert min_font_px(1080) == 27 and min_font_px(576) == 14
    tile = TileSpec("a", 0, 0, 1, 1, "text", {"text": "Halo", "font_px": 20})
    assert _codes(_one(tile), height=1080) == [("a", "text_too_small")]
    assert _codes(_one(tile), height=576) == []


def test_bad_setting_type() -> None:
    problems = validate_layout(_one(TileSpec("a", 0, 0, 1, 1, "map", {"zoom": "dekat"})), CAMS, "internal")
    assert [(p.code, p.message_en.split(":")[0]) for p in problems] == [("bad_setting", "settings.zoom")]


def test_malformed_json_is_a_problem_with_its_path() -> None:
    layout, problems = parse_and_validate_layout({"schema": 1, "name": "x", "rows": 2, "cols": "2", "tiles": []},
                                                 CAMS, "internal")
    assert layout is None
    assert [(p.code, p.message_en.split(":")[0]) for p in problems] == [("malformed", "cols")]


def test_output_references() -> None:
    output = OutputSpec("vt", "n", None, None, (1920, 1080), "public",
                        (PresetRef(1, "A", "la"), PresetRef(1, "B", "missing")),
                        (ScheduleEntry("06:00", "07:00", "C"),), "A", 5)
    codes = sorted(p.code for p in validate_output(output, {"la"}))
    assert codes == ["alarm_on_public", "duplicate_key", "unknown_layout", "unknown_preset"]


def test_nearest_cameras_by_haversine() -> None:
    cams = [CameraInfo("dekat", True, lat=-6.12, lng=106.15), CameraInfo("jauh", True, lat=-6.20, lng=106.20),
            CameraInfo("tanpa-posisi", True), CameraInfo("mati", True, active=False, lat=-6.12, lng=106.15),
            CameraInfo("privat", False, lat=-6.121, lng=106.151)]
    assert [c.name for c in nearest_cameras(cams, -6.12, 106.15, 3)] == ["dekat", "privat", "jauh"]
    assert [c.name for c in nearest_cameras(cams, -6.12, 106.15, 3, public_only=True)] == ["dekat", "jauh"]
    assert haversine_m(0, 0, 0, 1) == pytest.approx(111_195, rel=1e-3)
