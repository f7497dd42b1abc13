"""The Open311 GeoReport v2 routes. Thin: parsing in :mod:`params`/:mod:`intake`, data in ``common.services``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from common.services.public import find_public_reports, get_public_report
from hub.errors import ApiError
from hub.formats import render
from hub.forms import parse_form
from hub.open311 import intake
from hub.open311 import render as docs
from hub.open311.params import canonical_code, request_filter
from hub.state import HubState, client_request_id, hub_state, in_thread, stored_response

PRIVACY_NOTE = (
    "Privacy (UU 27/2022): personal fields (first_name, last_name, email, phone, nik, address_string, device_id, "
    "account_id) are accepted and stored apart, and are never returned by any read. Reports filed as `rahasia` "
    "never appear in reads (404). `description` is returned only after a moderator approved the text, else as an "
    "empty string: unmoderated citizen free text never reaches a public output. Sensitive services (health, "
    "social aid, violence against women and children) give the kelurahan centroid as lat/long, never the exact "
    "point; `address` is the kelurahan, never the citizen's address_string; media_url is never returned."
)
_FORM_FIELDS = (
    "api_key", "service_code", "lat", "long", "address_string", "address_id", "email", "device_id", "account_id",
    "first_name", "last_name", "phone", "description", "media_url", "attribute[kind]", "attribute[confidentiality]",
    "kind", "confidentiality", "kelurahan", "location_text", "severity", "tracking_code", "client_request_id", "nik",
)
_POST_DOC: dict[str, Any] = {
    "requestBody": {"required": True, "content": {
        "application/x-www-form-urlencoded": {"schema": {
            "type": "object", "required": ["api_key", "service_code"],
            "properties": {name: {"type": "string"} for name in _FORM_FIELDS}}},
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["api_key", "service_code"],
            "properties": {**{name: {"type": "string"} for name in _FORM_FIELDS},
                           "media": {"type": "string", "format": "binary"}}}},
    }},
}

router = APIRouter(prefix="/open311/v2", tags=["Open311 GeoReport v2"])


def _fmt(fmt: str) -> str:
    if fmt not in ("xml", "json"):
        raise ApiError(404, "format must be .xml or .json", "Format harus .xml atau .json")
    return fmt


def _jurisdiction(state: HubState, value: str | None) -> None:
    if value and value != state.config.hub.jurisdiction_id:
        raise ApiError(404, f"jurisdiction_id {value!r} not found (this endpoint serves "
                            f"{state.config.hub.jurisdiction_id})", "jurisdiction_id tidak dikenal", "jurisdiction_id")


def _public_get(request: Request, fmt: str) -> tuple[HubState, str]:
    state = hub_state(request)
    state.limit_address(request)
    _jurisdiction(state, request.query_params.get("jurisdiction_id"))
    return state, _fmt(fmt)


@router.get("/discovery.{fmt}", summary="Service discovery")
async def get_discovery(request: Request, fmt: str) -> Response:
    """The Service Discovery document (XML or JSON)."""
    state, fmt = _public_get(request, fmt)
    return render(fmt, "discovery", docs.discovery(state.config), docs.ITEM_NAMES)


@router.get("/services.{fmt}", summary="GET Service List")
async def get_services(request: Request, fmt: str) -> Response:
    """The complaint categories and their groups."""
    state, fmt = _public_get(request, fmt)
    services = [docs.service_item(s) for s in state.catalog.active_services()]
    return render(fmt, "services", services, docs.ITEM_NAMES)


@router.get("/services/{service_code}.{fmt}", summary="GET Service Definition")
async def get_service_definition(request: Request, service_code: str, fmt: str) -> Response:
    """The optional extension attributes ``kind`` and ``confidentiality`` of a service."""
    state, fmt = _public_get(request, fmt)
    service = state.catalog.service(service_code)
    if service is None:
        raise ApiError(404, f"service_code {service_code!r} not found", "service_code tidak dikenal", "service_code")
    return render(fmt, "service_definition", docs.service_definition(service), docs.ITEM_NAMES)


@router.get("/requests.{fmt}", summary="GET Service Requests", description=PRIVACY_NOTE)
async def get_requests(request: Request, fmt: str) -> Response:
    """Requests of the last 90 days by default (at most 1000; extension ``page``/``page_size``)."""
    state, fmt = _public_get(request, fmt)
    flt = request_filter(request.query_params, state.clock())

    def read() -> list[dict[str, Any]]:
        with state.sessions() as session:
            return [docs.request_item(r) for r in find_public_reports(session, state.catalog, flt)]

    return render(fmt, "service_requests", await state.call(read), docs.ITEM_NAMES)


async def _one(request: Request, code: str, fmt: str, token: bool) -> Response:
    state, fmt = _public_get(request, fmt)

    def read() -> list[dict[str, Any]] | None:
        with state.sessions() as session:
            found = get_public_report(session, state.catalog, canonical_code(code))
        if found is None:
            return None
        return docs.token_item(found.tracking_code) if token else [docs.request_item(found)]

    items = await state.call(read)
    if items is None:
        what = "token" if token else "service_request_id"
        raise ApiError(404, f"{what} {code!r} not found", f"{what} tidak ditemukan", what)
    return render(fmt, "service_requests", items, docs.ITEM_NAMES)


@router.get("/requests/{service_request_id}.{fmt}", summary="GET Service Request", description=PRIVACY_NOTE)
async def get_request(request: Request, service_request_id: str, fmt: str) -> Response:
    """One request by id (the tracking code)."""
    return await _one(request, service_request_id, fmt, token=False)


@router.get("/tokens/{token}.{fmt}", summary="GET service_request_id from a token")
async def get_token(request: Request, token: str, fmt: str) -> Response:
    """Requests are realtime (the id is returned at once); a token is the id itself."""
    return await _one(request, token, fmt, token=True)


@router.post("/requests.{fmt}", summary="POST Service Request", openapi_extra=_POST_DOC,
             description="Form-encoded as the spec says (multipart with an optional `media` photo is accepted). "
                         "Default `confidentiality` is `anonim` (public report, identity hidden). A replay with "
                         "the same key and `client_request_id` (or `Idempotency-Key`) returns the first answer "
                         "byte for byte. " + PRIVACY_NOTE)
async def post_request(request: Request, fmt: str) -> Response:
    """Create a service request; answers the tracking code at once."""
    state, fmt = hub_state(request), _fmt(fmt)
    form = parse_form(request.headers.get("content-type"), await request.body())
    key = await state.authenticate(form.get("api_key") or request.headers.get("x-api-key"))
    _jurisdiction(state, form.get("jurisdiction_id"))
    crid = client_request_id(request, form.get("client_request_id"))
    submission = intake.read_submission(form, key, state.clock())
    photo = intake.save_media(form.media, state.media_dir)
    try:
        answer = await state.call(intake.store, state, key, submission, fmt, crid, photo)
    finally:
        if photo is not None:
            await in_thread(intake.drop_unused_media, state, photo)
    return stored_response(answer)
