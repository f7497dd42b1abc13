"""Extension intake routes: PPID requests, SKM responses and the IKM, Siaga 112 batches."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query, Request, Security
from sqlalchemy.orm import Session
from starlette.responses import Response

from common.domain.enums import Channel, KeyKind, StaffRole
from common.rules.skm import ELEMENTS
from common.rules.working_days import wib_date
from common.services.calls import CallInput, import_calls
from common.services.idempotency import StoredAnswer
from common.services.ppid import ApplicantInput, create_info_request, validate_applicant
from common.services.skm import ikm_for, record_response
from hub.api.common import API_KEY, ERRORS, authenticated, json_answer
from hub.api.schemas import CallBatchIn, CallBatchOut, CreatedId, PpidReceipt, PpidRequestIn, SkmIn
from hub.auth import require_kind
from hub.errors import ApiError
from hub.formats import json_response
from hub.state import client_request_id, hub_state, stored_response

router = APIRouter(prefix="/api/v1", tags=["Intake extensions"], responses=ERRORS)


@router.post("/ppid/requests", summary="Register a public-information request (PPID)",
             responses={200: {"model": PpidReceipt}})
async def post_ppid_request(request: Request, body: PpidRequestIn,
                            x_api_key: str | None = Security(API_KEY)) -> Response:
    """Registers the request with its *nomor pendaftaran* at once; due in 10 working days."""
    state, key = await authenticated(request, x_api_key)
    require_kind(key, KeyKind.KIOSK, KeyKind.CHANNEL)
    crid = client_request_id(request, body.client_request_id)
    applicant = validate_applicant(ApplicantInput(**body.applicant.model_dump()), wib_date(state.clock()))
    channel = Channel.KIOSK if key.kind is KeyKind.KIOSK else Channel.PPID_WEB

    def work(session: Session) -> StoredAnswer:
        req = create_info_request(
            session, state.clock, state.policy, state.calendar, catalog=state.catalog, applicant=applicant,
            information=body.information, purpose=body.purpose, obtain_method=body.obtain_method,
            delivery_method=body.delivery_method, opd_slug=body.opd,
            kelurahan_kode=body.kelurahan or key.kiosk_kelurahan, channel=channel, source_key=key,
            client_request_id=crid, tracking_code=body.tracking_code, blocks=state.blocks,
        )
        return json_answer({"nomor_pendaftaran": req.nomor_pendaftaran, "tracking_code": req.tracking_code,
                            "received_at": req.received_at, "due_at": req.due_at})

    return stored_response(await state.call(state.write_once, key, crid, "ppid.requests", work))


@router.post("/skm", summary="Store one SKM (satisfaction survey) response", responses={200: {"model": CreatedId}})
async def post_skm(request: Request, body: SkmIn, x_api_key: str | None = Security(API_KEY)) -> Response:
    """Nine answers 1-4 for an OPD, or (``opd`` null) the kelurahan office."""
    state, key = await authenticated(request, x_api_key)
    require_kind(key, KeyKind.KIOSK, KeyKind.CHANNEL)
    crid = client_request_id(request, body.client_request_id)

    def work(session: Session) -> StoredAnswer:
        row = record_response(session, state.clock, catalog=state.catalog, opd_slug=body.opd,
                              kelurahan_kode=body.kelurahan or key.kiosk_kelurahan, channel=key.channel(),
                              answers=body.answers, source_key=key, client_request_id=crid)
        return json_answer({"id": row.id})

    return stored_response(await state.call(state.write_once, key, crid, "skm", work))


@router.get("/skm/ikm", summary="IKM (satisfaction index) of a unit over a period")
async def get_ikm(request: Request, opd: str | None = Query(None, max_length=100),
                  kelurahan: str | None = Query(None, max_length=100),
                  start: datetime | None = None, end: datetime | None = None) -> Response:
    """Public aggregate: NRR per element, IKM (exact 1/9 weights) and grade A-D. No key needed."""
    state = hub_state(request)
    state.limit_address(request)
    for name, value in (("start", start), ("end", end)):
        if value is not None and value.tzinfo is None:
            raise ApiError(400, f"{name} needs a time zone", f"{name} perlu zona waktu", name)

    def read() -> dict[str, object]:
        with state.sessions() as session:
            result = ikm_for(session, opd_slug=opd, kelurahan_kode=kelurahan, start=start, end=end)
        elements = [{"number": e.number, "code": e.code, "name_id": e.name_id, "name_en": e.name_en,
                     "nrr": result.nrr[i] if result.nrr else None} for i, e in enumerate(ELEMENTS)]
        return {"opd": opd, "kelurahan": kelurahan, "start": start, "end": end, "responses": result.n,
                "elements": elements, "ikm": result.ikm,
                "ikm_rounded": float(result.ikm_rounded) if result.ikm_rounded is not None else None,
                "grade": result.grade, "label_id": result.label_id, "label_en": result.label_en}

    return json_response(await state.call(read))


@router.post("/calls112/batch", summary="Import a batch of Siaga 112 calls",
             responses={200: {"model": CallBatchOut}})
async def post_calls(request: Request, body: CallBatchIn, x_api_key: str | None = Security(API_KEY)) -> Response:
    """Idempotent by ``external_id``; numbers hashed at once; repeat callers blocked; real calls -> reports."""
    state, key = await authenticated(request, x_api_key)
    if not (key.kind is KeyKind.CHANNEL or key.role is StaffRole.ADMIN):
        raise ApiError(403, "this endpoint needs a channel key or an admin key", "Perlu kunci kanal atau admin",
                       "api_key")
    crid = client_request_id(request, body.client_request_id)
    calls = [CallInput(c.external_id, c.received_at, c.call_class, c.category, c.kelurahan, c.caller_number,
                       c.duration_s) for c in body.calls]

    def work(session: Session) -> StoredAnswer:
        counts = import_calls(session, state.clock, state.policy, state.calendar, catalog=state.catalog,
                              hash_key=state.hash_key(), calls=calls, source_key=key)
        return json_answer({"received": counts.received, "imported": counts.imported,
                            "duplicates": counts.duplicates, "blocked_calls": counts.blocked_calls,
                            "reports_created": counts.reports_created})

    return stored_response(await state.call(state.write_once, key, crid, "calls112.batch", work))
