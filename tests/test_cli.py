"""The ``bsm`` command run as a real process against a real SQLite file."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

KEY_RE = re.compile(r"bsm_[a-z]+_[A-Za-z0-9]+_[A-Za-z0-9_\-]+")


def _bsm(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BSM")}
    env["BSM_DATABASE_URL"] = f"sqlite:///{tmp_path / 'bsm.db'}"
    env["BSM__DATA_DIR"] = str(tmp_path)
    return subprocess.run([sys.executable, "-m", "bsm.cli", *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


@pytest.fixture()
def seeded(tmp_path: Path) -> Path:
    assert _bsm(tmp_path, "db", "upgrade").returncode == 0
    out = _bsm(tmp_path, "seed")
    assert out.returncode == 0, out.stderr
    assert "67 kelurahan" in out.stdout
    return tmp_path


def test_help_explains_every_subcommand(tmp_path: Path) -> None:
    out = _bsm(tmp_path, "--help")
    assert out.returncode == 0
    for name in ("db", "seed", "hub", "kiosk-key", "staff-key", "channel-key", "wall", "wall-editor", "wall-tile",
                 "kiosk", "layout"):
        assert re.search(rf"^\s+{re.escape(name)}\s+\S", out.stdout, re.M), name
    assert "BSM_DATABASE_URL" in out.stdout


def test_kiosk_key_is_printed_once_and_stored_hashed(seeded: Path) -> None:
    out = _bsm(seeded, "kiosk-key", "add", "--kelurahan", "36.73.01.1002")
    assert out.returncode == 0, out.stderr
    key = KEY_RE.search(out.stdout)
    assert key is not None
    plaintext = key.group(0)
    listing = _bsm(seeded, "kiosk-key", "list")
    assert listing.returncode == 0
    assert plaintext not in listing.stdout
    assert "36.73.01.1002" in listing.stdout
    raw = (seeded / "bsm.db").read_bytes() + b"".join(p.read_bytes() for p in seeded.glob("bsm.db-*"))
    assert plaintext.encode() not in raw
    # The secret part (after the kind and the public prefix) must not be stored either.
    secret = plaintext.split("_", 3)[3]
    assert len(secret) >= 20
    assert secret.encode() not in raw
    with sqlite3.connect(seeded / "bsm.db") as db:
        (prefix,) = db.execute("select tracking_prefix from kiosk").fetchone()
    assert f'tracking_prefix = "{prefix}"' in out.stdout


def test_revoke_and_unknown_values_give_clear_errors(seeded: Path) -> None:
    out = _bsm(seeded, "kiosk-key", "add", "--kelurahan", "36.73.99.0000")
    assert out.returncode == 2
    assert "unknown kelurahan code" in out.stderr
    assert "Traceback" not in out.stderr
    out = _bsm(seeded, "staff-key", "add", "--role", "opd_operator")
    assert out.returncode == 2 and "--opd" in out.stderr
    out = _bsm(seeded, "staff-key", "add", "--role", "opd_operator", "--opd", "dpupr")
    assert out.returncode == 0
    with sqlite3.connect(seeded / "bsm.db") as db:
        (key_id,) = db.execute("select id from api_key where kind='staff'").fetchone()
    assert _bsm(seeded, "staff-key", "revoke", str(key_id)).returncode == 0
    assert "revoked" in _bsm(seeded, "staff-key", "list").stdout
    assert _bsm(seeded, "staff-key", "revoke", "nope").returncode == 2


def test_bad_config_is_reported_without_traceback(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[hub]\nport = -1\n", encoding="utf-8")
    out = _bsm(tmp_path, "--config", str(cfg), "db", "upgrade")
    assert out.returncode == 2
    assert "hub.port" in out.stderr and "Traceback" not in out.stderr


def test_unmigrated_database_says_what_to_do(tmp_path: Path) -> None:
    out = _bsm(tmp_path, "kiosk-key", "list")
    assert out.returncode == 2
    assert "bsm db upgrade" in out.stderr


LOBBY = {
    "schema": 1, "kind": "layout", "name": "lobby", "rows": 1, "cols": 2,
    "tiles": [
        {"id": "c", "row": 0, "col": 0, "row_span": 1, "col_span": 1, "kind": "clock", "settings": {}},
        {"id": "t", "row": 0, "col": 1, "row_span": 1, "col_span": 1, "kind": "text",
         "settings": {"text": "Selamat datang"}},
    ],
}


def test_layout_import_export_round_trip_and_reimport_after_delete(seeded: Path) -> None:
    import json

    from common.db.engine import make_engine, make_session_factory
    from common.layouts import store

    path = seeded / "lobby.json"
    path.write_text(json.dumps(LOBBY), encoding="utf-8")
    out = _bsm(seeded, "layout", "import", str(path))
    assert out.returncode == 0, out.stderr
    assert "version 1" in out.stdout
    exported = _bsm(seeded, "layout", "export", "lobby")
    assert exported.returncode == 0
    assert json.loads(exported.stdout)["tiles"] == LOBBY["tiles"]
    assert "lobby" in _bsm(seeded, "layout", "list").stdout
    engine = make_engine(f"sqlite:///{seeded / 'bsm.db'}")
    with make_session_factory(engine)() as s:
        store.delete(s, "layout", "lobby", author="t", base_version=1)
        s.commit()
    engine.dispose()
    assert _bsm(seeded, "layout", "export", "lobby").returncode == 2
    again = _bsm(seeded, "layout", "import", str(path))
    assert again.returncode == 0, again.stderr
    assert "version 3" in again.stdout


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"{not json", "malformed"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b'{"schema": 1, "kind": "layout", "name": "x", "rows": 1, "cols": 1, "tiles": [{"id": "a", "row": 0, '
         b'"col": 0, "row_span": 1, "col_span": 2, "kind": "clock", "settings": {}}]}', "[a]"),
        (b'{"schema": 99, "kind": "layout", "name": "x", "rows": 1, "cols": 1, "tiles": []}', "schema"),
        (b'{"schema": 1, "kind": "layout", "name": "x", "rows": 100000000, "cols": 1, "tiles": []}', "rows"),
    ],
)
def test_bad_layout_files_are_refused_clearly(seeded: Path, content: bytes, needle: str) -> None:
    path = seeded / "bad.json"
    path.write_bytes(content)
    out = _bsm(seeded, "layout", "import", str(path))
    assert out.returncode == 2
    assert needle in out.stderr
    assert "Traceback" not in out.stderr
    assert "no layouts" in _bsm(seeded, "layout", "list").stdout


def test_missing_layout_file_is_a_clear_error(seeded: Path) -> None:
    out = _bsm(seeded, "layout", "import", str(seeded / "nope.json"))
    assert out.returncode == 2 and "cannot read" in out.stderr


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "1e9", "abc", ""])
def test_exit_after_refuses_what_is_not_a_sane_number_of_seconds(tmp_path: Path, value: str) -> None:
    for command in ("wall", "wall-tile clock"):
        out = _bsm(tmp_path, *command.split(), "--exit-after", value)
        assert out.returncode == 2 and "--exit-after" in out.stderr and "Traceback" not in out.stderr


def test_seconds_accepts_zero_to_a_week() -> None:
    from bsm.cli import MAX_SECONDS, seconds

    assert seconds("0") == 0.0 and seconds("2.5") == 2.5 and seconds(str(MAX_SECONDS)) == MAX_SECONDS
