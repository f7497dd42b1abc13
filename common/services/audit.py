"""Writing the audit log: who did what to which entity, when. Never personal data in ``detail``."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table
from sqlalchemy.orm import Session

from common.db.base import Base
from common.domain.models import AuditEntry

JsonScalar = str | int | float | bool | None


def audit(
    session: Session, at: datetime, actor: str, action: str, entity: str, entity_id: str | int,
    **detail: JsonScalar,
) -> AuditEntry:
    """Add one audit entry to ``session`` (committed with the change it describes)."""
    entry = AuditEntry(at=at, actor=actor[:100], action=action[:60], entity=entity[:40],
                       entity_id=str(entity_id)[:100], detail=detail)
    session.add(entry)
    return entry


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped class (for plain INSERTs on hot paths)."""
    return cast(Table, model.__table__)
