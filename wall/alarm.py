"""Alarms: a new real 112 call or a complaint graded *berat* switches internal outputs to their alarm preset.

The database is read on the executor (never on the GUI thread); found events reach the GUI thread by a signal.
Only events after the wall started count. The alarm ends when an operator acknowledges it (key A or the panel);
each output also reverts by itself after its ``alarm_minutes`` (see :mod:`wall.output_controller`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from common.domain.enums import CallClass, Severity
from common.domain.models import Call112, Kelurahan, Report, Service
from wall.i18n import WallTexts

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AlarmEvent:
    """What raised an alarm and where (kelurahan centroid); never personal data or citizen text.

    ``category`` is a service code (or the 112 log's own word); ``category_names`` its service's name in
    Indonesian and English when it is a known service.
    """

    source: str
    ref: int
    kelurahan_kode: str
    kelurahan_nama: str
    lat: float
    lng: float
    category: str
    raised_at: datetime
    category_names: tuple[str, str] | None = None

    def headline(self, texts: WallTexts) -> str:
        """The banner text in the wall's language (the kelurahan's name stays a name)."""
        what = texts.t("alarm.call112" if self.source == "112" else "alarm.severe_report")
        name = texts.pick(*self.category_names) if self.category_names else self.category
        category = f" ({name})" if name else ""
        where = (texts.t("alarm.where", kelurahan=self.kelurahan_nama) if self.kelurahan_kode
                 else texts.t("alarm.where_unknown"))
        return texts.t("alarm.headline", what=what, category=category, where=where)

    def describe(self) -> str:
        """For the log (English, codes as stored): ``112 #5 kebakaran at 36.73.01.1001``."""
        return f"{self.source} #{self.ref} {self.category or '-'} at {self.kelurahan_kode or 'an unknown place'}"


@dataclass(frozen=True)
class _Watermark:
    call_id: int
    report_id: int
    report_updated: datetime | None


def _watermark(session: Session) -> _Watermark:
    call_id = session.scalar(select(func.coalesce(func.max(Call112.id), 0))) or 0
    report_id = session.scalar(select(func.coalesce(func.max(Report.id), 0))) or 0
    updated = session.scalar(select(func.max(Report.updated_at)))
    return _Watermark(int(call_id), int(report_id), updated)


def _event(source: str, ref: int, kel: dict[str, Kelurahan], kode: str | None, category: str,
           names: dict[str, tuple[str, str]], now: datetime) -> AlarmEvent:
    """The event at its kelurahan; a real emergency whose place is not known yet still alarms, city-wide (the map
    shows the whole city, the cameras nearest its middle), rather than be dropped."""
    if kode in kel:
        k = kel[kode or ""]
        return AlarmEvent(source, ref, k.kode, k.nama, k.lat, k.lng, category, now, names.get(category))
    lat = sum(k.lat for k in kel.values()) / len(kel) if kel else 0.0
    lng = sum(k.lng for k in kel.values()) / len(kel) if kel else 0.0
    return AlarmEvent(source, ref, "", "", lat, lng, category, now, names.get(category))


def _service_names(session: Session, codes: set[str]) -> dict[str, tuple[str, str]]:
    """(Indonesian, English) names of the services among ``codes`` (an English name missing: the Indonesian)."""
    if not codes:
        return {}
    rows = session.execute(select(Service.code, Service.name, Service.name_en).where(Service.code.in_(codes)))
    return {code: (name, name_en or name) for code, name, name_en in rows}


def _find(session: Session, mark: _Watermark, now: datetime) -> tuple[list[AlarmEvent], _Watermark]:
    events: list[AlarmEvent] = []
    calls = session.execute(
        select(Call112.id, Call112.kelurahan_kode, Call112.category, Call112.call_class)
        .where(Call112.id > mark.call_id)
        .order_by(Call112.id)
    ).all()
    since = mark.report_updated
    query = select(Report.id, Report.kelurahan_kode, Report.service_code, Report.updated_at).where(
        Report.severity == Severity.BERAT
    )
    query = query.where(Report.updated_at > since) if since else query
    reports = session.execute(query.order_by(Report.updated_at)).all()
    kel = {k.kode: k for k in session.scalars(select(Kelurahan))} if calls or reports else {}
    real = [c for c in calls if c[3] == CallClass.REAL]
    names = _service_names(session, {c[2] for c in real if c[2]} | {r[2] for r in reports if r[2]})
    for cid, kode, category, _cls in real:
        events.append(_event("112", cid, kel, kode, category or "", names, now))
    for rid, kode, service, _updated in reports:
        events.append(_event("aduan", rid, kel, kode, service or "", names, now))
    new_mark = _Watermark(
        max([mark.call_id, *(c[0] for c in calls)]),
        max([mark.report_id, *(r[0] for r in reports)]),
        max([d for d in [since, *(r[3] for r in reports)] if d is not None], default=None),
    )
    return events, new_mark


class AlarmController(QObject):
    """Polls for alarm events; holds the active alarm until acknowledged."""

    alarm_raised = Signal(object)
    alarm_cleared = Signal()
    _events_found = Signal(object)

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        executor: Executor,
        clock: Callable[[], datetime],
        interval_ms: int = 1000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = session_factory
        self._executor = executor
        self._clock = clock
        self._mark: _Watermark | None = None
        self._busy = False
        self.active: AlarmEvent | None = None
        self._seen: set[tuple[str, int]] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._events_found.connect(self._on_self_events_found)

    def start(self) -> None:
        """Remember where the data is now (older events never alarm) and start polling."""
        with self._sessions() as session:
            self._mark = _watermark(session)
        self._timer.start()

    def stop(self) -> None:
        """Stop polling."""
        self._timer.stop()

    def poll(self) -> None:
        """Look for new events on the executor (skipped while a look is running)."""
        if self._busy or self._mark is None:
            return
        self._busy = True
        mark, now = self._mark, self._clock()
        try:
            self._executor.submit(self._job, mark, now)
        except RuntimeError:  # executor shut down: the wall is closing
            self._busy = False

    def _job(self, mark: _Watermark, now: datetime) -> None:
        try:
            with self._sessions() as session:
                result: object = _find(session, mark, now)
        except Exception as exc:  # database away: try again next time, keep the wall running
            _log.warning("alarm poll failed: %s", exc)
            result = None
        self._events_found.emit(result)

    def _on_self_events_found(self, result: object) -> None:
        self._busy = False
        if result is None:
            return
        assert isinstance(result, tuple)
        events: list[AlarmEvent] = result[0]
        self._mark = result[1]
        fresh = [e for e in events if (e.source, e.ref) not in self._seen]
        self._seen.update((e.source, e.ref) for e in fresh)
        if fresh:
            self.raise_alarm(fresh[-1])

    def raise_alarm(self, event: AlarmEvent) -> None:
        """Make ``event`` the active alarm (the newest wins)."""
        _log.warning("alarm: %s", event.describe())
        self.active = event
        self.alarm_raised.emit(event)

    def acknowledge(self) -> None:
        """The operator acknowledged: every output reverts."""
        if self.active is None:
            return
        _log.info("alarm acknowledged: %s", self.active.describe())
        self.active = None
        self.alarm_cleared.emit()
