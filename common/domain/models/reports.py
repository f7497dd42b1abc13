"""Reports (aduan, laporan, saran, pendapat), the reporter's contact kept apart, and the status history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.db.base import Base
from common.db.types import UtcDateTime
from common.domain.enums import Channel, Confidentiality, ReportKind, ReportStatus, Severity
from common.domain.models._columns import enum_column_type


class Report(Base):
    """A citizen's submission. Public reads use only these columns, never :class:`ReporterContact`."""

    __tablename__ = "report"
    __table_args__ = (
        UniqueConstraint("source_key_id", "client_request_id", name="uq_report_source_request"),
        # The wall's aggregates read only open reports: these covering indexes keep them index-only.
        Index("ix_report_open_kelurahan", "is_open", "kelurahan_kode", "due_at"),
        Index("ix_report_open_opd", "is_open", "opd_slug", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(24), unique=True)
    kind: Mapped[ReportKind] = mapped_column(enum_column_type(ReportKind, "report_kind"))
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel, "report_channel"), index=True)
    service_code: Mapped[str | None] = mapped_column(ForeignKey("service.code"), default=None, index=True)
    opd_slug: Mapped[str | None] = mapped_column(ForeignKey("opd.slug"), default=None)
    kelurahan_kode: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.kode"), default=None)
    lat: Mapped[float | None] = mapped_column(Float, default=None)
    lng: Mapped[float | None] = mapped_column(Float, default=None)
    location_precision_m: Mapped[int | None] = mapped_column(Integer, default=None)
    # RT/RW or a landmark typed by the citizen: internal only, it may identify a house.
    location_text: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # Citizen free text reaches a public output only after a moderator approved it.
    description_moderated: Mapped[bool] = mapped_column(Boolean, default=False)
    photo_path: Mapped[str | None] = mapped_column(String(300), default=None)
    confidentiality: Mapped[Confidentiality] = mapped_column(
        enum_column_type(Confidentiality, "report_confidentiality")
    )
    status: Mapped[ReportStatus] = mapped_column(enum_column_type(ReportStatus, "report_status"))
    # Derived from status; stored so open/overdue aggregates can use an index.
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    severity: Mapped[Severity | None] = mapped_column(
        enum_column_type(Severity, "report_severity"), default=None
    )
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status_changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    first_response_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    verify_by: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    followup_decision_by: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    resolve_by: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    # The deadline that applies in the current status (Open311 expected_datetime); None when closed.
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    source_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_key.id"), default=None)
    client_request_id: Mapped[str | None] = mapped_column(String(100), default=None)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"), default=None)

    contact: Mapped[ReporterContact | None] = relationship(
        back_populates="report", uselist=False, cascade="all, delete-orphan"
    )
    history: Mapped[list[StatusChange]] = relationship(
        back_populates="report", order_by="StatusChange.id", cascade="all, delete-orphan"
    )


class ReporterContact(Base):
    """Personal data of a reporter. Never joined by public reads, never on a public output."""

    __tablename__ = "reporter_contact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    nik: Mapped[str] = mapped_column(String(16), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    # Open311 device_id / account_id: identify a person's phone or account, so they are personal data too.
    device_id: Mapped[str] = mapped_column(String(100), default="")
    account_id: Mapped[str] = mapped_column(String(100), default="")
    consent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)

    report: Mapped[Report] = relationship(back_populates="contact")


class StatusChange(Base):
    """One step of a report's history: who moved it from which status to which, when, and why."""

    __tablename__ = "status_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[ReportStatus | None] = mapped_column(
        enum_column_type(ReportStatus, "status_change_from"), default=None
    )
    to_status: Mapped[ReportStatus] = mapped_column(enum_column_type(ReportStatus, "status_change_to"))
    opd_slug: Mapped[str | None] = mapped_column(ForeignKey("opd.slug"), default=None)
    actor: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime)

    report: Mapped[Report] = relationship(back_populates="history")


class TrackingCounter(Base):
    """The next counter value of a tracking-code issuer prefix that the hub itself issues from."""

    __tablename__ = "tracking_counter"

    prefix: Mapped[str] = mapped_column(String(4), primary_key=True)
    next_value: Mapped[int] = mapped_column(Integer, default=1)
