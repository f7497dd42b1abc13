"""Dashboard snapshots for the wall: map counts and points, OPD board, daily series, kiosks, ticker.

Every function takes ``(session, now, public)`` and returns an immutable snapshot (:mod:`.snapshots`). The
queries select explicit columns only and aggregate in the database; none of them ever reads
``reporter_contact``, ``description``, ``location_text`` or ``photo_path`` (a test inspects the SQL).

Privacy (DOMAIN.md): on a public output *rahasia* reports are excluded from everything. Sensitive categories
(violence, children, health, social aid) are placed at their kelurahan's centroid on every output; the exact
coordinates of such reports (and of internal *rahasia* reports) never leave the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from common.domain.enums import Confidentiality, ReportStatus
from common.domain.models import Kecamatan, Kelurahan, Kiosk, Report, Service, SkmResponse
from common.queries._filters import (
    ikm_from_row,
    open_counts,
    overdue_condition,
    skm_sum_columns,
    visible_reports,
)
from common.queries._sql import count_where
from common.queries.daily import calls112_by_class_per_day, reports_per_channel_per_day
from common.queries.opd_board import opd_board_rows
from common.queries.snapshots import (
    KelurahanCount,
    KelurahanCounts,
    KelurahanShape,
    KioskNetwork,
    KioskStatus,
    MapShapes,
    ReportPoint,
    ReportPoints,
    TickerStats,
)
from common.rules.working_days import WIB

__all__ = [
    "KIOSK_ONLINE_WINDOW_S",
    "calls112_by_class_per_day",
    "kelurahan_counts",
    "kiosk_network",
    "map_shapes",
    "opd_board_rows",
    "recent_report_points",
    "reports_per_channel_per_day",
    "ticker_stats",
]

KIOSK_ONLINE_WINDOW_S = 180
"""A kiosk is online when its last heartbeat is younger than this (3 minutes)."""

DEFAULT_POINTS_DAYS = 7
DEFAULT_POINTS_LIMIT = 2000
SKM_WINDOW_DAYS = 90


def kelurahan_counts(session: Session, now: datetime, public: bool) -> KelurahanCounts:
    """Open and overdue (``due_at < now``) reports per kelurahan; kelurahan with nothing open are absent."""
    counts = open_counts(session, "kelurahan", now, public)
    rows = tuple(KelurahanCount(kode, n, late) for kode, (n, late) in sorted(counts.items()))
    return KelurahanCounts(public=public, counts=rows, generated_at=now)


def recent_report_points(
    session: Session,
    now: datetime,
    public: bool,
    since: datetime | None = None,
    limit: int = DEFAULT_POINTS_LIMIT,
) -> ReportPoints:
    """The newest reports received since ``since`` (default: 7 days) with where to draw them.

    There is no upper bound: a report stamped a little after the wall's ``now`` (the hub's clock runs ahead)
    must still appear at once.

    Sensitive categories, reports without coordinates and (internal) *rahasia* reports are placed at the
    kelurahan centroid, chosen inside the SQL so their own coordinates are never read; reports that can be
    placed nowhere (no coordinates and no kelurahan) are left out.
    """
    since = since if since is not None else now - timedelta(days=DEFAULT_POINTS_DAYS)
    points = tuple(_to_point(row) for row in session.execute(_points_statement(now, public, since, limit)))
    return ReportPoints(public=public, since=since, points=points, generated_at=now)


def _points_statement(now: datetime, public: bool, since: datetime, limit: int) -> Select[Any]:
    """The points query; the centroid replaces the report's own coordinates inside the SQL when needed."""
    at_centroid = or_(
        func.coalesce(Service.sensitive, False).is_(True),
        Report.confidentiality == Confidentiality.RAHASIA,
        Report.lat.is_(None),
        Report.lng.is_(None),
    )
    lat = case((at_centroid, Kelurahan.lat), else_=Report.lat)
    lng = case((at_centroid, Kelurahan.lng), else_=Report.lng)
    return (
        select(
            lat, lng, Report.status, Report.is_open, overdue_condition(now), Report.service_code,
            Service.name, Service.group, Report.kelurahan_kode, Report.received_at, at_centroid,
        )
        .select_from(Report)
        .outerjoin(Service, Service.code == Report.service_code)
        .outerjoin(Kelurahan, Kelurahan.kode == Report.kelurahan_kode)
        .where(Report.received_at >= since, lat.is_not(None), lng.is_not(None))
        .where(*visible_reports(public))
        .order_by(Report.received_at.desc(), Report.id.desc())
        .limit(limit)
    )  # fmt: skip


