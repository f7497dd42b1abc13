"""The public status page of one tracking code (receipt QR link): report or PPID request, no personal data.

The tracking code is printed on a slip and codes are sequential, so anybody can try a neighbouring one: the view
carries nothing that identifies a person or repeats the citizen's words. For ``rahasia`` reports the staff notes
are withheld as well, only the progress is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.domain.enums import Confidentiality, InfoDecision, InfoRequestStatus
from common.domain.models import AuditEntry, InfoRequest, Report, StatusChange
from common.rules.status import INFO_STATUS_LABELS, STATUS_LABELS, is_open
from common.services.catalog import Catalog
from common.services.ppid import STATUS_ACTION

DECISION_LABELS: dict[InfoDecision, tuple[str, str]] = {
    InfoDecision.DIKABULKAN: ("Dikabulkan", "Granted"),
    InfoDecision.DIKABULKAN_SEBAGIAN: ("Dikabulkan sebagian", "Partly granted"),
    InfoDecision.DITOLAK: ("Ditolak", "Refused"),
    InfoDecision.TIDAK_DIKUASAI: ("Informasi tidak dikuasai", "Information not held"),
}


@dataclass(frozen=True, slots=True)
class HistoryItem:
    """One step of the public history."""

    status: str
    label_id: str
    label_en: str
    at: datetime
    note: str


@dataclass(frozen=True, slots=True)
class StatusView:
    """What the status page shows for a tracking code."""

    kind: str
    tracking_code: str
    status: str
    label_id: str
    label_en: str
    open: bool
    received_at: datetime
    due_at: datetime | None
    opd: str
    service: str
    decision: str | None
    history: tuple[HistoryItem, ...]


def _report_view(session: Session, catalog: Catalog, report: Report) -> StatusView:
    secret = report.confidentiality is Confidentiality.RAHASIA
    changes = session.scalars(
        select(StatusChange).where(StatusChange.report_id == report.id).order_by(StatusChange.id)
    )
    history = tuple(
        HistoryItem(c.to_status.value, STATUS_LABELS[c.to_status].id, STATUS_LABELS[c.to_status].en, c.at,
                    "" if secret else c.note)
        for c in changes
    )
    service = catalog.services.get(report.service_code) if report.service_code else None
    label = STATUS_LABELS[report.status]
    return StatusView(
        "report", report.tracking_code, report.status.value, label.id, label.en, is_open(report.status),
        report.received_at, report.due_at, catalog.opd_name(report.opd_slug),
        service.name if service and not secret else "", None, history,
    )


def _ppid_view(session: Session, catalog: Catalog, req: InfoRequest) -> StatusView:
    entries = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == "info_request", AuditEntry.entity_id == str(req.id),
               AuditEntry.action == STATUS_ACTION)
        .order_by(AuditEntry.id)
    )
    history = []
    for entry in entries:
        status = InfoRequestStatus(str(entry.detail.get("to_status")))
        history.append(HistoryItem(status.value, INFO_STATUS_LABELS[status].id, INFO_STATUS_LABELS[status].en,
                                   entry.at, ""))
    label = INFO_STATUS_LABELS[req.status]
    done = req.status is InfoRequestStatus.SELESAI
    return StatusView(
        "ppid", req.tracking_code, req.status.value, label.id, label.en, not done, req.received_at,
        None if done else req.due_at, catalog.opd_name(req.opd_slug) or "PPID Kota Serang", "Permohonan informasi",
        req.decision.value if req.decision else None, tuple(history),
    )


def status_view(session: Session, catalog: Catalog, tracking_code: str) -> StatusView | None:
    """The status of a report or PPID request by canonical tracking code, or None."""
    report = session.scalars(select(Report).where(Report.tracking_code == tracking_code)).first()
    if report is not None:
        return _report_view(session, catalog, report)
    req = session.scalars(select(InfoRequest).where(InfoRequest.tracking_code == tracking_code)).first()
    return _ppid_view(session, catalog, req) if req is not None else None


def ppid_view(session: Session, catalog: Catalog, req: InfoRequest) -> StatusView:
    """The status view of a PPID request already loaded (staff answers)."""
    return _ppid_view(session, catalog, req)


def report_view(session: Session, catalog: Catalog, report: Report) -> StatusView:
    """The status view of a report already loaded (staff answers)."""
    return _report_view(session, catalog, report)
