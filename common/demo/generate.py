"""``bsm seed --demo``: 90 days of believable activity in Kota Serang, once per database.

Order matters for realism and for the ids: keys and kiosks first (submissions name their key), then the Siaga 112
log (its real calls become the first reports), the citizens' reports, SKM, PPID, cameras and the wall's default
layouts. A ``demo.seed`` audit entry marks the database, so a second run adds nothing.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.config import Config
from common.demo.calls import dial_log, import_log
from common.demo.cameras import add_cameras
from common.demo.context import DemoContext, DemoOptions, build_context
from common.demo.devices import DEMO_ACTOR, OFFLINE_KIOSKS, create_devices, mark_keys_used, write_demo_files
from common.demo.drafts import plan_drafts
from common.demo.ppid import generate_ppid
from common.demo.reports import ReportFactory, follow_up_emergencies
from common.demo.skm import generate_skm
from common.demo.timeline import Window
from common.domain.enums import CallClass, Channel
from common.domain.models import AuditEntry, BlockedCaller, Call112, Report
from common.layouts.defaults import seed_default_layouts
from common.queries._filters import overdue_condition
from common.services.audit import audit

__all__ = ["MARKER_ACTION", "DemoOptions", "generate_demo"]

MARKER_ACTION = "demo.seed"


@dataclass(frozen=True)
class _Made:
    """What one run made, for the summary."""

    calls: int
    skm: int
    ppid: Counter[str]
    cameras: int
    kiosks: int
    files: tuple[Path, Path]
    flood_day: str
    seconds: float


def already_loaded(session: Session) -> AuditEntry | None:
    """The marker of an earlier demo run, or None."""
    return session.scalars(select(AuditEntry).where(AuditEntry.action == MARKER_ACTION).limit(1)).first()


def _emergency_reports(ctx: DemoContext, source_id: int) -> list[Report]:
    stmt = select(Report).where(Report.channel == Channel.CALL112, Report.source_key_id == source_id)
    return list(ctx.session.scalars(stmt.order_by(Report.id)))


def _populate(ctx: DemoContext) -> _Made:
    started = time.perf_counter()
    window = Window.build(ctx.start, ctx.now, ctx.calendar)
    devices = create_devices(ctx)
    source_112 = devices.channels[Channel.CALL112]
    calls = dial_log(ctx, window)
    imported = import_log(ctx, calls, source_112)
    follow_up_emergencies(ctx, _emergency_reports(ctx, source_112.id))
    drafts, flood_day = plan_drafts(ctx, window, devices, imported.reports_created)
    ReportFactory(ctx, drafts).run()
    skm = generate_skm(ctx, window, devices)
    ppid = generate_ppid(ctx, window, devices)
    cameras = add_cameras(ctx)
    seed_default_layouts(ctx.session, cameras, node=ctx.config.wall.node, clock=ctx.clock)
    mark_keys_used(ctx, devices)
    ctx.session.flush()
    files = write_demo_files(ctx.config, devices, ctx.now)
    return _Made(len(calls), skm, ppid, len(cameras), len(devices.kiosks) + 1, files, flood_day.isoformat(),
                 time.perf_counter() - started)


def _summary(ctx: DemoContext, made: _Made) -> str:
    session = ctx.session
    per_channel = select(Report.channel, func.count()).group_by(Report.channel)
    by_channel: dict[Channel, int] = {channel: n for channel, n in session.execute(per_channel)}
    total = sum(by_channel.values())
    open_ = session.scalar(select(func.count()).select_from(Report).where(Report.is_open.is_(True))) or 0
    overdue = session.scalar(select(func.count()).select_from(Report).where(overdue_condition(ctx.now))) or 0
    per_class = select(Call112.call_class, func.count()).group_by(Call112.call_class)
    classes: dict[CallClass, int] = {call_class: n for call_class, n in session.execute(per_class)}
    blocked = session.scalar(select(func.count()).select_from(BlockedCaller)) or 0
    channels = ", ".join(f"{c.value} {n}" for c, n in sorted(by_channel.items(), key=lambda kv: -kv[1]))
    objections = made.ppid.get("keberatan", 0)
    statuses = {k: v for k, v in made.ppid.items() if k != "keberatan"}
    ppid = f"{sum(statuses.values())} (" + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())) + ")"
    return "\n".join((
        f"demo data (seed {ctx.options.seed}, {ctx.options.days} days to {ctx.now:%Y-%m-%d %H:%M} UTC) "
        f"made in {made.seconds:.1f} s:",
        f"  reports: {total} ({channels}); {open_} open, {overdue} overdue; flood day {made.flood_day}",
        f"  Siaga 112: {made.calls} calls (ghost {classes.get(CallClass.GHOST, 0)}, "
        f"prank {classes.get(CallClass.PRANK, 0)}, real {classes.get(CallClass.REAL, 0)}), {blocked} callers blocked",
        f"  SKM responses: {made.skm}; PPID requests: {ppid}, {objections} keberatan",
        f"  cameras: {made.cameras}; kiosks: {made.kiosks} ({OFFLINE_KIOSKS} offline)",
        f"  kiosk configuration with its key: {made.files[0]} (mode 0600)",
        f"  admin staff key: {made.files[1]} (mode 0600)",
    ))


def generate_demo(session: Session, config: Config, options: DemoOptions, now: datetime) -> str:
    """Create the demo activity in ``session`` (the reference data must be seeded); return a summary.

    Idempotent: when the database already holds demo data (a ``demo.seed`` audit entry) nothing is added and the
    summary says so. Deterministic: the same options and ``now`` give the same rows (API keys excepted: they are
    random by design).
    """
    marker = already_loaded(session)
    if marker is not None:
        return (f"demo data already loaded on {marker.at:%Y-%m-%d %H:%M} UTC "
                f"(seed {marker.detail.get('seed')}); nothing added")
    ctx = build_context(session, config, options, now)
    made = _populate(ctx)
    audit(session, now, DEMO_ACTOR, MARKER_ACTION, "demo", str(options.seed), seed=options.seed, days=options.days,
          reports=options.reports, caller_key_from_seed=not config.privacy.hash_key)
    session.flush()
    return _summary(ctx, made)
