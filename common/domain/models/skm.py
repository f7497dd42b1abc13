"""SKM (Survei Kepuasan Masyarakat) responses: nine elements answered 1-4 (PermenPAN-RB 14/2017)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from common.db.base import Base
from common.db.types import UtcDateTime
from common.domain.enums import Channel
from common.domain.models._columns import enum_column_type

SKM_ELEMENT_COLUMNS = tuple(f"u{i}" for i in range(1, 10))


class SkmResponse(Base):
    """One citizen's answers to the nine SKM elements for one unit (an OPD or this kelurahan office)."""

    __tablename__ = "skm_response"
    __table_args__ = (
        UniqueConstraint("source_key_id", "client_request_id", name="uq_skm_source_request"),
        *(CheckConstraint(f"{c} BETWEEN 1 AND 4", name=f"{c}_range") for c in SKM_ELEMENT_COLUMNS),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opd_slug: Mapped[str | None] = mapped_column(ForeignKey("opd.slug"), default=None, index=True)
    kelurahan_kode: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.kode"), default=None)
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel, "skm_channel"))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    u1: Mapped[int] = mapped_column(SmallInteger)
    u2: Mapped[int] = mapped_column(SmallInteger)
    u3: Mapped[int] = mapped_column(SmallInteger)
    u4: Mapped[int] = mapped_column(SmallInteger)
    u5: Mapped[int] = mapped_column(SmallInteger)
    u6: Mapped[int] = mapped_column(SmallInteger)
    u7: Mapped[int] = mapped_column(SmallInteger)
    u8: Mapped[int] = mapped_column(SmallInteger)
    u9: Mapped[int] = mapped_column(SmallInteger)
    source_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_key.id"), default=None)
    client_request_id: Mapped[str | None] = mapped_column(String(100), default=None)

    def answers(self) -> tuple[int, ...]:
        """The nine answers in the regulation's order."""
        return tuple(int(getattr(self, c)) for c in SKM_ELEMENT_COLUMNS)
