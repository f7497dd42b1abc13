"""Receipts: what the citizen is given after the outbox commit, on screen and on paper; Qt-free.

Status link format (printed as a QR code and in text): ``{status_url_base}/status/{tracking code}``, e.g.
``https://layanan.serangkota.go.id/status/KS7-2224Q-M``. ``status_url_base`` is ``[kiosk] status_url_base`` when
set (the hub's public address), else the kiosk's ``hub_url``. The code is printed exactly as issued (with its
dashes), which is also what the hub's ``GET /api/v1/status/{code}`` accepts; the status screen reads a scanned
link back with :func:`code_from_scan`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from common.rules.deadlines import DeadlinePolicy, ppid_answer_due, report_deadlines
from common.rules.privacy import mask_nik, mask_phone
from common.rules.working_days import WorkingCalendar
from kiosk.i18n import I18n
from kiosk.outbox import ItemKind


def status_url(base: str, code: str) -> str:
    """The public status link of a tracking code."""
    return f"{base.rstrip('/')}/status/{code}"


def code_from_scan(text: str) -> str:
    """The tracking code in a scanned QR: the last path segment of a status link, or the text itself."""
    stripped = text.strip()
    if "/status/" in stripped:
        return stripped.rsplit("/status/", 1)[1].split("?")[0].split("#")[0].strip("/")
    return stripped


@dataclass(frozen=True, slots=True)
class Receipt:
    """Everything a receipt shows. Personal data appears only masked (NIK, phone)."""

    kind: ItemKind
    client_request_id: str
    issued_at: datetime
    tracking_code: str | None = None
    status_url: str | None = None
    kelurahan_name: str = ""
    report_kind: str | None = None
    category_id: str = ""
    category_en: str = ""
    routed_to: str = ""
    due_at: datetime | None = None
    due_days: int = 0
    extension_days: int = 0
    masked_nik: str | None = None
    masked_phone: str | None = None


@dataclass(frozen=True, slots=True)
class ReceiptFactory:
    """Builds receipts with the deadlines of the rules in force."""

    policy: DeadlinePolicy
    calendar: WorkingCalendar
    status_url_base: str

    def complaint(self, *, client_request_id: str, issued_at: datetime, tracking_code: str, kelurahan_name: str,
                  report_kind: str, category: tuple[str, str], routed_to: str, phone: str) -> Receipt:
        """A complaint's receipt: verification deadline and the follow-up decision period."""
        deadlines = report_deadlines(issued_at, self.policy, self.calendar)
        return Receipt("complaint", client_request_id, issued_at, tracking_code,
                       status_url(self.status_url_base, tracking_code), kelurahan_name, report_kind,
                       category[0], category[1], routed_to, deadlines.verify_by,
                       self.policy.followup_decision_working_days, 0, None,
                       mask_phone(phone) if phone else None)

    def ppid(self, *, client_request_id: str, issued_at: datetime, tracking_code: str, kelurahan_name: str,
             routed_to: str, nik: str, phone: str) -> Receipt:
        """A PPID request's receipt: the 10 (+7) working-day answer deadline."""
        return Receipt("ppid", client_request_id, issued_at, tracking_code,
                       status_url(self.status_url_base, tracking_code), kelurahan_name, None, "", "", routed_to,
                       ppid_answer_due(issued_at, self.policy, self.calendar), self.policy.ppid_answer_working_days,
                       self.policy.ppid_extension_working_days, mask_nik(nik), mask_phone(phone) if phone else None)

    def skm(self, *, client_request_id: str, issued_at: datetime, kelurahan_name: str, routed_to: str) -> Receipt:
        """A survey's thank-you receipt (no tracking code)."""
        return Receipt("skm", client_request_id, issued_at, None, None, kelurahan_name, routed_to=routed_to)


def receipt_title(receipt: Receipt, i18n: I18n) -> str:
    """The headline of a receipt."""
    if receipt.kind == "complaint":
        kind = i18n.t(f"kind.{receipt.report_kind}") if receipt.report_kind else i18n.t("kind.aduan")
        return i18n.t("receipt.title.complaint", kind=kind)
    return i18n.t(f"receipt.title.{receipt.kind}")


def receipt_next_steps(receipt: Receipt, i18n: I18n) -> str:
    """What happens next and by when."""
    if receipt.kind == "complaint" and receipt.due_at is not None:
        return i18n.t("receipt.next.complaint", date=i18n.date(receipt.due_at), days=receipt.due_days)
    if receipt.kind == "ppid" and receipt.due_at is not None:
        return i18n.t("receipt.next.ppid", date=i18n.date(receipt.due_at), days=receipt.due_days,
                      ext=receipt.extension_days)
    return i18n.t("receipt.next.skm")


def receipt_details(receipt: Receipt, i18n: I18n) -> list[tuple[str, str]]:
    """(label, value) lines for the paper receipt; personal data only masked."""
    lines = [(i18n.pick("Tanggal", "Date"), i18n.datetime(receipt.issued_at))]
    if receipt.kelurahan_name:
        lines.append((i18n.pick("Kios", "Kiosk"), f"Kel. {receipt.kelurahan_name}"))
    if receipt.category_id:
        lines.append((i18n.t("review.category"), i18n.pick(receipt.category_id, receipt.category_en)))
    if receipt.routed_to:
        lines.append((i18n.t("review.routed"), receipt.routed_to))
    if receipt.masked_nik:
        lines.append(("NIK", receipt.masked_nik))
    if receipt.masked_phone:
        lines.append((i18n.pick("HP", "Phone"), receipt.masked_phone))
    return lines
