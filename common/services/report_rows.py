"""The INSERTs of a new report: the report row, its first status change, its contact and the audit entry.

This is the intake's hot path (see ``benchmarks/hub_intake.py``). Plain Core INSERTs cost a fraction of an ORM
flush; on PostgreSQL the four rows go in ONE statement (data-modifying CTEs), which saves three round trips and
three trips through the driver, and it is executed on the psycopg connection directly. Both paths write exactly
the same rows.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, insert
from sqlalchemy.exc import DBAPIError

from common.domain.enums import ReportStatus
from common.domain.models import AuditEntry, Report, ReporterContact, StatusChange
from common.services.audit import table_of

REPORT_COLUMNS = (
    "tracking_code", "kind", "channel", "service_code", "opd_slug", "kelurahan_kode", "lat", "lng",
    "location_precision_m", "location_text", "description", "description_moderated", "photo_path",
    "confidentiality", "status", "is_open", "severity", "received_at", "updated_at", "status_changed_at",
    "first_response_at", "resolved_at", "verify_by", "followup_decision_by", "resolve_by", "due_at",
    "source_key_id", "client_request_id", "duplicate_of_id",
)
CONTACT_COLUMNS = ("name", "nik", "phone", "email", "address", "device_id", "account_id", "consent_at")


@functools.cache
def _pg_sql() -> str:
    """The single statement of the PostgreSQL path (psycopg ``%(name)s`` placeholders), built on first use."""
    contact_params = ", ".join(f"%(c_{c})s" for c in CONTACT_COLUMNS)
    return f"""
        WITH r AS (
            INSERT INTO report ({", ".join(REPORT_COLUMNS)})
            VALUES ({", ".join(f"%({c})s" for c in REPORT_COLUMNS)})
            RETURNING id
        ), s AS (
            INSERT INTO status_change (report_id, from_status, to_status, opd_slug, actor, note, at)
            SELECT id, NULL, %(to_status)s, %(opd_slug)s, %(actor)s, '', %(received_at)s FROM r
        ), c AS (
            INSERT INTO reporter_contact (report_id, {", ".join(CONTACT_COLUMNS)})
            SELECT id, {contact_params} FROM r WHERE %(has_contact)s
        ), a AS (
            INSERT INTO audit_entry (at, actor, action, entity, entity_id, detail)
            SELECT %(received_at)s, %(actor)s, 'report.create', 'report', CAST(id AS varchar), CAST(%(detail)s AS json)
            FROM r
        )
        SELECT id FROM r
    """


def naive_utc(value: object) -> object:
    """What :class:`~common.db.types.UtcDateTime` stores for an aware datetime (naive UTC); others unchanged."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UtcDateTime column")
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def driver_execute(conn: Connection, sql: str, params: Mapping[str, object]) -> Any:
    """Execute on the DBAPI (psycopg) connection of ``conn``'s transaction; return the driver's cursor.

    Driver errors are translated into SQLAlchemy's exception classes (parameters hidden: they hold personal
    data), so callers handle them exactly like errors of statements run through SQLAlchemy.
    """
    driver = conn.connection.driver_connection
    try:
        return driver.execute(sql, params)  # type: ignore[union-attr]
    except conn.dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(sql, dict(params), exc, conn.dialect.loaded_dbapi.Error,
                                  hide_parameters=True) from exc


def _plain(value: object) -> object:
    return value.value if isinstance(value, StrEnum) else naive_utc(value)


def _detail(values: Mapping[str, object]) -> dict[str, object]:
    return {"tracking_code": values["tracking_code"], "channel": _plain(values["channel"]),
            "opd": values["opd_slug"], "kelurahan": values["kelurahan_kode"]}


def _insert_pg(conn: Connection, values: Mapping[str, object], contact: Mapping[str, object] | None,
               who: str) -> int:
    # Straight to the psycopg connection of this transaction: SQLAlchemy's statement execution costs about
    # three times the driver's own work here, and this runs for every intake request. Types are converted
    # exactly as the column types would (enums to values, aware datetimes to naive UTC).
    params = {name: _plain(values[name]) for name in REPORT_COLUMNS}
    params.update({f"c_{name}": _plain((contact or {}).get(name, "")) for name in CONTACT_COLUMNS})
    params["c_consent_at"] = _plain((contact or {}).get("consent_at"))
    params.update(to_status=ReportStatus.DITERIMA.value, actor=who, has_contact=contact is not None,
                  detail=json.dumps(_detail(values)))
    return int(driver_execute(conn, _pg_sql(), params).fetchone()[0])


def _insert_portable(conn: Connection, values: Mapping[str, object], contact: Mapping[str, object] | None,
                     who: str) -> int:
    report = table_of(Report)
    report_id = int(conn.execute(insert(report).returning(report.c.id), dict(values)).scalar_one())
    conn.execute(insert(table_of(StatusChange)), {
        "report_id": report_id, "from_status": None, "to_status": ReportStatus.DITERIMA,
        "opd_slug": values["opd_slug"], "actor": who, "note": "", "at": values["received_at"]})
    if contact is not None:
        conn.execute(insert(table_of(ReporterContact)), {"report_id": report_id, **contact})
    conn.execute(insert(table_of(AuditEntry)), {
        "at": values["received_at"], "actor": who, "action": "report.create", "entity": "report",
        "entity_id": str(report_id), "detail": _detail(values)})
    return report_id


def insert_report_rows(conn: Connection, values: Mapping[str, object], contact: Mapping[str, object] | None,
                       who: str) -> int:
    """Insert the rows of a new report (``values``: every report column but ``id``); return its id."""
    if conn.dialect.name == "postgresql":
        return _insert_pg(conn, values, contact, who[:100])
    return _insert_portable(conn, values, contact, who[:100])
