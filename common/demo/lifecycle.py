"""How a report moves through the status machine over time, driven by the real service function.

Every status change goes through :func:`common.services.reports.transition` (legality, ``is_open``,
``due_at``, ``followup_decision_by``, ``first_response_at``, ``resolved_at``, history row, audit entry), so demo
rows are exactly what the intake would have written. ``transition`` only ``add``s to its session; here that is
a :class:`Recorder` that keeps what was added, in order, and the generator inserts the rows in bulk (a real
Session's unit of work would double the cost of 20,000 reports for nothing). A step that would happen after
``now`` does not happen: the report stays where it is, which makes recent reports open and lets slow OPDs miss
their deadlines.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from sqlalchemy.orm import Session

from common.demo import notes
from common.demo.context import DemoContext
from common.demo.timeline import minutes_step, office_step
from common.domain.enums import ReportStatus
from common.domain.models import AuditEntry, Report, StatusChange
from common.services.audit import audit
from common.services.reports import transition

S = ReportStatus
ADMINS = ("admin.diskominfo", "verifikator1.diskominfo", "verifikator2.diskominfo")
EMERGENCY_OFFICER = "petugas.siaga112"
# Working days from receipt to verification: most the same or next day, a few late (overdue while waiting).
VERIFY_DELAYS = (0,) * 50 + (1,) * 30 + (2,) * 12 + (3,) * 5 + (4,) * 2 + (5,)
START_DELAYS = (0, 1, 1, 2, 2, 3, 4)
# Working days from starting work to done, per category, before the OPD's speed factor.
WORK_DAYS: dict[str, tuple[int, int]] = {
    "lampu-jalan": (1, 5), "sampah": (0, 3), "jalan-rusak": (4, 20), "drainase": (2, 12),
    "perumahan": (8, 35), "taman-fasum": (2, 10), "bencana": (0, 2), "kebakaran": (0, 1),
    "saran-umum": (1, 5), "adminduk": (2, 10),
}  # fmt: skip
WORK_DEFAULT = (1, 8)
# Where a report lands when the first disposition goes to the wrong OPD (then it is re-assigned).
WRONG_OPD = {"dpupr": "disperkim", "disperkim": "dpupr", "dishub": "dpupr", "dlh": "disperkim"}


@dataclass(frozen=True)
class OpdProfile:
    """How an OPD works: ``speed`` multiplies its working-day delays, ``stall`` is the chance it never acts."""

    speed: float = 1.0
    stall: float = 0.01


# A few OPDs are slow and leave reports untouched: the board's worst-first ranking has something to rank.
OPD_PROFILES: dict[str, OpdProfile] = {
    "disperkim": OpdProfile(2.6, 0.16),
    "dpupr": OpdProfile(2.2, 0.11),
    "kec-kasemen": OpdProfile(2.0, 0.12),
    "dlh": OpdProfile(1.8, 0.07),
    "bpbd": OpdProfile(0.6, 0.0),
    "damkar": OpdProfile(0.4, 0.0),
}
DEFAULT_PROFILE = OpdProfile()


class Recorder:
    """Stands in for the Session the services ``add`` their new rows to: keeps them in order, writes nothing."""

    def __init__(self) -> None:
        """Start empty."""
        self.added: list[object] = []

    def add(self, instance: object) -> None:
        """Keep ``instance`` (the only Session method :func:`transition` and :func:`audit` use)."""
        self.added.append(instance)

    def take(self) -> list[object]:
        """Everything added since the last call."""
        added, self.added = self.added, []
        return added

    def as_session(self) -> Session:
        """This recorder typed as the Session the service functions expect."""
        return cast(Session, self)


@dataclass
class Run:
    """One report on its way: applies steps through ``transition`` until a step would lie after ``now``."""

    ctx: DemoContext
    scratch: Recorder
    report: Report
    rng: random.Random
    changes: list[StatusChange] = field(default_factory=list)
    audits: list[AuditEntry] = field(default_factory=list)
    alive: bool = True

    def go(self, target: ReportStatus, at: datetime, actor: str, note: str, opd: str | None = None) -> bool:
        """Apply one status change at ``at``; False (and no more steps) once ``at`` is not in the past."""
        if not self.alive or at >= self.ctx.now:
            self.alive = False
            return False
        change = transition(self.scratch.as_session(), lambda: at, self.report, target, actor, note, opd,
                            policy=self.ctx.policy, calendar=self.ctx.calendar)
        self.changes.append(change)
        self._collect_audits()
        return True

    def moderate(self, actor: str) -> None:
        """Approve the citizen's text for public display with the last change, as a staff member does
        (``common.services.staff`` moderation: flag, ``updated_at``, ``report.moderate`` audit entry)."""
        at = self.report.status_changed_at
        self.report.description_moderated = True
        self.report.updated_at = at
        audit(self.scratch.as_session(), at, actor, "report.moderate", "report", str(self.report.id),
              tracking_code=self.report.tracking_code)
        self._collect_audits()

    def _collect_audits(self) -> None:
        self.audits.extend(o for o in self.scratch.take() if isinstance(o, AuditEntry))

    def office(self, working_days: int) -> datetime:
        """An office-hours instant ``working_days`` after the last change."""
        return office_step(self.ctx.calendar, self.rng, self.report.status_changed_at, working_days)

    def soon(self, low: int, high: int) -> datetime:
        """An instant ``low``..``high`` minutes after the last change (emergencies)."""
        return minutes_step(self.rng, self.report.status_changed_at, low, high)


class Lifecycle:
    """Simulates the staff's handling of reports: verification, disposition, follow-up, resolution."""

    def __init__(self, ctx: DemoContext) -> None:
        """Use ``ctx``'s clock, calendar and policy; one recorder for all reports."""
        self._ctx = ctx
        self._scratch = Recorder()

    def run(self, report: Report, rng: random.Random, *, emergency: bool = False,
            duplicate_of: str | None = None, moderate: bool = False) -> Run:
        """Drive ``report`` (status diterima) as far as ``now`` allows; return the collected rows.

        ``duplicate_of``: the tracking code of the report this one repeats (it is closed as duplikat);
        ``moderate``: a moderator approves the text at verification.
        """
        run = Run(self._ctx, self._scratch, report, rng)
        if emergency:
            self._emergency(run)
        elif self._triage(run, duplicate_of, moderate) and self._hold_after_verify(run) and self._assign(run):
            opd = report.opd_slug or ""
            if self._work(run, opd):
                self._maybe_reopen(run, opd)
        return run

    def _scaled(self, rng: random.Random, working_days: int, opd: str) -> int:
        speed = OPD_PROFILES.get(opd, DEFAULT_PROFILE).speed
        return max(0, round(working_days * speed * rng.uniform(0.7, 1.3)))

    def _triage(self, run: Run, duplicate_of: str | None, moderate: bool) -> bool:
        rng, service = run.rng, run.report.service_code or ""
        admin, at = rng.choice(ADMINS), run.office(rng.choice(VERIFY_DELAYS))
        roll = rng.random()
        if duplicate_of is not None:
            run.go(S.DUPLIKAT, at, admin, notes.pick(rng, notes.DUPLICATE, code=duplicate_of))
            return False
        if roll < 0.04:
            run.go(S.DITOLAK, at, admin, notes.pick(rng, notes.REJECTED))
            return False
        if roll < 0.06:
            run.go(S.BUKAN_WEWENANG, at, admin, notes.per_service(rng, notes.NOT_OURS, notes.NOT_OURS_DEFAULT, service))
            return False
        verified = run.go(S.TERVERIFIKASI, at, admin, notes.pick(rng, notes.VERIFIED))
        if verified and moderate:
            run.moderate(admin)
        return verified

    def _hold_after_verify(self, run: Run) -> bool:
        rng = run.rng
        if rng.random() >= 0.015:
            return True
        admin = rng.choice(ADMINS)
        if not run.go(S.TUNDA, run.office(rng.randint(0, 1)), admin, notes.ON_HOLD[0]):
            return False
        if rng.random() < 0.4:
            run.go(S.DITOLAK, run.office(rng.randint(5, 10)), admin, notes.pick(rng, notes.REJECTED_AFTER_HOLD))
            return False
        return run.go(S.TERVERIFIKASI, run.office(rng.randint(2, 6)), admin, notes.RESUMED[0])

    def _assign(self, run: Run) -> bool:
        rng, final = run.rng, run.report.opd_slug or ""
        first = WRONG_OPD.get(final, "dpupr") if rng.random() < 0.04 else final
        short = self._ctx.opd_short
        admin = rng.choice(ADMINS)
        at = run.office(0 if rng.random() < 0.85 else 1)
        if not run.go(S.DIDISPOSISI, at, admin, notes.pick(rng, notes.ASSIGNED, opd=short(first)), first):
            return False
        if first == final:
            return True
        at = run.office(self._scaled(rng, rng.randint(1, 3), first))
        note = notes.pick(rng, notes.REASSIGNED, old=short(first), opd=short(final))
        return run.go(S.DIDISPOSISI, at, admin, note, final)

    def _work(self, run: Run, opd: str) -> bool:
        rng, service = run.rng, run.report.service_code or ""
        operator, short = f"operator.{opd}", self._ctx.opd_short(opd)
        profile = OPD_PROFILES.get(opd, DEFAULT_PROFILE)
        roll = rng.random()
        if roll < 0.015:
            note = notes.per_service(rng, notes.NOT_OURS, notes.NOT_OURS_DEFAULT, service)
            run.go(S.BUKAN_WEWENANG, run.office(rng.randint(1, 3)), operator, note)
            return False
        if roll < 0.015 + profile.stall:
            return False  # never acted on: stays assigned and runs over its follow-up deadline
        started = notes.per_service(rng, notes.STARTED, notes.STARTED_DEFAULT, service, opd=short)
        if not run.go(S.DITINDAKLANJUTI, run.office(self._scaled(rng, rng.choice(START_DELAYS), opd)), operator,
                      started):
            return False
        if rng.random() < 0.02 and not self._hold_in_progress(run, operator):
            return False
        if rng.random() < profile.stall / 2:
            return False  # stuck in progress
        low, high = WORK_DAYS.get(service, WORK_DEFAULT)
        done = notes.per_service(rng, notes.DONE, notes.DONE_DEFAULT, service)
        return run.go(S.SELESAI, run.office(self._scaled(rng, rng.randint(low, high), opd)), operator, done)

    def _hold_in_progress(self, run: Run, operator: str) -> bool:
        rng = run.rng
        if not run.go(S.TUNDA, run.office(rng.randint(1, 4)), operator, notes.ON_HOLD[1]):
            return False
        return run.go(S.DITINDAKLANJUTI, run.office(rng.randint(5, 15)), operator, notes.pick(rng, notes.RESUMED))

    def _maybe_reopen(self, run: Run, opd: str) -> None:
        rng, service = run.rng, run.report.service_code or ""
        if rng.random() >= 0.015:
            return
        if run.go(S.DITINDAKLANJUTI, run.office(rng.randint(1, 4)), rng.choice(ADMINS), notes.REOPENED[0]):
            done = notes.per_service(rng, notes.DONE, notes.DONE_DEFAULT, service)
            run.go(S.SELESAI, run.office(rng.randint(1, 5)), f"operator.{opd}", done)

    def _emergency(self, run: Run) -> None:
        rng, opd = run.rng, run.report.opd_slug or ""
        service, short, operator = run.report.service_code or "", self._ctx.opd_short(opd), f"operator.{opd}"
        steps = (
            (S.TERVERIFIKASI, 3, 15, EMERGENCY_OFFICER, notes.pick(rng, notes.EMERGENCY_VERIFIED), None),
            (S.DIDISPOSISI, 2, 10, EMERGENCY_OFFICER, notes.pick(rng, notes.EMERGENCY_ASSIGNED, opd=short), opd),
            (S.DITINDAKLANJUTI, 5, 30, operator,
             notes.per_service(rng, notes.STARTED, notes.STARTED_DEFAULT, service, opd=short), None),
            (S.SELESAI, 60, 600, operator, notes.per_service(rng, notes.DONE, notes.DONE_DEFAULT, service), None),
        )
        for target, low, high, actor, note, target_opd in steps:
            if not run.go(target, run.soon(low, high), actor, note, target_opd):
                return
