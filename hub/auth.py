"""API keys on the hub: verification with a short-lived cache, and the key-kind checks of the routes.

Keys are verified by :func:`common.services.keys.identify` (prefix lookup, SHA-256, revocation). A verified key
is cached for ``ttl_s`` seconds so a busy channel does not cost a database round trip per request; a revocation
therefore takes effect within that time (5 s by default). Unknown, forged and revoked keys are never cached,
and ``last_used_at`` is written once per cache period, not per request.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from common.clock import Clock
from common.domain.enums import KeyKind
from common.services.keys import KeyIdentity, identify
from hub.errors import ApiError

MAX_KEY_LENGTH = 200


class KeyCache:
    """Resolves a plaintext key to a :class:`KeyIdentity`; thread-safe, bounded, time-limited."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock, ttl_s: float = 5.0, max_entries: int = 1024,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        """``ttl_s`` 0 disables caching (every request verifies against the database)."""
        self._sessions = sessions
        self._clock = clock
        self._ttl = ttl_s
        self._max = max_entries
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[KeyIdentity, float]] = OrderedDict()

    def cached(self, plaintext: str | None) -> KeyIdentity | None:
        """The cached identity of ``plaintext`` if still fresh (no database access: safe on the event loop)."""
        if not plaintext:
            return None
        with self._lock:
            hit = self._entries.get(plaintext)
        return hit[0] if hit is not None and hit[1] > self._monotonic() else None

    def resolve(self, plaintext: str | None) -> KeyIdentity | None:
        """The live key for ``plaintext``, or None (missing, malformed, unknown, forged or revoked)."""
        if not plaintext or len(plaintext) > MAX_KEY_LENGTH:
            return None
        now = self._monotonic()
        with self._lock:
            hit = self._entries.get(plaintext)
            if hit is not None and hit[1] > now:
                return hit[0]
        with self._sessions() as session:
            identity = identify(session, plaintext, self._clock)
            session.commit()  # last_used_at
        if identity is not None and self._ttl > 0:
            with self._lock:
                self._entries[plaintext] = (identity, now + self._ttl)
                self._entries.move_to_end(plaintext)
                while len(self._entries) > self._max:
                    self._entries.popitem(last=False)
        return identity

    def forget_all(self) -> None:
        """Drop every cached key (e.g. right after revoking keys)."""
        with self._lock:
            self._entries.clear()


def forbidden(message_en: str = "missing, unknown or revoked API key",
              message_id: str = "Kunci API tidak ada, tidak dikenal, atau sudah dicabut") -> ApiError:
    """The 403 every authentication failure gets (no hint which of the reasons applies)."""
    return ApiError(403, message_en, message_id, "api_key")


def require_kind(key: KeyIdentity, *kinds: KeyKind) -> KeyIdentity:
    """Raise 403 unless ``key`` is of one of ``kinds``."""
    if key.kind not in kinds:
        names = ", ".join(k.value for k in kinds)
        raise ApiError(403, f"this endpoint needs a {names} key", f"Titik ini memerlukan kunci {names}", "api_key")
    return key
