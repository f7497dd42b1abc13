"""What comes in, where and when: one draft per report, before any text, person or status is attached.

The mix: Rabeg carries most reports, then social media, the kiosks and Open311 clients; the PPID website rarely
carries a complaint; Siaga 112 only its real calls. Complaints outnumber reports, suggestions and opinions.
Rubbish, damaged roads, street lights and drains dominate the categories. Two bursts stand out: a rainy-season
flood day in Kasemen and Serang (drains and disasters) and a rubbish pile-up week across the city.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from common.demo.context import DemoContext
from common.demo.devices import Devices
from common.demo.places import Area
from common.demo.timeline import CALL_HOURLY_CURVE, Window, rainy_flood_day, rubbish_week
from common.domain.enums import Channel, ReportKind
from common.services.keys import KeyIdentity

C = Channel
CHANNEL_SHARE: dict[Channel, float] = {C.RABEG: 0.50, C.MEDSOS: 0.185, C.KIOSK: 0.16, C.OPEN311: 0.14,
                                       C.PPID_WEB: 0.015}
BURST_CHANNELS: dict[Channel, float] = {C.RABEG: 0.5, C.MEDSOS: 0.3, C.OPEN311: 0.2}
KIND_SHARE: dict[ReportKind, float] = {ReportKind.ADUAN: 0.70, ReportKind.LAPORAN: 0.18, ReportKind.SARAN: 0.08,
                                       ReportKind.PENDAPAT: 0.04}
# Category mix of complaints and reports (percent); suggestions and opinions mostly go to "saran-umum".
SERVICE_MIX: dict[str, float] = {
    "sampah": 20, "jalan-rusak": 17, "lampu-jalan": 13, "drainase": 12, "lalu-lintas": 6,
    "layanan-kelurahan": 5, "ketertiban": 4, "perumahan": 3, "taman-fasum": 3, "adminduk": 3, "bansos": 2.5,
    "pencemaran": 2, "kesehatan": 2, "pendidikan": 2, "bencana": 1.5, "layanan-digital": 1.5, "pasar": 1.2,
    "perizinan": 0.8, "pajak-daerah": 0.8, "kebakaran": 0.7, "ketenagakerjaan": 0.6, "kekerasan": 0.4,
}  # fmt: skip
FLOOD_SHARE = 0.03
RUBBISH_SHARE = 0.05
FLOOD_KECAMATAN = ("Kasemen", "Serang")


@dataclass(frozen=True)
class Draft:
    """One report to be: when, through which channel and key, what kind, which category, which kelurahan."""

    received_at: datetime
    channel: Channel
    kind: ReportKind
    service_code: str
    area: Area
    source: KeyIdentity


T = TypeVar("T")


def _weighted(rng: random.Random, table: dict[T, float]) -> T:
    return rng.choices(list(table), weights=list(table.values()))[0]


class Planner:
    """Draws drafts; every choice comes from one random stream, so the plan is reproducible."""

    def __init__(self, ctx: DemoContext, window: Window, devices: Devices) -> None:
        """Plan within ``window`` using the keys of ``devices``."""
        self._ctx, self._window, self._devices = ctx, window, devices
        self._rng = ctx.rng("drafts")
        self._services = {code: w for code, w in SERVICE_MIX.items() if ctx.catalog.service(code) is not None}

    def _kind_and_service(self, kind: ReportKind | None = None, service: str | None = None) -> tuple[ReportKind, str]:
        rng = self._rng
        kind = kind or _weighted(rng, KIND_SHARE)
        if service is None:
            suggestion = kind in (ReportKind.SARAN, ReportKind.PENDAPAT) and rng.random() < 0.65
            service = "saran-umum" if suggestion else _weighted(rng, self._services)
        return kind, service

    def _kiosk_area(self, kiosk: KeyIdentity) -> Area:
        """Mostly the kiosk's own kelurahan; neighbours from the same kecamatan walk in too."""
        home = self._ctx.places.by_kode[kiosk.kiosk_kelurahan or ""]
        if self._rng.random() < 0.8:
            return home
        return self._rng.choice(self._ctx.places.in_kecamatan(home.kecamatan_kode))

    def _draft(self, at: datetime, channel: Channel, kind: ReportKind | None = None, service: str | None = None,
               area: Area | None = None) -> Draft:
        kind, service = self._kind_and_service(kind, service)
        if channel is C.KIOSK:
            source = self._rng.choice(self._devices.kiosks)
            area = area or self._kiosk_area(source)
            # Office hours only; an offline kiosk's later reports still wait in its outbox.
            at = self._window.sample_office(self._rng, self._devices.last_seen[source.id])
        else:
            source = self._devices.channels[channel]
        return Draft(at, channel, kind, service, area or self._ctx.places.pick(self._rng), source)

    def everyday(self, count: int) -> list[Draft]:
        """The ordinary flow of the period."""
        return [self._draft(self._window.sample(self._rng), _weighted(self._rng, CHANNEL_SHARE)) for _ in range(count)]

    def flood(self, count: int, day: date) -> list[Draft]:
        """A flood day and its aftermath: drains and disasters in Kasemen and Serang, at any hour."""
        rng, days = self._rng, [day] * 7 + [day + timedelta(days=1)] * 3
        out = []
        for _ in range(count):
            at = self._window.sample(rng, CALL_HOURLY_CURVE, days)
            kind = ReportKind.LAPORAN if rng.random() < 0.4 else ReportKind.ADUAN
            service = "drainase" if rng.random() < 0.55 else "bencana"
            area = self._ctx.places.pick(rng, FLOOD_KECAMATAN)
            out.append(self._draft(at, _weighted(rng, BURST_CHANNELS), kind, service, area))
        return out

    def rubbish(self, count: int, week: tuple[date, ...]) -> list[Draft]:
        """The landfill closed for a week: rubbish piles up everywhere."""
        rng = self._rng
        return [
            self._draft(self._window.sample(rng, days=week), _weighted(rng, BURST_CHANNELS), ReportKind.ADUAN,
                        "sampah")
            for _ in range(count)
        ]


def plan_drafts(ctx: DemoContext, window: Window, devices: Devices, from_calls: int) -> tuple[list[Draft], date]:
    """The drafts of the period in time order (ties kept in planning order), and the flood day.

    ``from_calls`` reports already came from real 112 calls; the drafts make up the rest of ``options.reports``.
    """
    planner = Planner(ctx, window, devices)
    total = ctx.options.reports
    burst_rng = ctx.rng("bursts")
    flood_day = rainy_flood_day(burst_rng, window)
    week = rubbish_week(burst_rng, window, flood_day)
    n_flood, n_rubbish = round(total * FLOOD_SHARE), round(total * RUBBISH_SHARE)
    drafts = (planner.everyday(total - n_flood - n_rubbish - from_calls) + planner.flood(n_flood, flood_day)
              + planner.rubbish(n_rubbish, week))
    order = sorted(range(len(drafts)), key=lambda i: (drafts[i].received_at, i))
    return [drafts[i] for i in order], flood_day
