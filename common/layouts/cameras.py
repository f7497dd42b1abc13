"""What the layout code needs to know about cameras, and the nearest cameras to a point (haversine)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.domain.models import Camera

EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class CameraInfo:
    """A camera as the wall sees it: URLs, the public-safe flag and where it is."""

    name: str
    public_safe: bool
    main_url: str = ""
    sub_url: str = ""
    active: bool = True
    lat: float | None = None
    lng: float | None = None
    kelurahan_kode: str | None = None

    def url(self, stream: str) -> str:
        """The URL of ``main`` or ``sub`` (the main stream when there is no sub stream)."""
        return self.sub_url if stream == "sub" and self.sub_url else self.main_url


def load_cameras(session: Session) -> dict[str, CameraInfo]:
    """Every camera in the database by name (inactive ones too; the wall decides)."""
    rows = session.scalars(select(Camera).order_by(Camera.name))
    return {
        c.name: CameraInfo(
            name=c.name, public_safe=bool(c.public_safe), main_url=c.main_url, sub_url=c.sub_url or "",
            active=bool(c.active), lat=c.lat, lng=c.lng, kelurahan_kode=c.kelurahan_kode,
        )
        for c in rows
    }


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def nearest_cameras(
    cameras: Mapping[str, CameraInfo] | Iterable[CameraInfo], lat: float, lng: float, n: int,
    *, public_only: bool = False,
) -> list[CameraInfo]:
    """The ``n`` active cameras with a position nearest to (lat, lng), nearest first (ties by name)."""
    items = cameras.values() if isinstance(cameras, Mapping) else cameras
    placed = [
        c for c in items
        if c.active and c.lat is not None and c.lng is not None and (c.public_safe or not public_only)
    ]
    placed.sort(key=lambda c: (haversine_m(lat, lng, c.lat or 0.0, c.lng or 0.0), c.name))
    return placed[:n]
