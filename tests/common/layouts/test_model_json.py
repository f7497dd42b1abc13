"""Layout and output documents: JSON round trips for every tile kind, and malformed JSON named by path."""

from __future__ import annotations

import json

import pytest

from common.layouts.jsonio import layout_from_json, loads_document, output_from_json
from common.layouts.kinds import default_kinds
from common.layouts.model import Layout, LayoutFormatError, OutputSpec, PresetRef, ScheduleEntry, TileSpec

pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize("kind", default_kinds().kinds())
def test_every_kind_round_trips_through_json(kind: str) -> None:
    spec = default_kinds().get(kind)
    assert spec is not None
    settings = spec.defaults() | {"extra": {"nested": [1, 2]}}
    layout = Layout("uji", 2, 3, (TileSpec("a", 0, 1, 2, 2, kind, settings),))
    text = json.dumps(layout.to_json())
    again = layout_from_json(json.loads(text))
    assert again == layout
    assert again.to_json()["schema"] == 1
    assert dict(again.tiles[0].settings) == settings


def test_settings_are_frozen_copies() -> None:
    source = {"camera": "a"}
    tile = TileSpec("t", 0, 0, 1, 1, "camera", source)
    source["camera"] = "b"
    assert tile.settings["camera"] == "a"
    with pytest.raises(TypeError):
        tile.settings["camera"] = "c"  # type: ignore[index]


def test_tiles_are_kept_in_reading_order() -> None:
    a, b = TileSpec("a", 1, 0, 1, 1, "clock"), TileSpec("b", 0, 0, 1, 1, "clock")
    assert Layout("x", 2, 1, (a, b)) == Layout("x", 2, 1, (b, a))
    assert [t.id for t in Layout("x", 2, 1, (a, b)).tiles] == ["b", "a"]


def test_output_round_trips_through_json() -> None:
    output = OutputSpec(
        "videotron", "wall-1", "HDMI-1", (10, 20, 1152, 576), (1152, 576), "public",
        (PresetRef(1, "Umum", "vt"), PresetRef(2, "Malam", "vt-malam")),
        (ScheduleEntry("22:00", "06:00", "Malam"),), None, 5,
    )
    assert output_from_json(json.loads(json.dumps(output.to_json()))) == output


def test_output_resolution_defaults_to_rect_size() -> None:
    output = output_from_json({"schema": 1, "kind": "output", "name": "v", "node": "n", "rect": [0, 0, 800, 400],
                               "privacy": "public"})
    assert output.resolution == (800, 400)


def test_malformed_layout_names_each_bad_field_by_path() -> None:
    doc = {"schema": 1, "name": "x", "rows": 0, "cols": 3, "tiles": [
        {"id": "a", "row": 0, "col": 0, "kind": "camera"},
        {"id": "b", "row": "1", "col": 0, "kind": "camera", "settings": []},
    ]}
    with pytest.raises(LayoutFormatError) as info:
        layout_from_json(doc)
    paths = {i.path for i in info.value.issues}
    assert paths == {"rows", "tiles[1].row", "tiles[1].settings"}
    assert "tiles[1].row: must be an integer" in str(info.value)
    assert all(i.message_id for i in info.value.issues)


@pytest.mark.parametrize(("doc", "path"), [
    ({"schema": 2, "name": "x", "rows": 1, "cols": 1, "tiles": []}, "schema"),
    ({"schema": 1, "rows": 1, "cols": 1, "tiles": []}, "name"),
    ({"schema": 1, "name": "x", "rows": 1, "cols": 1, "tiles": {}}, "tiles"),
    ({"schema": 1, "name": "x", "rows": 1, "cols": 1, "tiles": [3]}, "tiles[0]"),
    ([], "(dokumen)"),
])
def test_malformed_layout_paths(doc: object, path: str) -> None:
    with pytest.raises(LayoutFormatError) as info:
        layout_from_json(doc)
    assert [i.path for i in info.value.issues] == [path]


def test_malformed_output_names_bad_fields() -> None:
    doc = {"schema": 1, "kind": "output", "name": "tv", "node": "n", "privacy": "secret",
           "presets": [{"key": 12, "name": "A", "layout": "l"}], "schedule": [{"start": "25:00", "end": "06:00",
                                                                                "preset": "A"}]}
    with pytest.raises(LayoutFormatError) as info:
        output_from_json(doc)
    assert {i.path for i in info.value.issues} == {"privacy", "presets[0].key", "schedule[0].start"}


def test_invalid_json_text_gives_line_and_column() -> None:
    with pytest.raises(LayoutFormatError) as info:
        loads_document('{"schema": 1,\n "name": }')
    assert "line 2" in info.value.issues[0].path


def test_schedule_covers_wraps_midnight() -> None:
    night = ScheduleEntry("22:00", "06:00", "Malam")
    assert night.covers(23 * 60) and night.covers(5 * 60 + 59) and not night.covers(6 * 60)
    day = ScheduleEntry("06:00", "22:00", "Umum")
    assert day.covers(6 * 60) and not day.covers(22 * 60)


def test_output_language_is_optional_and_checked() -> None:
    base = {"schema": 1, "kind": "output", "name": "tv", "node": "n", "privacy": "internal"}
    assert output_from_json(base).language is None  # older documents: the node's language
    english = output_from_json({**base, "language": "en"})
    assert english.language == "en" and output_from_json(english.to_json()) == english
    assert output_from_json({**base, "language": None}).language is None
    for bad in ("fr", "EN", "", 1, ["id"], "x" * 100_000):
        with pytest.raises(LayoutFormatError) as info:
            output_from_json({**base, "language": bad})
        assert [i.path for i in info.value.issues] == ["language"]
        assert len(str(info.value)) < 300  # a hostile value is not echoed back whole
