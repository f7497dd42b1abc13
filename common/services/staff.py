"""Staff actions on reports and the rule of who may act: admins on everything, OPD operators on their own OPD."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.clock import Clock
from common.domain.enums import KeyKind, ReportStatus, StaffRole
from common.domain.models import Report
from common.rules.deadlines import DeadlinePolicy
from common.rules.errors import FieldError
from common.rules.privacy import DESCRIPTION_MAX_LENGTH, clean_plain_text
from common.rules.working_days import WorkingCalendar
from common.services.audit import audit
from common.services.catalog import Catalog
from common.services.errors import NotFound, PermissionDenied
from common.services.keys import KeyIdentity
from common.services.reports import transition


class StaffAction(StrEnum):
    """What staff can do to a report; each maps to a target status, except ``moderate``."""

    VERIFY = "verify"
    ASSIGN = "assign"
    FOLLOW_UP = "follow_up"
    RESOLVE = "resolve"
    REJECT = "reject"
    NOT_OUR_JURISDICTION = "not_our_jurisdiction"
    DUPLICATE = "duplicate"
    SUSPEND = "suspend"
    REOPEN = "reopen"
    MODERATE = "moderate"


ACTION_TARGETS: dict[StaffAction, ReportStatus] = {
    StaffAction.VERIFY: ReportStatus.TERVERIFIKASI,
    StaffAction.ASSIGN: ReportStatus.DIDISPOSISI,
    StaffAction.FOLLOW_UP: ReportStatus.DITINDAKLANJUTI,
    StaffAction.RESOLVE: ReportStatus.SELESAI,
    StaffAction.REJECT: ReportStatus.DITOLAK,
    StaffAction.NOT_OUR_JURISDICTION: ReportStatus.BUKAN_WEWENANG,
    StaffAction.DUPLICATE: ReportStatus.DUPLIKAT,
    StaffAction.SUSPEND: ReportStatus.TUNDA,
    StaffAction.REOPEN: ReportStatus.DITINDAKLANJUTI,
}


def ensure_staff(key: KeyIdentity) -> None:
    """Raise :class:`PermissionDenied` unless ``key`` is a staff key with a role."""
    if key.kind is not KeyKind.STAFF or key.role is None:
        raise PermissionDenied("Hanya kunci petugas yang boleh melakukan ini", "only staff keys may do this")


def ensure_may_act(key: KeyIdentity, opd_slug: str | None) -> None:
    """Admins act on everything; an OPD operator only on items currently with its own OPD."""
    ensure_staff(key)
    if key.role is StaffRole.ADMIN:
        return
    if opd_slug is None or key.opd_slug != opd_slug:
        raise PermissionDenied("Laporan ini bukan milik OPD Anda", "this item belongs to another OPD")


def find_report(session: Session, tracking_code: str) -> Report:
    """A report by canonical tracking code; raises :class:`NotFound`."""
    report = session.scalars(select(Report).where(Report.tracking_code == tracking_code)).first()
    if report is None:
        raise NotFound(f"Laporan {tracking_code} tidak ditemukan", f"report {tracking_code} not found")
    return report


def _moderate(session: Session, clock: Clock, report: Report, text: str, actor: str) -> None:
    report.description = clean_plain_text(text, DESCRIPTION_MAX_LENGTH, "moderated_description")
    report.description_moderated = True
    report.updated_at = clock()
    audit(session, report.updated_at, actor, "report.moderate", "report", report.id,
          tracking_code=report.tracking_code)


def apply_action(
    session: Session, clock: Clock, policy: DeadlinePolicy, calendar: WorkingCalendar, *, catalog: Catalog,
    key: KeyIdentity, report: Report, action: StaffAction, note: str, opd_slug: str | None,
    moderated_description: str | None, duplicate_of: str | None = None,
) -> None:
    """Perform a staff action (scope-checked), optionally approving a moderated text for public display."""
    ensure_may_act(key, report.opd_slug)
    if opd_slug is not None and opd_slug not in catalog.opds:
        raise FieldError("opd", f"OPD {opd_slug!r} tidak dikenal", f"unknown OPD {opd_slug!r}")
    if action is StaffAction.MODERATE and moderated_description is None:
        raise FieldError("moderated_description", "Teks hasil moderasi wajib diisi", "the moderated text is required")
    if action is StaffAction.DUPLICATE and duplicate_of is not None:
        original = find_report(session, duplicate_of)
        if original.id == report.id:
            raise FieldError("duplicate_of", "Laporan tidak bisa duplikat dirinya", "a report cannot duplicate itself")
        report.duplicate_of_id = original.id
    if action is not StaffAction.MODERATE:
        transition(session, clock, report, ACTION_TARGETS[action], key.actor, note,
                   opd_slug if action is StaffAction.ASSIGN else None, policy=policy, calendar=calendar)
    if moderated_description is not None:
        _moderate(session, clock, report, moderated_description, key.actor)
