"""Kiosk routes: heartbeat (queue state, server time) and whoami (kelurahan and tracking prefix)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Security
from sqlalchemy.orm import Session
from starlette.responses import Response

from common.domain.enums import KeyKind
from common.services.codes import next_kiosk_counter
from common.services.heartbeat import Heartbeat, record_heartbeat
from common.services.idempotency import StoredAnswer
from hub.api.common import API_KEY, ERRORS, authenticated, json_answer
from hub.api.schemas import HeartbeatIn, ServerTime, WhoAmI
from hub.auth import require_kind
from hub.formats import json_response
from hub.state import stored_response

router = APIRouter(prefix="/api/v1/kiosk", tags=["Kiosk"], responses=ERRORS)


@router.post("/heartbeat", summary="Report the kiosk's outbox state", responses={200: {"model": ServerTime}})
async def post_heartbeat(request: Request, body: HeartbeatIn, x_api_key: str | None = Security(API_KEY)) -> Response:
    """Stores queue length, oldest pending item and version.

    Answers the server time, the kiosk's tracking prefix and ``next_counter``: one past the highest code of that
    prefix the hub holds; the kiosk never issues a code below it (a kiosk that lost its outbox restarts safely).
    """
    state, key = await authenticated(request, x_api_key)
    require_kind(key, KeyKind.KIOSK)
    kiosk_id = key.kiosk_id
    assert kiosk_id is not None  # every kiosk key has its kiosk row

    def work(session: Session) -> StoredAnswer:
        now = record_heartbeat(session, state.clock, kiosk_id,
                               Heartbeat(body.queue_length, body.oldest_pending_at, body.version))
        prefix = key.kiosk_prefix or ""
        return json_answer({"server_time": now, "tracking_prefix": prefix,
                            "next_counter": next_kiosk_counter(session, prefix) if prefix else 0})

    # Never replayed: every beat must report the counter as it is now.
    return stored_response(await state.call(state.write_once, key, None, "kiosk.heartbeat", work))


@router.get("/whoami", summary="The kiosk this key belongs to", responses={200: {"model": WhoAmI}})
async def get_whoami(request: Request, x_api_key: str | None = Security(API_KEY)) -> Response:
    """Kelurahan (code and name) and the prefix of the tracking codes the kiosk issues offline."""
    state, key = await authenticated(request, x_api_key)
    require_kind(key, KeyKind.KIOSK)
    kel = state.catalog.kelurahan.get(key.kiosk_kelurahan or "")
    prefix = key.kiosk_prefix or ""

    def counter() -> int:
        with state.sessions() as session:
            return next_kiosk_counter(session, prefix) if prefix else 0

    return json_response({"kelurahan": key.kiosk_kelurahan, "kelurahan_name": kel.nama if kel else "",
                          "tracking_prefix": key.kiosk_prefix, "name": key.name,
                          "next_counter": await state.call(counter)})
