"""Point-in-polygon lookup of the 67 kelurahan of Kota Serang (shapely, prepared geometries, built once).

A :class:`Geography` is built by a program's composition root and passed to whoever needs it: there is no module
state. Boundaries are simplified and indicative (see ``assets/data/kota-serang/README.md``), so a point that
falls in a sliver between two polygons, or just outside the city edge, is attributed to the nearest kelurahan
when it lies within ``tolerance_deg`` (about 55 m by default) of it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass

import shapely
from shapely.geometry import Point, shape
from shapely.strtree import STRtree

from common.rules.errors import FieldError

DEFAULT_TOLERANCE_DEG = 0.0005
"""About 55 m at the equator: enough to absorb the simplification of the boundaries, too little to accept
points in the neighbouring regencies."""


@dataclass(frozen=True, slots=True)
class KelurahanShape:
    """One kelurahan boundary as stored in ``kelurahan.boundary_geojson`` (GeoJSON, ``[lng, lat]``)."""

    kode: str
    geojson: str


class Geography:
    """Finds the kelurahan containing a WGS84 point; thread-safe for reads once built."""

    def __init__(self, shapes: Iterable[KelurahanShape], tolerance_deg: float = DEFAULT_TOLERANCE_DEG) -> None:
        """Parse and prepare every boundary (a few milliseconds for 67 polygons)."""
        self._codes: list[str] = []
        geoms = []
        for item in shapes:
            geom = shape(json.loads(item.geojson))
            shapely.prepare(geom)  # prepared: repeated contains() tests are several times faster
            self._codes.append(item.kode)
            geoms.append(geom)
        self._geoms = geoms
        self._bounds = [tuple(float(v) for v in g.bounds) for g in geoms]
        self._tree = STRtree(geoms)
        self._tolerance = tolerance_deg

    def __len__(self) -> int:
        """Number of kelurahan known."""
        return len(self._codes)

    def locate(self, lat: float, lng: float) -> str | None:
        """Return the code of the kelurahan containing the point (or nearest within tolerance), else None."""
        # Hot path (every intake): bounding boxes in plain Python, then contains_xy on the prepared polygon,
        # which needs no Point object. The spatial index serves the rare near-miss below.
        for index, (min_x, min_y, max_x, max_y) in enumerate(self._bounds):
            if min_x <= lng <= max_x and min_y <= lat <= max_y and shapely.contains_xy(self._geoms[index], lng, lat):
                return self._codes[index]
        point = Point(lng, lat)
        for index in self._tree.query(point, predicate="intersects"):  # on a boundary line
            return self._codes[int(index)]
        nearest = self._tree.query_nearest(point, max_distance=self._tolerance)
        if len(nearest):
            return self._codes[int(nearest[0])]
        return None

    def distance_to(self, kode: str, lat: float, lng: float) -> float:
        """Distance in degrees from the point to the boundary of ``kode`` (0 inside); inf for unknown codes."""
        try:
            index = self._codes.index(kode)
        except ValueError:
            return math.inf
        return float(self._geoms[index].distance(Point(lng, lat)))

    def within_tolerance(self, kode: str, lat: float, lng: float) -> bool:
        """True when the point lies in ``kode`` or within the tolerance of its boundary."""
        return self.distance_to(kode, lat, lng) <= self._tolerance


def check_coordinates(lat: float, lng: float) -> None:
    """Raise :class:`FieldError` for coordinates that are not finite WGS84 values."""
    if not math.isfinite(lat) or not -90.0 <= lat <= 90.0:
        raise FieldError("lat", "Lintang harus angka antara -90 dan 90", "lat must be a number from -90 to 90")
    if not math.isfinite(lng) or not -180.0 <= lng <= 180.0:
        raise FieldError("long", "Bujur harus angka antara -180 dan 180", "long must be a number from -180 to 180")
