"""Rendering of Open311 XML and JSON (the Spark convention) and of the extension API's JSON.

GeoReport v2 defines its JSON as a programmatic mapping of its XML (the "Spark convention"): an XML list
element (``services``) becomes a JSON array of its children (``service``), a child element becomes a key, an
empty element is ``null``. :func:`to_xml` renders the same Python structure the JSON is made from, so both
formats always carry the same fields. Datetimes are ISO 8601 with the WIB offset (``+07:00``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from starlette.responses import Response

WIB = ZoneInfo("Asia/Jakarta")
XML_TYPE = "text/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
# Characters XML 1.0 cannot carry at all, even escaped; our inputs reject them, this is defence in depth.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def wib_iso(value: datetime) -> str:
    """``2026-03-02T09:15:00+07:00``: W3C/ISO 8601 with the offset Open311 requires."""
    return value.astimezone(WIB).isoformat(timespec="seconds")


def _scalar(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return wib_iso(value)
    return _XML_INVALID.sub("", str(value))


def _element(name: str, value: object, item_names: Mapping[str, str], out: list[str]) -> None:
    if isinstance(value, Mapping):
        out.append(f"<{name}>")
        for key, child in value.items():
            _element(key, child, item_names, out)
        out.append(f"</{name}>")
    elif isinstance(value, list | tuple):
        out.append(f"<{name}>")
        for child in value:
            _element(item_names[name], child, item_names, out)
        out.append(f"</{name}>")
    else:
        text = _scalar(value)
        out.append(f"<{name}>{escape(text)}</{name}>" if text else f"<{name}/>")


def to_xml(root: str, value: object, item_names: Mapping[str, str]) -> str:
    """Render ``value`` under element ``root``; lists repeat the element named ``item_names[list name]``."""
    out = ['<?xml version="1.0" encoding="utf-8"?>\n']
    _element(root, value, item_names, out)
    return "".join(out)


def _json_default(value: object) -> Any:
    if isinstance(value, datetime):
        return wib_iso(value)
    raise TypeError(f"cannot render {type(value).__name__} as JSON")


def to_json(value: object) -> str:
    """Compact UTF-8 JSON (non-ASCII kept as is); datetimes as WIB ISO 8601."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def render(fmt: str, root: str, value: object, item_names: Mapping[str, str], status: int = 200) -> Response:
    """An Open311 response in ``fmt`` (``xml`` or ``json``)."""
    if fmt == "json":
        return Response(to_json(value), status_code=status, media_type=JSON_TYPE)
    return Response(to_xml(root, value, item_names), status_code=status, media_type=XML_TYPE)


def render_text(fmt: str, root: str, value: object, item_names: Mapping[str, str]) -> tuple[str, str]:
    """(content type, body) of an Open311 document, for answers that are stored for replay."""
    if fmt == "json":
        return JSON_TYPE, to_json(value)
    return XML_TYPE, to_xml(root, value, item_names)


def json_response(value: object, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """An extension-API JSON response."""
    return Response(to_json(value), status_code=status, media_type=JSON_TYPE, headers=dict(headers or {}))


def open311_errors(fmt: str, status: int, descriptions: Sequence[str],
                   headers: Mapping[str, str] | None = None) -> Response:
    """Open311 error document: ``[{"code": 400, "description": "..."}]`` / ``<errors><error>...``."""
    value = [{"code": status, "description": d} for d in descriptions]
    response = render(fmt, "errors", value, {"errors": "error"}, status)
    for name, header_value in (headers or {}).items():
        response.headers[name] = header_value
    return response
