"""Insert the reference data into the database without overwriting what an administrator edited."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.domain.models import Kecamatan, Kelurahan, Opd, Service
from common.reference.loader import ReferenceData


@dataclass(frozen=True)
class SeedCounts:
    """How many rows of each kind were inserted (existing rows are left alone)."""

    kecamatan: int
    kelurahan: int
    opd: int
    service: int


def _kecamatan_opd_slug(nama: str) -> str:
    return "kec-" + nama.lower().replace(" ", "-")


def seed_reference(session: Session, data: ReferenceData) -> SeedCounts:
    """Insert missing kecamatan, kelurahan, OPD and services; idempotent."""
    have_kec = set(session.scalars(select(Kecamatan.kode)))
    new_kec = [Kecamatan(kode=k, nama=n) for k, n in sorted(data.kecamatan.items()) if k not in have_kec]
    session.add_all(new_kec)
    session.flush()
    have_kel = set(session.scalars(select(Kelurahan.kode)))
    new_kel = [
        Kelurahan(
            kode=k.kode,
            kecamatan_kode=k.kecamatan_kode,
            nama=k.nama,
            aliases=list(k.aliases),
            lat=k.lat,
            lng=k.lng,
            boundary_geojson=json.dumps(k.geometry, separators=(",", ":")),
        )
        for k in data.kelurahan
        if k.kode not in have_kel
    ]
    session.add_all(new_kel)
    kec_by_slug = {_kecamatan_opd_slug(n): k for k, n in data.kecamatan.items()}
    have_opd = set(session.scalars(select(Opd.slug)))
    new_opd = [
        Opd(slug=o.slug, nama=o.nama, singkatan=o.singkatan, jenis=o.jenis, kecamatan_kode=kec_by_slug.get(o.slug))
        for o in data.opd
        if o.slug not in have_opd
    ]
    session.add_all(new_opd)
    session.flush()
    have_svc = set(session.scalars(select(Service.code)))
    new_svc = [
        Service(
            code=s.code,
            name=s.name,
            name_en=s.name_en,
            group=s.group,
            opd_slug=s.opd or None,
            icon=s.icon,
            sensitive=s.sensitive,
            keywords=list(s.keywords),
            sort_order=s.sort_order,
        )
        for s in data.services
        if s.code not in have_svc
    ]
    session.add_all(new_svc)
    session.flush()
    return SeedCounts(len(new_kec), len(new_kel), len(new_opd), len(new_svc))
