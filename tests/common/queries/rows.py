"""Hand-made rows for the dashboard query tests (and the wall tile tests): reports, calls, SKM, kiosks.

Every helper fills only what the schema requires plus what the caller says, so a test states exactly the facts
its expected values depend on.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from common.config import default_assets_dir
from common.domain.enums import CallClass, Channel, Confidentiality, KeyKind, ReportKind, ReportStatus
from common.domain.models import ApiKey, Call112, Kiosk, Report, ReporterContact, SkmResponse
from common.reference.loader import load_reference
from common.reference.seed import seed_reference
from common.rules.status import is_open

NOW = datetime(2026, 3, 11, 5, 0, tzinfo=UTC)
"""Wednesday 11 March 2026, 12:00 WIB: the fixed "now" of the query tests (a working day, mid-week)."""

KEL_A = "36.73.01.1001"  # Serang (Kecamatan Serang)
KEL_B = "36.73.01.1003"  # Sumur Pecung (Kecamatan Serang)
KEL_C = "36.73.04.1007"  # Sukawana (Kecamatan Curug)

_counter = itertools.count(1)


def seed(session: Session) -> None:
    """The shipped reference data: 6 kecamatan, 67 kelurahan, the OPD and the service catalogue."""
    seed_reference(session, load_reference(default_assets_dir()))
    session.flush()


def add_report(
    session: Session,
    *,
    received_at: datetime,
    status: ReportStatus = ReportStatus.DITERIMA,
    kelurahan: str | None = KEL_A,
    service: str | None = "jalan-rusak",
    opd: str | None = "dpupr",
    channel: Channel = Channel.KIOSK,
    confidentiality: Confidentiality = Confidentiality.PUBLIK,
    lat: float | None = None,
    lng: float | None = None,
    due_at: datetime | None = None,
    first_response_at: datetime | None = None,
    resolved_at: datetime | None = None,
    description: str = "",
    location_text: str = "",
    photo_path: str | None = None,
    contact: dict[str, str] | None = None,
) -> Report:
    """One report; ``is_open`` follows the status as the rules say."""
    n = next(_counter)
    report = Report(
        tracking_code=f"TST-{n:06d}",
        kind=ReportKind.ADUAN,
        channel=channel,
        service_code=service,
        opd_slug=opd,
        kelurahan_kode=kelurahan,
        lat=lat,
        lng=lng,
        location_text=location_text,
        description=description,
        photo_path=photo_path,
        confidentiality=confidentiality,
        status=status,
        is_open=is_open(status),
        received_at=received_at,
        updated_at=received_at,
        status_changed_at=received_at,
        first_response_at=first_response_at,
        resolved_at=resolved_at,
        due_at=due_at if is_open(status) else None,
    )
    if contact:
        report.contact = ReporterContact(**contact)
    session.add(report)
    return report


def add_call(
    session: Session, received_at: datetime, call_class: CallClass, kelurahan: str | None = KEL_A
) -> Call112:
    """One Siaga 112 call."""
    n = next(_counter)
    call = Call112(
        external_id=f"call-{n}", received_at=received_at, call_class=call_class, kelurahan_kode=kelurahan,
        caller_hash=f"{n:064d}", category="",
    )  # fmt: skip
    session.add(call)
    return call


def add_skm(
    session: Session, opd: str | None, submitted_at: datetime, answers: tuple[int, ...]
) -> SkmResponse:
    """One SKM response (nine answers)."""
    values: dict[str, Any] = {f"u{i + 1}": a for i, a in enumerate(answers)}
    response = SkmResponse(opd_slug=opd, channel=Channel.KIOSK, submitted_at=submitted_at, **values)
    session.add(response)
    return response


def add_kiosk(
    session: Session, kelurahan: str, last_heartbeat_at: datetime | None, queue_length: int = 0
) -> Kiosk:
    """One kiosk with its API key."""
    n = next(_counter)
    key = ApiKey(
        kind=KeyKind.KIOSK, name=f"kios-{n}", prefix=f"k{n:07d}", key_hash="0" * 64,
        created_at=NOW - timedelta(days=30),
    )  # fmt: skip
    session.add(key)
    session.flush()
    kiosk = Kiosk(
        api_key_id=key.id, kelurahan_kode=kelurahan, name=f"Kios {n}", tracking_prefix=f"K{n % 1000:03d}",
        created_at=NOW - timedelta(days=30), last_heartbeat_at=last_heartbeat_at, queue_length=queue_length,
    )  # fmt: skip
    session.add(kiosk)
    return kiosk
