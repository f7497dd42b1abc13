"""Demo cameras, kiosks and the two key files."""

from __future__ import annotations

import json
import stat
import tomllib

import shapely
from shapely.geometry import shape
from sqlalchemy import select

from common.domain.enums import KeyKind, StaffRole
from common.domain.models import Camera, Kelurahan, Kiosk, Report
from common.services.keys import authenticate
from tests.common.demo.conftest import DemoDb


def test_sixteen_cameras_in_their_kelurahan(demo: DemoDb) -> None:
    with demo.session() as session:
        cameras = list(session.scalars(select(Camera).order_by(Camera.id)))
        shapes = {k.kode: shape(json.loads(k.boundary_geojson)) for k in session.scalars(select(Kelurahan))}
    assert len(cameras) == 16
    assert 10 <= sum(c.public_safe for c in cameras) <= 13
    assert {c.group for c in cameras} == {"Lalu lintas", "Sungai", "Pusat kota"}
    assert {c.purpose.value for c in cameras} == {"traffic", "disaster", "security"}
    for number, camera in enumerate(cameras, start=1):
        assert camera.kelurahan_kode and camera.lat is not None and camera.lng is not None
        assert shapely.contains_xy(shapes[camera.kelurahan_kode], camera.lng, camera.lat), camera.name
        assert camera.main_url == f"{demo.options.camera_base_url}/cam/{number - 1}.mjpg"
        assert camera.sub_url == camera.main_url + "?size=sub"


def test_kiosks_some_offline_and_silent_since(demo: DemoDb) -> None:
    with demo.session() as session:
        kiosks = list(session.scalars(select(Kiosk)))
        stale = [k for k in kiosks if k.last_heartbeat_at and (demo.now - k.last_heartbeat_at).total_seconds() > 600]
        assert len(kiosks) == 13 and len(stale) == 3
        assert all(k.queue_length > 0 and k.oldest_pending_at for k in stale)
        for kiosk in stale:  # what an offline kiosk collected since is still in its outbox, not in the database
            latest = session.scalar(select(Report.received_at).where(Report.source_key_id == kiosk.api_key_id)
                                    .order_by(Report.received_at.desc()).limit(1))
            assert latest is None or kiosk.last_heartbeat_at is None or latest <= kiosk.last_heartbeat_at


def test_live_kiosk_and_staff_key_files(demo: DemoDb) -> None:
    data = demo.config.data_path()
    kiosk_file, staff_file = data / "demo-kiosk.toml", data / "demo-staff-key.txt"
    for path in (kiosk_file, staff_file):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    section = tomllib.loads(kiosk_file.read_text(encoding="utf-8"))["kiosk"]
    assert section["hub_url"] == demo.config.hub.public_base_url
    with demo.session() as session:
        kiosk_key = authenticate(session, section["api_key"])
        assert kiosk_key is not None and kiosk_key.kind is KeyKind.KIOSK and kiosk_key.kiosk is not None
        assert kiosk_key.kiosk.kelurahan_kode == section["kelurahan"]
        assert kiosk_key.kiosk.tracking_prefix == section["tracking_prefix"]
        used = session.scalar(select(Report.id).where(Report.tracking_code.like(section["tracking_prefix"] + "-%")))
        assert used is None  # the live kiosk starts its counter at 0: no demo report may have taken its codes
        staff_key = authenticate(session, staff_file.read_text(encoding="utf-8").strip())
        assert staff_key is not None and staff_key.role is StaffRole.ADMIN


def test_demo_streams_carry_the_names_and_pictures_of_the_demo_cameras() -> None:
    from common.demo.camera_places import CAMERA_PLACES, CENTRE, RIVER, TRAFFIC
    from common.video.demo_scenes import DemoCamera

    scene = {TRAFFIC: "road", RIVER: "river", CENTRE: "plaza"}
    for index, (name, *_, group) in enumerate(CAMERA_PLACES):
        camera = DemoCamera.of(index)
        assert camera.name == f"CAM-{index + 1:02d} {name}", "the burnt-in name is the name the wall shows"
        assert camera.kind == scene[group]
