"""API keys (kiosks, channels, staff), kiosks and cameras."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.db.base import Base
from common.db.types import UtcDateTime
from common.domain.enums import CameraPurpose, KeyKind, StaffRole
from common.domain.models._columns import enum_column_type


class ApiKey(Base):
    """A key presented by a kiosk, a channel (Rabeg, PPID web, 112 import) or staff. Only its hash is stored."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[KeyKind] = mapped_column(enum_column_type(KeyKind, "key_kind"))
    name: Mapped[str] = mapped_column(String(100))
    # Public, random part of the key used to find the row; the secret part is only in key_hash.
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    role: Mapped[StaffRole | None] = mapped_column(enum_column_type(StaffRole, "key_role"), default=None)
    opd_slug: Mapped[str | None] = mapped_column(ForeignKey("opd.slug"), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)

    kiosk: Mapped[Kiosk | None] = relationship(back_populates="api_key", uselist=False)


class Kiosk(Base):
    """A touch kiosk in a kelurahan office; reports its queue with a heartbeat."""

    __tablename__ = "kiosk"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_key.id"), unique=True)
    kelurahan_kode: Mapped[str] = mapped_column(ForeignKey("kelurahan.kode"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # Issuer prefix of the tracking codes this kiosk makes offline; unique so codes never collide.
    tracking_prefix: Mapped[str] = mapped_column(String(4), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    queue_length: Mapped[int] = mapped_column(Integer, default=0)
    oldest_pending_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    version: Mapped[str] = mapped_column(String(40), default="")

    api_key: Mapped[ApiKey] = relationship(back_populates="kiosk")


class Camera(Base):
    """A CCTV camera. Only cameras flagged ``public_safe`` may appear on a public output."""

    __tablename__ = "camera"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kelurahan_kode: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.kode"), default=None, index=True)
    lat: Mapped[float | None] = mapped_column(Float, default=None)
    lng: Mapped[float | None] = mapped_column(Float, default=None)
    main_url: Mapped[str] = mapped_column(String(500))
    sub_url: Mapped[str] = mapped_column(String(500), default="")
    purpose: Mapped[CameraPurpose] = mapped_column(enum_column_type(CameraPurpose, "camera_purpose"))
    public_safe: Mapped[bool] = mapped_column(Boolean, default=False)
    group: Mapped[str] = mapped_column(String(60), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
