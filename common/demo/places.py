"""Where things happen: the kelurahan polygons, a population proxy to weight them, and points inside them."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select
from sqlalchemy.orm import Session

from common.domain.models import Kecamatan, Kelurahan

# Reports per kelurahan relative to the city mean: the dense centre (Kecamatan Serang, Cipocok Jaya) files most,
# the rural, spread-out edges (Kasemen, Walantaka) least. A proxy of population times urban reporting habit
# (BPS Kota Serang 2023 puts ~18,000 people in a Kecamatan Serang kelurahan and ~7,000 in a Walantaka one).
KECAMATAN_WEIGHT: dict[str, float] = {
    "Serang": 1.8,
    "Cipocok Jaya": 1.5,
    "Taktakan": 0.9,
    "Curug": 0.75,
    "Kasemen": 0.6,
    "Walantaka": 0.55,
}
# Busiest kelurahan of the centre: markets, offices, the alun-alun, the bus terminal.
CENTRAL_BOOST: dict[str, float] = {
    "36.73.01.1001": 1.5,  # Serang
    "36.73.01.1002": 1.5,  # Cipare
    "36.73.01.1003": 1.4,  # Sumur Pecung
    "36.73.01.1004": 1.4,  # Kota Baru
    "36.73.01.1006": 1.3,  # Cimuncang
    "36.73.05.1001": 1.3,  # Cipocok Jaya
    "36.73.05.1003": 1.2,  # Panancangan
    "36.73.05.1004": 1.2,  # Banjar Agung
    "36.73.05.1002": 1.2,  # Karundang
}
_MAX_TRIES = 10_000


@dataclass(frozen=True)
class Area:
    """One kelurahan: its code, names, boundary (prepared for fast point tests) and demo weight."""

    kode: str
    nama: str
    kecamatan_kode: str
    kecamatan: str
    geometry: BaseGeometry
    weight: float

    def sample_point(self, rng: random.Random) -> tuple[float, float]:
        """A uniformly random (lat, lng) strictly inside the boundary, by rejection in the bounding box."""
        min_x, min_y, max_x, max_y = self.geometry.bounds
        for _ in range(_MAX_TRIES):
            x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
            if shapely.contains_xy(self.geometry, x, y):
                return round(y, 6), round(x, 6)
        raise RuntimeError(f"could not sample a point inside kelurahan {self.kode}")

    def contains(self, lat: float, lng: float) -> bool:
        """True if the point lies inside the boundary."""
        return bool(shapely.contains_xy(self.geometry, lng, lat))


class Places:
    """All kelurahan of the city with weighted sampling."""

    def __init__(self, areas: Sequence[Area]) -> None:
        """Index ``areas`` by code; order is kept (it decides the sampling order, hence determinism)."""
        if not areas:
            raise ValueError("no kelurahan in the database: run 'bsm seed' (reference data) first")
        self.areas = tuple(areas)
        self.by_kode = {a.kode: a for a in self.areas}
        self._weights = [a.weight for a in self.areas]

    @classmethod
    def load(cls, session: Session) -> Places:
        """Read the kelurahan and their boundaries from the database, sorted by code."""
        kec = {k.kode: k.nama for k in session.scalars(select(Kecamatan))}
        areas = []
        for kel in session.scalars(select(Kelurahan).order_by(Kelurahan.kode)):
            geometry = shape(json.loads(kel.boundary_geojson))
            shapely.prepare(geometry)
            name = kec.get(kel.kecamatan_kode, "")
            weight = KECAMATAN_WEIGHT.get(name, 1.0) * CENTRAL_BOOST.get(kel.kode, 1.0)
            areas.append(Area(kel.kode, kel.nama, kel.kecamatan_kode, name, geometry, weight))
        return cls(areas)

    def pick(self, rng: random.Random, kecamatan: Sequence[str] = ()) -> Area:
        """A kelurahan drawn by weight, optionally only from the named kecamatan."""
        if not kecamatan:
            return rng.choices(self.areas, weights=self._weights)[0]
        pool = [a for a in self.areas if a.kecamatan in kecamatan]
        return rng.choices(pool, weights=[a.weight for a in pool])[0]

    def in_kecamatan(self, kecamatan_kode: str) -> list[Area]:
        """The kelurahan of one kecamatan."""
        return [a for a in self.areas if a.kecamatan_kode == kecamatan_kode]
