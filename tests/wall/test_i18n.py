"""The wall's texts: every key in both languages with the same placeholders, every key the code uses exists and
every key is used; dates and numbers without the process locale; the language travels from the configuration and
``bsm wall --language`` to every tile, the alarm banner and the operator panel."""

from __future__ import annotations

import argparse
import ast
import os
import string
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select

from bsm.cli import build_parser
from common.config import Config, WallSection
from common.db.engine import make_session_factory
from common.db.migrate import upgrade
from common.domain.enums import CallClass
from common.domain.models import Call112, Kelurahan
from common.layouts import store
from common.layouts.validate import Problem
from tests.wall.conftest import seed_wall_database
from tests.wall.fakes import FakeClock, FakeSourceFactory
from tests.wall.tiles.helpers import collect_texts
from tests.wall.tiles.test_tiles_english import INDONESIAN, KEY_LIKE
from wall.alarm import AlarmEvent
from wall.app import WallApp, build
from wall.data.fake import FakeDashboardService
from wall.i18n import WallTexts, known_keys, text_pairs
from wall.main import with_cli_overrides

pytestmark = pytest.mark.timeout(60)
REPO = Path(__file__).resolve().parents[2]
WALL = REPO / "wall"
#: The editor has its own table (wall/editor/i18n.py); the wall's table itself is not a use of its keys.
NOT_SCANNED = (WALL / "editor", WALL / "i18n_texts.py")


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_every_key_has_both_languages_with_the_same_placeholders() -> None:
    for key, (text_id, text_en) in text_pairs().items():
        assert text_id.strip() and text_en.strip(), key
        assert _placeholders(text_id) == _placeholders(text_en), key


def _wall_sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(WALL.rglob("*.py")):
        if not any(path == p or p in path.parents for p in NOT_SCANNED):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _key_literals_and_dynamic_lookups() -> tuple[set[str], list[str]]:
    """String constants of the wall's code that look like text keys, and ``.t(...)`` calls whose key is built
    (an f-string or a concatenation: such keys could not be checked)."""
    namespaces = {key.split(".")[0] for key in known_keys()}
    literals: set[str] = set()
    built: list[str] = []
    for path, tree in _wall_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY_LIKE.match(node.value) \
                    and node.value.split(".")[0] in namespaces:
                literals.add(node.value)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "t" \
                    and node.args and isinstance(node.args[0], ast.JoinedStr | ast.BinOp):
                built.append(f"{path.relative_to(REPO)}:{node.lineno}")
    return literals, built


def test_every_key_used_exists_and_every_key_is_used() -> None:
    literals, built = _key_literals_and_dynamic_lookups()
    assert built == [], "text keys must be written out, so that this test can see them"
    assert sorted(literals - known_keys()) == [], "keys used by the wall's code but missing from the table"
    assert sorted(known_keys() - literals) == [], "keys in the table that no code uses"


def test_lookup_formatting_and_unknown_keys() -> None:
    en, id_ = WallTexts("en"), WallTexts()
    assert id_.lang == "id" and en.t("camera.no_signal_since", time="10:04:05") == "No signal since 10:04:05"
    assert id_.t("camera.no_signal_since", time="10:04:05") == "Tidak ada sinyal sejak 10:04:05"
    assert en.t("no.such.key") == "no.such.key"  # shown rather than crashing a paint
    assert en.pick("Baik", "Good") == "Good" and id_.pick("Baik", "Good") == "Baik"
    with pytest.raises(ValueError, match="fr"):
        WallTexts("fr")  # type: ignore[arg-type]


def test_dates_and_numbers_never_use_the_process_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    moment = datetime(2026, 3, 11, 17, 30, tzinfo=UTC)  # 00:30 WIB the next day
    assert WallTexts().long_date(moment) == "Kamis, 12 Maret 2026"
    assert WallTexts("en").long_date(moment) == "Thursday, 12 March 2026"
    assert [WallTexts("en").day_name(d) for d in (0, 6)] == ["Monday", "Sunday"]
    assert [WallTexts().month_name(m) for m in (1, 12)] == ["Januari", "Desember"]
    assert (WallTexts().number(12345), WallTexts("en").number(12345)) == ("12.345", "12,345")
    assert (WallTexts().decimal(81.416, 2), WallTexts("en").decimal(81.416, 2)) == ("81,42", "81.42")