def _to_point(r: Sequence[Any]) -> ReportPoint:
    return ReportPoint(
        lat=float(r[0]), lng=float(r[1]), status=str(r[2]), is_open=bool(r[3]), overdue=bool(r[4]),
        service_code=r[5], category=r[6] or "Lainnya", group=r[7] or "umum", kelurahan_kode=r[8],
        received_at=r[9], at_centroid=bool(r[10]),
    )  # fmt: skip


def map_shapes(session: Session, now: datetime, public: bool) -> MapShapes:
    """The reference geometry of every kelurahan, with its kecamatan's name (same on every output)."""
    stmt = (
        select(
            Kelurahan.kode, Kelurahan.nama, Kelurahan.kecamatan_kode, Kecamatan.nama,
            Kelurahan.lat, Kelurahan.lng, Kelurahan.boundary_geojson,
        )
        .join(Kecamatan, Kecamatan.kode == Kelurahan.kecamatan_kode)
        .order_by(Kelurahan.kode)
    )  # fmt: skip
    shapes = tuple(KelurahanShape(*row) for row in session.execute(stmt))
    return MapShapes(public=public, kelurahan=shapes, generated_at=now)


def kiosk_network(session: Session, now: datetime, public: bool) -> KioskNetwork:
    """The kiosks grouped by kelurahan: online when the last heartbeat is under 3 minutes old; offline first."""
    online_since = now - timedelta(seconds=KIOSK_ONLINE_WINDOW_S)
    is_online = and_(Kiosk.last_heartbeat_at.is_not(None), Kiosk.last_heartbeat_at >= online_since)
    stmt = (
        select(
            Kiosk.kelurahan_kode, Kelurahan.nama, func.count(Kiosk.id), count_where(is_online),
            func.min(Kiosk.last_heartbeat_at), func.coalesce(func.sum(Kiosk.queue_length), 0),
            count_where(Kiosk.last_heartbeat_at.is_(None)),
        )
        .join(Kelurahan, Kelurahan.kode == Kiosk.kelurahan_kode)
        .group_by(Kiosk.kelurahan_kode, Kelurahan.nama)
    )  # fmt: skip
    rows = []
    for kode, nama, n, online, oldest, queue, never in session.execute(stmt):
        # A kiosk that never reported makes the kelurahan's stalest heartbeat "never".
        last = None if never else oldest
        rows.append(KioskStatus(kode, nama, int(n), int(online), last, int(queue)))
    rows.sort(
        key=lambda k: (k.all_online, k.online - k.kiosks, -k.queue_length, k.kelurahan, k.kelurahan_kode)
    )
    return KioskNetwork(
        public=public, kelurahan=tuple(rows), online_window_s=KIOSK_ONLINE_WINDOW_S, generated_at=now
    )


def ticker_stats(session: Session, now: datetime, public: bool) -> TickerStats:
    """Reports received today (WIB), resolved this WIB week (from Monday), open now, and the city's IKM (90 d)."""
    today = now.astimezone(WIB).replace(hour=0, minute=0, second=0, microsecond=0)
    week_start = today - timedelta(days=today.weekday())
    visible = visible_reports(public)
    received_today = select(func.count(Report.id)).where(
        Report.received_at >= today, Report.received_at <= now, *visible
    )
    resolved = select(func.count(Report.id)).where(
        Report.status == ReportStatus.SELESAI,
        Report.resolved_at >= week_start,
        Report.resolved_at <= now,
        *visible,
    )
    open_now = select(func.count(Report.id)).where(Report.is_open.is_(True), *visible)
    counts = session.execute(
        select(received_today.scalar_subquery(), resolved.scalar_subquery(), open_now.scalar_subquery())
    ).one()
    skm_row = session.execute(
        select(*skm_sum_columns()).where(
            SkmResponse.submitted_at >= now - timedelta(days=SKM_WINDOW_DAYS), SkmResponse.submitted_at <= now
        )
    ).one()
    ikm = ikm_from_row(tuple(skm_row))
    return TickerStats(
        public=public,
        reports_today=int(counts[0]),
        resolved_this_week=int(counts[1]),
        open_total=int(counts[2]),
        ikm=float(ikm.ikm_rounded) if ikm.ikm_rounded is not None else None,
        ikm_grade=ikm.grade,
        ikm_label=ikm.label_id,
        generated_at=now,
        ikm_label_en=ikm.label_en,
    )
