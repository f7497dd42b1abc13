"""Open/overdue aggregates per kelurahan and per OPD over 1,000,000 reports, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/aggregates.py [--rows 1000000] [--runs 15] [--open-share 0.1]

Fills a migrated database fast (``executemany`` on SQLite, ``generate_series`` on PostgreSQL), with a realistic
share of open reports (10% by default: most reports of a year are closed) spread over the 67 kelurahan and the
OPD, half of them overdue. Then times :func:`common.queries.aggregates.open_by_kelurahan` and ``open_by_opd``
(median of N runs) against a baseline ``SELECT count(*) FROM report`` measured in the same run.
Targets: < 200 ms on SQLite, < 100 ms on PostgreSQL. Bounded: well under 3 minutes per database.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import Engine, text  # noqa: E402

from common.config import default_assets_dir  # noqa: E402
from common.db.engine import make_engine, make_session_factory  # noqa: E402
from common.db.migrate import upgrade  # noqa: E402
from common.queries.aggregates import open_by_kelurahan, open_by_opd  # noqa: E402
from common.reference.loader import load_reference  # noqa: E402
from common.reference.seed import seed_reference  # noqa: E402
from tests.support.pgserver import PgServer  # noqa: E402

TARGETS_MS = {"sqlite": 200.0, "postgresql": 100.0}
NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)


def _reference(engine: Engine) -> tuple[list[str], list[str]]:
    with make_session_factory(engine)() as session:
        seed_reference(session, load_reference(default_assets_dir()))
        session.commit()
    with engine.connect() as conn:
        kel = [str(r[0]) for r in conn.execute(text("SELECT kode FROM kelurahan ORDER BY kode"))]
        opd = [str(r[0]) for r in conn.execute(text("SELECT slug FROM opd ORDER BY slug"))]
    return kel, opd


def fill_sqlite(engine: Engine, rows: int, open_share: float) -> None:
    """Insert ``rows`` reports with one ``INSERT ... SELECT`` over a recursive counter, then index and ANALYZE."""
    kel, opd = _reference(engine)
    with sqlite3.connect(engine.url.database or "") as conn:
        conn.execute("PRAGMA synchronous=OFF")
        # Filling first and indexing afterwards is several times faster than maintaining 7 indexes per row.
        indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'report' "
                               "AND sql IS NOT NULL").fetchall()
        for name, _ddl in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        conn.execute("CREATE TEMP TABLE kel (i INTEGER PRIMARY KEY, kode TEXT)")
        conn.execute("CREATE TEMP TABLE org (i INTEGER PRIMARY KEY, slug TEXT)")
        conn.executemany("INSERT INTO kel VALUES (?, ?)", enumerate(kel))
        conn.executemany("INSERT INTO org VALUES (?, ?)", enumerate(opd))
        # Text timestamps in the format SQLAlchemy's SQLite DateTime stores, so comparisons are exact. The open
        # flag is a hash of x, not random(): SQLite inlines the CTE and would draw a new number at every use.
        conn.execute(f"""
            WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < {int(rows)}),
            s AS (SELECT x, (x * 48271 % 2147483647) % 1000 < {int(open_share * 1000)} AS o,
                         strftime('%Y-%m-%d %H:%M:%S', :now, '-' || (x * 104729 % 525600) || ' minutes')
                             || '.000000' AS r FROM g)
            INSERT INTO report (tracking_code, kind, channel, kelurahan_kode, opd_slug, location_text, description,
                                description_moderated, confidentiality, status, is_open, received_at, updated_at,
                                status_changed_at, due_at)
            SELECT 'BM-' || x, 'aduan', 'kiosk', (SELECT kode FROM kel WHERE i = x % {len(kel)}),
                   (SELECT slug FROM org WHERE i = x % {len(opd)}), '', '', 0, 'anonim',
                   CASE WHEN o THEN 'diterima' ELSE 'selesai' END, o, r, r, r,
                   CASE WHEN o THEN strftime('%Y-%m-%d %H:%M:%S', :now, ((x * 7919 % 480) - 240) || ' hours')
                       || '.000000' END
            FROM s
        """, {"now": NOW.strftime("%Y-%m-%d %H:%M:%S")})
        for _name, ddl in indexes:
            conn.execute(ddl)
        conn.execute("ANALYZE")


def fill_postgres(engine: Engine, rows: int, open_share: float) -> None:
    """Bulk-insert ``rows`` reports with one ``INSERT ... SELECT generate_series``, then VACUUM ANALYZE."""
    kel, opd = _reference(engine)
    sql = text("""
        INSERT INTO report (tracking_code, kind, channel, kelurahan_kode, opd_slug, location_text, description,
                            description_moderated, confidentiality, status, is_open, received_at, updated_at,
                            status_changed_at, due_at)
        SELECT 'BM-' || g, 'aduan', 'kiosk', (CAST(:kel AS varchar[]))[1 + g % :nkel],
               (CAST(:opd AS varchar[]))[1 + g % :nopd], '', '', false, 'anonim',
               CASE WHEN o THEN 'diterima' ELSE 'selesai' END, o, r, r, r,
               CASE WHEN o THEN :now + (((g * 7919) % 480) - 240) * interval '1 hour' END
        FROM (SELECT g, (hashint8(g) % 1000 + 1000) % 1000 < :share AS o,
                     :now - ((g * 104729) % 525600) * interval '1 minute' AS r
              FROM generate_series(CAST(1 AS bigint), :rows) AS g) AS s
    """)
    with engine.begin() as conn:
        # Plain indexes are rebuilt after the fill (much faster than row by row); constraint indexes stay.
        indexes = conn.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'report' AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = 'report'::regclass)")).all()
        for name, _ddl in indexes:
            conn.execute(text(f'DROP INDEX "{name}"'))
        conn.execute(sql, {"kel": kel, "nkel": len(kel), "opd": opd, "nopd": len(opd), "rows": rows,
                           "share": int(open_share * 1000), "now": NOW.replace(tzinfo=None)})
        for _name, ddl in indexes:
            conn.execute(text(ddl))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE report"))  # index-only scans need the visibility map


def median_ms(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``fn`` in milliseconds after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(name: str, engine: Engine, runs: int) -> bool:
    """Time the aggregates against ``count(*)``; print; True when the target is met."""
    with engine.connect() as conn:
        total = conn.execute(text("SELECT count(*) FROM report")).scalar_one()
        baseline = median_ms(lambda: conn.execute(text("SELECT count(*) FROM report")).scalar_one(), runs)
        by_kel = median_ms(lambda: open_by_kelurahan(conn, NOW), runs)
        by_opd = median_ms(lambda: open_by_opd(conn, NOW), runs)
        kel_rows = open_by_kelurahan(conn, NOW)
    both = by_kel + by_opd
    target = TARGETS_MS[name]
    print(f"{name:10s} {total:>9,} reports ({sum(c.open for c in kel_rows):,} open, "
          f"{sum(c.overdue for c in kel_rows):,} overdue)")
    print(f"{'':10s} baseline SELECT count(*): {baseline:8.1f} ms")
    print(f"{'':10s} per kelurahan: {by_kel:8.1f} ms   per OPD: {by_opd:8.1f} ms   both: {both:8.1f} ms "
          f"({both / baseline:.2f}x count(*)); target < {target:.0f} ms: {'met' if both < target else 'NOT met'}")
    return both < target


def main() -> int:
    """Fill and measure SQLite, then PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--open-share", type=float, default=0.1)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="bsm-agg-") as tmp:
        engine = make_engine(f"sqlite:///{tmp}/agg.db")
        upgrade(engine)
        started = time.monotonic()
        fill_sqlite(engine, args.rows, args.open_share)
        print(f"sqlite     filled in {time.monotonic() - started:.1f} s")
        ok &= measure("sqlite", engine, args.runs)
        engine.dispose()
    with PgServer() as pg:
        engine = make_engine(pg.create_database("bsm_bench_agg"))
        upgrade(engine)
        started = time.monotonic()
        fill_postgres(engine, args.rows, args.open_share)
        print(f"postgresql filled in {time.monotonic() - started:.1f} s")
        ok &= measure("postgresql", engine, args.runs)
        engine.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
