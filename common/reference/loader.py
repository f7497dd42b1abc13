"""Load the Kota Serang reference data (kecamatan, kelurahan, OPD, services) from ``assets/data``."""

from __future__ import annotations

import csv
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shapely.geometry import Point, shape


@dataclass(frozen=True)
class KelurahanRecord:
    """One kelurahan as shipped: Kemendagri code, names, centroid and boundary geometry."""

    kode: str
    kecamatan_kode: str
    kecamatan: str
    nama: str
    lat: float
    lng: float
    aliases: tuple[str, ...]
    geometry: dict[str, Any]


@dataclass(frozen=True)
class OpdRecord:
    """One OPD as shipped in ``opd.csv``."""

    slug: str
    nama: str
    singkatan: str
    jenis: str


@dataclass(frozen=True)
class ServiceRecord:
    """One service (complaint category) of ``services.toml``."""

    code: str
    name: str
    name_en: str
    group: str
    opd: str
    icon: str
    sensitive: bool
    keywords: tuple[str, ...]
    sort_order: int


@dataclass(frozen=True)
class ReferenceData:
    """Everything ``bsm seed`` loads."""

    kelurahan: tuple[KelurahanRecord, ...]
    opd: tuple[OpdRecord, ...]
    services: tuple[ServiceRecord, ...]
    kecamatan: dict[str, str] = field(default_factory=dict)


def _load_aliases(path: Path) -> dict[str, tuple[str, ...]]:
    if not path.is_file():
        return {}
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return {k: tuple(v) for k, v in raw.items()}


def load_kelurahan(folder: Path) -> tuple[KelurahanRecord, ...]:
    """Join ``wilayah.csv`` with the boundaries of ``kelurahan.geojson`` and the local aliases."""
    geo = json.loads((folder / "kelurahan.geojson").read_text(encoding="utf-8"))
    shapes = {f["properties"]["kode"]: f["geometry"] for f in geo["features"]}
    aliases = _load_aliases(folder / "aliases.toml")
    out = []
    with (folder / "wilayah.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            kode = row["kode"]
            if kode not in shapes:
                raise ValueError(f"kelurahan {kode} has no boundary in kelurahan.geojson")
            out.append(
                KelurahanRecord(
                    kode=kode,
                    kecamatan_kode=row["kecamatan_kode"],
                    kecamatan=row["kecamatan"],
                    nama=row["kelurahan"],
                    **_point_inside(float(row["lat"]), float(row["lng"]), shapes[kode]),
                    aliases=aliases.get(kode, ()),
                    geometry=shapes[kode],
                )
            )
    return tuple(out)


def _point_inside(lat: float, lng: float, geometry: dict[str, Any]) -> dict[str, float]:
    """The shipped centroid when it lies inside the boundary, else a point surely inside it.

    The centroid is where a kelurahan's label is drawn and where reports known only by their kelurahan (rahasia,
    or without coordinates) are placed; outside its own (simplified) boundary it would be attributed to a
    neighbour. Kaligandu's shipped centroid lies about 60 m outside.
    """
    polygon = shape(geometry)
    if polygon.contains(Point(lng, lat)):
        return {"lat": lat, "lng": lng}
    inside = polygon.representative_point()
    return {"lat": round(float(inside.y), 6), "lng": round(float(inside.x), 6)}


def load_opd(folder: Path) -> tuple[OpdRecord, ...]:
    """Read ``opd.csv``."""
    with (folder / "opd.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(
            OpdRecord(slug=r["kode"], nama=r["nama"], singkatan=r["singkatan"], jenis=r["jenis"])
            for r in csv.DictReader(fh)
        )


def load_services(path: Path) -> tuple[ServiceRecord, ...]:
    """Read ``services.toml``."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(
        ServiceRecord(
            code=s["code"],
            name=s["name"],
            name_en=s.get("name_en", ""),
            group=s.get("group", "umum"),
            opd=s.get("opd", ""),
            icon=s.get("icon", ""),
            sensitive=bool(s.get("sensitive", False)),
            keywords=tuple(s.get("keywords", ())),
            sort_order=i * 10,
        )
        for i, s in enumerate(raw.get("service", []), start=1)
    )


def load_reference(assets_dir: Path) -> ReferenceData:
    """Load all reference data from an ``assets`` folder."""
    folder = assets_dir / "data" / "kota-serang"
    kel = load_kelurahan(folder)
    return ReferenceData(
        kelurahan=kel,
        opd=load_opd(folder),
        services=load_services(assets_dir / "data" / "services.toml"),
        kecamatan={k.kecamatan_kode: k.kecamatan for k in kel},
    )
