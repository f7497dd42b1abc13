"""Time the wall's dashboard queries (common/queries/dashboard.py) on the demo data set.

    .venv/bin/python benchmarks/dashboard_queries.py [--db demo.db | --pg] [--reports 20000] [--repeat 9]

Builds the demo data (``bsm seed --demo``: 90 days, 20,000 reports by default) in a fresh SQLite file (or in a
throwaway PostgreSQL with ``--pg``), unless ``--db`` names an SQLite file that already holds it. Then runs every
dashboard query for a public and an internal output and prints the median and worst time. Budget: the map's
points and counts refresh every 1-2 s and must stay well under 100 ms; boards and charts (every 15-30 s) under
500 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def build_demo(url: str, reports: int, data_dir: Path) -> None:
    """Migrate, seed the reference data and generate the demo activity."""
    from common.config import Config, default_assets_dir
    from common.db.engine import make_engine, make_session_factory
    from common.db.migrate import upgrade
    from common.demo.generate import DemoOptions, generate_demo
    from common.reference.loader import load_reference
    from common.reference.seed import seed_reference

    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        seed_reference(session, load_reference(default_assets_dir()))
        session.commit()
        started = time.perf_counter()
        print(generate_demo(session, Config(data_dir=str(data_dir)), DemoOptions(reports=reports), NOW))
        session.commit()
        print(f"demo built in {time.perf_counter() - started:.1f} s")
    with engine.connect() as conn:  # planner statistics, as autovacuum / a nightly ANALYZE would give them
        conn.execute(text("ANALYZE"))
        conn.commit()
    engine.dispose()


def time_queries(url: str, repeat: int) -> None:
    """Print median and worst milliseconds of each query, public and internal."""
    from common.db.engine import make_engine, make_session_factory
    from common.queries import dashboard as q

    queries: list[Callable[..., object]] = [
        q.recent_report_points, q.kelurahan_counts, q.kiosk_network, q.ticker_stats, q.opd_board_rows,
        q.reports_per_channel_per_day, q.calls112_by_class_per_day, q.map_shapes,
    ]  # fmt: skip
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        for query in queries:
            for public in (True, False):
                query(session, NOW, public)  # warm the caches and the statement cache
                times = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    query(session, NOW, public)
                    times.append((time.perf_counter() - started) * 1000)
                label = "public" if public else "internal"
                print(f"{query.__name__:30s} {label:8s} median {statistics.median(times):7.1f} ms"
                      f"   max {max(times):7.1f} ms")  # fmt: skip
    engine.dispose()


def main() -> None:
    """Build (or reuse) the demo database and time the queries."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, help="an SQLite file that already holds the demo data")
    parser.add_argument("--pg", action="store_true", help="use a throwaway PostgreSQL server")
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bsm-bench-") as tmp:
        if args.db:
            time_queries(f"sqlite:///{args.db}", args.repeat)
        elif args.pg:
            from tests.support.pgserver import PgServer

            with PgServer() as server:
                url = server.create_database("bsm_bench")
                build_demo(url, args.reports, Path(tmp))
                time_queries(url, args.repeat)
        else:
            url = f"sqlite:///{Path(tmp) / 'demo.db'}"
            build_demo(url, args.reports, Path(tmp))
            time_queries(url, args.repeat)


if __name__ == "__main__":
    main()
