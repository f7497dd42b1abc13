"""Reference data: kecamatan, kelurahan (with boundaries), OPD and the service catalogue."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.db.base import Base


class Kecamatan(Base):
    """A district of Kota Serang, keyed on its Kemendagri code (e.g. ``36.73.01``)."""

    __tablename__ = "kecamatan"

    kode: Mapped[str] = mapped_column(String(16), primary_key=True)
    nama: Mapped[str] = mapped_column(String(80))

    kelurahan: Mapped[list[Kelurahan]] = relationship(back_populates="kecamatan")


class Kelurahan(Base):
    """An urban village, keyed on its Kemendagri code; names are not unique (two Sukawana exist)."""

    __tablename__ = "kelurahan"

    kode: Mapped[str] = mapped_column(String(16), primary_key=True)
    kecamatan_kode: Mapped[str] = mapped_column(ForeignKey("kecamatan.kode"), index=True)
    nama: Mapped[str] = mapped_column(String(80))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    lat: Mapped[float] = mapped_column(Float)
    lng: Mapped[float] = mapped_column(Float)
    # GeoJSON geometry (Polygon/MultiPolygon, [lng, lat]) as text; indicative, not legal boundaries.
    boundary_geojson: Mapped[str] = mapped_column(Text)

    kecamatan: Mapped[Kecamatan] = relationship(back_populates="kelurahan")


class Opd(Base):
    """A city agency (perangkat daerah); editable by an administrator without a code change."""

    __tablename__ = "opd"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    nama: Mapped[str] = mapped_column(String(200))
    singkatan: Mapped[str] = mapped_column(String(40))
    jenis: Mapped[str] = mapped_column(String(20))
    website_url: Mapped[str | None] = mapped_column(String(300), default=None)
    kecamatan_kode: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.kode"), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Service(Base):
    """An Open311 service (complaint category) routed by default to one OPD.

    ``sensitive`` categories (violence, children, health, social aid) are shown at kelurahan level only.
    """

    __tablename__ = "service"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(String(400), default="")
    group: Mapped[str] = mapped_column(String(60), default="umum")
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    opd_slug: Mapped[str | None] = mapped_column(ForeignKey("opd.slug"), default=None)
    icon: Mapped[str] = mapped_column(String(60), default="")
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(default=100)
