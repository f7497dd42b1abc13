"""The status machines of reports (complaints etc.) and PPID information requests.

The legal transitions are data (two tables below), so the database layer, the API and the UI all ask the same
question "may this report go from X to Y?" and get the same answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Literal, NamedTuple

from common.domain.enums import InfoRequestStatus, ReportStatus
from common.rules.errors import RuleError

_R = ReportStatus

# Why each edge exists:
# - diterima (received): triage decides: valid -> terverifikasi; not a real complaint -> ditolak; already
#   filed -> duplikat; outside the city's powers -> bukan_wewenang.
# - terverifikasi (verified): assigned to an OPD (didisposisi); the same early exits stay open because
#   verification can uncover them late; tunda when the complainant must complete missing information.
# - didisposisi (assigned): the OPD starts work (ditindaklanjuti), declares it outside its/the city's powers
#   (bukan_wewenang) or puts it on hold (tunda). didisposisi -> didisposisi is a *re-assignment* to another OPD,
#   recorded as its own status change so the follow-up deadline restarts for the new OPD.
# - ditindaklanjuti (being followed up): finished (selesai) or put on hold (tunda).
# - tunda (on hold): resumes where it makes sense (re-verify, re-assign, continue) or is rejected when the
#   missing information never comes.
# - selesai (resolved) -> ditindaklanjuti: re-opened when the complainant objects to the resolution
#   (SP4N-LAPOR! practice). The table cannot count, so limiting the number of re-openings is up to the caller.
# - ditolak, duplikat, bukan_wewenang: final; a new submission is the way forward.
_REPORT_TRANSITIONS: Mapping[ReportStatus, frozenset[ReportStatus]] = MappingProxyType(
    {
        _R.DITERIMA: frozenset({_R.TERVERIFIKASI, _R.DITOLAK, _R.DUPLIKAT, _R.BUKAN_WEWENANG}),
        _R.TERVERIFIKASI: frozenset({_R.DIDISPOSISI, _R.DITOLAK, _R.DUPLIKAT, _R.BUKAN_WEWENANG, _R.TUNDA}),
        _R.DIDISPOSISI: frozenset({_R.DITINDAKLANJUTI, _R.BUKAN_WEWENANG, _R.TUNDA, _R.DIDISPOSISI}),
        _R.DITINDAKLANJUTI: frozenset({_R.SELESAI, _R.TUNDA}),
        _R.TUNDA: frozenset({_R.TERVERIFIKASI, _R.DIDISPOSISI, _R.DITINDAKLANJUTI, _R.DITOLAK}),
        _R.SELESAI: frozenset({_R.DITINDAKLANJUTI}),
        _R.DITOLAK: frozenset(),
        _R.DUPLIKAT: frozenset(),
        _R.BUKAN_WEWENANG: frozenset(),
    }
)

CLOSED_STATUSES: frozenset[ReportStatus] = frozenset({_R.SELESAI, _R.DITOLAK, _R.DUPLIKAT, _R.BUKAN_WEWENANG})
"""Statuses in which a report needs no more work (Open311 ``closed``); only ``selesai`` can be re-opened."""

_I = InfoRequestStatus

# UU 14/2008: the PPID answers within 10 working days and may extend ONCE by 7 working days. The extension is
# enforced by the table: diperpanjang is reachable only from diproses and leads only to selesai, so no path
# enters it twice.
_INFO_TRANSITIONS: Mapping[InfoRequestStatus, frozenset[InfoRequestStatus]] = MappingProxyType(
    {
        _I.DITERIMA: frozenset({_I.DIPROSES, _I.SELESAI}),
        _I.DIPROSES: frozenset({_I.DIPERPANJANG, _I.SELESAI}),
        _I.DIPERPANJANG: frozenset({_I.SELESAI}),
        _I.SELESAI: frozenset(),
    }
)


class StatusLabel(NamedTuple):
    """Human labels of a status in Indonesian (``id``) and English (``en``)."""

    id: str
    en: str


STATUS_LABELS: Mapping[ReportStatus, StatusLabel] = MappingProxyType(
    {
        _R.DITERIMA: StatusLabel("Diterima", "Received"),
        _R.TERVERIFIKASI: StatusLabel("Terverifikasi", "Verified"),
        _R.DIDISPOSISI: StatusLabel("Didisposisikan ke OPD", "Assigned to an agency"),
        _R.DITINDAKLANJUTI: StatusLabel("Sedang ditindaklanjuti", "In progress"),
        _R.SELESAI: StatusLabel("Selesai", "Resolved"),
        _R.TUNDA: StatusLabel("Ditunda", "On hold"),
        _R.BUKAN_WEWENANG: StatusLabel("Bukan wewenang", "Not our jurisdiction"),
        _R.DUPLIKAT: StatusLabel("Duplikat", "Duplicate"),
        _R.DITOLAK: StatusLabel("Ditolak", "Rejected"),
    }
)

INFO_STATUS_LABELS: Mapping[InfoRequestStatus, StatusLabel] = MappingProxyType(
    {
        _I.DITERIMA: StatusLabel("Diterima", "Received"),
        _I.DIPROSES: StatusLabel("Diproses", "In progress"),
        _I.DIPERPANJANG: StatusLabel("Diperpanjang", "Extended"),
        _I.SELESAI: StatusLabel("Selesai", "Answered"),
    }
)


class IllegalTransition(RuleError):
    """A status change that the state machine does not allow."""

    def __init__(self, current: StrEnum, target: StrEnum) -> None:
        super().__init__(
            f"Status '{current.value}' tidak dapat diubah menjadi '{target.value}'",
            f"illegal transition from '{current.value}' to '{target.value}'",
        )
        self.current = current
        self.target = target


def allowed_targets(status: ReportStatus) -> frozenset[ReportStatus]:
    """Return the statuses a report in ``status`` may move to."""
    return _REPORT_TRANSITIONS[status]


def check_transition(current: ReportStatus, target: ReportStatus) -> None:
    """Raise :class:`IllegalTransition` unless a report may go from ``current`` to ``target``."""
    if target not in _REPORT_TRANSITIONS[current]:
        raise IllegalTransition(current, target)


def is_open(status: ReportStatus) -> bool:
    """Return True while a report still needs work (``tunda`` counts as open: it is waiting, not done)."""
    return status not in CLOSED_STATUSES


def open311_status(status: ReportStatus) -> Literal["open", "closed"]:
    """Map a report status to Open311 GeoReport v2's only two statuses."""
    return "open" if is_open(status) else "closed"


def info_allowed_targets(status: InfoRequestStatus) -> frozenset[InfoRequestStatus]:
    """Return the statuses a PPID information request in ``status`` may move to."""
    return _INFO_TRANSITIONS[status]


def check_info_transition(current: InfoRequestStatus, target: InfoRequestStatus) -> None:
    """Raise :class:`IllegalTransition` unless an information request may go from ``current`` to ``target``."""
    if target not in _INFO_TRANSITIONS[current]:
        raise IllegalTransition(current, target)
