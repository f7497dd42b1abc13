"""Storage of layouts/outputs as versioned documents, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from common.db.engine import make_session_factory
from common.domain.enums import CameraPurpose
from common.domain.models import AuditEntry, Camera
from common.layouts import store
from common.layouts.defaults import seed_default_layouts
from common.layouts.model import Layout, OutputSpec, PresetRef, TileSpec

pytestmark = pytest.mark.timeout(60)
T0 = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


def _clock() -> datetime:
    return T0


def _layout(camera: str = "alun-alun", name: str = "uji") -> Layout:
    return Layout(name, 1, 2, (TileSpec("a", 0, 0, 1, 1, "camera", {"camera": camera}),
                               TileSpec("b", 0, 1, 1, 1, "clock")))


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with make_session_factory(engine)() as s:
        s.add_all([
            Camera(name="alun-alun", main_url="rtsp://127.0.0.1:1/a", purpose=CameraPurpose.TRAFFIC, public_safe=True),
            Camera(name="gudang", main_url="rtsp://127.0.0.1:1/b", purpose=CameraPurpose.SECURITY, public_safe=False),
        ])
        s.flush()
        yield s


def test_save_creates_versions_and_detects_conflicts(session: Session) -> None:
    v1 = store.save_layout(session, _layout(), author="teknisi-a", base_version=0, clock=_clock)
    assert (v1.version, v1.author, v1.created_at) == (1, "teknisi-a", T0)
    v2 = store.save_layout(session, _layout("gudang"), author="teknisi-b", base_version=1, clock=_clock)
    assert v2.version == 2
    with pytest.raises(store.VersionConflict) as info:
        store.save_layout(session, _layout(), author="teknisi-a", base_version=1, clock=_clock)
    assert (info.value.base_version, info.value.current_version) == (1, 2)
    assert "reload" in str(info.value)
    assert store.load_layout(session, "uji") == _layout("gudang")
    assert [d.version for d in store.history(session, "layout", "uji")] == [2, 1]
    audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "layout")).all()
    assert [(a.actor, a.action, a.detail["version"]) for a in audit] == [
        ("teknisi-a", "layout.save", 1), ("teknisi-b", "layout.save", 2)]


def test_restore_and_delete(session: Session) -> None:
    store.save_layout(session, _layout(), author="a", base_version=0, clock=_clock)
    store.save_layout(session, _layout("gudang"), author="a", base_version=1, clock=_clock)
    restored = store.restore(session, "layout", "uji", 1, author="b", clock=_clock)
    assert restored.version == 3 and store.load_layout(session, "uji") == _layout()
    store.delete(session, "layout", "uji", author="b", base_version=3, clock=_clock)
    assert store.load_layout(session, "uji") is None and store.list_names(session, "layout") == []
    assert store.history(session, "layout", "uji")[0].deleted
    again = store.save_layout(session, _layout(), author="c", base_version=4, clock=_clock)
    assert again.version == 5 and store.list_names(session, "layout") == ["uji"]


def test_invalid_layout_is_refused_with_problems(session: Session) -> None:
    with pytest.raises(store.LayoutError) as info:
        store.save_layout(session, _layout("tidak-ada"), author="a", base_version=0)
    assert [p.code for p in info.value.problems] == ["unknown_camera"]
    assert store.list_names(session, "layout") == []


def test_public_output_refuses_private_camera(session: Session) -> None:
    store.save_layout(session, _layout("gudang"), author="a", base_version=0)
    output = OutputSpec("vt", "wall-1", None, (0, 0, 1152, 576), (1152, 576), "public", (PresetRef(1, "A", "uji"),))
    with pytest.raises(store.LayoutError) as info:
        store.save_output(session, output, author="a", base_version=0)
    assert [p.code for p in info.value.problems] == ["camera_not_public"]
    store.save_layout(session, _layout("alun-alun"), author="a", base_version=1)
    store.save_output(session, output, author="a", base_version=0)
    with pytest.raises(store.LayoutError):  # and the layout can no longer be changed to the private camera
        store.save_layout(session, _layout("gudang"), author="a", base_version=2)


def test_change_marker_moves_on_every_save(session: Session) -> None:
    before = store.latest_change_marker(session)
    store.save_layout(session, _layout(), author="a", base_version=0)
    after = store.latest_change_marker(session)
    assert after != before
    session.scalars(select(Camera).where(Camera.name == "gudang")).one().public_safe = True
    session.flush()
    flagged = store.latest_change_marker(session)
    assert flagged != after
    session.scalars(select(Camera).where(Camera.name == "gudang")).one().main_url = "rtsp://relay.example/gudang"
    session.flush()
    assert store.latest_change_marker(session) != flagged, "an edited URL moves the marker (rows edited in place)"
    assert store.latest_change_marker(session) == store.latest_change_marker(session)


def test_import_export_list(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "uji.json"
    path.write_text(json.dumps(_layout().to_json()), encoding="utf-8")
    assert store.import_layout_file(session, path, author="cli") == "layout 'uji' saved as version 1"
    assert store.import_layout_file(session, path, author="cli") == "layout 'uji' saved as version 2"
    assert store.export_layout(session, "uji") == _layout().to_json()
    assert store.list_layouts(session)[0].startswith("layout  uji")
    path.write_text('{"schema": 1, "name": "rusak", "rows": 2, "cols": 2, "tiles": [{"id": "a"}]}')
    with pytest.raises(store.LayoutError, match=r"tiles\[0\]\.row: is required"):
        store.import_layout_file(session, path, author="cli")
    path.write_text("{not json")
    with pytest.raises(store.LayoutError, match="invalid JSON"):
        store.import_layout_file(session, path, author="cli")
    with pytest.raises(store.LayoutError, match="no layout or output"):
        store.export_layout(session, "tidak-ada")


@pytest.mark.parametrize(("content", "says"), [
    (b'{"schema": 1, "name": "' + b"x" * 1_100_000 + b'"}', "file too large (over 1 MB)"),
    (b"[" * 100_000 + b"]" * 100_000, "JSON nested too deeply"),
    (b'{"schema": 1, "name": "\xff"}', "not UTF-8 text"),
    (b'{"schema": 1, "name": "x", "rows": "' + b"9" * 100_000 + b'", "cols": 1, "tiles": []}', "rows: must be"),
    (b"", "invalid JSON"),
], ids=["huge", "deep", "binary", "huge-value", "empty"])
def test_import_refuses_hostile_files_with_a_short_error(session: Session, tmp_path: Path, content: bytes,
                                                         says: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(store.LayoutError) as info:
        store.import_layout_file(session, path, author="cli")
    assert says in str(info.value) and len(str(info.value)) < 400
    assert store.list_names(session, "layout") == []  # nothing half-saved


def test_seed_default_layouts_is_valid_and_idempotent(session: Session) -> None:
    cams = session.scalars(select(Camera)).all()
    saved = seed_default_layouts(session, cams, clock=_clock)
    assert {"tv-1", "tv-2", "videotron", "tv-umum", "tv-alarm", "videotron-umum"} <= set(saved)
    assert seed_default_layouts(session, cams, clock=_clock) == []
    outputs = {o.name: o for o in store.load_outputs(session)}
    assert outputs["videotron"].is_public and outputs["videotron"].rect == (0, 0, 1152, 576)
    from common.layouts.cameras import load_cameras
    from common.layouts.validate import validate_layout, validate_output

    cameras, names = load_cameras(session), set(store.list_names(session, "layout"))
    for output in outputs.values():
        assert validate_output(output, names) == []
        for preset in output.presets:
            layout = store.load_layout(session, preset.layout)
            assert layout is not None
            assert validate_layout(layout, cameras, output.privacy, output_height_px=output.resolution[1]) == []
