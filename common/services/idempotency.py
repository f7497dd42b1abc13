"""Client request ids: the first answer to (key, client request id) is stored and replayed, never redone.

Edge devices (kiosks offline, the 112 import, channel apps on bad networks) resend what they are not sure was
received. The write and the stored answer commit in ONE transaction, and ``idempotency_record`` has a unique
constraint on (key, client request id), so of two concurrent identical requests exactly one commits; the other
hits the constraint (or the unique constraint of the entity itself), rolls back and replays the stored answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from common.clock import Clock
from common.domain.models import IdempotencyRecord
from common.rules.errors import FieldError
from common.services.audit import table_of
from common.services.errors import Conflict
from common.services.report_rows import driver_execute, naive_utc

CLIENT_REQUEST_ID_MAX_LENGTH = 100
_PG_INSERT = (
    "INSERT INTO idempotency_record (key_id, client_request_id, endpoint, status_code, content_type, "
    "response_body, created_at) VALUES (%(key_id)s, %(client_request_id)s, %(endpoint)s, %(status_code)s, "
    "%(content_type)s, %(response_body)s, %(created_at)s)"
)


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """An HTTP answer exactly as first given: status, content type and body text."""

    status_code: int
    content_type: str
    body: str


def check_client_request_id(value: str | None, field: str = "client_request_id") -> str | None:
    """Return a usable client request id (1-100 printable ASCII characters) or None; raise on junk."""
    if value is None or value == "":
        return None
    if len(value) > CLIENT_REQUEST_ID_MAX_LENGTH or not value.isascii() or not value.isprintable():
        raise FieldError(field, "client_request_id harus 1-100 karakter ASCII yang dapat dicetak",
                         "client_request_id must be 1-100 printable ASCII characters")
    return value


def lookup(session: Session, key_id: int, client_request_id: str, endpoint: str) -> StoredAnswer | None:
    """The stored answer of an earlier request with this key and id, or None.

    Raises :class:`Conflict` when the id was used for a different endpoint: replaying an answer of another
    kind would confuse the client more than an error.
    """
    record = session.scalars(
        select(IdempotencyRecord).where(
            IdempotencyRecord.key_id == key_id, IdempotencyRecord.client_request_id == client_request_id
        )
    ).first()
    if record is None:
        return None
    if record.endpoint != endpoint:
        raise Conflict(f"client_request_id sudah dipakai untuk {record.endpoint}",
                       f"client_request_id was already used for {record.endpoint}")
    return StoredAnswer(record.status_code, record.content_type, record.response_body)


def remember(session: Session, clock: Clock, key_id: int, client_request_id: str, endpoint: str,
             answer: StoredAnswer) -> None:
    """Insert the answer in ``session``'s transaction; it commits with the write it answers."""
    session.flush()  # pending ORM changes first, so a clash surfaces in the right statement
    conn = session.connection()
    values = {"key_id": key_id, "client_request_id": client_request_id, "endpoint": endpoint,
              "status_code": answer.status_code, "content_type": answer.content_type, "response_body": answer.body,
              "created_at": clock()}
    if conn.dialect.name == "postgresql":
        # Every write passes here: on PostgreSQL the driver is called directly (a third of the cost).
        values["created_at"] = naive_utc(values["created_at"])
        driver_execute(conn, _PG_INSERT, values)
    else:
        conn.execute(insert(table_of(IdempotencyRecord)), values)


def run_once(
    sessions: sessionmaker[Session], clock: Clock, key_id: int, client_request_id: str | None, endpoint: str,
    work: Callable[[Session], StoredAnswer], *, lookup_first: bool = True,
) -> StoredAnswer:
    """Run ``work`` in a new transaction unless (key, id) was answered before; return the (first) answer.

    ``work`` adds its changes to the session and returns the answer; it must not commit. Without a client
    request id the work simply runs. An :class:`IntegrityError` on commit is resolved by replaying the stored
    answer of the concurrent twin; if there is none the error was a genuine clash and is re-raised.

    ``lookup_first=False`` skips the look-up before the work (one round trip less on the hot intake path); it is
    correct only when ``work`` itself inserts a row that is unique on (key, client request id), e.g. a report,
    so that a replay fails on that constraint and is answered from the store, and when a replay of the work
    cannot fail for another reason first.
    """
    with sessions() as session:
        if client_request_id is not None and lookup_first:
            stored = lookup(session, key_id, client_request_id, endpoint)
            if stored is not None:
                return stored
        try:
            answer = work(session)
            if client_request_id is not None:
                remember(session, clock, key_id, client_request_id, endpoint, answer)
            session.commit()
            return answer
        except IntegrityError:
            session.rollback()
            if client_request_id is None:
                raise
            stored = lookup(session, key_id, client_request_id, endpoint)
            if stored is None:
                raise
            return stored
