"""The kiosk's durable outbox: every submission is committed here BEFORE the citizen sees a receipt.

One SQLite file (``config.kiosk.outbox_path``, else ``kiosk-outbox.db`` in the data directory) in WAL mode.

* ``items``: one row per submission with its ``client_request_id`` (UNIQUE; the hub de-duplicates on it), the
  payload as JSON, the optional photo, the locally issued tracking code, and the delivery state
  ``pending`` -> ``sent`` | ``failed_permanent``.
* ``meta``: small key/value facts, above all the tracking counter per issuer prefix.

Durability rules (the kill test proves them):

* :meth:`Outbox.enqueue` issues the tracking code and inserts the item in ONE ``BEGIN IMMEDIATE`` transaction on a
  ``synchronous=FULL`` connection: when it returns, both are on disk; when the process dies earlier, neither is,
  so a code is never issued twice and the counter never skips into a collision.
* A kiosk whose outbox was lost (disk replaced, file deleted) must not issue its old codes again: a NEW counter
  starts at the minutes elapsed since 2026-01-01 (:func:`fresh_counter`), far above anything a kiosk that files
  less than one submission a minute on average can have issued, and every heartbeat answer raises the counter
  to one past the highest code of this prefix the hub holds (:meth:`Outbox.raise_counter`). Should a clash
  still reach the hub, the sender gives the item a new code (:meth:`Outbox.recode`) instead of losing it.
* The sender's connection (:meth:`Outbox.for_sender`) uses ``synchronous=NORMAL``: in WAL mode that is durable
  against a process crash; a power cut may forget the latest "sent" marks, and the sender then re-sends those
  items, which is harmless because the hub answers a replayed ``client_request_id`` without creating anything.

Qt-free; thread use: one :class:`Outbox` object per thread (SQLite connections are not shared).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from common.rules.tracking import MAX_COUNTER, format_code

ItemKind = Literal["complaint", "ppid", "skm"]
ItemState = Literal["pending", "sent", "failed_permanent"]
Synchronous = Literal["FULL", "NORMAL", "OFF"]
"""FULL for submissions, NORMAL for the sender (see below); OFF only to bulk-load test or benchmark data."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_request_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('complaint', 'ppid', 'skm')),
    payload TEXT NOT NULL,
    photo BLOB,
    tracking_code TEXT UNIQUE,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed_permanent')),
    hub_answer TEXT,
    sent_at TEXT,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS items_due ON items (state, next_attempt_at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


COUNTER_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def fresh_counter(now: datetime) -> int:
    """Where a new outbox starts counting codes: minutes since :data:`COUNTER_EPOCH` (see the module doc).

    A kiosk clock far in the past gives 0 (the heartbeat's raise still protects), one far ahead is capped so
    that half of the counter range remains.
    """
    minutes = int((now - COUNTER_EPOCH).total_seconds() // 60)
    return int(min(max(0, minutes), MAX_COUNTER // 2))


def iso(moment: datetime) -> str:
    """Return the storage form of an aware instant: UTC ISO 8601 with microseconds (sorts as text)."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}; the outbox stores aware UTC instants only")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_iso(text: str) -> datetime:
    """Inverse of :func:`iso`."""
    return datetime.fromisoformat(text)


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One committed submission."""

    id: int
    client_request_id: str
    kind: ItemKind
    payload: dict[str, Any]
    photo: bytes | None
    tracking_code: str | None
    created_at: datetime
    attempts: int
    next_attempt_at: datetime
    state: ItemState
    hub_answer: Any
    sent_at: datetime | None
    last_error: str | None


@dataclass(frozen=True, slots=True)
class QueueStats:
    """What the heartbeat and the technician screen report."""

    pending: int
    sent: int
    failed_permanent: int
    oldest_pending_at: datetime | None


class Outbox:
    """The SQLite outbox on one connection (use one object per thread)."""

    def __init__(self, path: str | Path, *, synchronous: Synchronous = "FULL") -> None:
        """Open (and create if needed) the outbox at ``path``."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._synchronous = synchronous
        self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=10.0)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(f"PRAGMA synchronous={synchronous}")
        self._conn.execute("PRAGMA busy_timeout=10000")
        self._conn.executescript(_SCHEMA)

    def for_sender(self) -> Outbox:
        """A second connection to the same file for the sender thread (``synchronous=NORMAL``, see module doc)."""
        return Outbox(self.path, synchronous="NORMAL")

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def pragma(self, name: str) -> Any:
        """Return a PRAGMA value (tests check journal_mode and synchronous)."""
        return self._conn.execute(f"PRAGMA {name}").fetchone()[0]

    @contextmanager
    def _immediate(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taken up front (no deadlock between a reader upgrading and another writer)."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # --- meta ---------------------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        """Return a stored fact (e.g. the tracking prefix learned from the hub), or None."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a fact durably."""
        with self._immediate() as conn:
            _put_meta(conn, key, value)

    def counter(self, prefix: str) -> int | None:
        """The next counter value the issuer ``prefix`` will use; None before its first code."""
        value = self.get_meta(f"counter:{prefix}")
        return int(value) if value is not None else None

    def raise_counter(self, prefix: str, floor: int) -> bool:
        """Make the next code of ``prefix`` use at least ``floor`` (the hub's highest + 1); True when it moved."""
        if not 0 <= floor <= MAX_COUNTER:
            raise ValueError(f"counter floor out of range: {floor}")
        key = f"counter:{prefix}"
        with self._immediate() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            if row is not None and int(row[0]) >= floor:
                return False
            _put_meta(conn, key, str(floor))
            return True

    def recode(self, item_id: int, prefix: str, now: datetime) -> tuple[str | None, str]:
        """Give a pending item the next code of ``prefix`` (its code clashed at the hub); returns (old, new).

        The old code is kept in ``meta`` (``recoded:<old>``) so the status screen can still find the item.
        """
        with self._immediate() as conn:
            row = conn.execute("SELECT payload, tracking_code FROM items WHERE id = ?", (item_id,)).fetchone()
            if row is None:
                raise KeyError(f"no outbox item {item_id}")
            new = self._take_code(conn, prefix, now)
            body = json.loads(row[0])
            body["tracking_code"] = new
            conn.execute("UPDATE items SET payload = ?, tracking_code = ? WHERE id = ?",
                         (json.dumps(body, ensure_ascii=False), new, item_id))
            if row[1]:
                _put_meta(conn, f"recoded:{row[1]}", new)
            return row[1], new

    @staticmethod
    def _take_code(conn: sqlite3.Connection, prefix: str, now: datetime) -> str:
        """Issue the next code of ``prefix`` inside the caller's write transaction."""
        key = f"counter:{prefix}"
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        counter = int(row[0]) if row is not None else fresh_counter(now)
        code = format_code(prefix, counter)
        _put_meta(conn, key, str(counter + 1))
        return code

    # --- the write path of a submission ---------------------------------------------------------------------

    def enqueue(
        self,
        kind: ItemKind,
        payload: dict[str, Any],
        *,
        client_request_id: str,
        now: datetime,
        tracking_prefix: str | None,
        photo: bytes | None = None,
    ) -> OutboxItem:
        """Issue a tracking code (when ``tracking_prefix`` is given) and commit the item, atomically and durably.

        The code is written into the payload as ``tracking_code``. Raises ``sqlite3.IntegrityError`` when the
        ``client_request_id`` is already queued (a double tap must not produce two submissions).
        """
        stamp = iso(now)
        body = dict(payload)
        with self._immediate() as conn:
            code: str | None = None
            if tracking_prefix is not None:
                code = self._take_code(conn, tracking_prefix, now)
                body["tracking_code"] = code
            cursor = conn.execute(
                "INSERT INTO items (client_request_id, kind, payload, photo, tracking_code, created_at,"
                " next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (client_request_id, kind, json.dumps(body, ensure_ascii=False), photo, code, stamp, stamp),
            )
            item_id = int(cursor.lastrowid or 0)
        return OutboxItem(item_id, client_request_id, kind, body, photo, code, parse_iso(stamp), 0,
                          parse_iso(stamp), "pending", None, None, None)

    # --- the sender's side ------------------------------------------------------------------------------------

    def next_due(self, now: datetime) -> OutboxItem | None:
        """The oldest pending item whose next attempt is due at ``now``, or None."""
        row = self._conn.execute(
            "SELECT * FROM items WHERE state = 'pending' AND next_attempt_at <= ? "
            "ORDER BY next_attempt_at, id LIMIT 1", (iso(now),)).fetchone()
        return None if row is None else _item(row)

    def earliest_attempt(self) -> datetime | None:
        """When the next pending item becomes due, or None with an empty queue."""
        row = self._conn.execute("SELECT MIN(next_attempt_at) FROM items WHERE state = 'pending'").fetchone()
        return None if row[0] is None else parse_iso(row[0])

    def mark_sent(self, item_id: int, answer: Any, now: datetime) -> None:
        """Record the hub's answer; only called after the hub answered with success.

        The personal data (payload and photo) is dropped at the same time: once the hub holds it, a kiosk in a
        public office has no reason to keep it (UU 27/2022, data minimisation). Kind, code and ids stay.
        """
        with self._immediate() as conn:
            conn.execute("UPDATE items SET state = 'sent', hub_answer = ?, sent_at = ?, last_error = NULL,"
                         " photo = NULL, payload = '{}' WHERE id = ?",
                         (json.dumps(answer, ensure_ascii=False), iso(now), item_id))

    def mark_retry(self, item_id: int, next_attempt_at: datetime, error: str) -> None:
        """Count a failed attempt and schedule the next one."""
        with self._immediate() as conn:
            conn.execute("UPDATE items SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? "
                         "WHERE id = ?", (iso(next_attempt_at), error[:2000], item_id))

    def make_due(self, now: datetime) -> int:
        """Make every pending item due at ``now`` (the hub is reachable again); returns how many are pending."""
        with self._immediate() as conn:
            conn.execute("UPDATE items SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ?",
                         (iso(now), iso(now)))
            row = conn.execute("SELECT COUNT(*) FROM items WHERE state = 'pending'").fetchone()
        return int(row[0])

    def mark_failed(self, item_id: int, error: str, answer: Any = None) -> None:
        """Give up on an item the hub refused for good (kept, with the reason, for a technician)."""
        with self._immediate() as conn:
            conn.execute("UPDATE items SET state = 'failed_permanent', attempts = attempts + 1, last_error = ?,"
                         " hub_answer = ? WHERE id = ?",
                         (error[:2000], json.dumps(answer, ensure_ascii=False), item_id))

    def requeue_failed(self, now: datetime) -> int:
        """Put permanently failed items back in the queue (a technician fixed the cause); returns how many."""
        with self._immediate() as conn:
            cursor = conn.execute("UPDATE items SET state = 'pending', next_attempt_at = ? "
                                  "WHERE state = 'failed_permanent'", (iso(now),))
            return int(cursor.rowcount)

    # --- reads --------------------------------------------------------------------------------------------

    def stats(self) -> QueueStats:
        """Counts per state and the oldest pending item's creation time."""
        counts = dict.fromkeys(("pending", "sent", "failed_permanent"), 0)
        for state, count in self._conn.execute("SELECT state, COUNT(*) FROM items GROUP BY state"):
            counts[str(state)] = int(count)
        row = self._conn.execute("SELECT MIN(created_at) FROM items WHERE state = 'pending'").fetchone()
        oldest = None if row[0] is None else parse_iso(row[0])
        return QueueStats(counts["pending"], counts["sent"], counts["failed_permanent"], oldest)

    def has_pending(self) -> bool:
        """True while anything waits to be sent (cheap: one index probe)."""
        return self._conn.execute("SELECT 1 FROM items WHERE state = 'pending' LIMIT 1").fetchone() is not None

    def find_by_tracking_code(self, code: str) -> OutboxItem | None:
        """The item that was issued ``code`` here, or None."""
        row = self._conn.execute("SELECT * FROM items WHERE tracking_code = ?", (code,)).fetchone()
        return None if row is None else _item(row)

    def find_by_client_request_id(self, client_request_id: str) -> OutboxItem | None:
        """The item queued under this client request id, or None."""
        row = self._conn.execute("SELECT * FROM items WHERE client_request_id = ?", (client_request_id,)).fetchone()
        return None if row is None else _item(row)

    def items(self, state: ItemState | None = None) -> list[OutboxItem]:
        """All items (optionally in one state), oldest first."""
        if state is None:
            rows = self._conn.execute("SELECT * FROM items ORDER BY id").fetchall()
        else:
            rows = self._conn.execute("SELECT * FROM items WHERE state = ? ORDER BY id", (state,)).fetchall()
        return [_item(row) for row in rows]


def _put_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Set a ``meta`` fact inside the caller's write transaction."""
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))


def _item(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        id=int(row["id"]),
        client_request_id=str(row["client_request_id"]),
        kind=row["kind"],
        payload=json.loads(row["payload"]),
        photo=None if row["photo"] is None else bytes(row["photo"]),
        tracking_code=row["tracking_code"],
        created_at=parse_iso(row["created_at"]),
        attempts=int(row["attempts"]),
        next_attempt_at=parse_iso(row["next_attempt_at"]),
        state=row["state"],
        hub_answer=None if row["hub_answer"] is None else json.loads(row["hub_answer"]),
        sent_at=None if row["sent_at"] is None else parse_iso(row["sent_at"]),
        last_error=row["last_error"],
    )
