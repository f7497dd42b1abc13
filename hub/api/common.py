"""Helpers shared by the extension routes: the key header, error documentation, answers to store."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import Request
from fastapi.security import APIKeyHeader

from common.services.idempotency import StoredAnswer
from common.services.keys import KeyIdentity
from common.services.status import StatusView
from hub.api.schemas import ErrorOut
from hub.formats import JSON_TYPE, to_json
from hub.state import HubState, hub_state

API_KEY = APIKeyHeader(name="X-API-Key", auto_error=False, description="the key issued by `bsm *-key add`")
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in ((400, "a malformed field (named in `error.field`)"), (403, "missing, unknown, revoked or "
                       "unsuitable key, or an item of another OPD"), (404, "not found"),
                       (409, "illegal status change or clash with stored data"), (413, "body too large"),
                       (415, "Content-Type must be application/json"), (429, "rate limit; see Retry-After"))
}


async def authenticated(request: Request, header_value: str | None) -> tuple[HubState, KeyIdentity]:
    """The hub state and the caller's key (403/429 otherwise)."""
    state = hub_state(request)
    return state, await state.authenticate(header_value)


def json_answer(value: object, status: int = 200) -> StoredAnswer:
    """A JSON answer to return now and replay later byte for byte."""
    return StoredAnswer(status, JSON_TYPE, to_json(value))


def status_dict(view: StatusView) -> dict[str, Any]:
    """The JSON shape of :class:`hub.api.schemas.StatusOut`."""
    return asdict(view) | {"history": [asdict(h) for h in view.history]}
