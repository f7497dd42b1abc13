"""Open and overdue report counts per kelurahan and per OPD: the numbers on the wall's map and board.

Overdue means ``is_open`` and ``due_at < now``. Both queries read only open reports through the covering indexes
``ix_report_open_kelurahan (is_open, kelurahan_kode, due_at)`` and ``ix_report_open_opd (is_open, opd_slug,
due_at)``, so they stay index-only however many closed reports accumulate (see ``benchmarks/aggregates.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from common.domain.models import Report


@dataclass(frozen=True, slots=True)
class OpenCount:
    """Open and overdue reports of one kelurahan or OPD (``key`` None: reports without one)."""

    key: str | None
    open: int
    overdue: int


@dataclass(frozen=True, slots=True)
class OpenOverview:
    """Both breakdowns, computed at the same ``now``."""

    now: datetime
    by_kelurahan: tuple[OpenCount, ...]
    by_opd: tuple[OpenCount, ...]

    def total_open(self) -> int:
        """All open reports."""
        return sum(c.open for c in self.by_kelurahan)

    def total_overdue(self) -> int:
        """All overdue reports."""
        return sum(c.overdue for c in self.by_kelurahan)


def _grouped(
    db: Session | Connection, column: InstrumentedAttribute[str | None], now: datetime
) -> tuple[OpenCount, ...]:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    stmt = (
        select(column, func.count(), func.count().filter(Report.due_at < now))
        .where(Report.is_open)
        .group_by(column)
        .order_by(column)
    )
    return tuple(OpenCount(key, int(n_open), int(n_overdue)) for key, n_open, n_overdue in db.execute(stmt))


def open_by_kelurahan(db: Session | Connection, now: datetime) -> tuple[OpenCount, ...]:
    """Open and overdue counts per kelurahan code, ordered by code (kelurahan without open reports omitted)."""
    return _grouped(db, Report.kelurahan_kode, now)


def open_by_opd(db: Session | Connection, now: datetime) -> tuple[OpenCount, ...]:
    """Open and overdue counts per OPD slug, ordered by slug (OPD without open reports omitted)."""
    return _grouped(db, Report.opd_slug, now)


def open_overview(db: Session | Connection, now: datetime) -> OpenOverview:
    """Both breakdowns at one ``now``."""
    return OpenOverview(now, open_by_kelurahan(db, now), open_by_opd(db, now))
