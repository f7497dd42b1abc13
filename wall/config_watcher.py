"""Live apply: poll the database's change marker on the executor and deliver new configurations by a signal.

Every ``poll_interval_ms`` a job on the executor reads :func:`latest_change_marker` (cheap fingerprint); only
when it moved are the node's outputs, the layouts and the cameras loaded, parsed and validated (off the GUI
thread). The result reaches the GUI thread as ``config_loaded(WallConfig)``; a saved change is on screen within
one poll interval plus the load (well under 2 s with the default 1 s).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.orm import Session, sessionmaker

from common.layouts import store
from common.layouts.cameras import CameraInfo, load_cameras
from common.layouts.jsonio import layout_from_json, output_from_json
from common.layouts.model import Layout, LayoutFormatError, OutputSpec
from common.layouts.validate import Problem, format_problems, validate_layout, validate_output

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LayoutCheck:
    """A preset's layout as one output would show it: the layout (None if malformed/missing) and its problems."""

    layout: Layout | None
    problems: tuple[Problem, ...]
    version: int = 0


@dataclass(frozen=True)
class WallConfig:
    """Everything a wall node shows, loaded and validated at one change marker."""

    marker: Any
    outputs: Mapping[str, OutputSpec]
    output_problems: Mapping[str, tuple[Problem, ...]]
    checks: Mapping[tuple[str, str], LayoutCheck]
    cameras: Mapping[str, CameraInfo]
    layouts: Mapping[str, Layout] = field(default_factory=dict)

    def check(self, output: str, layout: str) -> LayoutCheck:
        """The check of ``layout`` on ``output`` (missing layout -> a problem)."""
        found = self.checks.get((output, layout))
        if found is not None:
            return found
        return LayoutCheck(
            None,
            (
                Problem(
                    None,
                    "unknown_layout",
                    f"tata letak '{layout}' tidak ada",
                    f"layout '{layout}' does not exist",
                ),
            ),
        )


def _parse_layouts(
    session: Session,
) -> tuple[dict[str, Layout], dict[str, tuple[Problem, ...]], dict[str, int]]:
    layouts, malformed, versions = {}, {}, {}
    for doc in store.current_documents(session, store.KIND_LAYOUT):
        versions[doc.name] = doc.version
        try:
            layouts[doc.name] = layout_from_json(doc.body)
        except LayoutFormatError as exc:
            malformed[doc.name] = tuple(format_problems(exc))
    return layouts, malformed, versions


def _parse_outputs(
    session: Session, node: str
) -> tuple[dict[str, OutputSpec], dict[str, tuple[Problem, ...]]]:
    outputs, problems = {}, {}
    for doc in store.current_documents(session, store.KIND_OUTPUT):
        try:
            output = output_from_json(doc.body)
        except LayoutFormatError as exc:
            if doc.body.get("node") == node:
                problems[doc.name] = tuple(format_problems(exc))
            continue
        if output.node == node:
            outputs[output.name] = output
    return outputs, problems


def load_wall_config(session: Session, node: str, marker: Any = None) -> WallConfig:
    """Load, parse and validate everything node ``node`` shows (runs on the executor)."""
    cameras = load_cameras(session)
    layouts, malformed, versions = _parse_layouts(session)
    outputs, output_problems = _parse_outputs(session, node)
    checks: dict[tuple[str, str], LayoutCheck] = {}
    for output in outputs.values():
        found = validate_output(output, set(layouts) | set(malformed))
        if found:
            output_problems[output.name] = tuple(found)
        for preset in output.presets:
            name = preset.layout
            if name in malformed:
                checks[(output.name, name)] = LayoutCheck(None, malformed[name], versions[name])
            elif name in layouts:
                problems = validate_layout(
                    layouts[name], cameras, output.privacy, output_height_px=output.resolution[1]
                )
                checks[(output.name, name)] = LayoutCheck(layouts[name], tuple(problems), versions[name])
    return WallConfig(marker, outputs, output_problems, checks, cameras, layouts)


class ConfigWatcher(QObject):
    """Polls for saved changes; emits ``config_loaded(WallConfig)`` on the GUI thread when something changed."""

    config_loaded = Signal(object)
    poll_failed = Signal(str)
    _job_finished = Signal(object)

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        executor: Executor,
        node: str,
        interval_ms: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = session_factory
        self._executor = executor
        self._node = node
        self._marker: Any = None
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._job_finished.connect(self._on_self_job_finished)

    def load_now(self) -> WallConfig:
        """Load synchronously (at start, before the windows open)."""
        with self._sessions() as session:
            marker = store.latest_change_marker(session)
            config = load_wall_config(session, self._node, marker)
        self._marker = marker
        return config

    def start(self) -> None:
        """Poll every interval."""
        self._timer.start()

    def stop(self) -> None:
        """Stop polling."""
        self._timer.stop()

    def poll(self) -> None:
        """Check the marker on the executor (skipped while a check runs)."""
        if self._busy:
            return
        self._busy = True
        try:
            self._executor.submit(self._job, self._marker)
        except RuntimeError:  # the executor is shut down: the wall is closing
            self._busy = False

    def _job(self, known: Any) -> None:
        result: object
        try:
            with self._sessions() as session:
                marker = store.latest_change_marker(session)
                result = None if marker == known else load_wall_config(session, self._node, marker)
        except Exception as exc:  # database away: keep showing what we have, try again next poll
            _log.warning("configuration poll failed: %s", exc)
            result = exc
        self._job_finished.emit(result)

    def _on_self_job_finished(self, result: object) -> None:
        self._busy = False
        if isinstance(result, Exception):
            self.poll_failed.emit(str(result))
        elif isinstance(result, WallConfig):
            self._marker = result.marker
            self.config_loaded.emit(result)


