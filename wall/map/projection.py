"""A simple equirectangular projection for a city-sized map: longitude scaled by cos(latitude).

Over Kota Serang (0.2 degrees) this differs from Web Mercator by far less than a pixel at wall sizes, so XYZ
basemap tiles can be placed by projecting their corners.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF


@dataclass(frozen=True)
class MapProjection:
    """Maps ``(lng, lat)`` to pixels: ``x = cx + (lng - lng0) * k * s``, ``y = cy - (lat - lat0) * s``."""

    lng0: float
    lat0: float
    scale: float
    """Pixels per degree of latitude."""
    k: float
    """cos(latitude) of the map's centre: degrees of longitude are shorter than degrees of latitude."""
    cx: float
    cy: float

    @classmethod
    def fit(
        cls,
        bounds: tuple[float, float, float, float],
        rect: QRectF,
        zoom: float = 1.0,
        center: tuple[float, float] | None = None,
    ) -> MapProjection:
        """Fit ``bounds`` (min lng, min lat, max lng, max lat) into ``rect`` keeping the aspect ratio.

        ``zoom`` > 1 magnifies around ``center`` (lng, lat; default: the bounds' centre).
        """
        min_lng, min_lat, max_lng, max_lat = bounds
        lat_mid = (min_lat + max_lat) / 2
        k = math.cos(math.radians(lat_mid))
        width_deg = max((max_lng - min_lng) * k, 1e-9)
        height_deg = max(max_lat - min_lat, 1e-9)
        scale = min(rect.width() / width_deg, rect.height() / height_deg) * max(zoom, 0.1)
        lng0, lat0 = center if center is not None else ((min_lng + max_lng) / 2, lat_mid)
        return cls(lng0, lat0, scale, k, rect.center().x(), rect.center().y())

    def point(self, lng: float, lat: float) -> QPointF:
        """The pixel position of one coordinate."""
        return QPointF(
            self.cx + (lng - self.lng0) * self.k * self.scale, self.cy - (lat - self.lat0) * self.scale
        )

    def array(self, lnglat: np.ndarray) -> np.ndarray:
        """Project an (N, 2) array of ``[lng, lat]`` to an (N, 2) array of pixels."""
        out = np.empty_like(lnglat, dtype=float)
        out[:, 0] = self.cx + (lnglat[:, 0] - self.lng0) * self.k * self.scale
        out[:, 1] = self.cy - (lnglat[:, 1] - self.lat0) * self.scale
        return out

    def inverse(self, x: float, y: float) -> tuple[float, float]:
        """The ``(lng, lat)`` under a pixel."""
        return self.lng0 + (x - self.cx) / (self.k * self.scale), self.lat0 - (y - self.cy) / self.scale

    def visible_bounds(self, rect: QRectF) -> tuple[float, float, float, float]:
        """The (min lng, min lat, max lng, max lat) shown in ``rect``."""
        lng_a, lat_a = self.inverse(rect.left(), rect.bottom())
        lng_b, lat_b = self.inverse(rect.right(), rect.top())
        return lng_a, lat_a, lng_b, lat_b
