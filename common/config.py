"""One typed configuration for every program: a TOML file plus environment overrides, validated at start.

Precedence (last wins): defaults < TOML file < ``BSM__SECTION__KEY`` environment variables < ``BSM_DATABASE_URL``.
The file is ``--config PATH``, else ``$BSM_CONFIG``, else ``bsm.toml`` in the user's config directory if present.
Errors name the bad key and say what is allowed (:class:`ConfigError`).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

APP_NAME = "bale-sandi-maya"
REPO_ROOT = Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    """The per-user data directory (SQLite file, keys, caches)."""
    return Path(platformdirs.user_data_dir(APP_NAME))


def default_assets_dir() -> Path:
    """The ``assets/`` folder of the checkout."""
    return REPO_ROOT / "assets"


class ConfigError(ValueError):
    """The configuration is invalid; the message names each bad key and what is allowed."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DatabaseSection(_Section):
    """Where the data lives. Empty url: SQLite file ``bsm.db`` in the data directory."""

    url: str = ""

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, v: str) -> str:
        if v and not v.startswith(("sqlite:", "sqlite+pysqlite:", "postgresql")):
            raise ValueError("must start with 'sqlite:///' or 'postgresql+psycopg://'")
        return v


class DeadlinesSection(_Section):
    """Every deadline length (DOMAIN.md marks them configurable)."""

    verification_working_days: int = Field(3, ge=1, le=60)
    followup_decision_working_days: int = Field(5, ge=1, le=60)
    no_reply_close_working_days: int = Field(10, ge=1, le=120)
    resolution_cap_calendar_days: int = Field(60, ge=1, le=365)
    rabeg_response_hours: int = Field(72, ge=1, le=720)
    rabeg_ringan_hours: int = Field(24, ge=1, le=720)
    ppid_answer_working_days: int = Field(10, ge=1, le=60)
    ppid_extension_working_days: int = Field(7, ge=1, le=60)
    keberatan_filing_working_days: int = Field(30, ge=1, le=120)
    keberatan_answer_working_days: int = Field(30, ge=1, le=120)
    call112_max_calls_per_day: int = Field(5, ge=1, le=1000)
    call112_block_hours: int = Field(24, ge=1, le=720)


class CalendarSection(_Section):
    """Holidays beyond the ``holidays`` package: cuti bersama file and extra dates (YYYY-MM-DD)."""

    cuti_bersama_file: str = ""
    extra_holidays: list[str] = Field(default_factory=list)

    @field_validator("extra_holidays")
    @classmethod
    def _iso_dates(cls, v: list[str]) -> list[str]:
        for item in v:
            try:
                date.fromisoformat(item)
            except ValueError:
                raise ValueError(f"{item!r} is not a date; use YYYY-MM-DD") from None
        return v


class PrivacySection(_Section):
    """The secret for keyed hashes of caller numbers. Empty: a key file in the data directory is used."""

    hash_key: str = ""
    hash_key_file: str = ""


class HubSection(_Section):
    """The intake service."""

    host: str = "127.0.0.1"
    port: int = Field(8311, ge=1, le=65535)
    public_base_url: str = "http://127.0.0.1:8311"
    max_body_bytes: int = Field(2_000_000, ge=10_000, le=50_000_000)
    rate_limit_per_minute: int = Field(600, ge=1, le=1_000_000)
    jurisdiction_id: str = "serangkota.go.id"
    site_watch_interval_s: int = Field(3600, ge=0, le=86_400)
    # Worker processes of `bsm hub`; 0 = one per CPU core (at most 4). Rate limits are shared out between them.
    workers: int = Field(0, ge=0, le=32)


class KioskSection(_Section):
    """A kiosk: its kelurahan, the hub, its key (from ``bsm kiosk-key add``) and devices."""

    kelurahan: str = ""
    hub_url: str = ""
    api_key: str = ""
    tracking_prefix: str = ""
    outbox_path: str = ""
    orientation: Literal["auto", "portrait", "landscape"] = "auto"
    language: Literal["id", "en"] = "id"
    printer: str = ""
    camera_index: int = Field(-1, ge=-1, le=16)
    idle_seconds: int = Field(60, ge=10, le=3600)
    idle_text_seconds: int = Field(120, ge=10, le=3600)
    idle_warning_seconds: int = Field(20, ge=5, le=120)
    heartbeat_seconds: int = Field(60, ge=5, le=3600)
    fullscreen: bool = True
    printer_width_mm: Literal[58, 80] = 80
    status_url_base: str = ""
    """Public base URL printed as the receipt's QR link ``{base}/status/{code}``; empty: ``hub_url``."""


