"""The kinds of dashboard snapshot, how each is computed and how often it is refreshed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from sqlalchemy.orm import Session

from common.queries import dashboard
from wall.map.geometry import MapGeometryCache


class SnapshotKind(StrEnum):
    """What a snapshot holds; tiles subscribe to the kinds they draw."""

    MAP_GEOMETRY = "map_geometry"
    KELURAHAN_COUNTS = "kelurahan_counts"
    REPORT_POINTS = "report_points"
    OPD_BOARD = "opd_board"
    REPORTS_PER_CHANNEL = "reports_per_channel"
    CALLS112 = "calls112"
    KIOSK_NETWORK = "kiosk_network"
    TICKER_STATS = "ticker_stats"


DEFAULT_INTERVALS_MS: Mapping[SnapshotKind, int] = MappingProxyType(
    {
        # New reports must appear on the map within 2 s of their commit at the hub.
        SnapshotKind.REPORT_POINTS: 1000,
        SnapshotKind.KELURAHAN_COUNTS: 2000,
        SnapshotKind.KIOSK_NETWORK: 10_000,
        SnapshotKind.TICKER_STATS: 15_000,
        SnapshotKind.OPD_BOARD: 15_000,
        SnapshotKind.REPORTS_PER_CHANNEL: 30_000,
        SnapshotKind.CALLS112: 30_000,
        SnapshotKind.MAP_GEOMETRY: 600_000,
    }
)
POINTS_LIMIT = 3000
"""At most this many points per snapshot (newest first): enough for 30 busy days, cheap to draw."""

Compute = Callable[[Session, datetime, bool], object]

POINTS_DAYS_MAX = 90


def points_kind(days: int) -> str:
    """The kind of the report points of the last ``days`` days (1..90): ``report_points@7``."""
    return f"{SnapshotKind.REPORT_POINTS}@{max(1, min(POINTS_DAYS_MAX, int(days)))}"


def base_kind(kind: str) -> str:
    """The kind without its parameter (``report_points@7`` -> ``report_points``)."""
    return kind.partition("@")[0]


class SnapshotComputers:
    """Finds the function computing a kind from ``(session, now, public)``; some kinds take a parameter
    (``report_points@<days>``). The map geometry is rebuilt only when the reference data changed."""

    def __init__(self, chart_days: int = 30) -> None:
        self._geometry = MapGeometryCache()
        self._chart_days = chart_days
        self._fixed: dict[str, Compute] = {
            SnapshotKind.MAP_GEOMETRY: self._map_geometry,
            SnapshotKind.KELURAHAN_COUNTS: dashboard.kelurahan_counts,
            SnapshotKind.OPD_BOARD: dashboard.opd_board_rows,
            SnapshotKind.REPORTS_PER_CHANNEL: self._reports_per_channel,
            SnapshotKind.CALLS112: self._calls112,
            SnapshotKind.KIOSK_NETWORK: dashboard.kiosk_network,
            SnapshotKind.TICKER_STATS: dashboard.ticker_stats,
        }

    def get(self, kind: str) -> Compute | None:
        """The computer of ``kind``, or None for an unknown or malformed kind."""
        base, _, arg = kind.partition("@")
        if base == SnapshotKind.REPORT_POINTS:
            days = int(arg) if arg.isdigit() else 7
            if kind != points_kind(days):
                return None
            return lambda session, now, public: dashboard.recent_report_points(
                session, now, public, since=now - timedelta(days=days), limit=POINTS_LIMIT
            )
        return None if arg else self._fixed.get(kind)

    def _map_geometry(self, session: Session, now: datetime, public: bool) -> object:
        return self._geometry.get(dashboard.map_shapes(session, now, public))

    def _reports_per_channel(self, session: Session, now: datetime, public: bool) -> object:
        return dashboard.reports_per_channel_per_day(session, now, public, days=self._chart_days)

    def _calls112(self, session: Session, now: datetime, public: bool) -> object:
        return dashboard.calls112_by_class_per_day(session, now, public, days=self._chart_days)
