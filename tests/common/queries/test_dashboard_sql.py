"""No dashboard query ever reads personal data: the SQL actually sent to the database is inspected."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from common.db.engine import make_session_factory
from common.queries import dashboard as q
from tests.common.queries.rows import KEL_A, NOW, add_report, seed

FORBIDDEN = re.compile(
    r"reporter_contact|info_request_applicant|description|location_text|photo|caller_hash|\bnik\b|phone|email"
    r"|address|\bname\b(?!_en)",
    re.IGNORECASE,
)
QUERIES = (
    q.kelurahan_counts, q.recent_report_points, q.opd_board_rows, q.reports_per_channel_per_day,
    q.calls112_by_class_per_day, q.kiosk_network, q.ticker_stats, q.map_shapes,
)  # fmt: skip


@pytest.fixture
def captured(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement the engine executes during the test."""
    statements: list[str] = []

    def _record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", _record)
    yield statements
    event.remove(engine, "before_cursor_execute", _record)


def test_dashboard_sql_never_touches_personal_columns(engine: Engine, captured: list[str]) -> None:
    with make_session_factory(engine)() as session:
        seed(session)
        add_report(session, received_at=NOW, kelurahan=KEL_A, lat=-6.1, lng=106.1, description="x",
                   contact={"name": "n", "nik": "1", "phone": "2", "email": "e", "address": "a"})  # fmt: skip
        session.commit()
        captured.clear()
        for query in QUERIES:
            for public in (True, False):
                query(session, NOW, public)
    selects = [s for s in captured if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) >= 2 * len(QUERIES)
    offending = [
        s for s in selects if _without_service_name(s) and FORBIDDEN.search(_without_service_name(s))
    ]
    assert offending == []


def _without_service_name(sql: str) -> str:
    """The category name (``service.name``, a catalogue entry) is allowed; nothing else called name is."""
    return sql.replace("service.name", "service.category_label")


def test_public_points_never_read_exact_coordinates_of_sensitive_reports(session: Session) -> None:
    """The centroid is chosen inside the SQL: the sensitive report's own coordinates never reach Python."""
    add_report(session, received_at=NOW, service="bansos", opd="dinsos", lat=-6.19999, lng=106.19999)
    session.commit()
    (point,) = q.recent_report_points(session, NOW, public=True).points
    assert point.at_centroid and (point.lat, point.lng) != (-6.19999, 106.19999)
