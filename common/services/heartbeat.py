"""Kiosk heartbeats: each kiosk reports its outbox queue so the wall can show kiosks that stopped syncing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from common.clock import Clock
from common.domain.models import Kiosk
from common.rules.errors import FieldError
from common.services.errors import NotFound


@dataclass(frozen=True, slots=True)
class Heartbeat:
    """What a kiosk says about itself."""

    queue_length: int
    oldest_pending_at: datetime | None
    version: str


def record_heartbeat(session: Session, clock: Clock, kiosk_id: int, beat: Heartbeat) -> datetime:
    """Store the kiosk's state and return the server time (the kiosk uses it to spot a wrong clock)."""
    if beat.queue_length < 0 or beat.queue_length > 10_000_000:
        raise FieldError("queue_length", "Panjang antrean tidak masuk akal", "queue_length out of range")
    if beat.oldest_pending_at is not None and beat.oldest_pending_at.tzinfo is None:
        raise FieldError("oldest_pending_at", "Waktu harus dengan zona waktu", "time needs a UTC offset")
    if len(beat.version) > 40 or not beat.version.isprintable():
        raise FieldError("version", "Versi maksimal 40 karakter", "version: at most 40 printable characters")
    kiosk = session.get(Kiosk, kiosk_id)
    if kiosk is None:
        raise NotFound("Kios tidak ditemukan", "kiosk not found")
    now = clock()
    kiosk.last_heartbeat_at = now
    kiosk.queue_length = beat.queue_length
    kiosk.oldest_pending_at = beat.oldest_pending_at
    kiosk.version = beat.version
    return now
