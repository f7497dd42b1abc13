"""Public reads of reports: what Open311 clients and the status page may see, and nothing more.

Rules (DOMAIN.md, UU 27/2022): these queries select only columns of ``report`` and ``status_change`` and never
touch ``reporter_contact``; ``rahasia`` reports never appear in lists and look like unknown ids; the citizen's
free text appears only once a moderator approved it; sensitive services show the kelurahan centroid instead of
the exact point; the address is the kelurahan, never the citizen's own address text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session

from common.domain.enums import Confidentiality, ReportStatus
from common.domain.models import Report, StatusChange
from common.rules.status import is_open
from common.services.catalog import Catalog

MAX_PAGE_SIZE = 1000


@dataclass(frozen=True, slots=True)
class PublicReport:
    """One report as any member of the public may see it."""

    tracking_code: str
    status: ReportStatus
    status_notes: str
    service_code: str
    service_name: str
    description: str
    agency_responsible: str
    service_notice: str
    requested_datetime: datetime
    updated_datetime: datetime
    expected_datetime: datetime | None
    address: str
    address_id: str
    lat: float | None
    lng: float | None

    @property
    def is_open(self) -> bool:
        """Open311's open/closed."""
        return is_open(self.status)


@dataclass(frozen=True, slots=True)
class RequestFilter:
    """Filters of GET requests: ids override everything else; times bound ``received_at``."""

    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    statuses: frozenset[str] = frozenset()
    start: datetime | None = None
    end: datetime | None = None
    page: int = 1
    page_size: int = MAX_PAGE_SIZE


_COLUMNS = (
    Report.id, Report.tracking_code, Report.status, Report.service_code, Report.opd_slug, Report.kelurahan_kode,
    Report.lat, Report.lng, Report.description, Report.description_moderated, Report.received_at,
    Report.updated_at, Report.due_at,
)


def _base() -> Select[*tuple[Any, ...]]:
    return select(*_COLUMNS).where(Report.confidentiality != Confidentiality.RAHASIA)


def latest_notes(session: Session, report_ids: Sequence[int]) -> dict[int, str]:
    """The latest non-empty staff note of each report (Open311 ``status_notes``)."""
    if not report_ids:
        return {}
    newest = (
        select(func.max(StatusChange.id))
        .where(StatusChange.report_id.in_(report_ids), StatusChange.note != "")
        .group_by(StatusChange.report_id)
    )
    rows = session.execute(select(StatusChange.report_id, StatusChange.note).where(StatusChange.id.in_(newest)))
    return {int(rid): str(note) for rid, note in rows}


def _public_point(catalog: Catalog, row: Row[Any], sensitive: bool) -> tuple[float | None, float | None]:
    kel = catalog.kelurahan.get(str(row.kelurahan_kode)) if row.kelurahan_kode else None
    if (sensitive or row.lat is None or row.lng is None) and kel is not None:
        return kel.lat, kel.lng  # kelurahan level only
    if sensitive:
        return None, None
    return row.lat, row.lng


def _notice(catalog: Catalog, opd_slug: str | None) -> str:
    name = catalog.opd_name(opd_slug)
    return f"Ditangani oleh {name}." if name else "Sedang diverifikasi oleh Diskominfo Kota Serang."


def _to_public(catalog: Catalog, row: Row[Any], note: str) -> PublicReport:
    service = catalog.services.get(str(row.service_code)) if row.service_code else None
    lat, lng = _public_point(catalog, row, service.sensitive if service else False)
    return PublicReport(
        tracking_code=str(row.tracking_code), status=ReportStatus(row.status), status_notes=note,
        service_code=service.code if service else "", service_name=service.name if service else "",
        description=str(row.description) if row.description_moderated else "",
        agency_responsible=catalog.opd_name(row.opd_slug),
        service_notice=_notice(catalog, row.opd_slug),
        requested_datetime=row.received_at, updated_datetime=row.updated_at,
        expected_datetime=row.due_at,
        address=catalog.kelurahan_label(row.kelurahan_kode),
        address_id=str(row.kelurahan_kode or ""), lat=lat, lng=lng,
    )


def _materialise(session: Session, catalog: Catalog, stmt: Select[*tuple[Any, ...]]) -> list[PublicReport]:
    rows = list(session.execute(stmt))
    notes = latest_notes(session, [int(r.id) for r in rows])
    return [_to_public(catalog, r, notes.get(int(r.id), "")) for r in rows]


def find_public_reports(session: Session, catalog: Catalog, flt: RequestFilter) -> list[PublicReport]:
    """Reports matching ``flt``, newest first, one page (``rahasia`` reports are never listed)."""
    stmt = _base()
    if flt.ids:
        stmt = stmt.where(Report.tracking_code.in_(flt.ids))
    else:
        if flt.service_codes:
            stmt = stmt.where(Report.service_code.in_(flt.service_codes))
        if flt.statuses and flt.statuses != {"open", "closed"}:
            stmt = stmt.where(Report.is_open if "open" in flt.statuses else ~Report.is_open)
        if flt.start is not None:
            stmt = stmt.where(Report.received_at >= flt.start)
        if flt.end is not None:
            stmt = stmt.where(Report.received_at <= flt.end)
    size = max(1, min(flt.page_size, MAX_PAGE_SIZE))
    stmt = stmt.order_by(Report.received_at.desc(), Report.id.desc()).limit(size).offset((flt.page - 1) * size)
    return _materialise(session, catalog, stmt)


def get_public_report(session: Session, catalog: Catalog, tracking_code: str) -> PublicReport | None:
    """One public report by tracking code; None for unknown and for ``rahasia`` reports alike."""
    found = _materialise(session, catalog, _base().where(Report.tracking_code == tracking_code))
    return found[0] if found else None
