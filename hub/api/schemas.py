"""Request and response bodies of the extension API (``/api/v1``), as documented in ``/openapi.json``.

Sizes are bounded here; content rules (NIK, phone, e-mail, plain text without HTML or control characters) are
checked by the services, so the kiosk, the hub and the demo agree on them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictInt

from common.domain.enums import CallClass, DeliveryMethod, InfoDecision, ObtainMethod
from common.services.staff import StaffAction

Short = Annotated[str, Field(max_length=100)]
Line = Annotated[str, Field(max_length=300)]
Text = Annotated[str, Field(max_length=4000)]
Crid = Annotated[str | None, Field(default=None, max_length=100, description="client request id (idempotency)")]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class ApplicantIn(_In):
    """The applicant (personal data, never returned by any read)."""

    full_name: Short
    nik: Annotated[str, Field(max_length=20)]
    address: Line
    phone: Annotated[str, Field(max_length=30)] = ""
    email: Annotated[str, Field(max_length=254)] = ""
    proxy_name: Short = ""
    power_of_attorney_ref: Annotated[str, Field(max_length=200)] = ""


class PpidRequestIn(_In):
    """A public-information request with every field of the PPID form."""

    applicant: ApplicantIn
    information: Text
    purpose: Text
    obtain_method: ObtainMethod
    delivery_method: DeliveryMethod
    opd: Short | None = None
    kelurahan: Short | None = None
    tracking_code: Annotated[str | None, Field(default=None, max_length=24, description="kiosk keys only")]
    client_request_id: Crid


class PpidReceipt(BaseModel):
    """The receipt: registration number at once, tracking code, and the answer deadline."""

    nomor_pendaftaran: str
    tracking_code: str
    received_at: datetime
    due_at: datetime


class SkmIn(_In):
    """One SKM response: nine answers 1-4 in the regulation's element order."""

    client_request_id: Crid
    opd: Short | None = None
    kelurahan: Short | None = None
    answers: Annotated[list[StrictInt], Field(max_length=20)]


class CreatedId(BaseModel):
    """The id of a stored SKM response."""

    id: int


class CallIn(_In):
    """One call of the Siaga 112 log (the number is hashed on arrival and never stored)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    external_id: Short
    received_at: AwareDatetime
    call_class: Annotated[CallClass, Field(alias="class")]
    category: Annotated[str, Field(max_length=60)] = ""
    kelurahan: Short | None = None
    caller_number: Annotated[str, Field(max_length=40)]
    duration_s: Annotated[StrictInt | None, Field(default=None, ge=0, le=86_400)]


class CallBatchIn(_In):
    """A batch of 112 calls; re-sending calls already imported is harmless."""

    client_request_id: Crid
    calls: Annotated[list[CallIn], Field(max_length=5000)]


class CallBatchOut(BaseModel):
    """What the batch did."""

    received: int
    imported: int
    duplicates: int
    blocked_calls: int
    reports_created: int


class HeartbeatIn(_In):
    """A kiosk's state: its outbox queue and version."""

    queue_length: Annotated[StrictInt, Field(ge=0)]
    oldest_pending_at: AwareDatetime | None = None
    version: Annotated[str, Field(max_length=40)] = ""


class ServerTime(BaseModel):
    """The hub's clock (a kiosk can spot its own clock drifting) and the kiosk's tracking counter floor."""

    server_time: datetime
    tracking_prefix: str
    next_counter: int = Field(description="One past the highest code of this prefix the hub holds")


class WhoAmI(BaseModel):
    """The kiosk a key belongs to."""

    kelurahan: str
    kelurahan_name: str
    tracking_prefix: str
    name: str
    next_counter: int = Field(description="One past the highest code of this prefix the hub holds")


class ActionIn(_In):
    """A staff action on a report."""

    action: StaffAction
    opd: Short | None = Field(default=None, description="target OPD slug (assign)")
    note: Text = ""
    moderated_description: Text | None = Field(
        default=None, description="approve this text (edited by the moderator) for public display")
    duplicate_of: Annotated[str | None, Field(default=None, max_length=24)]
    client_request_id: Crid


class DecisionIn(_In):
    """The PPID's written decision."""

    decision: InfoDecision
    note: Text = ""
    exemption_ground: Text = ""
    client_request_id: Crid


class ReasonIn(_In):
    """An extension or a keberatan, with its reason."""

    reason: Text
    client_request_id: Crid


class NoteIn(_In):
    """The superior's decision on a keberatan."""

    note: Text
    client_request_id: Crid


class HistoryOut(BaseModel):
    """One step of the public history."""

    status: str
    label_id: str
    label_en: str
    at: datetime
    note: str


class StatusOut(BaseModel):
    """Public status of a tracking code: no personal data, no unmoderated text."""

    kind: Literal["report", "ppid"]
    tracking_code: str
    status: str
    label_id: str
    label_en: str
    open: bool
    received_at: datetime
    due_at: datetime | None
    opd: str
    service: str
    decision: str | None
    history: list[HistoryOut]


class ErrorBody(BaseModel):
    """Every error of the extension API: ``{"error": {...}}``."""

    status: int
    field: str | None
    message: str
    message_id: str


class ErrorOut(BaseModel):
    """Envelope of :class:`ErrorBody`."""

    error: ErrorBody
