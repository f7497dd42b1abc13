"""Determinism, idempotence (SQLite and PostgreSQL) and the guards of ``generate_demo``."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, Table, func, select
from sqlalchemy.orm import Session

from common.config import Config
from common.db.base import Base
from common.db.engine import make_session_factory
from common.demo.generate import DemoOptions, generate_demo
from common.domain.enums import ReportStatus
from common.domain.models import AuditEntry, Call112, Report, StatusChange
from common.rules.status import check_transition
from tests.common.demo.conftest import NOW, OPTIONS, DemoDb, fresh_demo, seed_and_generate

# Key material is random by design (secrets), everything else must repeat exactly.
_RANDOM_COLUMNS = {"api_key": {"prefix", "key_hash"}}


def _dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            assert isinstance(table, Table)
            skip = _RANDOM_COLUMNS.get(table.name, set())
            columns = [c for c in table.columns if c.name not in skip]
            rows = conn.execute(select(*columns).order_by(*table.primary_key.columns))
            out[table.name] = [tuple(row) for row in rows]
    return out


def test_same_seed_same_rows_other_seed_other_rows(demo: DemoDb, sqlite_template: Path, tmp_path: Path) -> None:
    again = fresh_demo(sqlite_template, tmp_path / "again")
    other = fresh_demo(sqlite_template, tmp_path / "other", DemoOptions(seed=8, days=OPTIONS.days,
                                                                        reports=OPTIONS.reports))
    try:
        first, second, third = _dump(demo.engine), _dump(again.engine), _dump(other.engine)
        for name, rows in first.items():
            assert rows == second[name], f"table {name} differs between two runs with the same seed"
        assert first["report"] != third["report"] and first["call112"] != third["call112"]
        assert first["skm_response"] != third["skm_response"]
    finally:
        again.engine.dispose()
        other.engine.dispose()


def _counts(session: Session) -> tuple[int, int, int, int]:
    return tuple(  # type: ignore[return-value]
        session.scalar(select(func.count()).select_from(m)) or 0 for m in (Report, StatusChange, Call112, AuditEntry)
    )


def test_second_run_adds_nothing_on_both_databases(engine: Engine, tmp_path: Path) -> None:
    config = Config(data_dir=str(tmp_path / "data"))
    options = DemoOptions(seed=3, days=14, reports=400)
    summary = seed_and_generate(engine, config, options)
    assert "reports: 400" in summary
    factory = make_session_factory(engine)
    with factory() as session:
        before = _counts(session)
        again = generate_demo(session, config, options, now=NOW)
        session.commit()
        assert "already loaded" in again and "nothing added" in again
        assert _counts(session) == before
        for report in session.scalars(select(Report).where(Report.status != ReportStatus.DITERIMA).limit(200)):
            steps = session.scalars(select(StatusChange).where(StatusChange.report_id == report.id)
                                    .order_by(StatusChange.id)).all()
            for before_step, after_step in itertools.pairwise(steps):
                check_transition(before_step.to_status, after_step.to_status)
            assert steps[-1].to_status is report.status


def test_needs_the_reference_data(sqlite_template: Path, tmp_path: Path) -> None:
    from common.db.engine import make_engine
    from tests.common.demo.conftest import copy_template

    engine = make_engine(copy_template(sqlite_template, tmp_path / "empty.db"))
    try:
        with make_session_factory(engine)() as session, pytest.raises(ValueError, match="bsm seed"):
            generate_demo(session, Config(data_dir=str(tmp_path)), OPTIONS, now=NOW)
    finally:
        engine.dispose()


@pytest.mark.parametrize(("days", "reports"), [(3, 1000), (30, 10)])
def test_options_are_checked(days: int, reports: int) -> None:
    with pytest.raises(ValueError):
        DemoOptions(days=days, reports=reports)


def test_summary_names_the_numbers_and_the_files(demo: DemoDb) -> None:
    assert f"reports: {OPTIONS.reports} (rabeg" in demo.summary
    assert f"Siaga 112: {round(OPTIONS.reports * 0.45)} calls" in demo.summary
    assert f"PPID requests: {round(OPTIONS.reports * 0.015)} (" in demo.summary
    assert "cameras: 16; kiosks: 13 (3 offline)" in demo.summary
    assert str(demo.config.data_path() / "demo-kiosk.toml") in demo.summary
