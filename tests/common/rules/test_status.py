"""The report and information-request status machines."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from common.domain.enums import InfoRequestStatus, ReportStatus
from common.rules.errors import RuleError
from common.rules.status import (
    INFO_STATUS_LABELS,
    STATUS_LABELS,
    IllegalTransition,
    allowed_targets,
    check_info_transition,
    check_transition,
    info_allowed_targets,
    is_open,
    open311_status,
)

R = ReportStatus
I = InfoRequestStatus  # noqa: E741 - mirrors the module's own short alias

# The legal transitions, written from the specification (not read back from the module).
LEGAL_REPORT = {
    (R.DITERIMA, R.TERVERIFIKASI), (R.DITERIMA, R.DITOLAK), (R.DITERIMA, R.DUPLIKAT),
    (R.DITERIMA, R.BUKAN_WEWENANG),
    (R.TERVERIFIKASI, R.DIDISPOSISI), (R.TERVERIFIKASI, R.DITOLAK), (R.TERVERIFIKASI, R.DUPLIKAT),
    (R.TERVERIFIKASI, R.BUKAN_WEWENANG), (R.TERVERIFIKASI, R.TUNDA),
    (R.DIDISPOSISI, R.DITINDAKLANJUTI), (R.DIDISPOSISI, R.BUKAN_WEWENANG), (R.DIDISPOSISI, R.TUNDA),
    (R.DIDISPOSISI, R.DIDISPOSISI),
    (R.DITINDAKLANJUTI, R.SELESAI), (R.DITINDAKLANJUTI, R.TUNDA),
    (R.TUNDA, R.TERVERIFIKASI), (R.TUNDA, R.DIDISPOSISI), (R.TUNDA, R.DITINDAKLANJUTI), (R.TUNDA, R.DITOLAK),
    (R.SELESAI, R.DITINDAKLANJUTI),
}  # fmt: skip
LEGAL_INFO = {
    (I.DITERIMA, I.DIPROSES), (I.DITERIMA, I.SELESAI),
    (I.DIPROSES, I.DIPERPANJANG), (I.DIPROSES, I.SELESAI),
    (I.DIPERPANJANG, I.SELESAI),
}  # fmt: skip
CLOSED = {R.SELESAI, R.DITOLAK, R.DUPLIKAT, R.BUKAN_WEWENANG}
TERMINAL = {R.DITOLAK, R.DUPLIKAT, R.BUKAN_WEWENANG}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(ReportStatus, ReportStatus)))
def test_report_transition_table_is_exactly_the_specification(current: R, target: R) -> None:
    legal = (current, target) in LEGAL_REPORT
    assert (target in allowed_targets(current)) is legal
    if legal:
        check_transition(current, target)
    else:
        with pytest.raises(IllegalTransition) as caught:
            check_transition(current, target)
        assert (caught.value.current, caught.value.target) == (current, target)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(InfoRequestStatus, InfoRequestStatus)))
def test_info_transition_table_is_exactly_the_specification(current: I, target: I) -> None:
    legal = (current, target) in LEGAL_INFO
    assert (target in info_allowed_targets(current)) is legal
    if legal:
        check_info_transition(current, target)
    else:
        with pytest.raises(IllegalTransition):
            check_info_transition(current, target)


def test_illegal_transition_message_is_bilingual() -> None:
    with pytest.raises(IllegalTransition) as caught:
        check_transition(R.SELESAI, R.DITERIMA)
    error = caught.value
    assert isinstance(error, RuleError) and isinstance(error, ValueError)
    assert error.message_id == "Status 'selesai' tidak dapat diubah menjadi 'diterima'"
    assert "illegal transition" in error.message_en


def test_extension_can_happen_only_once() -> None:
    # Every path through the machine visits diperpanjang at most once.
    def paths(state: I, seen: tuple[I, ...]) -> list[tuple[I, ...]]:
        nexts = info_allowed_targets(state)
        if not nexts:
            return [seen]
        return [p for n in nexts for p in paths(n, (*seen, n))]

    all_paths = paths(I.DITERIMA, (I.DITERIMA,))
    assert all(path.count(I.DIPERPANJANG) <= 1 for path in all_paths)
    assert any(I.DIPERPANJANG in path for path in all_paths)


@pytest.mark.parametrize("status", list(ReportStatus))
def test_open_and_open311_agree(status: R) -> None:
    assert is_open(status) is (status not in CLOSED)
    assert open311_status(status) == ("open" if status not in CLOSED else "closed")


def test_labels_cover_every_status_in_both_languages() -> None:
    assert set(STATUS_LABELS) == set(ReportStatus)
    assert set(INFO_STATUS_LABELS) == set(InfoRequestStatus)
    for label in [*STATUS_LABELS.values(), *INFO_STATUS_LABELS.values()]:
        assert label.id.strip() and label.en.strip()
    assert len({label.id for label in STATUS_LABELS.values()}) == len(ReportStatus)


class ReportLifecycle(RuleBasedStateMachine):
    """Random attempted transitions: illegal ones are refused and leave the state as it was."""

    @initialize()
    def start(self) -> None:
        self.state = R.DITERIMA
        self.history = [R.DITERIMA]

    @rule(wanted=st.sampled_from(list(ReportStatus)))
    def attempt(self, wanted: R) -> None:
        before = self.state
        try:
            check_transition(before, wanted)
        except IllegalTransition:
            assert (before, wanted) not in LEGAL_REPORT
            return
        assert (before, wanted) in LEGAL_REPORT
        assert before not in TERMINAL  # final statuses stay final
        if before is R.SELESAI:
            assert wanted is R.DITINDAKLANJUTI  # the only way out of selesai is the documented reopen
        self.state = wanted
        self.history.append(wanted)

    @invariant()
    def consistent(self) -> None:
        assert is_open(self.state) == (open311_status(self.state) == "open")
        assert all(pair in LEGAL_REPORT for pair in itertools.pairwise(self.history))
        assert R.DITERIMA not in self.history[1:]  # nothing leads back to "received"


ReportLifecycle.TestCase.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)
test_report_lifecycle = ReportLifecycle.TestCase
