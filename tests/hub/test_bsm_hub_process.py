"""End to end: the real ``bsm hub`` program (multi-worker on PostgreSQL), started, used and stopped cleanly."""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from sqlalchemy import Engine

from common.db.engine import make_session_factory
from common.reference.loader import ReferenceData
from tests.common.services.seeding import FakeClock, seed
from tests.hub.helpers import check_request_json, create
from tests.support.procs import ManagedProcess, free_port


def test_bsm_hub_serves_and_stops_cleanly(engine: Engine, db_url: str, reference_data: ReferenceData,
                                          tmp_path: Path, spawn: Callable[..., ManagedProcess]) -> None:
    with make_session_factory(engine)() as session:
        keys = seed(session, reference_data, FakeClock())
    port = free_port()
    env = {"BSM_DATABASE_URL": db_url, "BSM__DATA_DIR": str(tmp_path / "data"),
           "BSM__PRIVACY__HASH_KEY": "e2e-hash-key-0123456789abcdef"}
    started = time.monotonic()
    hub = spawn([str(Path(sys.executable).with_name("bsm")), "hub", "--port", str(port), "--no-site-watch"],
                env=env, wait_http=f"http://127.0.0.1:{port}/healthz", timeout=60)
    assert time.monotonic() - started < 30
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        assert client.get("/healthz").json()["status"] == "ok"
        codes = [create(client, keys.client.plaintext, client_request_id=f"e2e-{i}") for i in range(5)]
        assert create(client, keys.client.plaintext, client_request_id="e2e-0") == codes[0]
        listed = client.get("/open311/v2/requests.json", params={"service_request_id": ",".join(codes)}).json()
        assert sorted(r["service_request_id"] for r in listed) == sorted(codes)
        for item in listed:
            check_request_json(item)
    # uvicorn finishes the shutdown, then re-raises SIGTERM so the exit status says why it stopped.
    assert hub.stop() in (0, -signal.SIGTERM), hub.log_tail()
    assert "Application shutdown complete" in hub.log_tail(), hub.log_tail()
