"""The public status page of a tracking code (the receipt's QR link): no key, no personal data."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from common.rules.tracking import InvalidTrackingCode, format_code, parse_code
from common.services.status import status_view
from hub.api.common import ERRORS, status_dict
from hub.api.schemas import StatusOut
from hub.errors import ApiError
from hub.formats import json_response
from hub.state import hub_state

router = APIRouter(prefix="/api/v1", tags=["Status"], responses=ERRORS)


@router.get("/status/{tracking_code}", summary="Status of a report or PPID request",
            responses={200: {"model": StatusOut}})
async def get_status(request: Request, tracking_code: str) -> Response:
    """Status with Indonesian and English labels, public history, due date and OPD.

    A code whose check symbol fails is a typing error: 400 "kode salah ketik", answered without touching the
    database.
    """
    state = hub_state(request)
    state.limit_address(request)
    try:
        parsed = parse_code(tracking_code)
    except InvalidTrackingCode as exc:
        raise ApiError(400, exc.message_en, exc.message_id, "tracking_code") from exc
    code = format_code(parsed.prefix, parsed.counter)

    def read() -> dict[str, object] | None:
        with state.sessions() as session:
            view = status_view(session, state.catalog, code)
            return status_dict(view) if view else None

    found = await state.call(read)
    if found is None:
        raise ApiError(404, f"no report or request with code {code}", f"Kode {code} tidak ditemukan",
                       "tracking_code")
    return json_response(found)
