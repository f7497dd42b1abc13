"""Errors of the hub and how they are answered: Open311 error documents under ``/open311/``, JSON elsewhere.

Every domain outcome maps to one HTTP status: a bad field 400 (naming the field), an unknown or wrong key 403,
a missing thing 404, a clash with stored data or an illegal status change 409, too large 413, wrong content
type 415, too many requests 429 (with ``Retry-After``). Open311 has no 422: validation errors are 400.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from common.rules.errors import FieldError, RuleError
from common.rules.status import IllegalTransition
from common.services.errors import Conflict, NotFound, PermissionDenied
from hub.formats import json_response, open311_errors

log = logging.getLogger(__name__)
OPEN311_PREFIX = "/open311/"


class ApiError(Exception):
    """An answer other than success, with bilingual text and optionally the offending field."""

    def __init__(self, status: int, message_en: str, message_id: str = "", field: str | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        """``message_id`` is the Indonesian text shown to citizens; ``message_en`` goes to logs and clients."""
        super().__init__(f"{status} {field + ': ' if field else ''}{message_en}")
        self.status = status
        self.message_en = message_en
        self.message_id = message_id or message_en
        self.field = field
        self.headers = dict(headers or {})

    @classmethod
    def from_rule(cls, status: int, exc: RuleError) -> ApiError:
        """Wrap a domain error, keeping its field name when it has one."""
        return cls(status, exc.message_en, exc.message_id, exc.field if isinstance(exc, FieldError) else None)


class BodyTooLarge(StarletteHTTPException):
    """The request body exceeded ``hub.max_body_bytes`` while it was being read.

    An HTTP exception, so that FastAPI's own body reading (JSON routes) passes it through as a 413 instead of
    turning it into "error parsing the body".
    """

    def __init__(self) -> None:
        """Always 413."""
        super().__init__(413, "request body too large")


def open311_format(path: str) -> str:
    """``json`` when an Open311 path ends in ``.json``, else ``xml`` (the required format)."""
    return "json" if path.endswith(".json") else "xml"


def error_response(path: str, error: ApiError) -> Response:
    """The error in the format of the route family that ``path`` belongs to."""
    if path.startswith(OPEN311_PREFIX):
        prefix = f"{error.field}: " if error.field else ""
        text = f"{prefix}{error.message_en}"
        if error.message_id != error.message_en:
            text += f" / {error.message_id}"
        return open311_errors(open311_format(path), error.status, [text], error.headers)
    body = {"error": {"status": error.status, "field": error.field, "message": error.message_en,
                      "message_id": error.message_id}}
    return json_response(body, error.status, error.headers)


def _validation_error(exc: RequestValidationError) -> ApiError:
    first = exc.errors()[0] if exc.errors() else {}
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path", "header")]
    field = ".".join(loc) or None
    message = str(first.get("msg", "invalid request"))
    if first.get("type") == "json_invalid":
        field, message = None, "the body is not valid JSON (UTF-8)"
    return ApiError(400, message, f"Isian tidak valid: {message}", field)


_STATUS_OF: tuple[tuple[type[RuleError], int], ...] = (
    (FieldError, 400), (NotFound, 404), (PermissionDenied, 403), (Conflict, 409), (IllegalTransition, 409),
)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every error into the right document and status."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request.url.path, exc)

    @app.exception_handler(RuleError)
    async def _rule_error(request: Request, exc: RuleError) -> Response:
        status = next((code for cls, code in _STATUS_OF if isinstance(exc, cls)), 400)
        return error_response(request.url.path, ApiError.from_rule(status, exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request.url.path, _validation_error(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message_id = "Isi kiriman terlalu besar" if isinstance(exc, BodyTooLarge) else ""
        return error_response(request.url.path, ApiError(exc.status_code, str(exc.detail), message_id,
                                                         headers=exc.headers))

    @app.exception_handler(OperationalError)
    async def _db_down(request: Request, exc: OperationalError) -> Response:
        log.warning("database unavailable: %s", exc.orig)
        return error_response(request.url.path, ApiError(503, "database busy or unavailable, retry later",
                                                         "Basis data sibuk, coba lagi", headers={"Retry-After": "5"}))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(request.url.path, ApiError(500, "internal error", "Terjadi kesalahan pada server"))
