"""Guards in front of every route: body size, content type, and a token-bucket rate limit per key or address.

The body limit is enforced twice: a declared ``Content-Length`` over the limit is refused before a byte is read,
and a body streamed without one (chunked) is cut off once it passes the limit. Both are pure ASGI so nothing is
buffered beyond the limit.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.errors import ApiError, BodyTooLarge, error_response

JSON_TYPE = "application/json"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _expected_types(path: str) -> tuple[str, ...] | None:
    """The content types a POST to ``path`` may carry (None: not checked here)."""
    if path.startswith("/open311/"):
        return FORM_TYPES
    if path.startswith("/api/"):
        return (JSON_TYPE,)
    return None


class IntakeGuard:
    """ASGI middleware: 413 for bodies over ``max_body_bytes``, 415 for POSTs of the wrong content type."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        """Wrap ``app``."""
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request, then pass it on with a byte-counting ``receive``."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope["path"])
        problem = self._problem(scope, path)
        if problem is not None:
            await error_response(path, problem)(scope, receive, send)
            return
        await self.app(scope, self._counting(receive), send)

    def _problem(self, scope: Scope, path: str) -> ApiError | None:
        length = _header(scope, b"content-length")
        # A 10,000-digit Content-Length must not reach int() (Python refuses such conversions with an error).
        if length is not None and (not length.isdigit() or len(length) > 15 or int(length) > self.max_body_bytes):
            return ApiError(413, f"request body over {self.max_body_bytes} bytes",
                            f"Isi kiriman melebihi {self.max_body_bytes} byte")
        if scope["method"] == "POST":
            expected = _expected_types(path)
            declared = (_header(scope, b"content-type") or "").split(";", 1)[0].strip().lower()
            if expected is not None and declared not in expected:
                return ApiError(415, f"Content-Type must be {' or '.join(expected)}",
                                f"Content-Type harus {' atau '.join(expected)}")
        return None

    def _counting(self, receive: Receive) -> Receive:
        seen = 0
        limit = self.max_body_bytes

        async def wrapped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge()
            return message

        return wrapped


class RateLimiter:
    """Token buckets: ``per_minute`` requests a minute per key, with a burst of the same size.

    Thread-safe; remembers at most ``max_keys`` buckets (least recently used evicted), so a flood of distinct
    addresses cannot grow memory without bound. In a multi-process hub each process has its own buckets.
    """

    def __init__(self, per_minute: int, *, burst: int | None = None, max_keys: int = 10_000,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        """A bucket holds ``burst`` tokens (default ``per_minute``) and refills ``per_minute`` per minute."""
        self._rate = per_minute / 60.0
        self._capacity = float(burst if burst is not None else per_minute)
        self._max_keys = max_keys
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str) -> float | None:
        """Spend one token of ``key``'s bucket: None if allowed, else the seconds until one is available."""
        now = self._monotonic()
        with self._lock:
            tokens, last = self._buckets.pop(key, (self._capacity, now))
            tokens = min(self._capacity, tokens + (now - last) * self._rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[key] = (tokens, now)
            if len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
        return None if allowed else (1.0 - tokens) / self._rate

    def check(self, key: str) -> None:
        """Raise a 429 :class:`ApiError` with ``Retry-After`` when ``key`` is over its rate."""
        wait = self.take(key)
        if wait is not None:
            seconds = max(1, int(wait + 0.999))
            raise ApiError(429, "too many requests", "Terlalu banyak permintaan, coba lagi nanti",
                           headers={"Retry-After": str(seconds)})
