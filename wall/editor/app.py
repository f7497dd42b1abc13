"""The editor's composition root: ``build(config, ...)`` assembles repository, controller, panels and window."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from common.clock import utc_now
from common.config import Config
from common.db.engine import make_engine, make_session_factory
from common.layouts.kinds import KindRegistry, default_kinds
from wall.editor.controller import EditorController
from wall.editor.i18n import Lang, Texts
from wall.editor.layout_tab import LayoutTabWidget
from wall.editor.models import CameraTableModel
from wall.editor.output_actions import OutputActions
from wall.editor.panels.tile_settings import TileSettingsPanel
from wall.editor.preview import LayoutPreviewWidget
from wall.editor.prompter import DialogPrompter, Prompter
from wall.editor.repository import EditorRepository
from wall.editor.thumbnails import Grab, ThumbnailGrabber, grab_snapshot
from wall.editor.window import EditorWindow


def default_author() -> str:
    """The OS user name (the audit log's author when none is configured)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a container without passwd entry
        return "teknisi"


def _live_factory() -> Any:
    from wall.video_sources import thread_source_factory

    return thread_source_factory()


def build(config: Config, *, engine: Engine | None = None, clock: Callable[[], datetime] = utc_now,
          author: str | None = None, prompter: Prompter | None = None, lang: Lang = "id",
          grab: Grab = grab_snapshot, dashboard: Any = None, draft_dir: Path | None = None,
          kinds: KindRegistry | None = None) -> EditorWindow:
    """The editor window on the configured database (a QApplication must exist); call ``show()`` to open it.

    ``engine`` defaults to one on ``config.database_url()`` (disposed when the window shuts down); ``prompter``
    to real dialogs; ``dashboard`` to fake snapshots for the preview.
    """
    owns_engine = engine is None
    engine = engine or make_engine(config.database_url())
    t = Texts(lang)
    kinds = kinds or default_kinds()
    repo = EditorRepository(make_session_factory(engine), author=author or default_author(), clock=clock)
    try:
        kelurahan = repo.kelurahan()  # the first read: a database that is not ready fails here, cleanly
    except Exception:
        if owns_engine:
            engine.dispose()
        raise
    window = _assemble(config, repo, t, kinds, prompter or DialogPrompter(), grab=grab, kelurahan=kelurahan,
                       clock=clock, dashboard=dashboard, draft_dir=draft_dir)
    if owns_engine:
        window.cleanups.append(engine.dispose)
    window.controller.refresh()
    if window.controller.layouts:
        window.controller.open_layout(window.controller.layouts[0].name)
    return window


def _assemble(config: Config, repo: EditorRepository, t: Texts, kinds: KindRegistry, dialogs: Prompter, *,
              grab: Grab, kelurahan: list[tuple[str, str]], clock: Callable[[], datetime], dashboard: Any,
              draft_dir: Path | None) -> EditorWindow:
    from wall.data.fake import FakeDashboardService

    controller = EditorController(repo, kinds, t, dialogs, draft_dir=draft_dir)
    grabber = ThumbnailGrabber(grab=grab)
    cameras = CameraTableModel(t)
    settings = TileSettingsPanel(t, kinds, cameras, grabber, kelurahan)
    preview = LayoutPreviewWidget(t, clock, dashboard if dashboard is not None else FakeDashboardService(),
                                  live_factory=_live_factory)
    tab = LayoutTabWidget(t, controller, settings, preview)
    window = EditorWindow(t, controller, tab, OutputActions(controller, config.wall.node), grabber)
    controller.setParent(window)
    cameras.setParent(window)
    if isinstance(dialogs, DialogPrompter):
        dialogs.parent = window
    controller.lists_changed.connect(lambda: cameras.set_rows(controller.camera_rows))
    return window
