"""The hub's composition root: :func:`build` assembles the FastAPI application, :func:`run` serves it.

Nothing happens at import time. ``build`` creates (or takes) the engine and wires the session factory, the
deadline policy, the working-day calendar, the reference-data catalog (with the kelurahan geography), the API
key cache, the rate limiter and the tracking-code allocator into one :class:`hub.state.HubState` on
``app.state.hub``. The catalog is loaded and the OPD site watcher started in the lifespan, and both are undone
on shutdown.
"""

from __future__ import annotations

import fcntl
import functools
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import IO

from fastapi import FastAPI, Request
from sqlalchemy import Engine, text
from starlette.responses import Response

from common.clock import Clock, utc_now
from common.config import Config
from common.db.engine import is_sqlite, make_engine, make_session_factory
from common.rules_config import calendar_from_config, policy_from_config
from common.services.catalog import Catalog, CatalogHolder
from common.services.codes import CounterBlocks
from common.services.hashkey import load_hash_key
from common.services.sitewatch import SiteWatcher
from hub.api import intake as api_intake
from hub.api import kiosk as api_kiosk
from hub.api import staff as api_staff
from hub.api import status as api_status
from hub.auth import KeyCache
from hub.errors import install_error_handlers
from hub.formats import json_response
from hub.limits import IntakeGuard, RateLimiter
from hub.open311 import routes as open311_routes
from hub.state import HubState, hub_state, in_thread
from hub.web import status_page as web_status

log = logging.getLogger(__name__)

DESCRIPTION = """\
Intake service of **Bale Sandi Maya**, the command center of Diskominfo Kota Serang.

* **Open311 GeoReport v2** under `/open311/v2/` (XML and JSON), usable by any Open311 client unchanged.
* **Extensions** under `/api/v1/` (JSON; key in the `X-API-Key` header): PPID requests, SKM and IKM, Siaga 112
  batches, kiosk heartbeat, staff actions, and the public status of a tracking code.

Privacy (UU 27/2022): personal data (name, NIK, phone, e-mail, house address, device and account ids) is accepted
on writes, stored apart, and never returned by any read. Citizen free text is shown only after moderation
(`description` is an empty string until then). `rahasia` reports never appear in public reads. Sensitive
services are located at kelurahan level only. Every write accepts a client request id (`client_request_id` or
the `Idempotency-Key` header): a replay returns the first answer byte for byte and creates nothing.
"""


