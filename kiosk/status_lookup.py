"""Looking up a ticket's status: local outbox first (not sent yet?), then the hub; Qt-free."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from common.domain.enums import InfoRequestStatus, ReportStatus
from common.rules.status import INFO_STATUS_LABELS, STATUS_LABELS, StatusLabel
from common.rules.tracking import InvalidTrackingCode, format_code, parse_code
from kiosk.hub_client import HubClient, HubError, HubHttpError, HubUnreachable

Outcome = Literal["found", "queued", "not_found", "mistyped", "unreachable", "server_error"]


@dataclass(frozen=True)
class StatusResult:
    """What the status screen shows. ``data`` is the hub's answer when ``found``; ``replaced_from`` is the code the
    citizen typed when this kiosk had to re-issue it (it clashed at the hub, see ``kiosk.outbox``)."""

    outcome: Outcome
    code: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    message_id: str = ""
    message_en: str = ""
    replaced_from: str = ""


def normalize_code(text: str) -> str:
    """The canonical printed form of a typed or scanned code; raises :class:`InvalidTrackingCode`."""
    parsed = parse_code(text)
    return format_code(parsed.prefix, parsed.counter)


def check_typed_code(text: str) -> StatusResult | str:
    """The canonical code, or a ``mistyped`` result explaining what is wrong."""
    try:
        return normalize_code(text)
    except InvalidTrackingCode as exc:
        return StatusResult("mistyped", text.strip(), message_id=exc.message_id, message_en=exc.message_en)


def lookup_on_hub(client: HubClient, code: str) -> StatusResult:
    """Ask the hub (runs in a worker thread)."""
    try:
        return StatusResult("found", code, client.status(code))
    except HubHttpError as exc:
        if exc.status == 404:
            return StatusResult("not_found", code)
        if exc.status == 400:
            return StatusResult("mistyped", code)
        return StatusResult("server_error", code)
    except HubUnreachable:
        return StatusResult("unreachable", code)
    except HubError:
        return StatusResult("server_error", code)


def status_label(value: str) -> StatusLabel:
    """Labels of a report or PPID status value (the raw value when unknown)."""
    for enum, labels in ((ReportStatus, STATUS_LABELS), (InfoRequestStatus, INFO_STATUS_LABELS)):
        try:
            return labels[enum(value)]  # type: ignore[index]
        except ValueError:
            continue
    return StatusLabel(value, value)


def parse_when(text: object) -> datetime | None:
    """An ISO instant from the hub, or None."""
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None
