"""Open311 POSTs per second through the real hub on loopback, against plain INSERTs of the same rows.

    .venv/bin/python benchmarks/hub_intake.py [--seconds 20] [--threads 8] [--workers 2]

A throwaway PostgreSQL (tests/support/pgserver.py) holds a migrated, seeded database. The baseline executes with
psycopg exactly the statements the service issues for one report (counter, report, status change, audit,
idempotency record; one transaction per row). Then ``bsm hub`` runs as a separate process and a light load
generator (threads with keep-alive ``http.client`` connections, pre-encoded bodies, a fresh client request id
per POST) posts form-encoded service requests for a fixed time. Prints POSTs/s, p50/p95 latency and the ratio
to the plain inserts. Target: >= 500 POSTs/s on a 2-core machine. Bounded: well under 3 minutes.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import psutil  # noqa: E402
import psycopg  # noqa: E402

from tests.support.pgserver import PgServer  # noqa: E402
from tests.support.procs import free_port, start_process  # noqa: E402

TARGET_PER_S = 500
LAT, LNG = "-6.125469", "106.162736"  # Cipare


def prepare(url: str) -> str:
    """Migrate and seed the database; return a channel key."""
    from common.clock import utc_now
    from common.config import default_assets_dir
    from common.db.engine import make_engine, make_session_factory
    from common.db.migrate import upgrade
    from common.reference.loader import load_reference
    from common.reference.seed import seed_reference
    from common.services.keys import add_channel_key

    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        seed_reference(session, load_reference(default_assets_dir()))
        key = add_channel_key(session, utc_now, "rabeg-bench")
        session.commit()
    engine.dispose()
    return key.plaintext


def plain_inserts(conninfo: str, seconds: float) -> float:
    """Rows per second of the service's statements executed directly, one transaction per row."""
    sql = [
        "UPDATE tracking_counter SET next_value = next_value + 1 WHERE prefix = 'ZZ' RETURNING next_value",
        "INSERT INTO report (tracking_code, kind, channel, service_code, opd_slug, kelurahan_kode, lat, lng, "
        "location_text, description, description_moderated, confidentiality, status, is_open, received_at, "
        "updated_at, status_changed_at, verify_by, followup_decision_by, resolve_by, due_at, source_key_id, "
        "client_request_id) VALUES (%s, 'aduan', 'rabeg', 'jalan-rusak', 'dpupr', '36.73.01.1002', -6.12, 106.16, "
        "'', 'Jalan berlubang di depan pasar', false, 'anonim', 'diterima', true, now(), now(), now(), now(), "
        "now(), now(), now(), 1, %s) RETURNING id",
        "INSERT INTO reporter_contact (report_id, name, nik, phone, email, address, device_id, account_id, "
        "consent_at) VALUES (%s, 'Budi', '', '+6281234567890', '', '', '', '', now())",
        "INSERT INTO status_change (report_id, from_status, to_status, opd_slug, actor, note, at) "
        "VALUES (%s, NULL, 'diterima', 'dpupr', 'channel:1:bench', '', now())",
        "INSERT INTO audit_entry (at, actor, action, entity, entity_id, detail) VALUES "
        "(now(), 'channel:1:bench', 'report.create', 'report', %s, '{}')",
        "INSERT INTO idempotency_record (key_id, client_request_id, endpoint, status_code, content_type, "
        "response_body, created_at) VALUES (1, %s, 'open311.requests.post', 200, 'application/json', '[]', now())",
    ]
    with psycopg.connect(conninfo) as conn:
        conn.execute("INSERT INTO tracking_counter (prefix, next_value) VALUES ('ZZ', 1) ON CONFLICT DO NOTHING")
        conn.commit()
        done, deadline = 0, time.monotonic() + seconds
        started = time.monotonic()
        while time.monotonic() < deadline:
            with conn.cursor() as cur:
                value = cur.execute(sql[0]).fetchone()[0]  # type: ignore[index]
                crid = f"plain-{value}"
                rid = cur.execute(sql[1], (f"ZZ-{value}", crid)).fetchone()[0]  # type: ignore[index]
                cur.execute(sql[2], (rid,))
                cur.execute(sql[3], (rid,))
                cur.execute(sql[4], (str(rid),))
                cur.execute(sql[5], (crid,))
            conn.commit()
            done += 1
        return done / (time.monotonic() - started)


