"""Kelurahan and kecamatan geometry for the map, prepared once per change of the reference data.

The kelurahan polygons come from the ``kelurahan`` table (GeoJSON, ``[lng, lat]``); kecamatan outlines are the
dissolved union (shapely ``unary_union``) of their kelurahan. Building happens on a worker thread; the result
is immutable and compares by a digest of its source, so an unchanged geometry never triggers a redraw.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from common.queries.snapshots import MapShapes

SLIVER_DEG = 3e-4

Ring = np.ndarray
"""An (N, 2) float array of ``[lng, lat]`` vertices."""


@dataclass(frozen=True)
class AreaGeometry:
    """One area (kelurahan or kecamatan): rings (exteriors and holes), centroid and a label point inside it."""

    kode: str
    nama: str
    parent_kode: str
    rings: tuple[Ring, ...] = field(compare=False, repr=False)
    centroid: tuple[float, float]
    label_point: tuple[float, float]
    area: float


@dataclass(frozen=True)
class MapGeometry:
    """Everything the map draws that comes from reference data; equal when built from the same source."""

    public: bool
    digest: str
    kelurahan: tuple[AreaGeometry, ...] = field(compare=False, repr=False)
    kecamatan: tuple[AreaGeometry, ...] = field(compare=False, repr=False)
    bounds: tuple[float, float, float, float] = field(compare=False)
    generated_at: datetime = field(compare=False)

    def kelurahan_by_kode(self, kode: str) -> AreaGeometry | None:
        """The kelurahan with this code, or None."""
        return next((k for k in self.kelurahan if k.kode == kode), None)


def _rings(geom: BaseGeometry, holes: bool = True) -> tuple[Ring, ...]:
    polys = (
        list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom] if isinstance(geom, Polygon) else []
    )
    out: list[Ring] = []
    for poly in polys:
        out.append(np.asarray(poly.exterior.coords, dtype=float)[:, :2])
        if holes:
            out.extend(np.asarray(hole.coords, dtype=float)[:, :2] for hole in poly.interiors)
    return tuple(out)


def _area(
    kode: str, nama: str, parent: str, geom: BaseGeometry, centroid: tuple[float, float], holes: bool = True
) -> AreaGeometry:
    label = geom.representative_point() if not geom.is_empty else None
    return AreaGeometry(
        kode=kode,
        nama=nama,
        parent_kode=parent,
        rings=_rings(geom, holes),
        centroid=centroid,
        label_point=(label.x, label.y) if label is not None else centroid,
        area=float(geom.area),
    )


def digest_of(shapes: MapShapes) -> str:
    """A digest of the reference geometry (codes, names and boundaries)."""
    h = hashlib.sha256()
    for k in shapes.kelurahan:
        h.update("\x1f".join((k.kode, k.nama, k.kecamatan_kode, k.kecamatan, k.boundary_geojson)).encode())
    return h.hexdigest()


def _dissolve(by_kecamatan: dict[str, list[BaseGeometry]], names: dict[str, str]) -> list[AreaGeometry]:
    """Kecamatan outlines: the union of their kelurahan."""
    kecamatan = []
    for kode, geoms in sorted(by_kecamatan.items()):
        # The polygons are simplified, so neighbours leave slivers: a ~30 m buffer closes them before the
        # union, and the kecamatan outline keeps no holes (a kecamatan has none; they would be slivers too).
        union = unary_union([g.buffer(SLIVER_DEG) for g in geoms]).buffer(-SLIVER_DEG)
        c = union.centroid
        kecamatan.append(_area(kode, names[kode], "", union, (c.x, c.y), holes=False))
    return kecamatan


def build_map_geometry(shapes: MapShapes) -> MapGeometry:
    """Parse the kelurahan boundaries and dissolve them by kecamatan (a broken shape is repaired or skipped)."""
    kelurahan: list[AreaGeometry] = []
    by_kecamatan: dict[str, list[BaseGeometry]] = defaultdict(list)
    kecamatan_names: dict[str, str] = {}
    for k in shapes.kelurahan:
        try:
            geom = shape(json.loads(k.boundary_geojson))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
        if not geom.is_valid:
            geom = geom.buffer(0)
        kelurahan.append(_area(k.kode, k.nama, k.kecamatan_kode, geom, (k.lng, k.lat)))
        by_kecamatan[k.kecamatan_kode].append(geom)
        kecamatan_names[k.kecamatan_kode] = k.kecamatan
    kecamatan = _dissolve(by_kecamatan, kecamatan_names)
    all_rings = [r for a in kelurahan for r in a.rings]
    if all_rings:
        stacked = np.vstack(all_rings)
        bounds = (
            float(stacked[:, 0].min()),
            float(stacked[:, 1].min()),
            float(stacked[:, 0].max()),
            float(stacked[:, 1].max()),
        )
    else:
        bounds = (106.066, -6.219, 106.256, -6.015)  # Kota Serang's bounding box (reference README)
    return MapGeometry(
        public=shapes.public,
        digest=digest_of(shapes),
        kelurahan=tuple(kelurahan),
        kecamatan=tuple(kecamatan),
        bounds=bounds,
        generated_at=shapes.generated_at,
    )


class MapGeometryCache:
    """Builds a :class:`MapGeometry` only when the reference data changed (thread-safe; owned by the service)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._built: dict[tuple[bool, str], MapGeometry] = {}

    def get(self, shapes: MapShapes) -> MapGeometry:
        """The geometry of ``shapes``, reused when the same source was built before."""
        key = (shapes.public, digest_of(shapes))
        with self._lock:
            cached = self._built.get(key)
        if cached is None:
            cached = build_map_geometry(shapes)
            with self._lock:
                self._built = {key: cached, **{k: v for k, v in self._built.items() if k[0] != shapes.public}}
        return cached
