"""One output at run time: its window and grid, its presets, the alarm on it, and new configurations.

What is shown: the alarm layout while an alarm is on (internal outputs with an alarm preset, until acknowledged or
``alarm_minutes`` passed), otherwise the current preset's layout. A layout with problems is never shown: the grid
keeps the last good one and a technician badge says why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Signal

from common.layouts.alarm import instantiate_alarm_layout
from common.layouts.model import OutputSpec
from common.layouts.validate import validate_layout
from wall.alarm import AlarmEvent
from wall.config_watcher import WallConfig
from wall.layout_view import LayoutGridWidget
from wall.output_window import OutputWindow
from wall.presets import PresetController

_log = logging.getLogger(__name__)


class OutputController(QObject):
    """Shows the right layout on one output window."""

    shown = Signal(str, str)
    alarm_ack_requested = Signal()

    def __init__(self, window: OutputWindow, config: WallConfig, clock: Callable[[], datetime],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self._config = config
        self._clock = clock
        self.presets = PresetController(window.output, clock, self)
        self.alarm: AlarmEvent | None = None
        self._alarm_started: datetime | None = None
        self.showing = ""
        self.presets.preset_changed.connect(self._on_presets_preset_changed)
        window.preset_key_requested.connect(self.presets.select_key)
        window.preset_step_requested.connect(self.presets.step)
        window.restore_requested.connect(self.grid.restore)
        window.alarm_ack_requested.connect(self.alarm_ack_requested)

    @property
    def output(self) -> OutputSpec:
        """The output's spec in force."""
        return self.window.output

    @property
    def grid(self) -> LayoutGridWidget:
        """The output's tile grid."""
        return self.window.grid

    def apply_config(self, config: WallConfig) -> None:
        """A new configuration: a newer output spec (unless malformed) and re-show (unchanged tiles stay)."""
        self._config = config
        spec = config.outputs.get(self.output.name)
        if spec is not None:
            self.window.output = spec
            self.presets.update_output(spec)
        problems = config.output_problems.get(self.output.name)
        if problems:
            _log.error("output %s: %s", self.output.name, "; ".join(map(str, problems)))
        self.refresh()

    def _on_presets_preset_changed(self, _output: str, _preset: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Show the alarm layout or the current preset's layout (if valid)."""
        if self._alarm_applies() and self._show_alarm():
            return
        ref = self.presets.current_ref()
        if ref is None:
            return
        check = self._config.check(self.output.name, ref.layout)
        if check.layout is not None and not check.problems:
            self.grid.apply(check.layout)
            self.showing = ref.name
            self.shown.emit(self.output.name, ref.name)
        else:
            self.grid.reject(ref.layout, list(check.problems))

    # -- alarm ----------------------------------------------------------------------------------------------

    def _alarm_applies(self) -> bool:
        return self.alarm is not None and not self.output.is_public and self.output.alarm_preset is not None

    def _show_alarm(self) -> bool:
        event, out = self.alarm, self.output
        ref = out.preset(out.alarm_preset or "")
        if event is None or ref is None:
            return False
        check = self._config.check(out.name, ref.layout)
        if check.layout is None or check.problems:
            self.grid.reject(ref.layout, list(check.problems))
            return False
        layout, _ = instantiate_alarm_layout(check.layout, self._config.cameras, event.kelurahan_kode,
                                             event.lat, event.lng)
        problems = validate_layout(layout, self._config.cameras, out.privacy, output_height_px=out.resolution[1])
        if problems:
            self.grid.reject(ref.layout, problems)
            return False
        self.grid.apply(layout)
        self.showing = ref.name
        texts = self.grid.ctx.texts
        self.window.set_alarm_text(texts.t("alarm.banner", headline=event.headline(texts)))
        self.shown.emit(out.name, ref.name)
        return True

    def on_alarm(self, event: AlarmEvent) -> None:
        """An alarm was raised: switch to the alarm preset (internal outputs that have one)."""
        if self.output.is_public or self.output.alarm_preset is None:
            return
        self.alarm, self._alarm_started = event, self._clock()
        self.refresh()

    def clear_alarm(self) -> None:
        """The alarm ended (acknowledged or timed out): back to the current preset."""
        if self.alarm is None:
            return
        self.alarm, self._alarm_started = None, None
        self.window.set_alarm_text("")
        self.refresh()

    def tick(self) -> None:
        """Once a second: follow the schedule; end the alarm after ``alarm_minutes``."""
        if self.alarm is not None and self._alarm_started is not None and \
                self._clock() - self._alarm_started >= timedelta(minutes=self.output.alarm_minutes):
            _log.info("output %s: alarm timed out after %d min", self.output.name, self.output.alarm_minutes)
            self.clear_alarm()
        self.presets.tick()
