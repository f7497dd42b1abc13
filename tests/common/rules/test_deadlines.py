"""Deadlines of complaints, Rabeg and PPID requests, hand-counted on the 2025/2026 calendars."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from common.domain.enums import ReportStatus, Severity
from common.rules.deadlines import (
    DeadlinePolicy,
    ReportDeadlines,
    current_due,
    is_overdue,
    keberatan_answer_due,
    keberatan_filing_deadline,
    no_reply_close_at,
    ppid_answer_due,
    ppid_extended_due,
    rabeg_response_due,
    report_deadlines,
)
from common.rules.working_days import WorkingCalendar
from tests.common.rules.calendar_data import wib

POLICY = DeadlinePolicy()


def end_of(year: int, month: int, day: int) -> datetime:
    """23:59:59.999999 WIB of a day, written out in UTC."""
    return datetime(year, month, day, 16, 59, 59, 999999, tzinfo=UTC)


def test_policy_defaults_are_the_domain_numbers() -> None:
    assert dataclasses.asdict(POLICY) == {
        "verification_working_days": 3,
        "followup_decision_working_days": 5,
        "no_reply_close_working_days": 10,
        "resolution_cap_calendar_days": 60,
        "rabeg_response_hours": 72,
        "rabeg_ringan_hours": 24,
        "ppid_answer_working_days": 10,
        "ppid_extension_working_days": 7,
        "keberatan_filing_working_days": 30,
        "keberatan_answer_working_days": 30,
        "call112_max_calls_per_day": 5,
        "call112_block_hours": 24,
    }


@pytest.mark.parametrize(
    "changes",
    [{"verification_working_days": -1}, {"rabeg_response_hours": 1.5}, {"call112_max_calls_per_day": 0}],
)
def test_policy_rejects_bad_configuration(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        DeadlinePolicy(**changes)  # type: ignore[arg-type]


def test_policy_is_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        POLICY.verification_working_days = 4  # type: ignore[misc]


def test_report_deadlines_across_lebaran_2025(calendar: WorkingCalendar) -> None:
    deadlines = report_deadlines(wib(2025, 3, 27, 10), POLICY, calendar)
    # Verification: 8, 9, 10 Apr (28 Mar - 7 Apr are holidays and cuti bersama).
    assert deadlines.verify_by == end_of(2025, 4, 10)
    # Follow-up decision projected from verify_by: 11, 14, 15, 16, 17 Apr (18 Apr is Good Friday).
    assert deadlines.followup_decision_by == end_of(2025, 4, 17)
    # 60 calendar days after 27 Mar: 4 (to 31 Mar) + 30 (April) + 26 = 26 May.
    assert deadlines.resolve_by == end_of(2025, 5, 26)


@pytest.fixture
def deadlines(calendar: WorkingCalendar) -> ReportDeadlines:
    return report_deadlines(wib(2025, 5, 5, 9), POLICY, calendar)


def test_current_due_per_status(calendar: WorkingCalendar, deadlines: ReportDeadlines) -> None:
    changed = wib(2025, 5, 12, 9)  # Waisak; the next day (13 May) is cuti bersama
    # 5 working days after 12 May: 14, 15, 16, 19, 20 May.
    followup = end_of(2025, 5, 20)
    expected = {
        ReportStatus.DITERIMA: deadlines.verify_by,
        ReportStatus.TERVERIFIKASI: followup,
        ReportStatus.DIDISPOSISI: followup,
        ReportStatus.DITINDAKLANJUTI: deadlines.resolve_by,
        ReportStatus.TUNDA: deadlines.resolve_by,
        ReportStatus.SELESAI: None,
        ReportStatus.DITOLAK: None,
        ReportStatus.DUPLIKAT: None,
        ReportStatus.BUKAN_WEWENANG: None,
    }
    assert set(expected) == set(ReportStatus)
    for status, due in expected.items():
        assert current_due(status, deadlines, changed, POLICY, calendar) == due, status


def test_reassignment_restarts_the_followup_clock(
    calendar: WorkingCalendar, deadlines: ReportDeadlines
) -> None:
    first = current_due(ReportStatus.DIDISPOSISI, deadlines, wib(2025, 5, 19, 9), POLICY, calendar)
    again = current_due(ReportStatus.DIDISPOSISI, deadlines, wib(2025, 5, 21, 9), POLICY, calendar)
    # 20, 21, 22, 23, 26 May vs 22, 23, 26, 27, 28 May (29 May Ascension, 30 May cuti are later).
    assert (first, again) == (end_of(2025, 5, 26), end_of(2025, 5, 28))


def test_no_reply_close(calendar: WorkingCalendar) -> None:
    # 10 working days after Fri 23 May 2025: 26, 27, 28 May, (29 Ascension, 30 cuti), 2, 3, 4, 5 Jun,
    # (6 Idul Adha, 9 cuti), 10, 11, 12 Jun.
    assert no_reply_close_at(wib(2025, 5, 23, 15), POLICY, calendar) == end_of(2025, 6, 12)


@pytest.mark.parametrize(
    ("severity", "hours"), [(Severity.RINGAN, 24), (Severity.SEDANG, 72), (Severity.BERAT, 72)]
)
def test_rabeg_response_is_in_calendar_hours(severity: Severity, hours: int) -> None:
    received = wib(2025, 3, 28, 10)  # a cuti bersama: Rabeg's 3x24h does not care
    expected = {24: datetime(2025, 3, 29, 3, tzinfo=UTC), 72: datetime(2025, 3, 31, 3, tzinfo=UTC)}[hours]
    assert rabeg_response_due(received, severity, POLICY) == expected


def test_ppid_answer_and_extension(calendar: WorkingCalendar) -> None:
    # 10 working days after Thu 20 Mar 2025: 21, 24, 25, 26, 27 Mar, (28 Mar - 7 Apr off), 8, 9, 10, 11, 14 Apr.
    due = ppid_answer_due(wib(2025, 3, 20, 10), POLICY, calendar)
    assert due == end_of(2025, 4, 14)
    # Extension: 7 working days after 14 Apr: 15, 16, 17, (18 Good Friday), 21, 22, 23, 24 Apr.
    assert ppid_extended_due(due, POLICY, calendar) == end_of(2025, 4, 24)


def test_extension_counts_from_the_original_due_date_not_from_the_decision(calendar: WorkingCalendar) -> None:
    due = ppid_answer_due(wib(2025, 3, 20, 10), POLICY, calendar)
    assert ppid_extended_due(due, POLICY, calendar) == calendar.add_working_days(due, 7)
    assert ppid_extended_due(due, POLICY, calendar) > calendar.add_working_days(wib(2025, 4, 9, 10), 7)


def test_keberatan_deadlines(calendar: WorkingCalendar) -> None:
    # 30 working days after Fri 2 Jan 2026: Jan 5-9 (5), 12-15 (9; 16 Isra Mikraj), 19-23 (14), 26-30 (19),
    # Feb 2-6 (24), 9-13 (29), (16 cuti Imlek, 17 Imlek), 18 Feb (30).
    assert keberatan_filing_deadline(wib(2026, 1, 2, 11), POLICY, calendar) == end_of(2026, 2, 18)
    assert keberatan_answer_due(wib(2026, 1, 2, 11), POLICY, calendar) == end_of(2026, 2, 18)


def test_is_overdue() -> None:
    due = end_of(2025, 4, 10)
    assert not is_overdue(due, due)
    assert is_overdue(due, datetime(2025, 4, 10, 17, tzinfo=UTC))  # 00:00 WIB on 11 Apr
    assert not is_overdue(None, datetime(2030, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError):
        is_overdue(due, datetime(2025, 4, 11))
