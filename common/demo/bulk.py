"""Bulk inserts through Core: one ``executemany`` per table, NULLs included, ids matched back to the rows.

The ORM's bulk path drops ``None`` values from each row and groups rows by the keys left, which splits a mixed
batch into thousands of tiny statements; Core sends every row with every key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from common.db.base import Base
from common.services.audit import table_of


def insert_rows(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts keyed by column name) into ``model``'s table."""
    if rows:
        session.execute(table_of(model).insert(), list(rows))


def insert_returning_ids(
    session: Session, model: type[Base], rows: Sequence[dict[str, Any]], unique: Sequence[str]
) -> list[int]:
    """Insert ``rows`` and return their new ``id`` values in the order of ``rows``.

    The ids are matched back through the ``unique`` columns rather than by asking for RETURNING in parameter
    order, which SQLite can only honour one row per statement.
    """
    if not rows:
        return []
    table = table_of(model)
    stmt = table.insert().returning(table.c.id, *(table.c[name] for name in unique))
    by_key = {tuple(row[1:]): int(row[0]) for row in session.execute(stmt, list(rows))}
    return [by_key[tuple(r[name] for name in unique)] for r in rows]
