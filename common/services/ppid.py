"""PPID public-information requests (UU 14/2008, Perki 1/2021): registration, decision, extension, keberatan.

A request gets its *nomor pendaftaran* at once and is answered within 10 working days, extendable ONCE by 7
working days with a reason. A keberatan (objection) goes to the PPID's superior within 30 working days of the
decision (or once the answer is late) and is answered within 30 working days. Status changes are recorded as
``info_request.status`` audit entries, which are also the request's public history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.clock import Clock
from common.domain.enums import (
    Channel,
    DeliveryMethod,
    InfoDecision,
    InfoRequestStatus,
    KeberatanStatus,
    KeyKind,
    ObtainMethod,
)
from common.domain.models import InfoRequest, InfoRequestApplicant, Keberatan
from common.rules.deadlines import (
    DeadlinePolicy,
    keberatan_answer_due,
    keberatan_filing_deadline,
    ppid_answer_due,
    ppid_extended_due,
)
from common.rules.errors import FieldError
from common.rules.identity import normalize_phone, validate_email, validate_nik, validate_person_name
from common.rules.privacy import clean_plain_text
from common.rules.status import check_info_transition
from common.rules.working_days import WorkingCalendar, wib_date
from common.services.audit import audit
from common.services.catalog import Catalog
from common.services.codes import CHANNEL_PREFIXES, CounterBlocks, accept_kiosk_code, issue_code, next_nomor
from common.services.errors import Conflict, NotFound
from common.services.keys import KeyIdentity

TEXT_MAX_LENGTH = 4000
STATUS_ACTION = "info_request.status"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ApplicantInput:
    """The applicant's personal data (stored only in ``info_request_applicant``)."""

    full_name: str
    nik: str
    address: str
    phone: str = ""
    email: str = ""
    proxy_name: str = ""
    power_of_attorney_ref: str = ""


def _as(field: str, check: Callable[..., T], *args: object) -> T:
    """Run a rule and report its error under ``field`` (the rules name their own generic fields)."""
    try:
        return check(*args)
    except FieldError as exc:
        raise FieldError(field, exc.message_id, exc.message_en) from exc


def _required_text(value: str, max_len: int, field: str) -> str:
    text = clean_plain_text(value, max_len, field)
    if not text:
        raise FieldError(field, "Wajib diisi", "required")
    return text


def validate_applicant(applicant: ApplicantInput, today: date) -> ApplicantInput:
    """Check every applicant field; phone and/or e-mail is required; a proxy needs a power of attorney."""
    phone = _as("applicant.phone", normalize_phone, applicant.phone) if applicant.phone.strip() else ""
    email = _as("applicant.email", validate_email, applicant.email) if applicant.email.strip() else ""
    if not phone and not email:
        raise FieldError("applicant.phone", "Isi nomor telepon dan/atau e-mail",
                         "a phone number and/or e-mail is required")
    proxy = ""
    if applicant.proxy_name.strip():
        proxy = _as("applicant.proxy_name", validate_person_name, applicant.proxy_name)
    attorney = clean_plain_text(applicant.power_of_attorney_ref, 200, "applicant.power_of_attorney_ref")
    if proxy and not attorney:
        raise FieldError("applicant.power_of_attorney_ref", "Permohonan melalui kuasa memerlukan surat kuasa",
                         "a request by proxy needs a power of attorney")
    _as("applicant.nik", validate_nik, applicant.nik, today)
    return replace(
        applicant, full_name=_as("applicant.full_name", validate_person_name, applicant.full_name),
        nik="".join(applicant.nik.split()), address=_required_text(applicant.address, 300, "applicant.address"),
        phone=phone, email=email, proxy_name=proxy, power_of_attorney_ref=attorney,
    )


def _record_status(session: Session, now: datetime, actor: str, req: InfoRequest,
                   previous: InfoRequestStatus | None, **extra: str | None) -> None:
    audit(session, now, actor, STATUS_ACTION, "info_request", req.id, nomor=req.nomor_pendaftaran,
          from_status=previous.value if previous else None, to_status=req.status.value, **extra)


def _code(session: Session, channel: Channel, key: KeyIdentity | None, code: str | None,
          blocks: CounterBlocks | None) -> str:
    if code is not None:
        return accept_kiosk_code(code, key.kind if key else KeyKind.CHANNEL, key.kiosk_prefix if key else None)
    return issue_code(session, CHANNEL_PREFIXES[channel], blocks)


def create_info_request(
    session: Session, clock: Clock, policy: DeadlinePolicy, calendar: WorkingCalendar, *, catalog: Catalog,
    applicant: ApplicantInput, information: str, purpose: str, obtain_method: ObtainMethod,
    delivery_method: DeliveryMethod, opd_slug: str | None, kelurahan_kode: str | None, channel: Channel,
    source_key: KeyIdentity | None, client_request_id: str | None, tracking_code: str | None = None,
    blocks: CounterBlocks | None = None,
) -> InfoRequest:
    """Register a request: nomor pendaftaran at once, due in 10 working days; ``applicant`` pre-validated."""
    now = clock()
    if opd_slug is not None and opd_slug not in catalog.opds:
        raise FieldError("opd", f"OPD {opd_slug!r} tidak dikenal", f"unknown OPD {opd_slug!r}")
    if kelurahan_kode is not None and kelurahan_kode not in catalog.kelurahan:
        raise FieldError("kelurahan", f"Kode kelurahan {kelurahan_kode!r} tidak dikenal", "unknown kelurahan code")
    req = InfoRequest(
        nomor_pendaftaran=next_nomor(session, wib_date(now).year, blocks),
        tracking_code=_code(session, channel, source_key, tracking_code, blocks), channel=channel,
        opd_slug=opd_slug, kelurahan_kode=kelurahan_kode,
        information=_required_text(information, TEXT_MAX_LENGTH, "information"),
        purpose=_required_text(purpose, TEXT_MAX_LENGTH, "purpose"), obtain_method=obtain_method,
        delivery_method=delivery_method, by_proxy=bool(applicant.proxy_name), status=InfoRequestStatus.DITERIMA,
        received_at=now, due_at=ppid_answer_due(now, policy, calendar),
        source_key_id=source_key.id if source_key else None, client_request_id=client_request_id,
    )
    req.applicant = InfoRequestApplicant(
        full_name=applicant.full_name, nik=applicant.nik, address=applicant.address, phone=applicant.phone,
        email=applicant.email, proxy_name=applicant.proxy_name, power_of_attorney_ref=applicant.power_of_attorney_ref,
    )
    session.add(req)
    session.flush()
    _record_status(session, now, source_key.actor if source_key else "system", req, None)
    return req


