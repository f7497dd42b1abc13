"""The PPID flow: a public-information request (UU 14/2008) with every field of the form, validated."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Signal

from common.domain.enums import DeliveryMethod, ObtainMethod
from common.rules.deadlines import DeadlinePolicy, ppid_answer_due
from common.rules.errors import FieldError
from common.rules.privacy import DESCRIPTION_MAX_LENGTH
from common.rules.working_days import WorkingCalendar, wib_date
from kiosk.catalog import KioskCatalog
from kiosk.forms import (
    ADDRESS_MAX_LENGTH,
    DESCRIPTION_MIN_LENGTH,
    PURPOSE_MAX_LENGTH,
    REFERENCE_MAX_LENGTH,
    PpidDraft,
    check_name,
    check_nik,
    check_optional_email,
    check_optional_phone,
    check_text,
)
from kiosk.screens.base import FlowScreenWidget
from kiosk.screens.review import ReviewStepPage
from kiosk.screens.steps import Choice, ChoiceStepPage, FieldSpec, FieldsStepPage
from kiosk.submission import SubmissionService, attempt
from kiosk.ui import UiContext

log = logging.getLogger(__name__)
_OBTAIN_ICONS = {"melihat": "eye", "membaca": "book", "mendengarkan": "ear", "mencatat": "pencil",
                 "softcopy": "file", "hardcopy": "printer"}
_DELIVERY_ICONS = {"ambil": "pickup", "pos": "envelope", "email": "at"}


class PpidFlowScreen(FlowScreenWidget):
    """Files an information request; emits ``receipt_ready`` after the outbox commit."""

    receipt_ready = Signal(object)

    def __init__(self, ctx: UiContext, catalog: KioskCatalog, submissions: SubmissionService,
                 policy: DeadlinePolicy, calendar: WorkingCalendar) -> None:
        """Build every page once."""
        super().__init__(ctx, "ppid.title")
        self._catalog, self._submissions = catalog, submissions
        self._policy, self._calendar = policy, calendar
        self.draft = PpidDraft(kelurahan=submissions.kelurahan)
        self._request_id = str(uuid.uuid4())
        self._build_identity_steps()
        self._build_request_steps()

    def _today(self) -> date:
        return wib_date(self.ctx.clock())

    def _field(self, name: str, label: str, check: Callable[[str], object], **options: Any) -> FieldSpec:
        return FieldSpec(name, label, partial(self._get_text, name), partial(self._set_text, name), check, **options)

    def _get_text(self, name: str) -> str:
        return str(getattr(self.draft, name))

    def _set_text(self, name: str, value: str) -> None:
        setattr(self.draft, name, value)  # always the current draft (a wipe replaces it)

    def _build_identity_steps(self) -> None:
        ctx = self.ctx
        self.consent_step = self.add_step(ChoiceStepPage(
            ctx, "ppid.consent.q", [Choice(True, "ppid.consent.yes", "ppid.consent.yes.sub", "check")],
            get=lambda: self.draft.consent or None, put=lambda v: setattr(self.draft, "consent", v), columns=(1, 1),
            body="consent.ppid.text", max_button_height=150))
        self.identity_step = self.add_step(FieldsStepPage(ctx, "ppid.identity.q", [
            self._field("full_name", "field.full_name", lambda v: check_name(v, "full_name"), max_length=100),
            self._field("nik", "field.nik", lambda v: check_nik(v, self._today()), keyboard="numeric",
                        max_length=16, pattern="[0-9]{0,16}"),
        ]))
        self.address_step = self.add_step(FieldsStepPage(ctx, "ppid.address.q", [
            self._field("address", "field.address", lambda v: check_text(v, "address", ADDRESS_MAX_LENGTH, min_len=5),
                        max_length=ADDRESS_MAX_LENGTH, multiline=True)]))
        self.contact_step = self.add_step(FieldsStepPage(ctx, "ppid.contact.q", [
            self._field("phone", "field.phone_ppid", check_optional_phone, keyboard="numeric", max_length=20),
            self._field("email", "field.email_ppid", check_optional_email, max_length=254),
        ], hint="ppid.contact.hint", extra_check=lambda: self.draft.check_contact()))
        self.proxy_step = self.add_step(ChoiceStepPage(ctx, "ppid.proxy.q", [
            Choice(False, "ppid.proxy.self", "ppid.proxy.self.sub", "person"),
            Choice(True, "ppid.proxy.other", "ppid.proxy.other.sub", "people")],
            get=lambda: self.draft.by_proxy, put=lambda v: setattr(self.draft, "by_proxy", v), columns=(1, 2)))
        self.proxy_details_step = self.add_step(FieldsStepPage(ctx, "ppid.proxy_details.q", [
            self._field("proxy_name", "field.proxy_name", lambda v: check_name(v, "proxy_name"), max_length=100),
            self._field("power_of_attorney_ref", "field.power_of_attorney_ref",
                        lambda v: check_text(v, "power_of_attorney_ref", REFERENCE_MAX_LENGTH, min_len=1),
                        max_length=REFERENCE_MAX_LENGTH),
        ], applicable=lambda: bool(self.draft.by_proxy)))

    def _build_request_steps(self) -> None:
        ctx = self.ctx
        self.information_step = self.add_step(FieldsStepPage(ctx, "ppid.information.q", [
            self._field("information", "field.information",
                        lambda v: check_text(v, "information", DESCRIPTION_MAX_LENGTH, min_len=DESCRIPTION_MIN_LENGTH),
                        max_length=DESCRIPTION_MAX_LENGTH, multiline=True)], hint="ppid.information.hint"))
        self.purpose_step = self.add_step(FieldsStepPage(ctx, "ppid.purpose.q", [
            self._field("purpose", "field.purpose", lambda v: check_text(v, "purpose", PURPOSE_MAX_LENGTH, min_len=5),
                        max_length=PURPOSE_MAX_LENGTH, multiline=True)], hint="ppid.purpose.hint"))
        offices = [Choice("", "ppid.opd.unknown", "ppid.opd.unknown.sub", "question")] + [
            Choice(o.slug, partial(str, o.singkatan), partial(str, o.nama), "office") for o in self._catalog.opd]
        self.opd_step = self.add_step(ChoiceStepPage(
            ctx, "ppid.opd.q", offices, get=lambda: (self.draft.opd or "") if self.draft.opd_chosen else None,
            put=self._set_opd, columns=(2, 4), page_size=(12, 12), large=((1, 3), (6, 6)), max_button_height=170))
        self.obtain_step = self.add_step(ChoiceStepPage(ctx, "ppid.obtain.q", [
            Choice(m, f"obtain.{m.value}", f"obtain.{m.value}.sub", _OBTAIN_ICONS[m.value]) for m in ObtainMethod],
            get=lambda: self.draft.obtain_method, put=lambda v: setattr(self.draft, "obtain_method", v),
            columns=(2, 3)))
        self.delivery_step = self.add_step(ChoiceStepPage(ctx, "ppid.delivery.q", [
            Choice(m, f"delivery.{m.value}", f"delivery.{m.value}.sub", _DELIVERY_ICONS[m.value])
            for m in DeliveryMethod], get=lambda: self.draft.delivery_method,
            put=lambda v: setattr(self.draft, "delivery_method", v), columns=(1, 3),
            check=lambda: self.draft.check_delivery()))
        self.review_step = self.add_step(ReviewStepPage(ctx, "review.q", self._review_rows, note=self._deadline_note))

    def _set_opd(self, slug: str) -> None:
        self.draft.opd = slug or None
        self.draft.opd_chosen = True

    # --- review -----------------------------------------------------------------------------------------------

    def _deadline_note(self) -> str:
        due = ppid_answer_due(self.ctx.clock(), self._policy, self._calendar)
        return self.ctx.t("ppid.deadline", date=self.ctx.i18n.date(due), days=self._policy.ppid_answer_working_days,
                          ext=self._policy.ppid_extension_working_days)

    def _review_rows(self) -> list[tuple[str, str]]:
        t, d = self.ctx.t, self.draft
        opd = self._catalog.opd_by_slug(d.opd)
        contact = ", ".join(x for x in (d.phone.strip(), d.email.strip()) if x)
        rows = [
            (t("ppid.review.name"), d.full_name.strip()),
            (t("ppid.review.nik"), "".join(d.nik.split())),
            (t("ppid.review.address"), d.address.strip()),
            (t("ppid.review.contact"), contact),
        ]
        if d.by_proxy:
            rows.append((t("ppid.review.proxy"), f"{d.proxy_name.strip()} ({d.power_of_attorney_ref.strip()})"))
        rows += [
            (t("ppid.review.information"), d.information.strip()),
            (t("ppid.review.purpose"), d.purpose.strip()),
            (t("ppid.review.opd"), opd.nama if opd else t("ppid.opd.unknown")),
            (t("ppid.review.obtain"), t(f"obtain.{d.obtain_method}") if d.obtain_method else "-"),
            (t("ppid.review.delivery"), t(f"delivery.{d.delivery_method}") if d.delivery_method else "-"),
        ]
        return rows

    # --- flow hooks -------------------------------------------------------------------------------------------

    def reset_draft(self) -> None:
        """A new draft and request id."""
        self.draft = PpidDraft(kelurahan=self._submissions.kelurahan)
        self._request_id = str(uuid.uuid4())

    def submit(self) -> bool:
        """Commit to the outbox, then emit the receipt."""
        receipt, problem = attempt(lambda: self._submissions.submit_ppid(self.draft, self._request_id),
                                   "permohonan", "request")
        if receipt is None:
            if problem is not None:
                self._show_problem(problem)
            return False
        self.receipt_ready.emit(receipt)
        return True

    def _show_problem(self, problem: FieldError) -> None:
        self.review_step.load()
        self.review_step.show_note(self.ctx.i18n.pick(problem.message_id, problem.message_en))
