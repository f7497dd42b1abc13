"""Staff routes: actions on reports and PPID decisions. Admins act on all, OPD operators on their own OPD."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request, Security
from sqlalchemy.orm import Session
from starlette.responses import Response

from common.domain.models import InfoRequest
from common.services import ppid
from common.services.idempotency import StoredAnswer
from common.services.keys import KeyIdentity
from common.services.staff import apply_action, ensure_may_act, ensure_staff, find_report
from common.services.status import ppid_view, report_view
from hub.api.common import API_KEY, ERRORS, authenticated, json_answer, status_dict
from hub.api.schemas import ActionIn, DecisionIn, NoteIn, ReasonIn, StatusOut
from hub.open311.params import canonical_code
from hub.state import HubState, client_request_id, stored_response

router = APIRouter(prefix="/api/v1/staff", tags=["Staff"], responses={**ERRORS, 200: {"model": StatusOut}})


async def _staff(request: Request, header: str | None) -> tuple[HubState, KeyIdentity]:
    state, key = await authenticated(request, header)
    ensure_staff(key)
    return state, key


@router.post("/reports/{tracking_code}/actions", summary="Act on a report")
async def post_action(request: Request, tracking_code: str, body: ActionIn,
                      x_api_key: str | None = Security(API_KEY)) -> Response:
    """verify, assign (with ``opd``), follow_up, resolve, reject, not_our_jurisdiction, duplicate, suspend,
    reopen, or moderate; an illegal status change is a 409 naming both statuses."""
    state, key = await _staff(request, x_api_key)
    crid = client_request_id(request, body.client_request_id)
    code = canonical_code(tracking_code)

    def work(session: Session) -> StoredAnswer:
        report = find_report(session, code)
        apply_action(session, state.clock, state.policy, state.calendar, catalog=state.catalog, key=key,
                     report=report, action=body.action, note=body.note, opd_slug=body.opd,
                     moderated_description=body.moderated_description,
                     duplicate_of=canonical_code(body.duplicate_of) if body.duplicate_of else None)
        session.flush()
        return json_answer(status_dict(report_view(session, state.catalog, report)))

    return stored_response(await state.call(state.write_once, key, crid, f"staff.report.{code}", work))


async def _ppid_write(request: Request, header: str | None, nomor: str, crid_value: str | None, endpoint: str,
                      change: Callable[[HubState, KeyIdentity, Session, InfoRequest], object]) -> Response:
    state, key = await _staff(request, header)
    crid = client_request_id(request, crid_value)

    def work(session: Session) -> StoredAnswer:
        req = ppid.find_request(session, nomor)
        ensure_may_act(key, req.opd_slug)
        change(state, key, session, req)
        session.flush()
        return json_answer(status_dict(ppid_view(session, state.catalog, req)))

    return stored_response(await state.call(state.write_once, key, crid, f"staff.ppid.{endpoint}.{nomor}", work))


@router.post("/ppid/{nomor}/decision", summary="Record the PPID's decision")
async def post_decision(request: Request, nomor: str, body: DecisionIn,
                        x_api_key: str | None = Security(API_KEY)) -> Response:
    """granted, partly granted, refused (with the exemption ground) or not held."""
    return await _ppid_write(request, x_api_key, nomor, body.client_request_id, "decision",
                             lambda st, key, s, req: ppid.decide(s, st.clock, req, body.decision, body.note,
                                                                 body.exemption_ground, key.actor))


@router.post("/ppid/{nomor}/extend", summary="Extend the answer deadline once (7 working days)")
async def post_extend(request: Request, nomor: str, body: ReasonIn,
                      x_api_key: str | None = Security(API_KEY)) -> Response:
    """Only once, with a reason; a second extension is a 409."""
    return await _ppid_write(request, x_api_key, nomor, body.client_request_id, "extend",
                             lambda st, key, s, req: ppid.extend(s, st.clock, st.policy, st.calendar, req,
                                                                 body.reason, key.actor))


@router.post("/ppid/{nomor}/keberatan", summary="Record an objection (keberatan)")
async def post_keberatan(request: Request, nomor: str, body: ReasonIn,
                         x_api_key: str | None = Security(API_KEY)) -> Response:
    """Within 30 working days of the decision, or once the answer is late."""
    return await _ppid_write(request, x_api_key, nomor, body.client_request_id, "keberatan",
                             lambda st, key, s, req: ppid.file_keberatan(s, st.clock, st.policy, st.calendar,
                                                                         req, body.reason, key.actor))


@router.post("/ppid/{nomor}/keberatan-decision", summary="Record the superior's decision on the objection")
async def post_keberatan_decision(request: Request, nomor: str, body: NoteIn,
                                  x_api_key: str | None = Security(API_KEY)) -> Response:
    """Closes the pending keberatan with the decision note."""
    return await _ppid_write(request, x_api_key, nomor, body.client_request_id, "keberatan-decision",
                             lambda st, key, s, req: ppid.decide_keberatan(s, st.clock, req, body.note,
                                                                           key.actor))
