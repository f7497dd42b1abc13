"""SKM responses (PermenPAN-RB 14/2017): storing answers and the IKM of a unit over a period.

The IKM is computed from a single SQL aggregate (count and the nine sums) fed to
:func:`common.rules.skm.ikm_from_sums`, so it stays cheap however many responses a unit has.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.clock import Clock
from common.domain.enums import Channel
from common.domain.models import SkmResponse
from common.domain.models.skm import SKM_ELEMENT_COLUMNS
from common.rules.errors import FieldError
from common.rules.skm import IkmResult, ikm_from_sums, validate_answers
from common.services.audit import audit
from common.services.catalog import Catalog
from common.services.keys import KeyIdentity


def record_response(
    session: Session, clock: Clock, *, catalog: Catalog, opd_slug: str | None, kelurahan_kode: str | None,
    channel: Channel, answers: Sequence[int], source_key: KeyIdentity | None, client_request_id: str | None,
) -> SkmResponse:
    """Store one response; the unit is the OPD, or (no OPD) the kelurahan office. Flushes."""
    values = validate_answers(answers)
    if opd_slug is not None and opd_slug not in catalog.opds:
        raise FieldError("opd", f"OPD {opd_slug!r} tidak dikenal", f"unknown OPD {opd_slug!r}")
    if kelurahan_kode is not None and kelurahan_kode not in catalog.kelurahan:
        raise FieldError("kelurahan", "Kode kelurahan tidak dikenal", "unknown kelurahan code")
    if opd_slug is None and kelurahan_kode is None:
        raise FieldError("opd", "Sebutkan OPD atau kelurahan yang dinilai", "name the OPD or kelurahan rated")
    now = clock()
    row = SkmResponse(opd_slug=opd_slug, kelurahan_kode=kelurahan_kode, channel=channel, submitted_at=now,
                      source_key_id=source_key.id if source_key else None, client_request_id=client_request_id,
                      **dict(zip(SKM_ELEMENT_COLUMNS, values, strict=True)))
    session.add(row)
    session.flush()
    audit(session, now, source_key.actor if source_key else "system", "skm.record", "skm_response", row.id,
          opd=opd_slug, kelurahan=kelurahan_kode)
    return row


def ikm_for(
    session: Session, *, opd_slug: str | None, kelurahan_kode: str | None,
    start: datetime | None, end: datetime | None,
) -> IkmResult:
    """The IKM of one unit in [start, end]: an OPD (optionally only as rated in one kelurahan), a kelurahan
    office (``kelurahan_kode`` without ``opd_slug``), or every unit of the city when both are None."""
    columns = [getattr(SkmResponse, c) for c in SKM_ELEMENT_COLUMNS]
    stmt = select(func.count(), *(func.coalesce(func.sum(c), 0) for c in columns))
    if opd_slug is not None:
        stmt = stmt.where(SkmResponse.opd_slug == opd_slug)
    if kelurahan_kode is not None:
        stmt = stmt.where(SkmResponse.kelurahan_kode == kelurahan_kode)
        if opd_slug is None:  # the kelurahan office itself, not the OPD rated from that kelurahan
            stmt = stmt.where(SkmResponse.opd_slug.is_(None))
    if start is not None:
        stmt = stmt.where(SkmResponse.submitted_at >= start)
    if end is not None:
        stmt = stmt.where(SkmResponse.submitted_at <= end)
    row = session.execute(stmt).one()
    return ikm_from_sums(int(row[0]), [int(v) for v in row[1:]])
