"""Counts per WIB day for the wall's charts: reports per channel, Siaga 112 calls per class."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import InstrumentedAttribute

from common.domain.enums import CallClass, Channel
from common.domain.models import Call112, Report
from common.queries._filters import visible_reports
from common.queries._sql import as_date, wib_day
from common.queries.snapshots import DailySeries
from common.rules.working_days import WIB

DEFAULT_DAYS = 30


def wib_day_window(now: datetime, days: int) -> tuple[tuple[date, ...], datetime]:
    """The last ``days`` WIB calendar days up to today, and the UTC instant the first one starts."""
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    today = now.astimezone(WIB).date()
    first = today - timedelta(days=days - 1)
    window = tuple(first + timedelta(days=i) for i in range(days))
    return window, datetime.combine(first, time.min, tzinfo=WIB)


def _series(
    session: Session,
    now: datetime,
    public: bool,
    days: int,
    column: InstrumentedAttribute[datetime],
    key: InstrumentedAttribute[str],
    names: tuple[StrEnum, ...],
    extra_where: list,  # type: ignore[type-arg]
) -> DailySeries:
    window, start = wib_day_window(now, days)
    day = wib_day(column)
    stmt = (
        select(day, key, func.count()).where(column >= start, column <= now, *extra_where).group_by(day, key)
    )
    index = {d: i for i, d in enumerate(window)}
    table = {str(name): [0] * days for name in names}
    for day_value, name, count in session.execute(stmt):
        slot = index.get(as_date(day_value))
        if slot is not None and str(name) in table:
            table[str(name)][slot] += int(count)
    series = tuple((name, tuple(values)) for name, values in table.items())
    return DailySeries(public=public, days=window, series=series, generated_at=now)


def reports_per_channel_per_day(
    session: Session, now: datetime, public: bool, days: int = DEFAULT_DAYS
) -> DailySeries:
    """Reports received per channel per WIB day over the last ``days`` days (public: without *rahasia*)."""
    return _series(
        session,
        now,
        public,
        days,
        Report.received_at,
        Report.channel,
        tuple(Channel),
        visible_reports(public),
    )


def calls112_by_class_per_day(
    session: Session, now: datetime, public: bool, days: int = DEFAULT_DAYS
) -> DailySeries:
    """Siaga 112 calls per class (ghost, prank, real) per WIB day over the last ``days`` days."""
    return _series(session, now, public, days, Call112.received_at, Call112.call_class, tuple(CallClass), [])
