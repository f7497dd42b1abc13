"""The SKM flow (PermenPAN-RB 14/2017): which office, then the nine elements in order, one tap each."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from functools import partial

from PySide6.QtCore import Signal

from common.rules import skm
from kiosk.catalog import KioskCatalog
from kiosk.forms import SkmDraft
from kiosk.screens.base import FlowScreenWidget
from kiosk.screens.review import ReviewStepPage
from kiosk.screens.steps import Choice, ChoiceStepPage
from kiosk.submission import SubmissionError, SubmissionService
from kiosk.ui import UiContext

log = logging.getLogger(__name__)


class SkmFlowScreen(FlowScreenWidget):
    """The satisfaction survey for this office or a chosen OPD; emits ``receipt_ready`` after the commit."""

    receipt_ready = Signal(object)

    def __init__(self, ctx: UiContext, catalog: KioskCatalog, submissions: SubmissionService) -> None:
        """Build the target pages, nine question pages and the review."""
        super().__init__(ctx, "skm.title")
        self._catalog, self._submissions = catalog, submissions
        self.draft = SkmDraft(kelurahan=submissions.kelurahan)
        self._request_id = str(uuid.uuid4())
        name = submissions.kelurahan_name
        self.target_step = self.add_step(ChoiceStepPage(ctx, "skm.target.q", [
            Choice(False, "skm.target.here", partial(ctx.t, "skm.target.here.sub", name=name), "office"),
            Choice(True, "skm.target.other", "skm.target.other.sub", "search")],
            get=lambda: self.draft.for_other_opd, put=self._set_target, columns=(1, 2)))
        offices = [Choice(o.slug, partial(str, o.singkatan), partial(str, o.nama), "office") for o in catalog.opd]
        self.opd_step = self.add_step(ChoiceStepPage(
            ctx, "skm.opd.q", offices, get=lambda: self.draft.opd, put=lambda v: setattr(self.draft, "opd", v),
            columns=(2, 4),
            page_size=(12, 12), large=((1, 3), (6, 6)), applicable=lambda: bool(self.draft.for_other_opd),
            max_button_height=170))
        self.question_steps = [self.add_step(self._question_step(i, element))
                               for i, element in enumerate(skm.ELEMENTS)]
        self.review_step = self.add_step(ReviewStepPage(ctx, "skm.review.q", self._review_rows))

    def _question_step(self, index: int, element: skm.SkmElement) -> ChoiceStepPage:
        pick = self.ctx.i18n.pick
        choices = [Choice(value, partial(pick, element.answers_id[value - 1], element.answers_en[value - 1]), None,
                          f"face{value}") for value in (1, 2, 3, 4)]
        return ChoiceStepPage(
            self.ctx, partial(pick, element.question_id, element.question_en), choices,
            get=partial(self._answer, index), put=partial(self.draft_answer, index),
            hint=partial(self._element_hint, element), columns=(1, 4), max_button_height=190)

    def _answer(self, index: int) -> int | None:
        return self.draft.answers[index]

    def draft_answer(self, index: int, value: int) -> None:
        """Record an answer in the current draft."""
        self.draft.answer(index, value)

    def _element_hint(self, element: skm.SkmElement) -> str:
        pick = self.ctx.i18n.pick
        return self.ctx.t("skm.question", n=element.number, total=skm.ELEMENT_COUNT,
                          element=pick(element.name_id, element.name_en))

    def _set_target(self, other: bool) -> None:
        self.draft.for_other_opd = other
        if not other:
            self.draft.opd = None

    def _review_rows(self) -> list[tuple[str, str]]:
        rows = []
        if self.draft.for_other_opd:
            opd = self._catalog.opd_by_slug(self.draft.opd)
            rows.append((self.ctx.t("ppid.review.opd"), opd.nama if opd else "-"))
        for element, answer in zip(skm.ELEMENTS, self.draft.answers, strict=True):
            words = self.ctx.i18n.pick(element.answers_id[answer - 1], element.answers_en[answer - 1]) if answer \
                else "-"
            rows.append((f"{element.number}. {self.ctx.i18n.pick(element.name_id, element.name_en)}", words))
        return rows

    def reset_draft(self) -> None:
        """A new, empty survey."""
        self.draft = SkmDraft(kelurahan=self._submissions.kelurahan)
        self._request_id = str(uuid.uuid4())

    def submit(self) -> bool:
        """Commit to the outbox, then emit the thank-you receipt."""
        try:
            receipt = self._submissions.submit_skm(self.draft, self._request_id)
        except (SubmissionError, sqlite3.Error) as exc:
            log.error("survey not saved: %s", exc)
            self.review_step.show_note(self.ctx.i18n.pick("Maaf, penilaian belum tersimpan. Coba lagi.",
                                                          "Sorry, not saved. Please try again."))
            return False
        self.receipt_ready.emit(receipt)
        return True
