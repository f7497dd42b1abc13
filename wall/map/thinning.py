"""Thinning the report points of a map so that a busy week stays readable from across the room.

A city that receives a few hundred reports a day puts thousands of points on the map; drawn one by one they merge
into one blot that hides the kelurahan fills under it and says nothing about any single report. The map therefore
keeps at most one point per square cell of the screen (a few marker sizes wide) and draws the one that matters
most there:

1. a report received in the last hour (the room must see a new report arrive, wherever it lands);
2. an overdue one, 3. a new one, 4. one in progress, 5. a closed one;

the newest first among equals. The kelurahan fills and the legend's totals still count every report, and the grid
is anchored to the map's top-left corner, so points do not jump between refreshes of the same view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QRectF

from common.queries.snapshots import ReportPoint
from wall.map.projection import MapProjection
from wall.map.style import status_key

FRESH = timedelta(hours=1)
"""Reports younger than this always win their cell."""

CELL_RADII = 3.5
"""Cell side in marker radii: markers never overlap and cover at most about a quarter of a full map."""

_STATUS_RANK = {"terlambat": 1, "baru": 2, "proses": 3, "selesai": 4}

Place = Callable[[float, float], tuple[float, float]]
"""``(lng, lat) -> (x, y)`` in pixels."""


def is_fresh(point: ReportPoint, now: datetime) -> bool:
    """Received within :data:`FRESH` of ``now`` (a report stamped ahead of ``now`` by the hub's clock counts too)."""
    return now - point.received_at <= FRESH


def urgency(point: ReportPoint, now: datetime) -> tuple[int, float]:
    """Sort key of a point within its cell: lower is drawn (fresh, overdue, new, in progress, closed; newest)."""
    rank = 0 if is_fresh(point, now) else _STATUS_RANK[status_key(point)]
    return rank, -point.received_at.timestamp()


def fresh_until(points: Sequence[ReportPoint], now: datetime) -> datetime | None:
    """When the first of the points that are fresh at ``now`` stops being fresh (None: none is fresh).

    The thinning's choice changes then although the points did not: a map redraws its points at that moment.
    """
    return min((p.received_at + FRESH for p in points if is_fresh(p, now)), default=None)


def thin_points(
    points: Sequence[ReportPoint], place: Place, origin: tuple[float, float], cell_px: float, now: datetime
) -> list[ReportPoint]:
    """The points to draw: at most one per ``cell_px`` square (cells anchored at ``origin``), in input order.

    Points placed at a kelurahan centroid are all kept (the painter draws them as one ring per place).
    A ``cell_px`` below 1 keeps everything.
    """
    if cell_px < 1:
        return list(points)
    best: dict[tuple[int, int], tuple[tuple[int, float], int]] = {}
    for index, point in enumerate(points):
        if point.at_centroid:
            continue
        x, y = place(point.lng, point.lat)
        cell = (int((x - origin[0]) // cell_px), int((y - origin[1]) // cell_px))
        key = urgency(point, now)
        held = best.get(cell)
        if held is None or key < held[0]:
            best[cell] = (key, index)
    keep = {index for _, index in best.values()}
    return [p for i, p in enumerate(points) if p.at_centroid or i in keep]


def thin_for_view(
    points: Sequence[ReportPoint], proj: MapProjection, rect: QRectF, radius: float, now: datetime
) -> tuple[ReportPoint, ...]:
    """:func:`thin_points` for markers of ``radius`` pixels drawn with ``proj`` in ``rect`` (cells of
    :data:`CELL_RADII` radii from its top-left corner)."""

    def place(lng: float, lat: float) -> tuple[float, float]:
        at = proj.point(lng, lat)
        return at.x(), at.y()

    return tuple(thin_points(points, place, (rect.left(), rect.top()), radius * CELL_RADII, now))
