"""Portable SQL building blocks for the dashboard queries (SQLite and PostgreSQL render them differently).

Every expression aggregates in the database: WIB calendar days and hour differences are computed by the
database so that only small result sets travel to Python.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Float, case, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

WIB_OFFSET_HOURS = 7
"""Asia/Jakarta has no daylight saving time: a WIB day is the UTC day shifted by 7 hours."""


class wib_day(FunctionElement[date]):  # noqa: N801 - SQL function constructs are lower-case by convention
    """The WIB calendar day of a UTC timestamp column (``UtcDateTime`` stores naive UTC)."""

    type = Date()
    inherit_cache = True


@compiles(wib_day)
def _wib_day_default(element: wib_day, compiler: SQLCompiler, **kw: Any) -> str:
    (col,) = element.clauses
    return f"CAST(({compiler.process(col, **kw)} + INTERVAL '{WIB_OFFSET_HOURS} hours') AS DATE)"


@compiles(wib_day, "sqlite")
def _wib_day_sqlite(element: wib_day, compiler: SQLCompiler, **kw: Any) -> str:
    (col,) = element.clauses
    return f"date({compiler.process(col, **kw)}, '+{WIB_OFFSET_HOURS} hours')"


class hours_between(FunctionElement[float]):  # noqa: N801
    """Hours from the first timestamp to the second (negative if the second is earlier)."""

    type = Float()
    inherit_cache = True


@compiles(hours_between)
def _hours_default(element: hours_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 3600.0)"


@compiles(hours_between, "sqlite")
def _hours_sqlite(element: hours_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"((julianday({end}) - julianday({start})) * 24.0)"


def as_date(value: date | datetime | str) -> date:
    """Normalise a day value read back from the database (SQLite returns text, PostgreSQL a date)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """``SUM(CASE WHEN condition THEN 1 ELSE 0 END)``: a conditional count that works on both databases."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
