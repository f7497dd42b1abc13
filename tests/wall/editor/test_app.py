"""The composition root and ``bsm wall-editor``'s entry point; every text key the editor uses exists."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from common.config import Config, DatabaseSection
from common.db.migrate import upgrade
from wall.editor import main as editor_main
from wall.editor.app import build, default_author
from wall.editor.i18n import Texts, known_keys
from wall.editor.prompter import ScriptedPrompter

pytestmark = pytest.mark.timeout(60)
EDITOR = Path(__file__).resolve().parents[3] / "wall" / "editor"


def test_every_text_key_used_exists_in_both_languages() -> None:
    used: set[str] = set()
    for path in EDITOR.rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.0-9]+)["']""", path.read_text(encoding="utf-8")))
    used = {k for k in used if not k.endswith(".")}
    assert used and used <= known_keys(), sorted(used - known_keys())
    assert Texts("en")("act.save") == "Save" and Texts()("act.save") == "Simpan"
    assert Texts()("no.such.key") == "no.such.key"


def test_build_opens_a_normal_window_on_the_configured_database(qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bsm.db'}"
    upgrade(url)
    window = build(Config(database=DatabaseSection(url=url)), prompter=ScriptedPrompter(), lang="en")
    qtbot.addWidget(window)
    window.show()
    assert not window.isFullScreen() and window.width() <= 1366 and window.height() <= 768
    assert window.controller.repo.author == default_author()
    assert window.controller.layouts == [] and window.controller.session is None
    assert window.windowTitle().startswith("Layout Editor")
    window.close()  # nothing unsaved: closes, stops the preview, disposes its engine
    assert window.closed


def test_run_reports_a_database_that_is_not_ready(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 qtbot: QtBot) -> None:
    config = Config(database=DatabaseSection(url=f"sqlite:///{tmp_path / 'empty.db'}"))
    assert editor_main.run(config, argparse.Namespace()) == 2
    assert "bsm db upgrade" in capsys.readouterr().err
