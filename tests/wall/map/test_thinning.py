"""Thinning the map's report points: one point per cell, the most urgent one, fresh reports always visible."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QRectF

from common.domain.enums import ReportStatus
from common.queries.snapshots import ReportPoint
from wall.map.projection import MapProjection
from wall.map.thinning import CELL_RADII, FRESH, fresh_until, thin_for_view, thin_points, urgency

NOW = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)


def point(x: float, y: float, *, age: timedelta = timedelta(days=2), status: ReportStatus = ReportStatus.DITERIMA,
          is_open: bool = True, overdue: bool = False, at_centroid: bool = False) -> ReportPoint:
    """A point whose (lng, lat) is used directly as pixels by :func:`identity`."""
    return ReportPoint(lat=y, lng=x, status=status.value, is_open=is_open, overdue=overdue, service_code="jalan-rusak",
                       category="Jalan rusak", group="infrastruktur", kelurahan_kode="36.73.01.1004",
                       received_at=NOW - age, at_centroid=at_centroid)  # fmt: skip


def identity(lng: float, lat: float) -> tuple[float, float]:
    return lng, lat


def test_at_most_one_point_per_cell_and_input_order_kept() -> None:
    rng = random.Random(7)
    points = [point(rng.uniform(0, 300), rng.uniform(0, 200), age=timedelta(hours=2 + i)) for i in range(3000)]
    kept = thin_points(points, identity, (0.0, 0.0), 20.0, NOW)
    cells = [(int(p.lng // 20), int(p.lat // 20)) for p in kept]
    assert len(cells) == len(set(cells))
    assert 140 <= len(kept) <= 15 * 10  # 3000 random points fill (nearly) every one of the 150 cells
    positions = [points.index(p) for p in kept]
    assert positions == sorted(positions)  # newest first, as the snapshot delivered them


def test_the_most_urgent_point_of_a_cell_is_drawn() -> None:
    closed = point(1, 1, age=timedelta(hours=3), status=ReportStatus.SELESAI, is_open=False)
    in_progress = point(2, 2, age=timedelta(hours=4), status=ReportStatus.DITINDAKLANJUTI)
    new_old = point(3, 3, age=timedelta(days=3))
    new_newer = point(4, 4, age=timedelta(days=2))
    overdue = point(5, 5, age=timedelta(days=6), status=ReportStatus.DITINDAKLANJUTI, overdue=True)
    fresh_closed = point(6, 6, age=FRESH - timedelta(minutes=1), status=ReportStatus.SELESAI, is_open=False)
    ladder = [closed, in_progress, new_old, new_newer, overdue, fresh_closed]
    expected = [in_progress, new_old, new_newer, overdue, fresh_closed]
    for upto, winner in zip(range(2, len(ladder) + 1), expected, strict=True):
        assert thin_points(ladder[:upto], identity, (0.0, 0.0), 50.0, NOW) == [winner], upto
    assert urgency(fresh_closed, NOW) < urgency(overdue, NOW) < urgency(new_newer, NOW) < urgency(new_old, NOW)


def test_a_new_report_shows_even_in_a_crowded_cell() -> None:
    crowd = [point(10 + i % 9, 10 + i // 9, age=timedelta(days=1, minutes=i), overdue=True) for i in range(80)]
    arrived = point(12, 12, age=timedelta(seconds=5))
    assert thin_points([arrived, *crowd], identity, (0.0, 0.0), 40.0, NOW) == [arrived]


def test_centroid_points_are_all_kept_and_a_tiny_cell_keeps_everything() -> None:
    rings = [point(50, 50, at_centroid=True, age=timedelta(days=d)) for d in range(1, 6)]
    exact = [point(50.5, 50.5), point(51, 51)]
    kept = thin_points([*rings, *exact], identity, (0.0, 0.0), 30.0, NOW)
    assert kept == [*rings, exact[0]]
    assert thin_points(exact, identity, (0.0, 0.0), 0.5, NOW) == exact
    assert thin_points([], identity, (0.0, 0.0), 30.0, NOW) == []


def test_cells_are_anchored_to_the_map_corner() -> None:
    """A point just right of a cell edge and one just left of it stay apart; moving the corner merges them."""
    a, b = point(99.0, 5.0, age=timedelta(days=1)), point(101.0, 5.0, age=timedelta(days=2))
    assert thin_points([a, b], identity, (0.0, 0.0), 50.0, NOW) == [a, b]
    assert thin_points([a, b], identity, (20.0, 0.0), 50.0, NOW) == [a]


def test_thin_for_view_uses_the_projection_and_marker_size() -> None:
    bounds = (106.05, -6.25, 106.30, -6.00)  # roughly Kota Serang
    rect = QRectF(10, 20, 400, 400)
    proj = MapProjection.fit(bounds, rect)
    rng = random.Random(3)
    points = [point(rng.uniform(bounds[0], bounds[2]), rng.uniform(bounds[1], bounds[3])) for _ in range(2000)]
    radius = 6.0
    kept = thin_for_view(points, proj, rect, radius, NOW)
    cell = radius * CELL_RADII
    cells = set()
    for p in kept:
        at = proj.point(p.lng, p.lat)
        cells.add((int((at.x() - rect.left()) // cell), int((at.y() - rect.top()) // cell)))
    assert len(cells) == len(kept) < len(points)
    assert len(kept) <= (400 // cell + 1) ** 2


def test_fresh_until_is_when_the_first_fresh_point_ages() -> None:
    ahead = point(0, 0, age=-timedelta(minutes=5))  # stamped ahead by the hub's clock: fresh until NOW + 65 min
    points = [point(0, 0, age=timedelta(minutes=50)), point(0, 0, age=timedelta(minutes=10)),
              point(0, 0, age=timedelta(hours=3)), ahead]
    assert fresh_until(points, NOW) == NOW + timedelta(minutes=10)
    assert fresh_until([ahead], NOW) == NOW + timedelta(minutes=65)
    assert fresh_until([point(0, 0, age=timedelta(hours=2))], NOW) is None
    assert fresh_until([], NOW) is None
