"""The wall's composition root: ``build(config, ...)`` assembles the program; ``WallApp`` runs and stops it.

One window per output of this node, a camera pool shared by every tile, the dashboard data service, the
configuration watcher (live apply), the alarm controller and the operator panel. Everything that needs a
database runs on an executor; everything that touches widgets runs on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from sqlalchemy import Engine

from common.clock import utc_now
from common.config import Config
from common.db.engine import make_engine, make_session_factory
from common.layouts.model import OutputSpec
from wall.alarm import AlarmController, AlarmEvent
from wall.camera_pool import CameraPool, Delivery, SourceFactory
from wall.config_watcher import ConfigWatcher, WallConfig
from wall.i18n import WallTexts
from wall.layout_view import LayoutGridWidget
from wall.operator_panel import OperatorPanelWindow
from wall.output_controller import OutputController
from wall.output_window import OutputWindow
from wall.tiles.base import TileContext
from wall.tiles.camera_render import ClockFaces
from wall.tiles.registry import TileRegistry
from wall.video_sources import make_source_factory

_log = logging.getLogger(__name__)


class WallApp(QObject):
    """The running wall of one node. ``start()`` opens the windows; ``shutdown()`` stops everything it started."""

    def __init__(self, config: Config, engine: Engine, *, owns_engine: bool, node: str,
                 clock: Callable[[], datetime], screens: Sequence[QScreen], source_factory: SourceFactory,
                 registry: TileRegistry, windowed: bool, delivery: Delivery, panel: bool,
                 texts: WallTexts, dashboard: Any = None) -> None:
        super().__init__(None)
        self.config, self.node, self.clock = config, node, clock
        #: The node's language: the operator panel's, and every output's that does not set its own.
        self.texts = texts
        self._engine, self._owns_engine = engine, owns_engine
        self._sessions = make_session_factory(engine)
        self._screens, self._registry, self._windowed = list(screens), registry, windowed
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="wall-db")
        self.pool = CameraPool({}, source_factory, delivery=delivery, parent=self)
        self.clock_faces = ClockFaces()  # one clock render a second for every camera tile of this node
        self.watcher = ConfigWatcher(self._sessions, self.executor, node, config.wall.poll_interval_ms, self)
        self.alarm = AlarmController(self._sessions, self.executor, clock, config.wall.poll_interval_ms, self)
        self.dashboard = dashboard if dashboard is not None else self._make_dashboard()
        self.controllers: dict[str, OutputController] = {}
        self.panel = OperatorPanelWindow(texts) if panel else None
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)
        self._started = False

    def _make_dashboard(self) -> Any:
        try:
            from wall.data.dashboard_service import DashboardDataService
        except ImportError:  # the data tiles then show "no data"
            _log.warning("dashboard data service unavailable")
            return None
        return DashboardDataService(self._sessions, self.clock, parent=self)

    # -- life cycle -----------------------------------------------------------------------------------------

    def start(self) -> None:
        """Load the configuration, open the windows, start polling."""
        config = self.watcher.load_now()
        _log.info("wall node %s: language %s", self.node, self.texts.lang)
        self.pool.set_cameras(config.cameras)
        if self.dashboard is not None:
            self.dashboard.start()
        self._sync_outputs(config)
        if not self.controllers:
            _log.error("no output is configured for wall node %r (see 'bsm layout list')", self.node)
        self.watcher.config_loaded.connect(self._on_watcher_config_loaded)
        self.alarm.alarm_raised.connect(self._on_alarm_alarm_raised)
        self.alarm.alarm_cleared.connect(self._on_alarm_alarm_cleared)
        self.watcher.start()
        self.alarm.start()
        self._tick.start()
        if self.panel is not None:
            self._connect_panel(self.panel)
            self.panel.show()
        self._started = True

    def shutdown(self) -> None:
        """Stop timers, tiles, captures, the executor and the windows; nothing is left running."""
        self._tick.stop()
        self.watcher.stop()
        self.alarm.stop()
        for ctl in self.controllers.values():
            ctl.grid.shutdown()
            ctl.window.close()
            ctl.window.deleteLater()
        self.controllers.clear()
        if self.panel is not None:
            self.panel.close()
            self.panel.deleteLater()
        self.pool.shutdown()
        if self.dashboard is not None:
            self.dashboard.stop()
        self.executor.shutdown(wait=True, cancel_futures=True)
        if self._owns_engine:
            self._engine.dispose()

    # -- outputs --------------------------------------------------------------------------------------------

    def _context(self, output: OutputSpec) -> TileContext:
        services = {"cameras": self.pool, "dashboard": self.dashboard, "config": self.config,
                    "session_factory": self._sessions, "clock_faces": self.clock_faces}
        texts = WallTexts(output.language) if output.language else self.texts
        return TileContext(privacy=output.privacy, output_height_px=output.resolution[1], clock=self.clock,
                           services=services, output_width_px=output.resolution[0], texts=texts)

    def _open_output(self, output: OutputSpec, config: WallConfig) -> OutputController:
        grid = LayoutGridWidget(self._registry, self._context(output))
        window = OutputWindow(output, grid, windowed=self._windowed)
        window.place(self._screens)
        ctl = OutputController(window, config, self.clock, self)
        ctl.alarm_ack_requested.connect(self.alarm.acknowledge)
        ctl.shown.connect(self._on_controller_shown)
        window.show_output()
        if self.alarm.active is not None:
            ctl.on_alarm(self.alarm.active)
        ctl.refresh()
        return ctl

    def _sync_outputs(self, config: WallConfig) -> None:
        for name in [n for n in self.controllers if n not in config.outputs and n not in config.output_problems]:
            ctl = self.controllers.pop(name)
            ctl.grid.shutdown()
            ctl.window.close()
            ctl.window.deleteLater()
        for name, output in config.outputs.items():
            existing = self.controllers.get(name)
            if existing is None:
                self.controllers[name] = self._open_output(output, config)
                continue
            ctl = existing
            moved = (ctl.output.screen, ctl.output.rect, ctl.output.resolution, ctl.output.privacy,
                     ctl.output.language) != (output.screen, output.rect, output.resolution, output.privacy,
                                              output.language)
            if moved:  # a new place, privacy or language: rebuild the window (tiles depend on all three)
                self.controllers.pop(name)
                ctl.grid.shutdown()
                ctl.window.close()
                ctl.window.deleteLater()
                self.controllers[name] = self._open_output(output, config)
            else:
                ctl.apply_config(config)
        if self.panel is not None:
            self.panel.set_outputs(list(self.controllers.values()))

    def _on_watcher_config_loaded(self, config: WallConfig) -> None:
        self.pool.set_cameras(config.cameras)
        self._sync_outputs(config)

    # -- alarm, ticks, panel --------------------------------------------------------------------------------

    def _on_alarm_alarm_raised(self, event: AlarmEvent) -> None:
        for ctl in self.controllers.values():
            ctl.on_alarm(event)
        self._update_panel()

    def _on_alarm_alarm_cleared(self) -> None:
        for ctl in self.controllers.values():
            ctl.clear_alarm()
        self._update_panel()

    def _on_tick_timeout(self) -> None:
        for ctl in list(self.controllers.values()):
            ctl.tick()
        if self.alarm.active is not None and all(c.alarm is None for c in self.controllers.values()):
            self.alarm.acknowledge()  # every output timed out: the alarm is over

    def _on_controller_shown(self, _output: str, _preset: str) -> None:
        self._update_panel()

    def _update_panel(self) -> None:
        if self.panel is not None:
            self.panel.update_state(list(self.controllers.values()))

    def _connect_panel(self, panel: OperatorPanelWindow) -> None:
        panel.set_outputs(list(self.controllers.values()))
        panel.preset_requested.connect(self._on_panel_preset_requested)
        panel.enlarge_requested.connect(self._on_panel_enlarge_requested)
        panel.restore_requested.connect(self._on_panel_restore_requested)
        panel.acknowledge_requested.connect(self.alarm.acknowledge)

    def _on_panel_preset_requested(self, output: str, preset: str) -> None:
        if output in self.controllers:
            self.controllers[output].presets.select(preset)

    def _on_panel_enlarge_requested(self, output: str, tile_id: str) -> None:
        if output in self.controllers:
            self.controllers[output].grid.enlarge(tile_id)

    def _on_panel_restore_requested(self, output: str) -> None:
        if output in self.controllers:
            self.controllers[output].grid.restore()

    def snapshot(self, directory: str | Path) -> list[Path]:
        """Write ``<output>.png`` per output into ``directory``; returns the files written."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, ctl in self.controllers.items():
            path = folder / f"{name}.png"
            if ctl.window.snapshot(path):
                written.append(path)
            else:
                _log.error("snapshot of output %s failed", name)
        return written


def build(config: Config, *, engine: Engine | None = None, screens: Sequence[QScreen] | None = None,
          clock: Callable[[], datetime] = utc_now, node: str | None = None, windowed: bool = False,
          source_factory: SourceFactory | None = None, registry: TileRegistry | None = None,
          delivery: Delivery = "poll", panel: bool = False, dashboard: Any = None) -> WallApp:
    """Assemble the wall of ``node`` (default ``config.wall.node``) in ``config.wall.language``; a QApplication
    must exist."""
    owns = engine is None
    return WallApp(
        config, engine or make_engine(config.database_url()), owns_engine=owns, node=node or config.wall.node,
        clock=clock, screens=screens if screens is not None else QGuiApplication.screens(),
        source_factory=source_factory or make_source_factory(config.wall.capture_mode),
        registry=registry or TileRegistry(), windowed=windowed, delivery=delivery, panel=panel,
        texts=WallTexts(config.wall.language), dashboard=dashboard,
    )