# -- from the configuration and the command line to the tiles ------------------------------------------------


def test_cli_language_option_overrides_the_configuration() -> None:
    args = build_parser().parse_args(["wall", "--language", "en"])
    assert args.language == "en"
    config = Config(wall=WallSection(language="id"))
    assert with_cli_overrides(config, args).wall.language == "en"
    assert with_cli_overrides(Config(wall=WallSection(language="en")), argparse.Namespace()).wall.language == "en"
    assert build_parser().parse_args(["wall"]).language is None  # the configuration decides
    with pytest.raises(SystemExit):
        build_parser().parse_args(["wall", "--language", "fr"])


@pytest.fixture
def english_wall(qtbot: QtBot, wall_config: Config, wall_engine: Engine) -> Iterator[WallApp]:
    config = wall_config.model_copy(update={"wall": wall_config.wall.model_copy(update={"language": "en"})})
    app = build(config, engine=wall_engine, screens=[], clock=FakeClock(datetime(2026, 11, 25, 3, tzinfo=UTC)),
                source_factory=FakeSourceFactory(), dashboard=FakeDashboardService(), windowed=True, panel=True)
    app.start()
    yield app
    app.shutdown()


def _drawn(tile: QWidget) -> list[str]:
    """What a tile drew: painted tiles record their strings, camera and placeholder tiles keep a text log."""
    log = getattr(tile, "text_log", None)
    return collect_texts(tile) + ([text for text, _ in log.entries] if log is not None else [])


def test_configured_language_reaches_every_tile_and_the_panel(qtbot: QtBot, english_wall: WallApp) -> None:
    assert english_wall.texts == WallTexts("en")
    drawn: list[str] = []
    for ctl in english_wall.controllers.values():
        assert ctl.grid.ctx.texts.lang == "en"
        for tile in ctl.grid.tiles.values():
            assert tile.ctx.texts.lang == "en"
            tile.grab()
            drawn += _drawn(tile)
    assert drawn and [t for t in drawn if INDONESIAN.search(t) or KEY_LIKE.match(t)] == []
    panel = english_wall.panel
    assert panel is not None and panel.windowTitle() == "Bale Sandi Maya — Operator Panel"
    assert panel.alarm_label.text() == "No alarm" and panel.ack_button.text() == "Acknowledge alarm (A)"


def test_alarm_banner_and_panel_in_english(qtbot: QtBot, english_wall: WallApp, wall_engine: Engine) -> None:
    with make_session_factory(wall_engine)() as session:
        kel = session.scalars(select(Kelurahan).order_by(Kelurahan.kode)).first()
        assert kel is not None
        session.add(Call112(external_id="real-en", received_at=datetime.now(UTC), call_class=CallClass.REAL,
                            category="kebakaran", kelurahan_kode=kel.kode, caller_hash="0" * 64))
        session.commit()
        nama = kel.nama
    tv1 = english_wall.controllers["tv-1"]
    qtbot.waitUntil(lambda: tv1.showing == "Alarm", timeout=3000)
    expected = f"ALARM — 112 emergency call (Fire and rescue) in Kel. {nama}"
    assert tv1.window.banner.text == f"{expected} — press A to acknowledge"
    panel = english_wall.panel
    assert panel is not None and panel.alarm_label.text() == expected
    assert english_wall.controllers["videotron"].window.banner.text == ""  # never on the public output
    indonesian = english_wall.alarm.active
    assert indonesian is not None and indonesian.headline(WallTexts()) == \
        f"ALARM — Panggilan darurat 112 (Kebakaran dan penyelamatan) di Kel. {nama}"
    english_wall.alarm.acknowledge()


