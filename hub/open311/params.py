"""Query parameters of GET requests: service_request_id, service_code, start_date, end_date, status, page."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from common.rules.tracking import InvalidTrackingCode, format_code, parse_code
from common.services.public import MAX_PAGE_SIZE, RequestFilter
from hub.errors import ApiError

MAX_SPAN = timedelta(days=90)
MAX_LIST = 1000
MAX_PAGE = 100_000


def canonical_code(text: str) -> str:
    """A tracking code in canonical form (``KS7-2224Q-M``); text that is no valid code is returned as is."""
    try:
        parsed = parse_code(text)
    except InvalidTrackingCode:
        return text.strip()
    return format_code(parsed.prefix, parsed.counter)


def _csv(params: Mapping[str, str], name: str) -> tuple[str, ...]:
    raw = params.get(name, "")
    items = tuple(p.strip() for p in raw.split(",") if p.strip())
    if len(items) > MAX_LIST:
        raise ApiError(400, f"at most {MAX_LIST} values", f"Maksimal {MAX_LIST} nilai", name)
    return items


def _datetime(params: Mapping[str, str], name: str) -> datetime | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw) if len(raw) <= 40 else None
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise ApiError(400, f"{name} must be a W3C datetime with a time zone, e.g. 2026-01-01T00:00:00+07:00",
                       f"{name} harus tanggal-waktu W3C dengan zona waktu", name)
    return value


def _int(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 7 or not low <= int(raw) <= high:
        raise ApiError(400, f"{name} must be a whole number from {low} to {high}",
                       f"{name} harus bilangan bulat {low}-{high}", name)
    return int(raw)


def _range(params: Mapping[str, str], now: datetime) -> tuple[datetime, datetime]:
    start, end = _datetime(params, "start_date"), _datetime(params, "end_date")
    if start is None:
        end = end or now
        start = end - MAX_SPAN
    elif end is None:
        end = start + MAX_SPAN
    if end < start:
        raise ApiError(400, "end_date is before start_date", "end_date sebelum start_date", "end_date")
    if end - start > MAX_SPAN:
        raise ApiError(400, "the date range may not span more than 90 days", "Rentang tanggal maksimal 90 hari",
                       "start_date")
    return start, end


def request_filter(params: Mapping[str, str], now: datetime) -> RequestFilter:
    """Build the filter; ``service_request_id`` overrides every other filter (as the spec says)."""
    page = _int(params, "page", 1, 1, MAX_PAGE)
    size = _int(params, "page_size", MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    ids = tuple(canonical_code(i) for i in _csv(params, "service_request_id"))
    if ids:
        return RequestFilter(ids=ids, page=page, page_size=size)
    statuses = frozenset(s.lower() for s in _csv(params, "status"))
    if not statuses <= {"open", "closed"}:
        raise ApiError(400, "status must be open and/or closed", "status harus open dan/atau closed", "status")
    start, end = _range(params, now)
    return RequestFilter(service_codes=_csv(params, "service_code"), statuses=statuses, start=start, end=end,
                         page=page, page_size=size)
