"""Versioned configuration documents (layouts, outputs, presets); their schemas belong to the wall."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from common.db.base import Base
from common.db.types import UtcDateTime


class ConfigDocument(Base):
    """One immutable version of a named document. A save inserts version N+1; nothing is overwritten.

    The current version of (kind, name) is the highest; ``deleted`` on that version marks a deletion.
    """

    __tablename__ = "config_document"
    __table_args__ = (UniqueConstraint("kind", "name", "version", name="uq_config_document_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(100))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
