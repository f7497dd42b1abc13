"""End to end: a report posted to a real ``bsm hub`` process appears on a running wall's maps within 2 s.

Hub and wall share one database by ``BSM_DATABASE_URL``, as the wall PCs and the hub do in the room; the test runs
on SQLite and on PostgreSQL. A ``rahasia`` report shows on the internal TV wall (at its kelurahan centroid) and
never on the public videotron.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator

import pytest
import requests
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from common.clock import utc_now
from common.config import Config, DatabaseSection, WallSection
from common.db.engine import make_engine, make_session_factory
from common.domain.models import Kelurahan
from common.services.keys import add_channel_key
from tests.support.procs import free_port
from tests.wall.conftest import seed_wall_database
from tests.wall.fakes import FakeSourceFactory
from wall.app import WallApp, build
from wall.tiles.map import ComplaintMapTileWidget

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

KOTA_BARU = "36.73.01.1004"
POINT = (-6.11391, 106.15377)  # inside Kelurahan Kota Baru


@pytest.fixture
def shared_db(db_url: str) -> str:
    seed_wall_database(db_url)
    return db_url


@pytest.fixture
def channel_key(shared_db: str) -> str:
    engine = make_engine(shared_db)
    try:
        with make_session_factory(engine)() as session:
            key = add_channel_key(session, utc_now, "e2e-open311")
            session.commit()
    finally:
        engine.dispose()
    return key.plaintext


@pytest.fixture
def hub_url(shared_db: str, spawn: Callable[..., object], tmp_path: object) -> str:
    port = free_port()
    env = {"BSM_DATABASE_URL": shared_db, "BSM__DATA_DIR": str(tmp_path), "BSM__HUB__WORKERS": "1"}
    spawn([sys.executable, "-m", "bsm.cli", "hub", "--port", str(port), "--no-site-watch"], name="hub",
          env=env, wait_http=f"http://127.0.0.1:{port}/healthz", timeout=60)
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def wall(qtbot: QtBot, shared_db: str) -> Iterator[WallApp]:
    config = Config(database=DatabaseSection(url=shared_db),
                    wall=WallSection(node="wall-1", poll_interval_ms=500, capture_mode="thread"))
    app = build(config, screens=[], clock=utc_now, source_factory=FakeSourceFactory(), windowed=True)
    app.start()
    yield app
    app.shutdown()


def _map_of(wall: WallApp, output: str) -> ComplaintMapTileWidget:
    maps = [t for t in wall.controllers[output].grid.tiles.values() if isinstance(t, ComplaintMapTileWidget)]
    assert maps, f"no map on {output}"
    return maps[0]


def _points(tile: ComplaintMapTileWidget) -> set[tuple[float, float]]:
    return {(round(p.lat, 5), round(p.lng, 5)) for p in tile._points}


def _post(hub_url: str, key: str, **fields: str) -> str:
    form = {"api_key": key, "service_code": "sampah", "kind": "aduan", "description": "Sampah menumpuk di pasar",
            "first_name": "Siti", "last_name": "Rahmawati", "phone": "081234567890", **fields}
    answer = requests.post(f"{hub_url}/open311/v2/requests.json", data=form, timeout=10)
    assert answer.status_code in (200, 201), answer.text
    return str(answer.json()[0]["service_request_id"])


def test_posted_report_reaches_both_maps_within_two_seconds(qtbot: QtBot, wall: WallApp, hub_url: str,
                                                            channel_key: str) -> None:
    tv, videotron = _map_of(wall, "tv-1"), _map_of(wall, "videotron")
    assert wall.controllers["videotron"].grid.ctx.is_public
    time.sleep(1.5)  # let the first refresh land so the new point is really new
    assert POINT not in _points(tv) | _points(videotron)

    _post(hub_url, channel_key, lat=str(POINT[0]), long=str(POINT[1]), confidentiality="anonim")
    posted = time.monotonic()
    qtbot.waitUntil(lambda: POINT in _points(tv) and POINT in _points(videotron), timeout=2500)
    assert time.monotonic() - posted < 2.0


def test_rahasia_report_is_internal_only_and_at_the_centroid(qtbot: QtBot, wall: WallApp, hub_url: str,
                                                             channel_key: str, shared_db: str) -> None:
    engine = make_engine(shared_db)
    with make_session_factory(engine)() as session:
        kel = session.scalars(select(Kelurahan).where(Kelurahan.kode == KOTA_BARU)).one()
        centroid = (round(kel.lat, 5), round(kel.lng, 5))
    engine.dispose()
    tv, videotron = _map_of(wall, "tv-1"), _map_of(wall, "videotron")
    time.sleep(1.5)
    public_before = len(videotron._points)
    internal_before = sum(1 for p in tv._points if (round(p.lat, 5), round(p.lng, 5)) == centroid)

    _post(hub_url, channel_key, lat=str(POINT[0]), long=str(POINT[1]), confidentiality="rahasia")
    qtbot.waitUntil(
        lambda: sum(1 for p in tv._points if (round(p.lat, 5), round(p.lng, 5)) == centroid) > internal_before,
        timeout=2500)
    time.sleep(1.5)  # several refreshes of the public channel
    assert POINT not in _points(tv)
    assert POINT not in _points(videotron)
    assert len(videotron._points) == public_before