def load(port: int, key: str, seconds: float, threads: int) -> tuple[int, list[float], int]:
    """Post for ``seconds`` from ``threads`` keep-alive connections; (ok count, latencies, errors)."""
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors = [0] * threads
    deadline = time.monotonic() + seconds
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Connection": "keep-alive"}

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        prefix = uuid.uuid4().hex[:8]
        n = 0
        while time.monotonic() < deadline:
            n += 1
            body = urlencode({"api_key": key, "service_code": "jalan-rusak", "lat": LAT, "long": LNG,
                              "description": "Jalan berlubang di depan pasar", "first_name": "Budi",
                              "phone": "081234567890", "client_request_id": f"{prefix}-{n}"})
            t0 = time.perf_counter()
            conn.request("POST", "/open311/v2/requests.json", body, headers)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                latencies[i].append(time.perf_counter() - t0)
            else:
                errors[i] += 1
        conn.close()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    flat = [x for chunk in latencies for x in chunk]
    return len(flat), flat, sum(errors)


def cpu_seconds(pids: list[int], children: bool = True) -> float:
    """User + system CPU seconds of the processes (and all their children, those still alive)."""
    total = 0.0
    for pid in pids:
        try:
            proc = psutil.Process(pid)
            for p in [proc, *(proc.children(recursive=True) if children else [])]:
                t = p.cpu_times()
                total += t.user + t.system
        except psutil.Error:
            continue
    return total


def postmaster_pid(pg: PgServer) -> list[int]:
    """The PostgreSQL postmaster of our throwaway server (its backends are its children)."""
    pidfile = Path(pg.data_dir or "/nonexistent") / "data" / "postmaster.pid"
    return [int(pidfile.read_text().split()[0])] if pidfile.exists() else []


def main() -> int:
    """Run the baseline and the hub measurement; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=0, help="hub worker processes (0: the hub's default)")
    args = parser.parse_args()
    with PgServer() as pg:
        url = pg.create_database("bsm_bench_intake")
        key = prepare(url)
        conninfo = url.replace("postgresql+psycopg://", "postgresql://")
        plain = plain_inserts(conninfo, min(10.0, args.seconds))
        port = free_port()
        env = {"BSM_DATABASE_URL": url, "BSM__HUB__RATE_LIMIT_PER_MINUTE": "1000000",
               "BSM__DATA_DIR": str(Path(pg.data_dir or "/tmp") / "hub-data")}
        if args.workers:
            env["BSM__HUB__WORKERS"] = str(args.workers)
        argv = [str(Path(sys.executable).with_name("bsm")), "hub", "--port", str(port), "--no-site-watch"]
        log = Path(pg.data_dir or "/tmp") / "hub.log"
        with start_process(argv, log_path=log, env=env, wait_http=f"http://127.0.0.1:{port}/healthz",
                           timeout=60) as hub:
            load(port, key, 2.0, args.threads)  # warm-up: caches, connection pool, counter blocks
            pids = {"hub": [hub.pid], "postgres": postmaster_pid(pg), "load generator": [os.getpid()]}
            own = {"load generator"}  # its children are the hub and PostgreSQL: count them apart
            cpu_before = {name: cpu_seconds(p, name not in own) for name, p in pids.items()}
            started = time.monotonic()
            ok, latencies, errors = load(port, key, args.seconds, args.threads)
            elapsed = time.monotonic() - started
            cpu = {name: (cpu_seconds(p, name not in own) - cpu_before[name]) / max(ok, 1) * 1000
                   for name, p in pids.items()}
    rate = ok / elapsed
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 100 else [0.0] * 99
    print(f"plain INSERT transactions (psycopg, 1 connection): {plain:8.1f} rows/s")
    print(f"Open311 POSTs through the hub ({args.threads} client threads): {rate:8.1f} POSTs/s "
          f"({ok} ok, {errors} errors in {elapsed:.1f} s)")
    print(f"latency p50 {quantiles[49] * 1000:.1f} ms, p95 {quantiles[94] * 1000:.1f} ms")
    print("CPU per POST: " + ", ".join(f"{name} {ms:.2f} ms" for name, ms in cpu.items()))
    print(f"ratio hub / plain inserts: {rate / plain:.2f}")
    print(f"target >= {TARGET_PER_S} POSTs/s: {'met' if rate >= TARGET_PER_S else 'NOT met'} (cores: {os.cpu_count()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
