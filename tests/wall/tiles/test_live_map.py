"""A report committed at the hub appears on the running map within 2 seconds."""

from __future__ import annotations

import time
from collections.abc import Callable

from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from common.domain.enums import ReportStatus
from tests.common.queries.rows import NOW, add_report
from tests.wall.tiles.helpers import is_ready
from wall.data.dashboard_service import DashboardDataService
from wall.tiles.base import TileContext
from wall.tiles.map import ComplaintMapTileWidget

NEW_POINT = (-6.11111, 106.15555)


def test_new_report_appears_within_two_seconds(
    qtbot: QtBot, demo_engine: Engine, make_ctx: Callable[..., TileContext], clock: Callable[..., object]
) -> None:
    from common.db.engine import make_session_factory

    # The production refresh period of the points (1 s), not the tests' faster one.
    service = DashboardDataService(make_session_factory(demo_engine), clock)  # type: ignore[arg-type]
    service.start()
    try:
        tile = ComplaintMapTileWidget({}, make_ctx("public", 1080, dashboard=service))
        qtbot.addWidget(tile)
        tile.resize(1280, 720)
        tile.show()
        qtbot.waitUntil(lambda: is_ready(tile), timeout=5000)
        before = tile.grab().toImage()
        assert NEW_POINT not in {(p.lat, p.lng) for p in tile._points}

        with Session(demo_engine) as hub:  # another connection, as the hub process would use
            add_report(hub, received_at=NOW, status=ReportStatus.DITERIMA, lat=NEW_POINT[0], lng=NEW_POINT[1],
                       kelurahan="36.73.01.1004")  # fmt: skip
            hub.commit()
        committed = time.monotonic()
        qtbot.waitUntil(lambda: NEW_POINT in {(p.lat, p.lng) for p in tile._points}, timeout=2000)
        assert time.monotonic() - committed < 2.0
        qtbot.waitUntil(lambda: tile.grab().toImage() != before, timeout=1000)  # and it is drawn
        tile.shutdown()
    finally:
        service.stop()
