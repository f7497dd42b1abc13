"""The OPD status board: per agency open, overdue, resolved in 30 days, median first response and SKM grade."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.domain.enums import ReportStatus
from common.domain.models import Opd, Report, SkmResponse
from common.queries._filters import ikm_from_row, open_counts, skm_sum_columns, visible_reports
from common.queries._sql import hours_between
from common.queries.snapshots import OpdBoard, OpdBoardRow

RESOLVED_WINDOW_DAYS = 30
RESPONSE_WINDOW_DAYS = 30
SKM_WINDOW_DAYS = 90


def _resolved_recently(session: Session, now: datetime, public: bool) -> dict[str, int]:
    """Reports resolved (``selesai``) in the last 30 days per OPD slug."""
    stmt = (
        select(Report.opd_slug, func.count(Report.id))
        .where(
            Report.status == ReportStatus.SELESAI,
            Report.resolved_at >= now - timedelta(days=RESOLVED_WINDOW_DAYS),
            Report.resolved_at <= now,
            Report.opd_slug.is_not(None),
            *visible_reports(public),
        )
        .group_by(Report.opd_slug)
    )
    return {str(slug): int(n) for slug, n in session.execute(stmt)}


def _median_first_response(session: Session, now: datetime, public: bool) -> dict[str, float]:
    """Median hours from receipt to first response of reports received in the last 30 days, per OPD.

    Computed in the database with window functions (row number and count per OPD), averaging the one or two
    middle rows; reports still waiting for a first response are not part of the median.
    """
    hours = hours_between(Report.received_at, Report.first_response_at)
    ranked = (
        select(
            Report.opd_slug.label("opd"),
            hours.label("h"),
            func.row_number().over(partition_by=Report.opd_slug, order_by=hours).label("rn"),
            func.count(Report.id).over(partition_by=Report.opd_slug).label("cnt"),
        )
        .where(
            Report.opd_slug.is_not(None),
            Report.first_response_at.is_not(None),
            Report.received_at >= now - timedelta(days=RESPONSE_WINDOW_DAYS),
            Report.received_at <= now,
            *visible_reports(public),
        )
        .subquery()
    )
    stmt = (
        select(ranked.c.opd, func.avg(ranked.c.h))
        .where(ranked.c.rn >= (ranked.c.cnt + 1) // 2, ranked.c.rn <= (ranked.c.cnt + 2) // 2)
        .group_by(ranked.c.opd)
    )
    return {str(slug): float(cast(float, h)) for slug, h in session.execute(stmt)}


def _skm_by_opd(session: Session, now: datetime) -> dict[str, tuple[object, ...]]:
    stmt = (
        select(SkmResponse.opd_slug, *skm_sum_columns())
        .where(
            SkmResponse.opd_slug.is_not(None),
            SkmResponse.submitted_at >= now - timedelta(days=SKM_WINDOW_DAYS),
            SkmResponse.submitted_at <= now,
        )
        .group_by(SkmResponse.opd_slug)
    )
    return {str(row[0]): tuple(row) for row in session.execute(stmt)}


def _worst_first(row: OpdBoardRow) -> tuple[float, int, int, str]:
    return (-row.overdue_share, -row.overdue, -row.open, row.singkatan.lower())


def opd_board_rows(session: Session, now: datetime, public: bool) -> OpdBoard:
    """Every active OPD with its figures, worst first (overdue share, then overdue count, then open count).

    Overdue means open with the working-day deadline of its current status (``due_at``) passed; the SKM grade
    is computed by :mod:`common.rules.skm` over the last 90 days.
    """
    workload = open_counts(session, "opd", now, public)
    resolved_30d = _resolved_recently(session, now, public)
    medians = _median_first_response(session, now, public)
    skm = _skm_by_opd(session, now)
    rows = []
    opds = session.execute(select(Opd.slug, Opd.singkatan).where(Opd.active.is_(True)))
    for slug, singkatan in opds:
        open_, overdue = workload.get(slug, (0, 0))
        ikm = ikm_from_row(skm[slug]) if slug in skm else None
        rows.append(
            OpdBoardRow(
                slug=slug,
                singkatan=singkatan.strip() or slug,
                open=open_,
                overdue=overdue,
                resolved_30d=resolved_30d.get(slug, 0),
                median_first_response_h=medians.get(slug),
                ikm=float(ikm.ikm_rounded) if ikm and ikm.ikm_rounded is not None else None,
                skm_grade=ikm.grade if ikm else None,
                skm_responses=ikm.n if ikm else 0,
            )
        )
    rows.sort(key=_worst_first)
    return OpdBoard(public=public, rows=tuple(rows), generated_at=now)
