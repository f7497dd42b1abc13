"""Siaga 112 call log: only real calls become reports; caller numbers exist only as keyed hashes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from common.db.base import Base
from common.db.types import UtcDateTime
from common.domain.enums import CallClass
from common.domain.models._columns import enum_column_type


class Call112(Base):
    """One answered call to Siaga 112."""

    __tablename__ = "call112"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The id in the 112 system's log, so a re-imported batch never duplicates a call.
    external_id: Mapped[str] = mapped_column(String(100), unique=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    call_class: Mapped[CallClass] = mapped_column(enum_column_type(CallClass, "call_class"))
    category: Mapped[str] = mapped_column(String(60), default="")
    kelurahan_kode: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.kode"), default=None)
    caller_hash: Mapped[str] = mapped_column(String(64), index=True)
    duration_s: Mapped[int | None] = mapped_column(Integer, default=None)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"), default=None)


class BlockedCaller(Base):
    """A caller hash blocked by the repeat-caller rule until a time."""

    __tablename__ = "blocked_caller"

    caller_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    blocked_until: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(String(200), default="")
