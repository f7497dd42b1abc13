"""Row filters shared by the dashboard queries: what a public output may count, what is overdue; open counts."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from common.domain.enums import Confidentiality
from common.domain.models import Report, SkmResponse
from common.domain.models.skm import SKM_ELEMENT_COLUMNS
from common.queries.aggregates import open_by_kelurahan, open_by_opd
from common.rules.skm import IkmResult, ikm_from_sums


def visible_reports(public: bool) -> list[ColumnElement[bool]]:
    """WHERE clauses for reports an output may count: a public output never sees a *rahasia* report."""
    if public:
        return [Report.confidentiality != Confidentiality.RAHASIA]
    return []


def overdue_condition(now: datetime) -> ColumnElement[bool]:
    """An open report whose current working-day deadline (``due_at``) has passed."""
    return and_(Report.is_open.is_(True), Report.due_at.is_not(None), Report.due_at < now)


def skm_sum_columns() -> list[ColumnElement[int]]:
    """``COUNT(*)`` followed by the nine per-element answer sums of ``skm_response``."""
    return [
        func.count(SkmResponse.id),
        *(func.coalesce(func.sum(getattr(SkmResponse, c)), 0) for c in SKM_ELEMENT_COLUMNS),
    ]


def ikm_from_row(row: tuple[object, ...]) -> IkmResult:
    """The IKM of a row produced by :func:`skm_sum_columns` (in that order, at the row's end)."""
    values = [int(v or 0) for v in row[-10:]]  # type: ignore[call-overload]
    return ikm_from_sums(values[0], values[1:])


def open_counts(
    session: Session, by: Literal["kelurahan", "opd"], now: datetime, public: bool
) -> dict[str, tuple[int, int]]:
    """(open, overdue) per kelurahan code or OPD slug, from the hub's index-only aggregates.

    A public output must not count *rahasia* reports: their (few) open and overdue counts are subtracted.
    Keys with nothing open left, and reports without a kelurahan/OPD, are omitted.
    """
    grouped = open_by_kelurahan(session, now) if by == "kelurahan" else open_by_opd(session, now)
    counts = {c.key: (c.open, c.overdue) for c in grouped if c.key is not None}
    if public:
        column = Report.kelurahan_kode if by == "kelurahan" else Report.opd_slug
        secret = (
            select(column, func.count(Report.id), func.count(Report.id).filter(Report.due_at < now))
            .where(
                Report.is_open.is_(True),
                Report.confidentiality == Confidentiality.RAHASIA,
                column.is_not(None),
            )
            .group_by(column)
        )
        for key, n_open, n_late in session.execute(secret):
            have_open, have_late = counts.get(str(key), (0, 0))
            counts[str(key)] = (have_open - int(n_open), have_late - int(n_late))
    return {k: v for k, v in counts.items() if v[0] > 0}