class WallSection(_Section):
    """A wall node (PC): its name selects the outputs it drives."""

    node: str = "wall-1"
    poll_interval_ms: int = Field(1000, ge=100, le=60_000)
    # Threads with OpenCV's open lock off open 16 cameras in 0.35 s (benchmarks/capture_open.py); processes
    # isolate a crashing camera driver at about 2.3 s start-up for 16: choose them per site.
    capture_mode: Literal["thread", "process"] = "thread"
    basemap_url: str = ""
    basemap_mbtiles: str = ""
    tile_cache_dir: str = ""
    language: Literal["id", "en"] = "id"
    """The language of every text the wall draws and of its operator panel (Indonesian first; ``bsm wall
    --language`` overrides it). Names and citizens' content are shown as they are in both."""


class Config(_Section):
    """The whole configuration; every program reads its own section plus ``database``."""

    data_dir: str = ""
    assets_dir: str = ""
    database: DatabaseSection = DatabaseSection()
    deadlines: DeadlinesSection = DeadlinesSection()
    calendar: CalendarSection = CalendarSection()
    privacy: PrivacySection = PrivacySection()
    hub: HubSection = HubSection()
    kiosk: KioskSection = KioskSection()
    wall: WallSection = WallSection()

    def data_path(self) -> Path:
        """The data directory in force."""
        return Path(self.data_dir) if self.data_dir else default_data_dir()

    def assets_path(self) -> Path:
        """The assets directory in force."""
        return Path(self.assets_dir) if self.assets_dir else default_assets_dir()

    def database_url(self) -> str:
        """The database URL in force (the SQLite default lives in the data directory)."""
        return self.database.url or f"sqlite:///{self.data_path() / 'bsm.db'}"


def _set_nested(target: dict[str, Any], dotted: list[str], value: str) -> None:
    node = target
    for part in dotted[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"{'.'.join(dotted)}: '{part}' is not a section")
        node = child
    node[dotted[-1]] = _parse_env_value(value)


def _parse_env_value(value: str) -> Any:
    """Environment values are TOML literals when they parse as such (numbers, booleans, lists), else strings."""
    try:
        return tomllib.loads(f"v = {value}")["v"]
    except (tomllib.TOMLDecodeError, ValueError):  # ValueError: e.g. an integer of 10,000 digits
        return value


def _format_errors(err: ValidationError, source: str) -> str:
    lines = [f"Invalid configuration ({source}):"]
    for e in err.errors():
        key = ".".join(str(p) for p in e["loc"])
        lines.append(f"  {key}: {e['msg']} (got {e.get('input')!r})")
    return "\n".join(lines)


def find_config_file(explicit: str | os.PathLike[str] | None, env: Mapping[str, str]) -> Path | None:
    """The configuration file to read, or None when there is none."""
    if explicit:
        return Path(explicit)
    if env.get("BSM_CONFIG"):
        return Path(env["BSM_CONFIG"])
    candidate = Path(platformdirs.user_config_dir(APP_NAME)) / "bsm.toml"
    return candidate if candidate.is_file() else None


def load_config(
    path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> Config:
    """Read, merge and validate the configuration; raise :class:`ConfigError` with every bad key named."""
    env = os.environ if env is None else env
    raw: dict[str, Any] = {}
    file = find_config_file(path, env)
    source = str(file) if file else "defaults"
    if file is not None:
        try:
            raw = tomllib.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"Configuration file not found: {file}") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError) as exc:
            raise ConfigError(f"Configuration file {file} is not valid TOML: {exc}") from exc
    for name, value in env.items():
        if name.startswith("BSM__"):
            _set_nested(raw, [p.lower() for p in name[5:].split("__") if p], value)
    if env.get("BSM_DATABASE_URL"):
        raw.setdefault("database", {})
        if not isinstance(raw["database"], dict):
            raise ConfigError("database: must be a section")
        raw["database"]["url"] = env["BSM_DATABASE_URL"]
    try:
        return Config.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_format_errors(exc, source)) from exc
