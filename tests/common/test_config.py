"""Configuration: TOML + environment overrides, validated with messages that name the bad key."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.config import ConfigError, load_config


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "bsm.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_defaults_use_sqlite_in_data_dir(tmp_path: Path) -> None:
    cfg = load_config(None, env={"BSM__DATA_DIR": str(tmp_path)})
    assert cfg.database_url() == f"sqlite:///{tmp_path / 'bsm.db'}"
    assert cfg.hub.port == 8311
    assert cfg.deadlines.ppid_answer_working_days == 10


def test_file_values_and_env_overrides(tmp_path: Path) -> None:
    path = _write(tmp_path, '[hub]\nport = 9000\n[deadlines]\nverification_working_days = 4\n')
    cfg = load_config(path, env={"BSM__HUB__PORT": "9100", "BSM__KIOSK__KELURAHAN": "36.73.01.1002"})
    assert cfg.hub.port == 9100
    assert cfg.deadlines.verification_working_days == 4
    assert cfg.kiosk.kelurahan == "36.73.01.1002"


def test_wall_language_from_file_and_env(tmp_path: Path) -> None:
    assert load_config(None, env={}).wall.language == "id"  # Indonesian unless told otherwise
    path = _write(tmp_path, '[wall]\nlanguage = "en"\n')
    assert load_config(path, env={}).wall.language == "en"
    assert load_config(path, env={"BSM__WALL__LANGUAGE": "id"}).wall.language == "id"
    assert load_config(None, env={"BSM__WALL__LANGUAGE": "en"}).wall.language == "en"


def test_database_url_env_wins_everywhere(tmp_path: Path) -> None:
    path = _write(tmp_path, '[database]\nurl = "sqlite:////somewhere/else.db"\n')
    cfg = load_config(path, env={"BSM_DATABASE_URL": "postgresql+psycopg://u@127.0.0.1/bsm"})
    assert cfg.database_url() == "postgresql+psycopg://u@127.0.0.1/bsm"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[hub]\nport = 70000\n", "hub.port"),
        ("[hub]\nport = 'eighty'\n", "hub.port"),
        ("[hub]\nprot = 8080\n", "hub.prot"),
        ("[deadlines]\nppid_answer_working_days = 0\n", "deadlines.ppid_answer_working_days"),
        ("[database]\nurl = 'mysql://x'\n", "database.url"),
        ("[wall]\ncapture_mode = 'fork'\n", "wall.capture_mode"),
        ("[wall]\nlanguage = 'fr'\n", "wall.language"),
        ("hub = 3\n", "hub"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, text), env={})
    assert needle in str(err.value)


def test_broken_toml_and_missing_file_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(_write(tmp_path, "[hub\nport=1"), env={})
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.toml", env={})
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b"[kiosk]\nkelurahan = '\xff\xfe'\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad, env={})


def test_env_override_of_a_value_into_a_non_section_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, 'data_dir = "/tmp/x"\n')
    with pytest.raises(ConfigError, match="not a section"):
        load_config(path, env={"BSM__DATA_DIR__NESTED": "1"})


def test_huge_value_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"hub\.port"):
        load_config(None, env={"BSM__HUB__PORT": "9" * 10_000})


def test_huge_number_in_file_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(_write(tmp_path, "[hub]\nport = " + "9" * 10_000 + "\n"), env={})
