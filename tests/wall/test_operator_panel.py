"""The operator panel drives the same paths as the keyboard: presets, enlarge, acknowledge."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from common.config import Config
from tests.wall.fakes import FakeClock, FakeSourceFactory
from wall.alarm import AlarmEvent
from wall.app import WallApp, build
from wall.data.fake import FakeDashboardService

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def wall(qtbot: QtBot, wall_config: Config, wall_engine: Engine) -> Iterator[WallApp]:
    app = build(wall_config, engine=wall_engine, screens=[], clock=FakeClock(datetime(2026, 11, 25, 3, tzinfo=UTC)),
                source_factory=FakeSourceFactory(), dashboard=FakeDashboardService(), windowed=True, panel=True)
    app.start()
    yield app
    app.shutdown()


def test_panel_buttons(qtbot: QtBot, wall: WallApp) -> None:
    panel = wall.panel
    assert panel is not None and ("tv-1", "Kamera") in panel.preset_buttons
    panel.preset_buttons[("tv-1", "Kamera")].click()
    assert wall.controllers["tv-1"].showing == "Kamera"
    assert panel.preset_buttons[("tv-1", "Kamera")].isChecked()
    panel.enlarge_requested.emit("tv-1", "k3")
    assert wall.controllers["tv-1"].grid.enlarged == "k3"
    panel.restore_requested.emit("tv-1")
    assert wall.controllers["tv-1"].grid.enlarged is None
    event = AlarmEvent("112", 1, "36.73.01.1001", "Cipare", -6.12, 106.15, "", datetime.now(UTC))
    wall.alarm.raise_alarm(event)
    assert panel.ack_button.isEnabled() and "Cipare" in panel.alarm_label.text()
    panel.ack_button.click()
    assert wall.alarm.active is None and not panel.ack_button.isEnabled()
    assert wall.controllers["tv-1"].showing == "Kamera"
