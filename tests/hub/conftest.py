"""The hub under test: the real application served by uvicorn in a background thread on a free loopback port.

Every test gets a fresh, seeded database (SQLite and PostgreSQL via the ``engine`` fixture) and talks to the hub
over real HTTP with ``httpx``. ``start_hub(**hub_settings)`` starts a hub with other settings (rate limit, body
size); it is stopped cleanly (uvicorn's graceful shutdown, thread joined) after the test.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from common.config import Config
from common.db.engine import make_session_factory
from common.reference.loader import ReferenceData
from hub.app import build
from tests.common.services import seeding
from tests.common.services.seeding import FakeClock, Keys, seed
from tests.support.procs import free_port

reference_data = seeding.reference_data  # shared session fixtures
calendar = seeding.calendar

HASH_KEY = "test-hash-key-0123456789abcdef"


@dataclass
class Hub:
    """A running hub and what the tests need around it."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    clock: FakeClock
    keys: Keys
    config: Config

    def client(self) -> httpx.Client:
        """A keep-alive HTTP client on the hub (close it, or use it in a ``with``)."""
        return httpx.Client(base_url=self.url, timeout=30)


class _ServerThread:
    """uvicorn in a thread: started, waited for, and shut down gracefully."""

    def __init__(self, app: Any, port: int) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on",
                                http="httptools", timeout_graceful_shutdown=5)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name=f"hub-{port}")

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the hub did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(15)
        assert not self.thread.is_alive(), "the hub did not shut down"


@pytest.fixture
def start_hub(engine: Engine, reference_data: ReferenceData, tmp_path: Path) -> Iterator[Callable[..., Hub]]:
    """``start_hub(rate_limit_per_minute=..., max_body_bytes=...)``: seed the database and serve the hub."""
    sessions = make_session_factory(engine)
    clock = FakeClock()
    with sessions() as session:
        keys = seed(session, reference_data, clock)
    servers: list[_ServerThread] = []

    def start(key_cache_ttl_s: float = 5.0, **hub_settings: Any) -> Hub:
        port = free_port()
        hub = {"rate_limit_per_minute": 100_000, "public_base_url": f"http://127.0.0.1:{port}", **hub_settings}
        config = Config.model_validate({"data_dir": str(tmp_path / "data"), "hub": hub,
                                        "privacy": {"hash_key": HASH_KEY}})
        server = _ServerThread(build(config, engine=engine, clock=clock, key_cache_ttl_s=key_cache_ttl_s), port)
        server.start()
        servers.append(server)
        return Hub(f"http://127.0.0.1:{port}", engine, sessions, clock, keys, config)

    try:
        yield start
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def hub(start_hub: Callable[..., Hub]) -> Hub:
    """A hub with the default settings (and a generous rate limit)."""
    return start_hub()


@pytest.fixture
def client(hub: Hub) -> Iterator[httpx.Client]:
    """An HTTP client on ``hub``."""
    with hub.client() as http:
        yield http
