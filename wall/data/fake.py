"""Fake dashboard snapshots and a fake service, for the layout editor's preview and for tests.

The geometry is the real reference data shipped in ``assets/``; every figure is made up (deterministic).
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject

from common.config import default_assets_dir
from common.domain.enums import CallClass, Channel, ReportStatus
from common.queries.snapshots import (
    DailySeries,
    KelurahanCount,
    KelurahanCounts,
    KelurahanShape,
    KioskNetwork,
    KioskStatus,
    MapShapes,
    OpdBoard,
    OpdBoardRow,
    ReportPoint,
    ReportPoints,
    TickerStats,
)
from common.reference.loader import load_reference
from common.rules.status import is_open
from wall.data.channel import PRIVACIES, DashboardChannel, Privacy
from wall.data.kinds import SnapshotKind
from wall.map.geometry import build_map_geometry

_CATEGORIES = (
    ("jalan-rusak", "Jalan rusak / berlubang", "infrastruktur", False),
    ("sampah", "Sampah", "lingkungan", False),
    ("lampu-jalan", "Lampu penerangan jalan mati", "infrastruktur", False),
    ("lalu-lintas", "Lalu lintas, rambu dan parkir", "transportasi", False),
    ("adminduk", "Administrasi kependudukan", "pelayanan", False),
    ("bansos", "Bantuan sosial", "sosial", True),
)


def _points(rng: random.Random, shapes: MapShapes, now: datetime, public: bool) -> ReportPoints:
    points = []
    statuses = list(ReportStatus)
    for i in range(300):
        kel = rng.choice(shapes.kelurahan)
        code, name, group, sensitive = rng.choice(_CATEGORIES)
        status = rng.choice(statuses)
        open_ = is_open(status)
        jitter = 0.0 if sensitive else 0.004
        points.append(
            ReportPoint(
                lat=kel.lat + rng.uniform(-jitter, jitter),
                lng=kel.lng + rng.uniform(-jitter, jitter),
                status=str(status),
                is_open=open_,
                overdue=open_ and rng.random() < 0.25,
                service_code=code,
                category=name,
                group=group,
                kelurahan_kode=kel.kode,
                received_at=now - timedelta(minutes=140 * i),  # 300 reports over 29 days
                at_centroid=sensitive,
            )
        )
    return ReportPoints(public=public, since=now - timedelta(days=7), points=tuple(points), generated_at=now)


def _daily(
    rng: random.Random, now: datetime, public: bool, names: list[str], scale: dict[str, int]
) -> DailySeries:
    today = now.date()
    days = tuple(today - timedelta(days=29 - i) for i in range(30))
    series = tuple((n, tuple(max(0, int(rng.gauss(scale[n], scale[n] / 3))) for _ in days)) for n in names)
    return DailySeries(public=public, days=days, series=series, generated_at=now)


def _board(rng: random.Random, now: datetime, public: bool) -> OpdBoard:
    names = ["DPUPR", "DLH", "Dishub", "Disperkim", "Dinsos", "Dinkes", "Satpol PP", "Disdukcapil", "Damkar",
             "BPBD", "Dindikbud", "Kec. Serang", "Kec. Kasemen", "Kec. Curug", "Diskominfo", "Bapenda"]  # fmt: skip
    rows = []
    for name in names:
        open_ = rng.randint(0, 60)
        overdue = rng.randint(0, open_ // rng.choice([1, 3, 6, 12]))
        n = rng.randint(0, 120)
        ikm = rng.uniform(62, 95) if n else None
        grade = (
            None
            if ikm is None
            else "A"
            if ikm >= 88.31
            else "B"
            if ikm >= 76.61
            else "C"
            if ikm >= 65
            else "D"
        )
        rows.append(
            OpdBoardRow(
                slug=name.lower(), singkatan=name, open=open_, overdue=overdue,
                resolved_30d=rng.randint(0, 90), median_first_response_h=rng.uniform(2, 90) if n else None,
                ikm=ikm, skm_grade=grade, skm_responses=n,
            )
        )  # fmt: skip
    rows.sort(key=lambda r: (-r.overdue_share, -r.overdue, -r.open))
    return OpdBoard(public=public, rows=tuple(rows), generated_at=now)


def _kiosks(rng: random.Random, shapes: MapShapes, now: datetime, public: bool) -> KioskNetwork:
    rows = []
    for kel in shapes.kelurahan[:40]:
        online = rng.random() > 0.2
        beat = now - timedelta(seconds=rng.randint(5, 120) if online else rng.randint(600, 20_000))
        rows.append(
            KioskStatus(kel.kode, kel.nama, 1, int(online), beat, rng.randint(0, 4) if not online else 0)
        )
    rows.sort(key=lambda k: (k.all_online, -k.queue_length, k.kelurahan))
    return KioskNetwork(public=public, kelurahan=tuple(rows), online_window_s=180, generated_at=now)


def fake_map_shapes(public: bool, now: datetime) -> MapShapes:
    """The shipped reference geometry as a :class:`MapShapes` snapshot."""
    ref = load_reference(default_assets_dir())
    shapes = tuple(
        KelurahanShape(k.kode, k.nama, k.kecamatan_kode, k.kecamatan, k.lat, k.lng, json.dumps(k.geometry))
        for k in ref.kelurahan
    )
    return MapShapes(public=public, kelurahan=shapes, generated_at=now)


def make_fake_snapshots(public: bool = True, now: datetime | None = None, seed: int = 7) -> dict[str, object]:
    """Plausible snapshots of every kind (real geometry, invented figures) for previews and tests."""
    now = now or datetime.now(UTC)
    rng = random.Random(seed)
    shapes = fake_map_shapes(public, now)
    counts = tuple(
        KelurahanCount(k.kode, n, rng.randint(0, n))
        for k in shapes.kelurahan
        if (n := rng.choice([0, 1, 2, 4, 7, 12, 20, 31])) > 0
    )
    channels = [str(c) for c in Channel]
    channel_scale = {"kiosk": 6, "rabeg": 14, "ppid_web": 3, "medsos": 8, "call112": 2, "open311": 4}
    call_scale = {"ghost": 160, "prank": 95, "real": 4}
    return {
        SnapshotKind.MAP_GEOMETRY: build_map_geometry(shapes),
        SnapshotKind.KELURAHAN_COUNTS: KelurahanCounts(public=public, counts=counts, generated_at=now),
        SnapshotKind.REPORT_POINTS: _points(rng, shapes, now, public),  # every day; see FakeDashboardService
        SnapshotKind.OPD_BOARD: _board(rng, now, public),
        SnapshotKind.REPORTS_PER_CHANNEL: _daily(rng, now, public, channels, channel_scale),
        SnapshotKind.CALLS112: _daily(rng, now, public, [str(c) for c in CallClass], call_scale),
        SnapshotKind.KIOSK_NETWORK: _kiosks(rng, shapes, now, public),
        SnapshotKind.TICKER_STATS: TickerStats(public, 37, 212, 486, 81.42, "B", "Baik", now, "Good"),
    }


class FakeDashboardService(QObject):
    """A stand-in for :class:`~wall.data.dashboard_service.DashboardDataService` serving fixed snapshots.

    The points of ``report_points@<days>`` are the fake points of the last ``days`` days, made on subscription.
    """

    def __init__(self, now: datetime | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._channels: dict[Privacy, DashboardChannel] = {p: DashboardChannel(p, self) for p in PRIVACIES}
        self._snapshots = {p: make_fake_snapshots(p == "public", now) for p in PRIVACIES}
        for privacy, channel in self._channels.items():
            for kind, snapshot in self._snapshots[privacy].items():
                channel.publish(kind, snapshot)
            channel.subscriptions_changed.connect(self._on_channel_subscriptions_changed)

    def channel(self, privacy: Privacy) -> DashboardChannel:
        """The channel of one privacy level."""
        return self._channels[privacy]

    def publish(self, privacy: Privacy, kind: str, snapshot: object) -> bool:
        """Replace one snapshot (tests and previews)."""
        return self._channels[privacy].publish(kind, snapshot)

    def start(self) -> None:
        """Nothing to start."""

    def stop(self) -> None:
        """Nothing to stop."""

    def _on_channel_subscriptions_changed(self) -> None:
        for privacy, channel in self._channels.items():
            for kind in channel.subscribed_kinds():
                base, _, days = kind.partition("@")
                if base == SnapshotKind.REPORT_POINTS and days.isdigit() and channel.latest(kind) is None:
                    channel.publish(kind, _within_days(self._snapshots[privacy], int(days)))


def _within_days(snapshots: dict[str, object], days: int) -> ReportPoints:
    points = snapshots[SnapshotKind.REPORT_POINTS]
    assert isinstance(points, ReportPoints)
    since = points.generated_at - timedelta(days=days)
    return replace(points, since=since, points=tuple(p for p in points.points if p.received_at >= since))