def _state(config: Config, engine: Engine, clock: Clock, key_ttl_s: float, workers: int) -> HubState:
    sessions = make_session_factory(engine)

    def load_catalog() -> Catalog:
        with sessions() as session:
            return Catalog.load(session)

    return HubState(
        config=config, engine=engine, sessions=sessions, clock=clock,
        policy=policy_from_config(config), calendar=calendar_from_config(config),
        catalogs=CatalogHolder(load_catalog, ttl_s=60.0), keys=KeyCache(sessions, clock, ttl_s=key_ttl_s),
        # Each process has its own buckets: share the configured rate out between them.
        limiter=RateLimiter(max(1, -(-config.hub.rate_limit_per_minute // workers))),
        # SQLite serialises writers anyway; on PostgreSQL block allocation keeps the counter row lock short.
        blocks=None if is_sqlite(engine) else CounterBlocks(engine),
        hash_key=functools.cache(lambda: load_hash_key(config)),
        media_dir=str(config.data_path() / "media"),
        inline_db=workers > 1,
    )


def _site_watch_lock(config: Config) -> IO[bytes] | None:
    """An exclusive lock on ``<data dir>/site-watch.lock``, or None when another worker holds it."""
    path = config.data_path() / "site-watch.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("ab")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def _lifespan(state: HubState, owns_engine: bool,
              watcher: SiteWatcher | None) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await in_thread(state.catalogs.get)  # fail early on an unmigrated or unseeded database
        lock = _site_watch_lock(state.config) if watcher is not None else None
        if watcher is not None and lock is not None:
            watcher.start()
        try:
            yield
        finally:
            if watcher is not None and lock is not None:
                await in_thread(watcher.stop)
                lock.close()
            if owns_engine:
                state.engine.dispose()

    return lifespan


def build(config: Config, *, engine: Engine | None = None, clock: Clock = utc_now, site_watch: bool = False,
          key_cache_ttl_s: float = 5.0, workers: int = 1) -> FastAPI:
    """Assemble the hub application. ``engine`` defaults to one on ``config.database_url()`` (then disposed on
    shutdown); ``site_watch`` starts the OPD website watcher (interval ``hub.site_watch_interval_s``, 0 = off;
    in a multi-worker hub only the worker holding the site-watch lock runs it); ``workers`` is the number of
    processes sharing the rate limit."""
    owned = engine is None
    # No pre-ping: it costs a round trip per request; after a database restart the first request fails (503)
    # and the pool replaces the connection. Hidden parameters: an error logged with its SQL must not carry the
    # personal data that was being inserted.
    engine = engine if engine is not None else make_engine(config.database_url(), pool_pre_ping=False,
                                                           hide_parameters=True)
    state = _state(config, engine, clock, key_cache_ttl_s, workers)
    interval = config.hub.site_watch_interval_s
    watcher = SiteWatcher(state.sessions, clock, interval) if site_watch and interval > 0 else None
    app = FastAPI(title="Bale Sandi Maya hub", version="1.0", description=DESCRIPTION,
                  lifespan=_lifespan(state, owned, watcher))
    app.state.hub = state
    app.add_middleware(IntakeGuard, max_body_bytes=config.hub.max_body_bytes)
    install_error_handlers(app)
    for router in (open311_routes.router, api_intake.router, api_kiosk.router, api_status.router, web_status.router,
                   api_staff.router):
        app.include_router(router)
    app.add_api_route("/healthz", _healthz, methods=["GET"], summary="Liveness and database check",
                      tags=["Operations"])
    return app


async def _healthz(request: Request) -> Response:
    """``{"status": "ok"}`` when the database answers, else 503."""
    state = hub_state(request)

    def ping() -> None:
        with state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    try:
        await in_thread(ping)
    except Exception as exc:  # any database failure means "not healthy"
        log.warning("health check failed: %s", exc)
        return json_response({"status": "unavailable", "database": "down"}, 503)
    return json_response({"status": "ok", "database": "ok"})


CONFIG_ENV = "BSM_HUB_CONFIG_JSON"
SITE_WATCH_ENV = "BSM_HUB_SITE_WATCH"


def worker_count(config: Config) -> int:
    """``hub.workers``; when 0, one per CPU core (at most 4) on PostgreSQL and 1 on SQLite (one writer at a
    time anyway, and a second process would only wait for the file lock)."""
    if config.hub.workers:
        return config.hub.workers
    if config.database_url().startswith("sqlite"):
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def app_from_environment() -> FastAPI:
    """Application factory of each worker process of a multi-worker hub (configuration passed by :func:`run`)."""
    config = Config.model_validate_json(os.environ[CONFIG_ENV])
    return build(config, site_watch=os.environ.get(SITE_WATCH_ENV) == "1", workers=worker_count(config))


def run(config: Config, host: str | None = None, port: int | None = None, site_watch: bool = True) -> int:
    """Serve the hub with uvicorn until SIGINT/SIGTERM, then shut down cleanly; the exit code.

    With more than one worker (``hub.workers``) uvicorn's supervisor starts that many processes sharing the
    socket; each builds its own application from the configuration handed down in the environment.
    """
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    workers = worker_count(config)
    options = {"host": host or config.hub.host, "port": port or config.hub.port, "http": "httptools",
               "lifespan": "on", "access_log": False, "server_header": False, "timeout_graceful_shutdown": 10,
               "log_level": "info"}
    if workers > 1:
        os.environ[CONFIG_ENV] = config.model_dump_json()
        os.environ[SITE_WATCH_ENV] = "1" if site_watch else "0"
        uvicorn.run("hub.app:app_from_environment", factory=True, workers=workers, **options)  # type: ignore[arg-type]
        return 0
    server = uvicorn.Server(uvicorn.Config(build(config, site_watch=site_watch), **options))  # type: ignore[arg-type]
    server.run()
    return 0 if server.started else 1
