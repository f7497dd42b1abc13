"""Fixtures of the kiosk tests: a fake hub on loopback, a controllable clock, and the assembled kiosk."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from common.config import Config, KioskSection
from tests.kiosk.support.fake_hub import FakeHub

KEY = "bsm_kiosk_0123abcd_" + "k" * 32
KELURAHAN = "36.73.01.1002"  # Cipare
PREFIX = "KS7"


class FakeClock:
    """An aware UTC clock that moves only when told (a working Tuesday morning by default)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 3, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def closed_port() -> int:
    """A loopback port nothing listens on (connection refused at once: "hub down")."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def street_frame() -> np.ndarray:
    """A synthetic camera picture."""
    frame = np.full((480, 640, 3), 200, dtype=np.uint8)
    frame[300:, :] = 80
    return frame


def make_config(tmp_path: Path, hub_url: str, **kiosk: Any) -> Config:
    """A complete kiosk configuration in ``tmp_path``."""
    values: dict[str, Any] = {"kelurahan": KELURAHAN, "hub_url": hub_url, "api_key": KEY, "tracking_prefix": PREFIX,
                              "outbox_path": str(tmp_path / "outbox.db"), "heartbeat_seconds": 3600}
    values.update(kiosk)
    return Config(data_dir=str(tmp_path / "data"), kiosk=KioskSection(**values))


@pytest.fixture
def fake_hub(tmp_path: Path) -> Iterator[FakeHub]:
    """A running fake hub."""
    hub = FakeHub(tmp_path / "hub.db", api_key=KEY, prefix=PREFIX, kelurahan=KELURAHAN).start()
    yield hub
    hub.stop()


@pytest.fixture
def clock() -> FakeClock:
    """The controllable clock."""
    return FakeClock()


@pytest.fixture(params=["portrait", "landscape"])
def orientation(request: pytest.FixtureRequest) -> str:
    """Both screen orientations."""
    return str(request.param)


SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


@dataclass
class KioskHarness:
    """An assembled kiosk with its window shown offscreen and a driver."""

    app: Any
    driver: Any
    clock: FakeClock

    @property
    def window(self) -> Any:
        return self.app.window


@pytest.fixture(scope="session")
def catalog() -> Any:
    """The reference data, loaded once."""
    from common.config import default_assets_dir
    from kiosk.catalog import load_catalog

    return load_catalog(default_assets_dir())


@pytest.fixture
def make_kiosk(qapp: Any, tmp_path: Path, clock: FakeClock, catalog: Any) -> Iterator[Callable[..., KioskHarness]]:
    """Build kiosks; each is stopped after the test."""
    from kiosk.app import build
    from kiosk.tools.driver import KioskDriver

    built: list[Any] = []

    def factory(*, hub_url: str | None = None, orientation: str = "portrait", start_sender: bool = False,
                config: Config | None = None, **options: Any) -> KioskHarness:
        cfg = config or make_config(tmp_path, hub_url or f"http://127.0.0.1:{closed_port()}")
        options.setdefault("catalog", catalog)
        app = build(cfg, clock=clock, **options)
        built.append(app)
        app.window.resize(*SIZES[orientation])
        app.start(show=True, sender=start_sender)
        qapp.processEvents()
        return KioskHarness(app, KioskDriver(app.window), clock)

    yield factory
    for app in built:
        app.stop()
    qapp.processEvents()
