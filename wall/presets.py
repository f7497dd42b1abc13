"""Which preset an output shows: operator keys (1-9, next/previous), the time-of-day schedule, the alarm.

The operator's choice holds until the schedule moves to its next entry; then the schedule takes over again.
Time comes from the clock passed in (UTC, converted to Jakarta time), so tests use a fake clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from common.layouts.model import OutputSpec, PresetRef, ScheduleEntry
from wall.timefmt import minute_of_day


class PresetController(QObject):
    """The current preset of one output; emits ``preset_changed(output, preset)`` when it changes."""

    preset_changed = Signal(str, str)

    def __init__(
        self, output: OutputSpec, clock: Callable[[], datetime], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._output = output
        self._clock = clock
        self._slot: ScheduleEntry | None = None
        self._current: str | None = None
        self._choose_initial()

    @property
    def output(self) -> OutputSpec:
        """The output's spec in force."""
        return self._output

    @property
    def current(self) -> str | None:
        """The preset shown (None when the output has no preset)."""
        return self._current

    def current_ref(self) -> PresetRef | None:
        """The current preset's reference (its layout)."""
        return self._output.preset(self._current) if self._current else None

    def _normal_presets(self) -> list[PresetRef]:
        return [p for p in self._output.presets if p.name != self._output.alarm_preset]

    def _scheduled(self) -> ScheduleEntry | None:
        minute = minute_of_day(self._clock())
        return next(
            (e for e in self._output.schedule if e.covers(minute) and self._output.preset(e.preset)), None
        )

    def _choose_initial(self) -> None:
        self._slot = self._scheduled()
        normal = self._normal_presets()
        name = self._slot.preset if self._slot else (normal[0].name if normal else None)
        self._set(name)

    def _set(self, name: str | None) -> bool:
        if name == self._current:
            return False
        self._current = name
        if name is not None:
            self.preset_changed.emit(self._output.name, name)
        return True

    def update_output(self, output: OutputSpec) -> None:
        """A new version of the output: keep the current preset if it still exists."""
        self._output = output
        if self._current is None or output.preset(self._current) is None:
            self._current = None
            self._choose_initial()

    def select(self, name: str) -> bool:
        """The operator picks a preset by name; False when it does not exist."""
        if self._output.preset(name) is None:
            return False
        self._set(name)
        return True

    def select_key(self, key: int) -> bool:
        """The operator pressed a number key 1-9."""
        ref = next((p for p in self._output.presets if p.key == key), None)
        return self.select(ref.name) if ref else False

    def step(self, delta: int) -> bool:
        """Next (+1) or previous (-1) preset by key order, wrapping around (the alarm preset is skipped)."""
        normal = sorted(self._normal_presets(), key=lambda p: p.key)
        if not normal:
            return False
        names = [p.name for p in normal]
        index = names.index(self._current) if self._current in names else -1
        return self.select(names[(index + delta) % len(names)])

    def tick(self) -> bool:
        """Follow the schedule: when the time enters another entry, show its preset. True when changed."""
        slot = self._scheduled()
        if slot == self._slot:
            return False
        self._slot = slot
        return self._set(slot.preset) if slot else False
