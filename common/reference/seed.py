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
    new_kec = _seed_kecamatan(session, data)
    new_kel = _seed_kelurahan(session, data)
    new_opd = _seed_opd(session, data)
    new_svc = _seed_services(session, data)
    return SeedCounts(new_kec, new_kel, new_opd, new_svc)


def _seed_kecamatan(session: Session, data: ReferenceData) -> int:
    have = set(session.scalars(select(Kecamatan.kode)))
    new = [Kecamatan(kode=k, nama=n) for k, n in sorted(data.kecamatan.items()) if k not in have]
    session.add_all(new)
    session.flush()  # kelurahan rows refer to these
    return len(new)


def _seed_kelurahan(session: Session, data: ReferenceData) -> int:
    have = set(session.scalars(select(Kelurahan.kode)))
    new = [
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
        if k.kode not in have
    ]
    session.add_all(new)
    return len(new)


def _seed_opd(session: Session, data: ReferenceData) -> int:
    kec_by_slug = {_kecamatan_opd_slug(n): k for k, n in data.kecamatan.items()}
    have = set(session.scalars(select(Opd.slug)))
    new = [
        Opd(slug=o.slug, nama=o.nama, singkatan=o.singkatan, jenis=o.jenis, kecamatan_kode=kec_by_slug.get(o.slug))
        for o in data.opd
        if o.slug not in have
    ]
    session.add_all(new)
    session.flush()  # services refer to these
    return len(new)


def _seed_services(session: Session, data: ReferenceData) -> int:
    have = set(session.scalars(select(Service.code)))
    new = [
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
        if s.code not in have
    ]
    session.add_all(new)
    session.flush()
    return len(new)
