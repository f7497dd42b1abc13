"""The Siaga 112 call log: mostly ghost and prank calls, a handful of real emergencies that become reports.

The log is generated as the 112 system exports it (numbers in clear) and fed to the real importer, which hashes
the numbers, blocks repeat callers and turns each real call into a report.

Class mapping. DOMAIN.md's tally is 86,988 answered calls: 260 valid (0.3 %), 43,810 prank or ghost (50.4 %).
The other 42,918 (49.3 %) are what every 112 centre logs besides those: misdials and questions about
non-emergency services. :class:`~common.domain.enums.CallClass` has only ghost / prank / real, and only real
calls become cases, so that remainder is stored as GHOST (a call with no emergency behind it) and
``Call112.category`` keeps the sub-kind: ``senyap`` (silent, the ghost call proper), ``salah-sambung`` (misdial),
``informasi`` (non-emergency question). Of the prank-or-ghost half we assume 60 % silent and 40 % prank
(``iseng`` jokes and ``laporan-palsu`` false reports). Real calls carry the service code of the emergency.

Hash key. Caller numbers are stored only as :func:`common.rules.privacy.caller_hash`. The key is
``config.privacy.hash_key`` when set; otherwise a demo key derived from the seed (SHA-256 of
``bsm-demo-112:<seed>``), so the demo is reproducible and its hashes can never match a real caller's hash made
with the installation's secret key. The numbers themselves are invented and never stored.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import astuple
from datetime import datetime, timedelta

from common.demo.context import DemoContext
from common.demo.timeline import CALL_HOURLY_CURVE, Window
from common.domain.enums import CallClass
from common.rules.working_days import wib_date
from common.services.calls import MAX_BATCH, CallInput, ImportCounts, import_calls
from common.services.keys import KeyIdentity

# (class, category, share of all calls, duration range in seconds)
CALL_MIX: tuple[tuple[CallClass, str, float, tuple[int, int]], ...] = (
    (CallClass.REAL, "", 0.003, (90, 420)),
    (CallClass.PRANK, "iseng", 0.13, (8, 60)),
    (CallClass.PRANK, "laporan-palsu", 0.0716, (30, 150)),
    (CallClass.GHOST, "senyap", 0.3024, (2, 20)),
    (CallClass.GHOST, "salah-sambung", 0.20, (4, 25)),
    (CallClass.GHOST, "informasi", 0.293, (30, 180)),
)
NOT_REAL = tuple(m for m in CALL_MIX if m[0] is not CallClass.REAL)
PRANK_OR_GHOST = tuple(m for m in NOT_REAL if m[1] != "informasi")  # what repeat callers do
REAL_SERVICES = {"kebakaran": 0.30, "lalu-lintas": 0.20, "bencana": 0.18, "kesehatan": 0.15, "kekerasan": 0.10,
                 "ketertiban": 0.07}
MOBILE_PREFIXES = ("+62812", "+62813", "+62821", "+62857", "+62878", "+62896")
CALLS_PER_REPORT = 0.45  # 20,000 reports -> 9,000 calls over the period
DEMO_KEY_LABEL = "bsm-demo-112"


def hash_key(ctx: DemoContext) -> bytes:
    """The configured caller-hash key, or the seed-derived demo key (see the module docstring)."""
    if ctx.config.privacy.hash_key:
        return ctx.config.privacy.hash_key.encode("utf-8")
    return hashlib.sha256(f"{DEMO_KEY_LABEL}:{ctx.options.seed}".encode()).digest()


def _number(rng: random.Random) -> str:
    if rng.random() < 0.08:
        return f"0254{rng.randint(200000, 899999)}"  # a Serang landline
    return f"{rng.choice(MOBILE_PREFIXES)}{rng.randint(10_000_000, 99_999_999)}"


Dialled = tuple[datetime, str, bool]
"""(time, number, part of a repeat-caller burst)"""


def _repeat_events(rng: random.Random, window: Window, total: int) -> list[Dialled]:
    """Bursts of 6-8 calls in a few hours from the same number: the repeat callers the rule blocks."""
    events = max(2, total // 1500)
    pranksters = [_number(rng) for _ in range(max(2, events * 2 // 3))]
    calls: list[Dialled] = []
    for _ in range(events):
        number, first = rng.choice(pranksters), window.sample(rng, CALL_HOURLY_CURVE)
        at = first
        for _ in range(rng.randint(6, 8)):
            if wib_date(at) != wib_date(first) or at >= window.now:
                break
            calls.append((at, number, True))
            at += timedelta(minutes=rng.randint(3, 40))
    return calls


def _regular_calls(rng: random.Random, window: Window, count: int) -> list[Dialled]:
    """Everyone else: mostly first-time callers, some numbers that call now and then."""
    regulars = [_number(rng) for _ in range(max(5, count // 40))]
    return [
        (window.sample(rng, CALL_HOURLY_CURVE), rng.choice(regulars) if rng.random() < 0.25 else _number(rng), False)
        for _ in range(count)
    ]


def _call(ctx: DemoContext, rng: random.Random, seq: int, dialled: Dialled, real: bool) -> CallInput:
    at, number, repeat = dialled
    mix = CALL_MIX[:1] if real else PRANK_OR_GHOST if repeat else NOT_REAL
    call_class, category, _, (low, high) = rng.choices(mix, weights=[m[2] for m in mix])[0]
    kelurahan: str | None = None
    if call_class is CallClass.REAL:
        category = rng.choices(list(REAL_SERVICES), weights=list(REAL_SERVICES.values()))[0]
        kelurahan = ctx.places.pick(rng).kode
    elif call_class is CallClass.PRANK and rng.random() < 0.5:
        kelurahan = ctx.places.pick(rng).kode  # the place the false report named
    return CallInput(external_id=f"112-{wib_date(at):%Y%m%d}-{seq:05d}", received_at=at, call_class=call_class,
                     category=category, kelurahan_kode=kelurahan, caller_number=number,
                     duration_s=rng.randint(low, high))


def dial_log(ctx: DemoContext, window: Window) -> list[CallInput]:
    """The whole call log of the period in time order, as the 112 system exports it (numbers in clear)."""
    rng = ctx.rng("calls")
    total = max(200, round(ctx.options.reports * CALLS_PER_REPORT))
    repeat = _repeat_events(rng, window, total)
    dialled = sorted(repeat + _regular_calls(rng, window, total - len(repeat)))
    # Exactly the real share (at least two), never from a repeat caller: small demos still have emergencies.
    candidates = [i for i, d in enumerate(dialled) if not d[2]]
    real = set(rng.sample(candidates, max(2, round(total * CALL_MIX[0][2]))))
    return [_call(ctx, rng, seq, d, seq - 1 in real) for seq, d in enumerate(dialled, start=1)]


def import_log(ctx: DemoContext, calls: Sequence[CallInput], source: KeyIdentity) -> ImportCounts:
    """Feed the log to the real importer (:func:`common.services.calls.import_calls`) batch by batch.

    The importer hashes the numbers, applies the repeat-caller rule, writes the blocks and creates a report for
    every real call, exactly as for a real export.
    """
    key = hash_key(ctx)
    totals = [0, 0, 0, 0, 0]
    for start in range(0, len(calls), MAX_BATCH):
        counts = import_calls(ctx.session, ctx.clock, ctx.policy, ctx.calendar, catalog=ctx.catalog,
                              hash_key=key, calls=calls[start:start + MAX_BATCH], source_key=source)
        for i, value in enumerate(astuple(counts)):
            totals[i] += value
    return ImportCounts(*totals)
