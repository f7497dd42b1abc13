"""Issuing tracking codes and PPID registration numbers from ``tracking_counter``.

The hub issues codes for the channels that cannot issue their own (per-channel prefixes below); kiosks issue
theirs offline with their own prefix and the hub only checks them. A counter row is advanced with one atomic
``UPDATE ... RETURNING`` statement, which serialises concurrent writers on the row lock (PostgreSQL) or the
database write lock (SQLite), so no value is ever handed out twice.

Inside a long transaction that row lock would be held until commit and throttle the whole intake, so the hub
uses a :class:`CounterBlocks` allocator: it reserves a small block of values in its own short transaction and
hands them out from memory. Values lost when the process stops leave gaps, which tracking codes may have.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from types import MappingProxyType

from sqlalchemy import Connection, Engine, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from common.domain.enums import Channel, KeyKind
from common.domain.models import InfoRequest, Report, TrackingCounter
from common.rules.errors import FieldError
from common.rules.tracking import InvalidTrackingCode, format_code, parse_code

CHANNEL_PREFIXES: Mapping[Channel, str] = MappingProxyType(
    {
        Channel.RABEG: "RB",
        Channel.PPID_WEB: "PW",
        # "OP" would be natural for Open311 but O is not in the code alphabet (it reads like 0/Q): GeoReport.
        Channel.OPEN311: "GR",
        Channel.CALL112: "SG",
        Channel.MEDSOS: "MS",
        # A kiosk key posting WITHOUT its own offline code gets a hub-issued one (never from its own prefix,
        # which only the kiosk advances).
        Channel.KIOSK: "KH",
    }
)
"""Issuer prefixes of the codes the hub issues itself; reserved so no kiosk is ever given one of them."""

RESERVED_PREFIXES: frozenset[str] = frozenset(CHANNEL_PREFIXES.values())

NOMOR_PREFIX = "#P"
"""Counter rows of PPID registration numbers are ``#P<yy>``: ``#`` is outside the code alphabet, so these rows
can never clash with a tracking-code issuer prefix."""


def _ensure_row(conn: Connection | Session, prefix: str) -> None:
    """Create the counter row if missing; a concurrent creator is harmless (ON CONFLICT DO NOTHING)."""
    bind = conn.get_bind() if isinstance(conn, Session) else conn
    factory = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
    stmt = factory(TrackingCounter).values(prefix=prefix, next_value=1).on_conflict_do_nothing()
    conn.execute(stmt)


def reserve(conn: Connection | Session, prefix: str, count: int = 1) -> int:
    """Atomically reserve ``count`` consecutive values of ``prefix``'s counter; return the first one."""
    stmt = (
        update(TrackingCounter)
        .where(TrackingCounter.prefix == prefix)
        .values(next_value=TrackingCounter.next_value + count)
        .returning(TrackingCounter.next_value)
        .execution_options(synchronize_session=False)
    )
    new_next = conn.execute(stmt).scalar()
    if new_next is None:
        _ensure_row(conn, prefix)
        new_next = conn.execute(stmt).scalar_one()
    return int(new_next) - count


class CounterBlocks:
    """Hands out counter values from blocks reserved in short, separate transactions (thread-safe)."""

    def __init__(self, engine: Engine, block_size: int = 16) -> None:
        """``block_size`` values are reserved per round trip; 1 gives gap-free codes at more cost."""
        if block_size < 1:
            raise ValueError("block_size must be >= 1")
        self._engine = engine
        self._block = block_size
        self._lock = threading.Lock()
        self._ranges: dict[str, tuple[int, int]] = {}

    def next_value(self, prefix: str) -> int:
        """The next unused counter value of ``prefix``."""
        with self._lock:
            current, end = self._ranges.get(prefix, (0, 0))
            if current >= end:
                with self._engine.begin() as conn:
                    current = reserve(conn, prefix, self._block)
                end = current + self._block
            self._ranges[prefix] = (current + 1, end)
            return current


def issue_code(session: Session, prefix: str, blocks: CounterBlocks | None = None) -> str:
    """Issue the next tracking code of a hub prefix, in ``session``'s transaction or from ``blocks``."""
    value = blocks.next_value(prefix) if blocks is not None else reserve(session, prefix)
    return format_code(prefix, value)


def next_nomor(session: Session, year: int, blocks: CounterBlocks | None = None) -> str:
    """The next PPID *nomor pendaftaran* of ``year``, e.g. ``PPID-2026-000042`` (no slash: it goes in URLs)."""
    prefix = f"{NOMOR_PREFIX}{year % 100:02d}"
    value = blocks.next_value(prefix) if blocks is not None else reserve(session, prefix)
    return f"PPID-{year}-{value:06d}"


def accept_kiosk_code(text: str, key_kind: KeyKind, kiosk_prefix: str | None) -> str:
    """Check a kiosk-issued code and return it in canonical form; raise :class:`FieldError` otherwise.

    Only a kiosk key may bring its own code, only with that kiosk's prefix, and only with a valid check symbol:
    anything else could take another issuer's number.
    """
    if key_kind is not KeyKind.KIOSK or not kiosk_prefix:
        raise FieldError("tracking_code", "Hanya kios yang boleh membawa kode pelacakan sendiri",
                         "only a kiosk key may send its own tracking code")
    try:
        parsed = parse_code(text)
    except InvalidTrackingCode as exc:
        raise FieldError("tracking_code", exc.message_id, exc.message_en) from exc
    if parsed.prefix != kiosk_prefix.upper():
        raise FieldError("tracking_code", f"Awalan kode harus {kiosk_prefix} (awalan kios ini)",
                         f"the code's prefix must be {kiosk_prefix}, this kiosk's prefix")
    return format_code(parsed.prefix, parsed.counter)


def next_kiosk_counter(session: Session, prefix: str) -> int:
    """One past the highest counter of the kiosk prefix ``prefix`` among stored codes (reports and PPID); 0 if none.

    Codes of one prefix have a fixed-width counter in an alphabet whose order is the text order (digits before
    letters, upper case only), so ``max()`` over the text is the highest counter; the ``LIKE`` pattern with the
    dash keeps prefix ``KS7`` apart from ``KS7A``. A kiosk raises its own counter to this value (see
    ``kiosk.outbox``), so a kiosk that lost its outbox never issues a code twice.
    """
    highest = -1
    for model in (Report, InfoRequest):
        top = session.scalar(select(func.max(model.tracking_code)).where(model.tracking_code.like(f"{prefix}-%")))
        if top:
            try:
                highest = max(highest, parse_code(top).counter)
            except InvalidTrackingCode:  # not a code this module wrote; ignore rather than fail a heartbeat
                continue
    return highest + 1
