"""Immutable snapshots the dashboard queries return and the wall's tiles draw.

Every snapshot says whether it was computed for a public output (``public``): a public tile refuses anything
else. Snapshots compare by value, ignoring ``generated_at``, so a tile can skip redrawing an unchanged one.
Nothing here holds personal data: no names, contacts, addresses, descriptions or photos exist in these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class KelurahanCount:
    """Open and overdue reports of one kelurahan."""

    kode: str
    open: int
    overdue: int


@dataclass(frozen=True, slots=True)
class KelurahanCounts:
    """Open/overdue counts of every kelurahan that has at least one open report."""

    public: bool
    counts: tuple[KelurahanCount, ...]
    generated_at: datetime = field(compare=False)

    def by_kode(self) -> dict[str, KelurahanCount]:
        """The counts keyed on the kelurahan code."""
        return {c.kode: c for c in self.counts}

    @property
    def total_open(self) -> int:
        """Open reports in the whole city (reports without a kelurahan are not on the map)."""
        return sum(c.open for c in self.counts)

    @property
    def total_overdue(self) -> int:
        """Overdue open reports in the whole city."""
        return sum(c.overdue for c in self.counts)


@dataclass(frozen=True, slots=True)
class ReportPoint:
    """Where and what one recent report is, for the map. ``at_centroid``: placed at its kelurahan's centroid."""

    lat: float
    lng: float
    status: str
    is_open: bool
    overdue: bool
    service_code: str | None
    category: str
    group: str
    kelurahan_kode: str | None
    received_at: datetime
    at_centroid: bool


@dataclass(frozen=True, slots=True)
class ReportPoints:
    """The most recent reports received since ``since`` (newest first, at most ``limit``)."""

    public: bool
    # ``since`` moves with the clock at every poll (now - N days): compared, it made every snapshot "changed" and
    # every map redraw its points each second. The points themselves say whether anything changed.
    since: datetime = field(compare=False)
    points: tuple[ReportPoint, ...]
    generated_at: datetime = field(compare=False)


@dataclass(frozen=True, slots=True)
class OpdBoardRow:
    """One OPD's state: workload, lateness, throughput, responsiveness and citizen satisfaction."""

    slug: str
    singkatan: str
    open: int
    overdue: int
    resolved_30d: int
    median_first_response_h: float | None
    ikm: float | None
    skm_grade: str | None
    skm_responses: int

    @property
    def overdue_share(self) -> float:
        """Overdue open reports as a share of open reports (0 when nothing is open)."""
        return self.overdue / self.open if self.open else 0.0


@dataclass(frozen=True, slots=True)
class OpdBoard:
    """Every active OPD, worst first (highest overdue share, then most overdue, then most open)."""

    public: bool
    rows: tuple[OpdBoardRow, ...]
    generated_at: datetime = field(compare=False)


@dataclass(frozen=True, slots=True)
class DailySeries:
    """Counts per WIB day for named series (``series`` keeps a fixed, meaningful order)."""

    public: bool
    days: tuple[date, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]
    generated_at: datetime = field(compare=False)

    def values(self, name: str) -> tuple[int, ...]:
        """The counts of one series (zeros if unknown)."""
        for key, values in self.series:
            if key == name:
                return values
        return (0,) * len(self.days)

    def total(self, name: str) -> int:
        """The sum of one series over all days."""
        return sum(self.values(name))


@dataclass(frozen=True, slots=True)
class KioskStatus:
    """The kiosks of one kelurahan: how many, how many online, the stalest heartbeat, the queued submissions."""

    kelurahan_kode: str
    kelurahan: str
    kiosks: int
    online: int
    last_heartbeat_at: datetime | None
    queue_length: int

    @property
    def all_online(self) -> bool:
        """True when every kiosk of the kelurahan sent a heartbeat recently."""
        return self.online == self.kiosks


@dataclass(frozen=True, slots=True)
class KioskNetwork:
    """The kiosk network by kelurahan, offline ones first."""

    public: bool
    kelurahan: tuple[KioskStatus, ...]
    online_window_s: int
    generated_at: datetime = field(compare=False)


@dataclass(frozen=True, slots=True)
class TickerStats:
    """Public-safe headline numbers for the running text."""

    public: bool
    reports_today: int
    resolved_this_week: int
    open_total: int
    ikm: float | None
    ikm_grade: str | None
    ikm_label: str | None
    generated_at: datetime = field(compare=False)
    ikm_label_en: str | None = None
    """The grade's label in English (``ikm_label`` is the Indonesian one); last, so older callers still fit."""


@dataclass(frozen=True, slots=True)
class KelurahanShape:
    """A kelurahan's reference geometry: GeoJSON (``[lng, lat]``) as text, centroid and kecamatan."""

    kode: str
    nama: str
    kecamatan_kode: str
    kecamatan: str
    lat: float
    lng: float
    boundary_geojson: str


@dataclass(frozen=True, slots=True)
class MapShapes:
    """The reference geometry of every kelurahan (changes only when an administrator edits it)."""

    public: bool
    kelurahan: tuple[KelurahanShape, ...]
    generated_at: datetime = field(compare=False)
