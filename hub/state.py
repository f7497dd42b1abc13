"""The hub's assembled dependencies (stored on ``app.state.hub`` by :func:`hub.app.build`) and route helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from common.clock import Clock
from common.config import Config
from common.rules.deadlines import DeadlinePolicy
from common.rules.working_days import WorkingCalendar
from common.services.catalog import Catalog, CatalogHolder
from common.services.codes import CounterBlocks
from common.services.idempotency import StoredAnswer, check_client_request_id, run_once
from common.services.keys import KeyIdentity
from hub.auth import KeyCache, forbidden
from hub.errors import ApiError
from hub.limits import RateLimiter

T = TypeVar("T")
_RETRIES_ON_CLASH = 2


@dataclass
class HubState:
    """Everything the routes need; built once per process by the composition root."""

    config: Config
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock
    policy: DeadlinePolicy
    calendar: WorkingCalendar
    catalogs: CatalogHolder
    keys: KeyCache
    limiter: RateLimiter
    blocks: CounterBlocks | None
    hash_key: Callable[[], bytes]
    media_dir: str
    inline_db: bool = False
    """Run database work on the event loop instead of a worker thread (multi-process hubs, see ``run``)."""

    @property
    def catalog(self) -> Catalog:
        """The current reference-data snapshot."""
        return self.catalogs.get()

    async def authenticate(self, plaintext: str | None) -> KeyIdentity:
        """The key's identity after the rate limit; 403 for anything but a live key, 429 over the rate.

        A cached key is answered on the event loop; only a cache miss goes to the database (in a thread).
        """
        key = self.keys.cached(plaintext)
        if key is None:
            key = await self.call(self.keys.resolve, plaintext)
        if key is None:
            raise forbidden()
        self.limiter.check(f"key:{key.id}")
        return key

    async def call(self, fn: Callable[..., T], *args: object) -> T:
        """Run blocking (database) work: in the worker thread pool, or inline when ``inline_db``.

        In a multi-process hub each process is a prefork worker: concurrency comes from the processes, and
        handing every request to a thread and back costs more CPU (GIL hand-over, queue wake-ups) than the
        overlap it buys, so the work runs inline there (``benchmarks/hub_intake.py`` measures both).
        """
        if self.inline_db:
            return fn(*args)
        return await run_in_threadpool(fn, *args)

    def limit_address(self, request: Request) -> None:
        """Rate-limit an unauthenticated (public) request by client address."""
        host = request.client.host if request.client else "unknown"
        self.limiter.check(f"ip:{host}")

    def write_once(self, key: KeyIdentity, client_request_id: str | None, endpoint: str,
                   work: Callable[[Session], StoredAnswer], lookup_first: bool = True) -> StoredAnswer:
        """Run ``work`` idempotently (see :func:`common.services.idempotency.run_once`), in this thread.

        A unique-constraint clash that is not a replay (e.g. two batches importing the same 112 call at once)
        is retried, so the second attempt sees the first one's rows; a persisting clash is a 409.
        """
        for attempt in range(_RETRIES_ON_CLASH + 1):
            try:
                return run_once(self.sessions, self.clock, key.id, client_request_id, endpoint, work,
                                lookup_first=lookup_first)
            except IntegrityError as exc:
                if attempt == _RETRIES_ON_CLASH:
                    if "tracking_code" in str(exc.orig):  # the kiosk re-codes the item on this answer
                        raise ApiError(409, "tracking_code already used", "Kode pelacakan sudah dipakai",
                                       "tracking_code") from exc
                    raise ApiError(409, "conflicts with stored data",
                                   "Bertentangan dengan data tersimpan") from exc
        raise AssertionError("unreachable")


def hub_state(request: Request) -> HubState:
    """The :class:`HubState` of the application serving ``request``."""
    state: HubState = request.app.state.hub
    return state


def client_request_id(request: Request, body_value: str | None) -> str | None:
    """The client request id from the body, else from the ``Idempotency-Key`` header."""
    value = body_value if body_value else request.headers.get("idempotency-key")
    return check_client_request_id(value)


async def in_thread(fn: Callable[..., T], *args: object) -> T:
    """Run blocking work in the worker thread pool (whatever ``inline_db`` says: e.g. startup, shutdown)."""
    return await run_in_threadpool(fn, *args)


def stored_response(answer: StoredAnswer) -> Response:
    """The HTTP response of a stored (or fresh) answer, byte for byte."""
    return Response(answer.body.encode("utf-8"), status_code=answer.status_code, media_type=answer.content_type)
