"""SKM survey responses with unit-specific quality: most units B, two A, a few C.

Kelurahan offices are rated at their kiosks; OPDs through the Rabeg app, the PPID website and Open311 clients.
Each unit has a target mean answer; the nine elements vary around it the way surveys usually do (cost is often
free and scores high, completion time and complaint handling score lower). Rows are what
:func:`common.services.skm.record_response` stores (answers checked by :func:`common.rules.skm.validate_answers`,
one ``skm.record`` audit entry each), inserted in bulk.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime
from typing import Any

from common.demo.bulk import insert_returning_ids, insert_rows
from common.demo.context import DemoContext
from common.demo.devices import Devices
from common.demo.timeline import Window
from common.domain.enums import Channel
from common.domain.models import AuditEntry, SkmResponse
from common.domain.models.skm import SKM_ELEMENT_COLUMNS
from common.rules.skm import validate_answers
from common.services.keys import KeyIdentity

# Target mean answer (1-4) per OPD. Rounding and the 1..4 bounds pull the realised mean towards the middle, so
# 3.75 gives an A (IKM ~89-90), 3.2-3.4 a B (~79-84) and 2.9 a C (~72).
OPD_TARGETS: dict[str, float] = {
    "disdukcapil": 3.75, "dpmptsp": 3.72,  # the two A: the service malls
    "dinsos": 2.88, "dishub": 2.92, "kec-kasemen": 2.92,  # C: long queues, slow answers
    "rsud": 3.25, "dinkes": 3.28, "bapenda": 3.35, "disnaker": 3.22, "diskominfo": 3.38, "dpupr": 3.22,
    "dlh": 3.24, "disperkim": 3.2, "kec-serang": 3.34, "kec-cipocok-jaya": 3.3, "kec-taktakan": 3.26,
    "kec-curug": 3.25, "kec-walantaka": 3.24, "dindikbud": 3.28,
}  # fmt: skip
# How each element differs from the unit's mean (u1 .. u9).
ELEMENT_OFFSETS = (0.0, -0.05, -0.2, 0.35, 0.0, 0.05, 0.1, -0.15, -0.1)
# Ratings through the app and the web follow the visit: mostly office hours, some in the evening.
OFFICE_HOURS_CURVE = tuple(0.05 if h < 7 or h > 21 else 3.0 if 8 <= h <= 14 else 1.0 for h in range(24))
OPD_CHANNELS: dict[Channel, float] = {Channel.RABEG: 0.6, Channel.PPID_WEB: 0.25, Channel.OPEN311: 0.15}
RESPONSES_PER_REPORT = 0.15  # 20,000 reports -> 3,000 responses
KELURAHAN_SHARE = 0.55


def _answers(rng: random.Random, target: float) -> tuple[int, ...]:
    values = [min(4, max(1, round(rng.gauss(target + off, 0.55)))) for off in ELEMENT_OFFSETS]
    return validate_answers(values)


def _kelurahan_targets(rng: random.Random, kiosks: tuple[KeyIdentity, ...]) -> dict[int, float]:
    """Mean answer per kiosk's kelurahan office: mostly B, one A, one C."""
    targets = {k.id: rng.uniform(3.22, 3.45) for k in kiosks}
    ids = sorted(targets)
    best, worst = rng.sample(ids, 2)
    targets[best], targets[worst] = 3.75, 2.9
    return targets


def _row(at: datetime, opd: str | None, kelurahan: str | None, channel: Channel, answers: tuple[int, ...],
         source: KeyIdentity, request_id: str) -> dict[str, Any]:
    return {"opd_slug": opd, "kelurahan_kode": kelurahan, "channel": channel, "submitted_at": at,
            "source_key_id": source.id, "client_request_id": request_id,
            **dict(zip(SKM_ELEMENT_COLUMNS, answers, strict=True))}


def generate_skm(ctx: DemoContext, window: Window, devices: Devices) -> int:
    """Insert the SKM responses of the period with their audit entries; return how many."""
    rng = ctx.rng("skm")
    total = round(ctx.options.reports * RESPONSES_PER_REPORT)
    office_targets = _kelurahan_targets(rng, devices.kiosks)
    opds = [slug for slug in OPD_TARGETS if slug in ctx.catalog.opds]
    rows: list[dict[str, Any]] = []
    for n in range(total):
        if rng.random() < KELURAHAN_SHARE:
            kiosk = rng.choice(devices.kiosks)
            at = window.sample_office(rng, devices.last_seen[kiosk.id])
            request_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            rows.append(_row(at, None, kiosk.kiosk_kelurahan, Channel.KIOSK, _answers(rng, office_targets[kiosk.id]),
                             kiosk, request_id))
        else:
            opd = rng.choice(opds)
            channel = rng.choices(list(OPD_CHANNELS), weights=list(OPD_CHANNELS.values()))[0]
            at = window.sample(rng, OFFICE_HOURS_CURVE)
            rows.append(_row(at, opd, None, channel, _answers(rng, OPD_TARGETS[opd]), devices.channels[channel],
                             f"skm-{n + 1:06d}"))
    rows.sort(key=lambda r: (r["submitted_at"], r["client_request_id"]))
    _insert(ctx, rows, devices)
    return len(rows)


def _insert(ctx: DemoContext, rows: list[dict[str, Any]], devices: Devices) -> None:
    actors = {k.id: k.actor for k in (*devices.kiosks, *devices.channels.values())}
    ids = insert_returning_ids(ctx.session, SkmResponse, rows, ("source_key_id", "client_request_id"))
    audits = [
        {"at": r["submitted_at"], "actor": actors[r["source_key_id"]], "action": "skm.record",
         "entity": "skm_response", "entity_id": str(row_id),
         "detail": {"opd": r["opd_slug"], "kelurahan": r["kelurahan_kode"]}}
        for row_id, r in zip(ids, rows, strict=True)
    ]
    insert_rows(ctx.session, AuditEntry, audits)
