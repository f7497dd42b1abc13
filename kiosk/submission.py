"""Turning a finished draft into a committed outbox item and a receipt; Qt-free.

The receipt is built only after :meth:`~kiosk.outbox.Outbox.enqueue` returned, i.e. after the item and its
tracking code are durably on disk. Then the sender is woken; delivery happens in the background, so the citizen
gets the receipt at once even with no network.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from common.clock import Clock
from common.rules.errors import FieldError
from common.rules.working_days import wib_date
from kiosk.catalog import KioskCatalog
from kiosk.forms import ComplaintDraft, PpidDraft, SkmDraft
from kiosk.outbox import ItemKind, Outbox, OutboxItem
from kiosk.receipt import Receipt, ReceiptFactory

log = logging.getLogger(__name__)


class SubmissionError(ValueError):
    """The draft still has problems; ``problems`` lists them (the screens prevent this)."""

    def __init__(self, problems: list[FieldError]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def attempt(submit: Callable[[], Receipt], what_id: str, what_en: str) -> tuple[Receipt | None, FieldError | None]:
    """Run one submit and turn its failures into the problem a screen shows (receipt, None) / (None, problem).

    A draft problem comes back as it is; a failed outbox commit (disk full, file locked) is logged and said
    plainly: nothing was receipted, so the citizen tries again or asks the staff.
    """
    try:
        return submit(), None
    except SubmissionError as exc:
        return None, exc.problems[0]
    except sqlite3.Error:
        log.exception("outbox commit failed")
        return None, FieldError("outbox", f"Maaf, {what_id} belum tersimpan. Coba lagi atau hubungi petugas.",
                                f"Sorry, the {what_en} was not saved. Try again or ask staff.")


@dataclass
class SubmissionService:
    """Commits drafts to the outbox and returns receipts."""

    outbox: Outbox
    catalog: KioskCatalog
    receipts: ReceiptFactory
    clock: Clock
    kelurahan: str
    tracking_prefix: Callable[[], str]
    on_committed: Callable[[], None] = field(default=lambda: None)

    @property
    def kelurahan_name(self) -> str:
        """The name of this kiosk's kelurahan."""
        record = self.catalog.kelurahan_by_code(self.kelurahan)
        return record.nama if record else self.kelurahan

    def _commit(self, kind: ItemKind, payload: dict[str, Any], client_request_id: str, *,
                with_code: bool, photo: bytes | None = None) -> OutboxItem:
        try:
            item = self.outbox.enqueue(kind, payload, client_request_id=client_request_id, now=self.clock(),
                                       tracking_prefix=self.tracking_prefix() if with_code else None,
                                       photo=photo)
        except sqlite3.IntegrityError:
            # The same draft submitted twice (a double tap): the first commit stands.
            existing = self.outbox.find_by_client_request_id(client_request_id)
            if existing is None:
                raise
            return existing
        self.on_committed()
        return item

    def submit_complaint(self, draft: ComplaintDraft, client_request_id: str) -> Receipt:
        """Commit a complaint; returns its receipt."""
        problems = draft.problems()
        if problems:
            raise SubmissionError(problems)
        name = self.catalog.kelurahan_by_code(draft.kelurahan)
        payload = draft.to_payload(client_request_id, name.nama if name else "")
        item = self._commit("complaint", payload, client_request_id, with_code=True, photo=draft.photo)
        service = self.catalog.service(draft.service_code)
        routed = self.catalog.route(draft.service_code, draft.kelurahan)
        return self.receipts.complaint(
            client_request_id=client_request_id, issued_at=item.created_at, tracking_code=item.tracking_code or "",
            kelurahan_name=self.kelurahan_name, report_kind=str(draft.kind),
            category=(service.name, service.name_en) if service else ("", ""),
            routed_to=routed.singkatan if routed else "",
            phone=payload.get("phone", "") if draft.contact_consent else "")

    def submit_ppid(self, draft: PpidDraft, client_request_id: str) -> Receipt:
        """Commit a PPID request; returns its receipt."""
        today = wib_date(self.clock())
        problems = draft.problems(today)
        if problems:
            raise SubmissionError(problems)
        payload = draft.to_payload(client_request_id, today)
        item = self._commit("ppid", payload, client_request_id, with_code=True)
        opd = self.catalog.opd_by_slug(draft.opd)
        applicant = payload["applicant"]
        return self.receipts.ppid(client_request_id=client_request_id, issued_at=item.created_at,
                                  tracking_code=item.tracking_code or "", kelurahan_name=self.kelurahan_name,
                                  routed_to=opd.singkatan if opd else "PPID", nik=applicant["nik"],
                                  phone=applicant["phone"] or "")

    def submit_skm(self, draft: SkmDraft, client_request_id: str) -> Receipt:
        """Commit a survey response; returns the thank-you receipt."""
        problems = draft.problems()
        if problems:
            raise SubmissionError(problems)
        item = self._commit("skm", draft.to_payload(client_request_id), client_request_id, with_code=False)
        opd = self.catalog.opd_by_slug(draft.opd) if draft.for_other_opd else None
        return self.receipts.skm(client_request_id=client_request_id, issued_at=item.created_at,
                                 kelurahan_name=self.kelurahan_name,
                                 routed_to=opd.singkatan if opd else f"Kel. {self.kelurahan_name}")
