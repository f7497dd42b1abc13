"""How the complaint map encodes data: the open-count colour classes and the point symbols.

Fill: a single-hue sequential ramp (dark to light blue; order is told by lightness, which every viewer sees).
Points: by status (colour *and* shape: circle new, diamond in progress, triangle overdue, square closed) or by
category group (colour and shape per group). Points placed at a kelurahan centroid are drawn hollow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtGui import QColor

from common.domain.enums import ReportStatus
from common.queries.snapshots import ReportPoint

FILL_ZERO = QColor("#1b222d")
FILL_RAMP = (QColor("#1f3d5e"), QColor("#255a85"), QColor("#2f79ab"), QColor("#4f9fd1"), QColor("#94cdee"))
OUTLINE_KELURAHAN = QColor("#5b6675")
OUTLINE_KECAMATAN = QColor("#e8ecf1")
FOCUS = QColor("#f0e442")


@dataclass(frozen=True)
class FillClass:
    """One legend entry of the fill: counts ``low``..``high`` drawn in ``color``."""

    low: int
    high: int
    color: QColor

    @property
    def label(self) -> str:
        """``0``, ``4`` or ``1–5``."""
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


def fill_classes(max_open: int) -> tuple[FillClass, ...]:
    """Zero, then up to five equal-width classes of whole numbers covering 1..``max_open``."""
    classes = [FillClass(0, 0, FILL_ZERO)]
    if max_open <= 0:
        return tuple(classes)
    n = min(len(FILL_RAMP), max_open)
    step = math.ceil(max_open / n)
    n = math.ceil(max_open / step)
    ramp = FILL_RAMP[len(FILL_RAMP) - n :] if n < len(FILL_RAMP) else FILL_RAMP
    for i in range(n):
        classes.append(FillClass(i * step + 1, (i + 1) * step, ramp[i]))
    return tuple(classes)


def fill_color(classes: tuple[FillClass, ...], count: int) -> QColor:
    """The fill of a kelurahan with ``count`` open reports."""
    for c in classes:
        if c.low <= count <= c.high:
            return c.color
    return classes[-1].color


@dataclass(frozen=True)
class PointStyle:
    """A legend entry of the points: the key of its word in the wall's texts, colour, shape."""

    key: str
    label_key: str
    color: QColor
    shape: str


STATUS_STYLES = (
    PointStyle("baru", "map.status.new", QColor("#f0e442"), "circle"),
    PointStyle("proses", "map.status.in_progress", QColor("#e69f00"), "diamond"),
    PointStyle("terlambat", "map.status.overdue", QColor("#d55e00"), "triangle"),
    PointStyle("selesai", "map.status.closed", QColor("#009e73"), "square"),
)

GROUP_STYLES = (
    PointStyle("infrastruktur", "map.group.infrastruktur", QColor("#e69f00"), "circle"),
    PointStyle("transportasi", "map.group.transportasi", QColor("#f0e442"), "diamond"),
    PointStyle("lingkungan", "map.group.lingkungan", QColor("#009e73"), "square"),
    PointStyle("ketertiban", "map.group.ketertiban", QColor("#cc79a7"), "triangle"),
    PointStyle("darurat", "map.group.darurat", QColor("#d55e00"), "triangle"),
    PointStyle("sosial", "map.group.sosial", QColor("#f5c2e7"), "circle"),
    PointStyle("pelayanan", "map.group.pelayanan", QColor("#ffffff"), "diamond"),
    PointStyle("ekonomi", "map.group.ekonomi", QColor("#c8a165"), "square"),
    PointStyle("umum", "map.group.umum", QColor("#bbbbbb"), "circle"),
)

_NEW = {ReportStatus.DITERIMA.value, ReportStatus.TERVERIFIKASI.value}


def status_key(point: ReportPoint) -> str:
    """The status class of a point: baru, proses, terlambat or selesai."""
    if not point.is_open:
        return "selesai"
    if point.overdue:
        return "terlambat"
    return "baru" if point.status in _NEW else "proses"


def point_style(point: ReportPoint, color_by: str) -> PointStyle:
    """The symbol of a point, by ``status`` or by ``category`` (its service group)."""
    if color_by == "category":
        return next((s for s in GROUP_STYLES if s.key == point.group), GROUP_STYLES[-1])
    key = status_key(point)
    return next(s for s in STATUS_STYLES if s.key == key)
