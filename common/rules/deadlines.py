"""Deadlines of complaints (Perpres 76/2013, SP4N-LAPOR! practice), Rabeg and PPID requests (UU 14/2008).

Every length is configurable through :class:`DeadlinePolicy`; the defaults are the numbers in DOMAIN.md.
Working-day lengths are counted by :class:`~common.rules.working_days.WorkingCalendar` (day of receipt does not
count; the deadline is the end of the last working day in WIB). All results are aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from common.domain.enums import ReportStatus, Severity
from common.rules.status import is_open
from common.rules.working_days import WorkingCalendar, add_hours, end_of_wib_day, require_aware, wib_date


@dataclass(frozen=True, slots=True)
class DeadlinePolicy:
    """Every configurable length used by the rules, with the defaults from DOMAIN.md."""

    verification_working_days: int = 3
    followup_decision_working_days: int = 5
    no_reply_close_working_days: int = 10
    resolution_cap_calendar_days: int = 60
    rabeg_response_hours: int = 72
    rabeg_ringan_hours: int = 24
    ppid_answer_working_days: int = 10
    ppid_extension_working_days: int = 7
    keberatan_filing_working_days: int = 30
    keberatan_answer_working_days: int = 30
    call112_max_calls_per_day: int = 5
    call112_block_hours: int = 24

    def __post_init__(self) -> None:
        # Configuration comes from a file an administrator edits; fail at load time, not at the first deadline.
        for spec in fields(self):
            value = getattr(self, spec.name)
            if type(value) is not int or value < 0:
                raise ValueError(f"DeadlinePolicy.{spec.name} must be a non-negative int, got {value!r}")
        if self.call112_max_calls_per_day < 1:
            raise ValueError("DeadlinePolicy.call112_max_calls_per_day must be at least 1")


@dataclass(frozen=True, slots=True)
class ReportDeadlines:
    """The deadlines fixed when a report is received."""

    verify_by: datetime
    """End of the last working day for verification."""
    followup_decision_by: datetime
    """Projected follow-up decision deadline if verification uses all its time (recomputed on disposition)."""
    resolve_by: datetime
    """Hard cap: end of the WIB day ``resolution_cap_calendar_days`` calendar days after receipt."""


def report_deadlines(
    received_at: datetime, policy: DeadlinePolicy, calendar: WorkingCalendar
) -> ReportDeadlines:
    """Compute the deadlines of a report received at ``received_at`` (aware).

    The follow-up decision deadline is projected from ``verify_by`` (worst case: verification took all its time);
    :func:`current_due` recomputes it from the real moment the report was verified or assigned.
    """
    verify_by = calendar.add_working_days(received_at, policy.verification_working_days)
    followup_by = calendar.add_working_days(verify_by, policy.followup_decision_working_days)
    # A report filed at the kiosk is complete on receipt (the form enforces the required fields), so the
    # 60-day cap runs from receipt, in whole WIB days like every other deadline.
    resolve_day = wib_date(received_at) + timedelta(days=policy.resolution_cap_calendar_days)
    return ReportDeadlines(verify_by, followup_by, end_of_wib_day(resolve_day))


def current_due(
    status: ReportStatus,
    deadlines: ReportDeadlines,
    status_changed_at: datetime,
    policy: DeadlinePolicy,
    calendar: WorkingCalendar,
) -> datetime | None:
    """Return the deadline that applies to a report now, or None once it is closed.

    diterima -> verify_by; terverifikasi / didisposisi -> follow-up decision, counted from ``status_changed_at``
    (the moment it reached that status, so a re-assignment restarts the OPD's clock); ditindaklanjuti and tunda
    -> the resolution cap (putting a report on hold does not stop the 60-day cap); closed statuses -> None.
    """
    if not is_open(status):
        return None
    if status is ReportStatus.DITERIMA:
        return deadlines.verify_by
    if status in (ReportStatus.TERVERIFIKASI, ReportStatus.DIDISPOSISI):
        return calendar.add_working_days(status_changed_at, policy.followup_decision_working_days)
    return deadlines.resolve_by


def no_reply_close_at(
    last_followup_at: datetime, policy: DeadlinePolicy, calendar: WorkingCalendar
) -> datetime:
    """Return when a followed-up report with no reply from the complainant closes automatically."""
    return calendar.add_working_days(last_followup_at, policy.no_reply_close_working_days)


def rabeg_response_due(received_at: datetime, severity: Severity, policy: DeadlinePolicy) -> datetime:
    """Return the Rabeg response deadline: 1x24 h for *ringan*, 3x24 h otherwise (calendar hours)."""
    hours = policy.rabeg_ringan_hours if severity is Severity.RINGAN else policy.rabeg_response_hours
    return add_hours(received_at, hours)


def ppid_answer_due(received_at: datetime, policy: DeadlinePolicy, calendar: WorkingCalendar) -> datetime:
    """Return the written-answer deadline of a PPID request (10 working days by default)."""
    return calendar.add_working_days(received_at, policy.ppid_answer_working_days)


def ppid_extended_due(original_due: datetime, policy: DeadlinePolicy, calendar: WorkingCalendar) -> datetime:
    """Return the deadline after the one allowed extension: 7 working days after the ORIGINAL due date's day.

    Counting from the original due date (not from the day the extension was decided) means an early extension
    does not shorten the total time the law grants.
    """
    return calendar.add_working_days(original_due, policy.ppid_extension_working_days)


def keberatan_filing_deadline(
    decision_at: datetime, policy: DeadlinePolicy, calendar: WorkingCalendar
) -> datetime:
    """Return the last moment to file a keberatan (objection) against a PPID decision."""
    return calendar.add_working_days(decision_at, policy.keberatan_filing_working_days)


def keberatan_answer_due(filed_at: datetime, policy: DeadlinePolicy, calendar: WorkingCalendar) -> datetime:
    """Return the deadline for the PPID's superior to answer a keberatan."""
    return calendar.add_working_days(filed_at, policy.keberatan_answer_working_days)


def is_overdue(due: datetime | None, now: datetime) -> bool:
    """Return True if ``now`` is strictly after ``due``; a missing deadline (closed item) is never overdue."""
    require_aware(now, "now")
    if due is None:
        return False
    require_aware(due, "due")
    return now > due