def find_request(session: Session, ident: str) -> InfoRequest:
    """A request by nomor pendaftaran or tracking code; raises :class:`NotFound`."""
    req = session.scalars(
        select(InfoRequest).where((InfoRequest.nomor_pendaftaran == ident) | (InfoRequest.tracking_code == ident))
    ).first()
    if req is None:
        raise NotFound(f"Permohonan {ident} tidak ditemukan", f"information request {ident} not found")
    return req


def decide(session: Session, clock: Clock, req: InfoRequest, decision: InfoDecision, note: str,
           exemption_ground: str, actor: str) -> None:
    """Record the PPID's written decision; refusing (wholly or partly) requires the exemption ground."""
    check_info_transition(req.status, InfoRequestStatus.SELESAI)
    ground = clean_plain_text(exemption_ground, TEXT_MAX_LENGTH, "exemption_ground")
    if decision in (InfoDecision.DITOLAK, InfoDecision.DIKABULKAN_SEBAGIAN) and not ground:
        raise FieldError("exemption_ground", "Penolakan wajib menyebut dasar pengecualian",
                         "a refusal must state the exemption ground")
    now = clock()
    previous = req.status
    req.decision, req.exemption_ground = decision, ground
    req.answer_note = clean_plain_text(note, TEXT_MAX_LENGTH, "note")
    req.status, req.answered_at = InfoRequestStatus.SELESAI, now
    _record_status(session, now, actor, req, previous, decision=decision.value)


def extend(session: Session, clock: Clock, policy: DeadlinePolicy, calendar: WorkingCalendar, req: InfoRequest,
           reason: str, actor: str) -> None:
    """Extend the answer deadline once by 7 working days (counted from the original due date), with a reason."""
    if req.extended_at is not None:
        raise Conflict("Perpanjangan hanya boleh satu kali", "the deadline may be extended only once")
    text = _required_text(reason, TEXT_MAX_LENGTH, "reason")
    now = clock()
    if req.status is InfoRequestStatus.DITERIMA:
        req.status = InfoRequestStatus.DIPROSES  # an extension implies the request is being processed
        _record_status(session, now, actor, req, InfoRequestStatus.DITERIMA)
    check_info_transition(req.status, InfoRequestStatus.DIPERPANJANG)
    previous = req.status
    req.status, req.extended_at, req.extension_reason = InfoRequestStatus.DIPERPANJANG, now, text
    req.due_at = ppid_extended_due(req.due_at, policy, calendar)
    _record_status(session, now, actor, req, previous)


def _open_keberatan(req: InfoRequest) -> Keberatan | None:
    return next((k for k in req.keberatan if k.status is KeberatanStatus.DIAJUKAN), None)


def file_keberatan(session: Session, clock: Clock, policy: DeadlinePolicy, calendar: WorkingCalendar,
                   req: InfoRequest, reason: str, actor: str) -> Keberatan:
    """Record an objection: allowed within 30 working days of the decision, or once the answer is late."""
    text = _required_text(reason, TEXT_MAX_LENGTH, "reason")
    now = clock()
    if _open_keberatan(req) is not None:
        raise Conflict("Keberatan sebelumnya belum diputus", "an earlier objection is still pending")
    if req.answered_at is not None:
        if now > keberatan_filing_deadline(req.answered_at, policy, calendar):
            raise Conflict("Batas waktu pengajuan keberatan sudah lewat", "the objection period has ended")
    elif now <= req.due_at:
        raise Conflict("Keberatan dapat diajukan setelah keputusan atau bila jawaban terlambat",
                       "an objection is possible after the decision or once the answer is late")
    keberatan = Keberatan(reason=text, status=KeberatanStatus.DIAJUKAN, filed_at=now,
                          due_at=keberatan_answer_due(now, policy, calendar))
    req.keberatan.append(keberatan)
    session.flush()
    audit(session, now, actor, "keberatan.file", "info_request", req.id, nomor=req.nomor_pendaftaran,
          keberatan_id=keberatan.id)
    return keberatan


def decide_keberatan(session: Session, clock: Clock, req: InfoRequest, note: str, actor: str) -> Keberatan:
    """Record the superior's decision on the pending objection."""
    keberatan = _open_keberatan(req)
    if keberatan is None:
        raise NotFound("Tidak ada keberatan yang menunggu keputusan", "no pending objection")
    now = clock()
    keberatan.status, keberatan.decided_at = KeberatanStatus.DIPUTUS, now
    keberatan.decision_note = _required_text(note, TEXT_MAX_LENGTH, "note")
    audit(session, now, actor, "keberatan.decide", "info_request", req.id, nomor=req.nomor_pendaftaran,
          keberatan_id=keberatan.id)
    return keberatan
