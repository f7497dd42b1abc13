"""Checks of the OPD websites the center watches (down, stale for months)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from common.db.base import Base
from common.db.types import UtcDateTime


class OpdSiteCheck(Base):
    """One check of one OPD website: reachable or not, how fast, and when its content last changed."""

    __tablename__ = "opd_site_check"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opd_slug: Mapped[str] = mapped_column(ForeignKey("opd.slug"), index=True)
    url: Mapped[str] = mapped_column(String(300))
    checked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ok: Mapped[bool] = mapped_column(Boolean)
    http_status: Mapped[int | None] = mapped_column(Integer, default=None)
    response_ms: Mapped[int | None] = mapped_column(Integer, default=None)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    last_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    error: Mapped[str] = mapped_column(String(300), default="")
