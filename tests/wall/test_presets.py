"""Presets: number keys, next/previous, and the time-of-day schedule with a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from common.layouts.model import OutputSpec, PresetRef, ScheduleEntry
from tests.wall.fakes import FakeClock
from wall.presets import PresetController

pytestmark = pytest.mark.timeout(30)
PRESETS = (PresetRef(1, "Umum", "l1"), PresetRef(2, "Kamera", "l2"), PresetRef(3, "Peta", "l3"),
           PresetRef(9, "Alarm", "la"))


def _output(schedule: tuple[ScheduleEntry, ...] = ()) -> OutputSpec:
    return OutputSpec("tv-1", "n", None, None, (1920, 1080), "internal", PRESETS, schedule, "Alarm", 5)


def test_keys_and_steps(qtbot: QtBot) -> None:
    ctl = PresetController(_output(), FakeClock(datetime(2026, 11, 25, 3, tzinfo=UTC)))
    assert ctl.current == "Umum"
    with qtbot.waitSignal(ctl.preset_changed) as blocker:
        assert ctl.select_key(3)
    assert blocker.args == ["tv-1", "Peta"]
    assert not ctl.select_key(7) and ctl.current == "Peta"
    ctl.step(1)
    assert ctl.current == "Umum"  # wraps, skipping the alarm preset
    ctl.step(-1)
    assert ctl.current == "Peta"


def test_schedule_by_time_of_day_and_operator_override(qtbot: QtBot) -> None:
    # 05:30 WIB = 22:30 UTC the day before
    clock = FakeClock(datetime(2026, 11, 24, 22, 30, tzinfo=UTC))
    schedule = (ScheduleEntry("06:00", "18:00", "Umum"), ScheduleEntry("18:00", "06:00", "Peta"))
    ctl = PresetController(_output(schedule), clock)
    assert ctl.current == "Peta"
    clock.advance(minutes=31)  # 06:01 WIB
    assert ctl.tick() and ctl.current == "Umum"
    ctl.select_key(2)
    clock.advance(hours=2)
    assert not ctl.tick() and ctl.current == "Kamera"  # the operator's choice holds within the slot
    clock.advance(hours=10)  # 18:01 WIB: the next entry takes over
    assert ctl.tick() and ctl.current == "Peta"


def test_keys_reach_the_controller_from_the_output_window(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    from wall.layout_view import LayoutGridWidget
    from wall.output_window import OutputWindow
    from wall.tiles.base import TileContext
    from wall.tiles.registry import TileRegistry

    output = _output()
    grid = LayoutGridWidget(TileRegistry(), TileContext("internal", 1080, lambda: datetime.now(UTC)))
    window = OutputWindow(output, grid, windowed=True)
    qtbot.addWidget(window)
    ctl = PresetController(output, FakeClock(datetime(2026, 11, 25, 3, tzinfo=UTC)))
    window.preset_key_requested.connect(ctl.select_key)
    window.preset_step_requested.connect(ctl.step)
    qtbot.keyClick(window, Qt.Key.Key_2)
    assert ctl.current == "Kamera"
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert ctl.current == "Peta"
    qtbot.keyClick(window, Qt.Key.Key_Minus)
    assert ctl.current == "Kamera"
    with qtbot.waitSignal(window.alarm_ack_requested):
        qtbot.keyClick(window, Qt.Key.Key_A)
