"""The assembled wall on a seeded database: outputs, live apply, invalid layouts, presets, alarms, privacy."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select

from common.config import Config
from common.db.engine import make_session_factory
from common.domain.enums import CallClass
from common.domain.models import Call112, Camera, ConfigDocument, Kelurahan
from common.layouts import store
from common.layouts.cameras import haversine_m
from common.layouts.commands import SetTileSettings
from tests.wall.fakes import FakeClock, FakeSourceFactory
from wall.app import WallApp, build
from wall.data.fake import FakeDashboardService
from wall.tiles.camera import CameraTileWidget

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 25, 3, 0, tzinfo=UTC))  # 10:00 WIB: the videotron shows "Umum"


@pytest.fixture
def wall(qtbot: QtBot, wall_config: Config, wall_engine: Engine, clock: FakeClock,
         factory: FakeSourceFactory) -> Iterator[WallApp]:
    app = build(wall_config, engine=wall_engine, screens=[], clock=clock, source_factory=factory,
                dashboard=FakeDashboardService(), windowed=True)
    app.start()
    yield app
    app.shutdown()


def _save(engine: Engine, name: str, edit: SetTileSettings) -> None:
    with make_session_factory(engine)() as session:
        doc = store.current(session, "layout", name)
        assert doc is not None
        layout = store.load_layout(session, name)
        assert layout is not None
        new, _ = edit.apply(layout)
        store.save_layout(session, new, author="teknisi", base_version=doc.version)
        session.commit()


def test_opens_one_window_per_output_of_the_node(wall: WallApp) -> None:
    assert sorted(wall.controllers) == ["tv-1", "tv-2", "videotron"]
    vt = wall.controllers["videotron"].window
    assert (vt.width(), vt.height()) == (1152, 576) and vt.placement.startswith("rect 1152x576+0+0")
    assert wall.controllers["tv-1"].showing == "Umum" and wall.controllers["tv-2"].showing == "Kamera"
    assert wall.controllers["videotron"].showing == "Umum"


def test_saved_change_is_applied_within_two_seconds_without_reconnect(qtbot: QtBot, wall: WallApp,
                                                                      wall_engine: Engine) -> None:
    grid = wall.controllers["tv-1"].grid
    kept = grid.tiles["utama"]
    assert isinstance(kept, CameraTileWidget) and kept.lease is not None
    source, created = kept.lease.source, wall.pool.sources_created
    started = time.monotonic()
    _save(wall_engine, "tv-umum", SetTileSettings("kamera-2", {"camera": "Terminal Pakupatan"}))
    qtbot.waitUntil(lambda: grid.tiles["kamera-2"].camera_name == "Terminal Pakupatan",  # type: ignore[attr-defined]
                    timeout=2000)
    assert time.monotonic() - started < 2.0
    assert grid.tiles["utama"] is kept and kept.lease is not None and kept.lease.source is source
    assert wall.pool.sources_created <= created + 1  # only the changed tile may open a stream


def test_invalid_layout_in_the_database_keeps_the_last_good_one(qtbot: QtBot, wall: WallApp,
                                                                wall_engine: Engine) -> None:
    grid = wall.controllers["tv-1"].grid
    good = grid.current_layout
    with make_session_factory(wall_engine)() as session:  # bypass the store's validation, like a broken import
        doc = store.current(session, "layout", "tv-umum")
        assert doc is not None
        body = dict(doc.body)
        body["tiles"] = [*body["tiles"], {"id": "x", "row": 0, "col": 0, "kind": "clock"}]
        store.save_document(session, "layout", "tv-umum", body, author="rusak", base_version=doc.version)
        session.commit()
    qtbot.waitUntil(lambda: "tidak sah" in grid.badge_text, timeout=2000)
    assert grid.current_layout == good and "menumpuk" in grid.badge_text
    with make_session_factory(wall_engine)() as session:
        doc = store.current(session, "layout", "tv-umum")
        assert doc is not None
        store.save_document(session, "layout", "tv-umum", {"schema": 1, "rows": "x"}, author="rusak",
                            base_version=doc.version)
        session.commit()
    qtbot.waitUntil(lambda: "wajib" in grid.badge_text or "harus" in grid.badge_text, timeout=2000)
    assert grid.current_layout == good


def test_preset_keys_switch_the_layout(qtbot: QtBot, wall: WallApp) -> None:
    from PySide6.QtCore import Qt

    ctl = wall.controllers["tv-1"]
    qtbot.keyClick(ctl.window, Qt.Key.Key_3)
    assert ctl.showing == "Peta" and ctl.grid.current_layout is not None
    assert ctl.grid.current_layout.name == "tv-peta"
    qtbot.keyClick(ctl.window, Qt.Key.Key_PageUp)
    assert ctl.showing == "Kamera"


def _insert_call(engine: Engine, call_class: CallClass, external_id: str) -> Kelurahan:
    with make_session_factory(engine)() as session:
        kel = session.scalars(select(Kelurahan).order_by(Kelurahan.kode)).first()
        assert kel is not None
        session.add(Call112(external_id=external_id, received_at=datetime.now(UTC), call_class=call_class,
                            category="kebakaran", kelurahan_kode=kel.kode, caller_hash="0" * 64))
        session.commit()
        session.expunge(kel)
        return kel


def _nearest(engine: Engine, kel: Kelurahan, n: int) -> list[str]:
    with make_session_factory(engine)() as session:
        cams = session.scalars(select(Camera)).all()
        cams = sorted(cams, key=lambda c: (haversine_m(kel.lat, kel.lng, c.lat or 0, c.lng or 0), c.name))
        return [c.name for c in cams[:n]]


def test_real_112_call_raises_the_alarm_until_acknowledged(qtbot: QtBot, wall: WallApp,
                                                           wall_engine: Engine) -> None:
    _insert_call(wall_engine, CallClass.PRANK, "prank-1")
    kel = _insert_call(wall_engine, CallClass.REAL, "real-1")
    tv1, vt = wall.controllers["tv-1"], wall.controllers["videotron"]
    qtbot.waitUntil(lambda: tv1.showing == "Alarm", timeout=3000)
    assert wall.alarm.active is not None and wall.alarm.active.ref > 0
    grid = tv1.grid
    shown = [grid.tiles[f"dekat-{i}"].camera_name for i in range(1, 6)]  # type: ignore[attr-defined]
    assert shown == _nearest(wall_engine, kel, 5)
    assert grid.current_layout is not None
    assert grid.current_layout.tile("peta").settings["focus"] == kel.kode
    assert kel.nama in tv1.window.banner.text and "112" in tv1.window.banner.text
    assert vt.showing == "Umum" and vt.window.banner.text == ""  # never on the public output
    wall.alarm.acknowledge()
    assert tv1.showing == "Umum" and tv1.window.banner.text == ""


def test_a_real_call_without_a_place_still_raises_a_city_wide_alarm(qtbot: QtBot, wall: WallApp,
                                                                     wall_engine: Engine) -> None:
    with make_session_factory(wall_engine)() as session:  # the 112 log knows no kelurahan yet
        session.add(Call112(external_id="real-nowhere", received_at=datetime.now(UTC), call_class=CallClass.REAL,
                            category="banjir", kelurahan_kode=None, caller_hash="1" * 64))
        session.commit()
    tv1 = wall.controllers["tv-1"]
    qtbot.waitUntil(lambda: tv1.showing == "Alarm", timeout=3000)
    assert "lokasi belum diketahui" in tv1.window.banner.text and "banjir" in tv1.window.banner.text
    assert tv1.grid.current_layout is not None and tv1.grid.current_layout.tile("peta").settings["focus"] == ""
    assert all(tv1.grid.tiles[f"dekat-{i}"].camera_name for i in range(1, 6))  # type: ignore[attr-defined]
    assert wall.controllers["videotron"].window.banner.text == ""
    wall.alarm.acknowledge()


def test_alarm_reverts_after_its_minutes(qtbot: QtBot, wall: WallApp, wall_engine: Engine,
                                         clock: FakeClock) -> None:
    _insert_call(wall_engine, CallClass.REAL, "real-2")
    tv2 = wall.controllers["tv-2"]
    qtbot.waitUntil(lambda: tv2.showing == "Alarm", timeout=3000)
    clock.advance(minutes=9)
    tv2.tick()
    assert tv2.showing == "Alarm"
    clock.advance(minutes=1, seconds=1)
    qtbot.waitUntil(lambda: tv2.showing == "Kamera", timeout=2000)
    qtbot.waitUntil(lambda: wall.alarm.active is None, timeout=2000)


def test_public_output_never_shows_a_private_camera(qtbot: QtBot, wall: WallApp, wall_engine: Engine) -> None:
    with make_session_factory(wall_engine)() as session:
        private = session.scalars(select(Camera).where(Camera.public_safe.is_(False))).first()
        assert private is not None
        name = private.name
        layout = store.load_layout(session, "videotron-umum")
        assert layout is not None
        edited, _ = SetTileSettings("kamera", {"cameras": [name], "dwell_s": 5}).apply(layout)
        with pytest.raises(store.LayoutError, match="public-safe"):
            store.save_layout(session, edited, author="teknisi", base_version=None)
        doc = store.current(session, "layout", "videotron-umum")
        assert doc is not None
        store.save_document(session, "layout", "videotron-umum", edited.to_json(), author="paksa",
                            base_version=doc.version)  # forced past the store
        session.commit()
        marker = session.scalar(select(ConfigDocument.id).order_by(ConfigDocument.id.desc()))
    vt = wall.controllers["videotron"]
    qtbot.waitUntil(lambda: wall.watcher._marker is not None and wall.watcher._marker[0] == marker, timeout=2000)
    vt.window.grab()
    tiles = list(vt.grid.tiles.values())
    assert all(getattr(t, "camera_name", "") != name for t in tiles)
    assert all(getattr(t, "lease", None) is None or t.lease.camera != name for t in tiles)  # type: ignore[attr-defined]
    drawn = [text for t in tiles for text, _ in getattr(t, "text_log", type("L", (), {"entries": []})).entries]
    assert drawn and not any(name in text for text in drawn)
    assert vt.grid.badge_text == ""  # no technician badge on a public output


def test_each_node_drives_only_its_own_outputs(qtbot: QtBot, wall_config: Config, wall_engine: Engine,
                                               clock: FakeClock, factory: FakeSourceFactory) -> None:
    with make_session_factory(wall_engine)() as session:
        vt = store.current(session, "output", "videotron")
        assert vt is not None
        store.save_document(session, "output", "videotron", {**vt.body, "node": "wall-2"}, author="teknisi",
                            base_version=vt.version)
        session.commit()
    walls = [build(wall_config, engine=wall_engine, screens=[], clock=clock, source_factory=factory,
                   dashboard=FakeDashboardService(), windowed=True, node=node) for node in ("wall-1", "wall-2")]
    try:
        for w in walls:
            w.start()
        assert sorted(walls[0].controllers) == ["tv-1", "tv-2"] and sorted(walls[1].controllers) == ["videotron"]
    finally:
        for w in walls:
            w.shutdown()


def test_a_camera_url_edit_reaches_the_running_wall_within_two_seconds(qtbot: QtBot, wall: WallApp,
                                                                       wall_engine: Engine,
                                                                       factory: FakeSourceFactory) -> None:
    grid = wall.controllers["tv-1"].grid
    tile = grid.tiles["utama"]
    assert isinstance(tile, CameraTileWidget) and tile.lease is not None
    old_url, name = tile.lease.url, tile.camera_name
    started = time.monotonic()
    with make_session_factory(wall_engine)() as session:  # a technician moves the camera to a relay
        camera = session.scalars(select(Camera).where(Camera.name == name)).one()
        slug = name.replace(" ", "-")
        camera.main_url, camera.sub_url = f"rtsp://relay.example/{slug}/main", f"rtsp://relay.example/{slug}/sub"
        new_urls = {camera.main_url, camera.sub_url}
        session.commit()
    qtbot.waitUntil(lambda: tile.lease is not None and tile.lease.url in new_urls, timeout=2000)
    assert time.monotonic() - started < 2.0
    assert factory.by_url(tile.lease.url), "a source was opened on the new URL"
    assert old_url not in new_urls
    for ctl in wall.controllers.values():  # every tile of that camera, on every output, moved
        for t in ctl.grid.tiles.values():
            assert getattr(t, "lease", None) is None or t.lease.url != old_url  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: all(s.stopped for s in factory.by_url(old_url)), timeout=5000)


def test_a_camera_withdrawn_from_public_view_leaves_the_videotron_at_once(qtbot: QtBot, wall: WallApp,
                                                                          wall_engine: Engine) -> None:
    vt = wall.controllers["videotron"]
    sequence = vt.grid.tiles["kamera"]
    assert isinstance(sequence, CameraTileWidget)
    shown = sequence.camera_name
    assert shown and sequence.lease is not None
    with make_session_factory(wall_engine)() as session:  # the camera now looks at a crowd: not public-safe
        session.scalars(select(Camera).where(Camera.name == shown)).one().public_safe = False
        session.commit()
    qtbot.waitUntil(lambda: sequence.camera_name != shown, timeout=2000)
    assert shown not in sequence.cameras  # type: ignore[attr-defined]
    assert sequence.lease is None or sequence.lease.camera != shown
