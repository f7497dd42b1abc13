"""PPID public-information requests (UU 14/2008, Perki 1/2021), the applicant kept apart, and objections."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.db.base import Base
from common.db.types import UtcDateTime
from common.domain.enums import (
    Channel,
    DeliveryMethod,
    InfoDecision,
    InfoRequestStatus,
    KeberatanStatus,
    ObtainMethod,
)
from common.domain.models._columns import enum_column_type


class InfoRequest(Base):
    """A request for public information; gets its *nomor pendaftaran* at once."""

    __tablename__ = "info_request"
    __table_args__ = (UniqueConstraint("source_key_id", "client_request_id", name="uq_info_request_source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomor_pendaftaran: Mapped[str] = mapped_column(String(40), unique=True)
    tracking_code: Mapped[str] = mapped_column(String(24), unique=True)
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel, "info_request_channel"))
    opd_slug: Mapped[str | None] = mapped_column(ForeignKey("opd.slug"), default=None)
    kelurahan_kode: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.kode"), default=None)
    information: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)
    obtain_method: Mapped[ObtainMethod] = mapped_column(enum_column_type(ObtainMethod, "info_obtain"))
    delivery_method: Mapped[DeliveryMethod] = mapped_column(enum_column_type(DeliveryMethod, "info_delivery"))
    by_proxy: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[InfoRequestStatus] = mapped_column(enum_column_type(InfoRequestStatus, "info_status"))
    decision: Mapped[InfoDecision | None] = mapped_column(
        enum_column_type(InfoDecision, "info_decision"), default=None
    )
    exemption_ground: Mapped[str] = mapped_column(Text, default="")
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    answer_note: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    extended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    source_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_key.id"), default=None)
    client_request_id: Mapped[str | None] = mapped_column(String(100), default=None)

    applicant: Mapped[InfoRequestApplicant | None] = relationship(
        back_populates="request", uselist=False, cascade="all, delete-orphan"
    )
    keberatan: Mapped[list[Keberatan]] = relationship(back_populates="request", cascade="all, delete-orphan")


class InfoRequestApplicant(Base):
    """The applicant's personal data (name, NIK, address, phone, e-mail, proxy). Never public."""

    __tablename__ = "info_request_applicant"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    info_request_id: Mapped[int] = mapped_column(
        ForeignKey("info_request.id", ondelete="CASCADE"), unique=True
    )
    full_name: Mapped[str] = mapped_column(String(100))
    nik: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(300))
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    proxy_name: Mapped[str] = mapped_column(String(100), default="")
    power_of_attorney_ref: Mapped[str] = mapped_column(String(200), default="")

    request: Mapped[InfoRequest] = relationship(back_populates="applicant")


class Keberatan(Base):
    """An objection to the PPID's superior: filed within 30 working days, answered within 30 working days."""

    __tablename__ = "keberatan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    info_request_id: Mapped[int] = mapped_column(ForeignKey("info_request.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[KeberatanStatus] = mapped_column(enum_column_type(KeberatanStatus, "keberatan_status"))
    filed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    decision_note: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[InfoRequest] = relationship(back_populates="keberatan")