def test_grid_texts_in_english(qtbot: QtBot, english_wall: WallApp) -> None:
    grid = english_wall.controllers["tv-1"].grid
    problems = [Problem("x", "overlap", "ubin 'x' menumpuk ubin 'y'", "tile 'x' overlaps tile 'y'"),
                Problem("y", "overlap", "ubin 'y' menumpuk ubin 'x'", "tile 'y' overlaps tile 'x'")]
    grid.reject("uji", problems)
    assert grid.badge_text == "⚠ Layout 'uji' is invalid: tile 'x' overlaps tile 'y' (+1 more). " \
                              "The previous view is kept."


def test_an_unknown_place_in_english() -> None:
    event = AlarmEvent("aduan", 7, "", "", -6.12, 106.15, "banjir", datetime.now(UTC))
    assert event.headline(WallTexts("en")) == "ALARM — Serious complaint (banjir) — location not known yet"
    assert event.headline(WallTexts()) == "ALARM — Aduan berat (banjir) — lokasi belum diketahui"


@pytest.mark.slow
@pytest.mark.timeout(90)
def test_snapshot_cli_in_english(tmp_path: Path) -> None:
    """``bsm wall --snapshot DIR --exit-after 3 --language en``: the option reaches the program, which says so."""
    url = f"sqlite:///{tmp_path / 'bsm.db'}"
    upgrade(url)
    seed_wall_database(url)
    env = {**os.environ, "BSM_DATABASE_URL": url, "QT_QPA_PLATFORM": "offscreen", "BSM__WALL__LANGUAGE": "id"}
    out = tmp_path / "snap"
    result = subprocess.run(
        [sys.executable, "-m", "bsm.cli", "wall", "--snapshot", str(out), "--exit-after", "3", "--language", "en"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(p.name for p in out.glob("*.png")) == ["tv-1.png", "tv-2.png", "videotron.png"]
    assert "wall node wall-1: language en" in result.stderr
    assert "Traceback" not in result.stderr


def _set_output_language(engine: Engine, name: str, language: str | None) -> None:
    with make_session_factory(engine)() as session:
        doc = store.current(session, "output", name)
        output = next(o for o in store.load_outputs(session) if o.name == name)
        assert doc is not None
        store.save_output(session, replace(output, language=language), author="teknisi", base_version=doc.version)
        session.commit()


def test_an_output_in_its_own_language_and_a_live_change_of_it(qtbot: QtBot, wall_config: Config,
                                                                wall_engine: Engine) -> None:
    """Visitors: the TV wall in English while the videotron outside stays Indonesian (the node's language)."""
    _set_output_language(wall_engine, "tv-2", "en")
    app = build(wall_config, engine=wall_engine, screens=[], clock=FakeClock(datetime(2026, 11, 25, 3, tzinfo=UTC)),
                source_factory=FakeSourceFactory(), dashboard=FakeDashboardService(), windowed=True, panel=True)
    app.start()
    try:
        assert app.texts.lang == "id"
        langs = {name: ctl.grid.ctx.texts.lang for name, ctl in app.controllers.items()}
        assert langs == {"tv-1": "id", "tv-2": "en", "videotron": "id"}
        drawn: list[str] = []
        for tile in app.controllers["tv-2"].grid.tiles.values():
            assert tile.ctx.texts.lang == "en"
            tile.grab()
            drawn += _drawn(tile)
        assert drawn and [t for t in drawn if INDONESIAN.search(t) or KEY_LIKE.match(t)] == []
        assert app.panel is not None and app.panel.alarm_label.text() == "Tidak ada alarm"  # the node's language

        started = time.monotonic()
        _set_output_language(wall_engine, "tv-2", None)
        _set_output_language(wall_engine, "tv-1", "en")
        qtbot.waitUntil(lambda: app.controllers["tv-1"].grid.ctx.texts.lang == "en"
                        and app.controllers["tv-2"].grid.ctx.texts.lang == "id", timeout=2000)
        assert time.monotonic() - started < 2.0
        assert app.controllers["videotron"].grid.ctx.texts.lang == "id"
    finally:
        app.shutdown()
