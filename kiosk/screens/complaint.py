"""The complaint flow: kind, category, place, story, photo, identity, consent, contact, review, send."""

from __future__ import annotations

import logging
import uuid
from functools import partial

from PySide6.QtCore import Signal

from common.domain.enums import Confidentiality, ReportKind
from common.rules.errors import FieldError
from common.rules.privacy import DESCRIPTION_MAX_LENGTH
from kiosk.catalog import KioskCatalog
from kiosk.forms import (
    ComplaintDraft,
    check_description,
    check_name,
    check_optional_email,
    check_optional_phone,
)
from kiosk.screens.base import FlowScreenWidget
from kiosk.screens.complaint_steps import CameraFactory, LocationStepPage, PhotoStepPage
from kiosk.screens.review import ReviewStepPage
from kiosk.screens.steps import Choice, ChoiceStepPage, FieldSpec, FieldsStepPage
from kiosk.submission import SubmissionService, attempt
from kiosk.ui import UiContext

log = logging.getLogger(__name__)
_KIND_ICONS = {"aduan": "aduan", "laporan": "laporan", "saran": "saran", "pendapat": "pendapat"}
_IDENTITY_ICONS = {"publik": "person", "anonim": "anonymous", "rahasia": "lock"}


class ComplaintFlowScreen(FlowScreenWidget):
    """Files an aduan / laporan / saran / pendapat; emits ``receipt_ready`` after the outbox commit."""

    receipt_ready = Signal(object)

    def __init__(self, ctx: UiContext, catalog: KioskCatalog, submissions: SubmissionService,
                 camera: CameraFactory | None) -> None:
        """Build every page once; they are reused for each citizen."""
        super().__init__(ctx, "complaint.title")
        self._catalog = catalog
        self._submissions = submissions
        self._home = submissions.kelurahan
        self.draft = ComplaintDraft(kelurahan=self._home)
        self._request_id = str(uuid.uuid4())
        self._build_steps(camera)

    def _build_steps(self, camera: CameraFactory | None) -> None:
        ctx = self.ctx
        kinds = [Choice(k, f"kind.{k.value}", f"kind.{k.value}.sub", _KIND_ICONS[k.value]) for k in ReportKind]
        self.kind_step = self.add_step(ChoiceStepPage(
            ctx, "complaint.kind.q", kinds, get=lambda: self.draft.kind,
            put=lambda v: setattr(self.draft, "kind", v), columns=(1, 2)))
        self.category_step = self.add_step(ChoiceStepPage(
            ctx, "complaint.category.q", self._category_choices(), get=lambda: self.draft.service_code,
            put=lambda v: setattr(self.draft, "service_code", v), columns=(3, 6), max_button_height=210,
            large=((2, 4), (8, 8))))
        self.location_step = self.add_step(LocationStepPage(ctx, self._catalog, self._home, lambda: self.draft))
        self.description_step = self.add_step(FieldsStepPage(ctx, "complaint.description.q", [FieldSpec(
            "description", "description.field", lambda: self.draft.description,
            lambda v: setattr(self.draft, "description", v), check_description,
            max_length=DESCRIPTION_MAX_LENGTH, multiline=True)], hint="description.hint"))
        self.photo_step = self.add_step(PhotoStepPage(ctx, camera, lambda: self.draft))
        identities = [Choice(c, f"identity.{c.value}", f"identity.{c.value}.sub", _IDENTITY_ICONS[c.value])
                      for c in Confidentiality]
        self.identity_step = self.add_step(ChoiceStepPage(
            ctx, "complaint.identity.q", identities, get=lambda: self.draft.confidentiality,
            put=lambda v: setattr(self.draft, "confidentiality", v), hint="identity.note", columns=(1, 3)))
        consent = [Choice(True, "consent.yes", "consent.yes.sub", "check"),
                   Choice(False, "consent.no", "consent.no.sub", "cross")]
        self.consent_step = self.add_step(ChoiceStepPage(
            ctx, "complaint.consent.q", consent, get=lambda: self._consent, put=self._set_consent,
            columns=(1, 2), body="consent.complaint.text", max_button_height=150))
        self.contact_step = self.add_step(FieldsStepPage(ctx, "complaint.contact.q", [
            FieldSpec("name", "field.name", lambda: self.draft.name, lambda v: setattr(self.draft, "name", v),
                      check_name, max_length=100),
            FieldSpec("phone", "field.phone", lambda: self.draft.phone, lambda v: setattr(self.draft, "phone", v),
                      check_optional_phone, keyboard="numeric", max_length=20),
            FieldSpec("email", "field.email", lambda: self.draft.email, lambda v: setattr(self.draft, "email", v),
                      check_optional_email, max_length=254),
        ], applicable=lambda: self.draft.contact_consent))
        self.review_step = self.add_step(ReviewStepPage(ctx, "review.q", self._review_rows))

    def _category_choices(self) -> list[Choice]:
        choices = []
        for service in self._catalog.services:
            routed = self._catalog.route(service.code, self._home)
            short = routed.singkatan if routed else "Kecamatan"
            name = partial(self.ctx.i18n.pick, service.name, service.name_en or service.name)
            choices.append(Choice(service.code, name, partial(self.ctx.t, "category.routed", opd=short),
                                  service.icon or "question"))
        return choices

    # --- consent (None until answered, so the page demands an answer) ------------------------------------------

    _consent: bool | None = None

    def _set_consent(self, value: bool) -> None:
        self._consent = value
        self.draft.contact_consent = value

    # --- review -----------------------------------------------------------------------------------------------

    def _review_rows(self) -> list[tuple[str, str]]:
        t, d = self.ctx.t, self.draft
        service = self._catalog.service(d.service_code)
        kel = self._catalog.kelurahan_by_code(d.kelurahan)
        routed = self._catalog.route(d.service_code, d.kelurahan)
        contact = t("review.contact.none")
        if d.contact_consent:
            contact = ", ".join(x for x in (d.name.strip(), d.phone.strip(), d.email.strip()) if x)
        return [
            (t("review.kind"), t(f"kind.{d.kind}") if d.kind else "-"),
            (t("review.category"), self.ctx.i18n.pick(service.name, service.name_en) if service else "-"),
            (t("review.routed"), routed.nama if routed else "-"),
            (t("review.location"), d.location_text(kel.nama if kel else d.kelurahan)),
            (t("review.description"), d.description.strip()),
            (t("review.photo"), t("review.photo.yes") if d.photo else t("common.none")),
            (t("review.identity"), t(f"identity.{d.confidentiality}") if d.confidentiality else "-"),
            (t("review.contact"), contact),
        ]

    # --- flow hooks -------------------------------------------------------------------------------------------

    def reset_draft(self) -> None:
        """A new draft and request id; the old photo is dropped with the old draft."""
        self.draft = ComplaintDraft(kelurahan=self._home)
        self._consent = None
        self._request_id = str(uuid.uuid4())

    def submit(self) -> bool:
        """Commit to the outbox, then emit the receipt."""
        receipt, problem = attempt(lambda: self._submissions.submit_complaint(self.draft, self._request_id),
                                   "laporan", "report")
        if receipt is None:
            if problem is not None:
                self._show_problem(problem)
            return False
        self.receipt_ready.emit(receipt)
        return True

    def _show_problem(self, problem: FieldError) -> None:
        self.review_step.load()
        self.review_step.show_note(self.ctx.i18n.pick(problem.message_id, problem.message_en))
