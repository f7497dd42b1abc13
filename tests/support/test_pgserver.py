"""Tests of the throwaway PostgreSQL server and the database fixtures built on it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import psutil
import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from tests.support.pgserver import PgServer

REPO = Path(__file__).resolve().parents[2]


def _scalar(url: str, query: str) -> object:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(query)).scalar()
    finally:
        engine.dispose()


def test_server_is_fast_loopback_only_and_not_root(pg_server: PgServer, pg_empty_url: str) -> None:
    assert pg_empty_url.startswith(f"postgresql+psycopg://postgres@127.0.0.1:{pg_server.port}/bsm_t_")
    for setting in ("fsync", "synchronous_commit", "full_page_writes"):
        assert _scalar(pg_empty_url, f"SHOW {setting}") == "off"
    if pg_server.is_external:
        pytest.skip("external server (BSM_TEST_PG_URL): settings are its own")
    assert _scalar(pg_empty_url, "SHOW listen_addresses") == "127.0.0.1"
    assert pg_server.data_dir is not None
    pid = int((pg_server.data_dir / "data" / "postmaster.pid").read_text().split()[0])
    assert psutil.Process(pid).username() != "root"


def test_database_from_template_has_the_template_tables(pg_server: PgServer) -> None:
    template_url = pg_server.create_database("bsm_test_tmpl")
    engine = sa.create_engine(template_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE thing (id integer PRIMARY KEY)"))
        conn.execute(sa.text("INSERT INTO thing VALUES (1), (2)"))
    engine.dispose()
    try:
        copy_url = pg_server.create_database("bsm_test_copy", template="bsm_test_tmpl")
        assert _scalar(copy_url, "SELECT count(*) FROM thing") == 2
    finally:
        pg_server.drop_database("bsm_test_copy")
        pg_server.drop_database("bsm_test_tmpl")


def test_invalid_database_name_is_refused(pg_server: PgServer) -> None:
    with pytest.raises(ValueError, match="invalid database name"):
        pg_server.create_database("x; DROP DATABASE postgres")


@pytest.mark.skipif(bool(os.environ.get("BSM_TEST_PG_URL")), reason="uses an external server")
def test_own_server_stops_and_removes_its_files() -> None:
    server = PgServer(external_url="")
    try:
        server.start()
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    data_dir, port = server.data_dir, server.port
    assert data_dir is not None and data_dir.is_dir()
    server.stop()
    assert not data_dir.exists()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def test_external_server_mode_creates_and_drops_databases(pg_server: PgServer) -> None:
    with PgServer(external_url=pg_server.url()) as external:
        assert external.is_external
        url = external.create_database("bsm_test_external")
        assert _scalar(url, "SELECT current_database()") == "bsm_test_external"
    assert (
        _scalar(pg_server.url(), "SELECT count(*) FROM pg_database WHERE datname = 'bsm_test_external'") == 0
    )


def test_pg_url_is_migrated(pg_url: str) -> None:
    assert _scalar(pg_url, "SELECT count(*) FROM alembic_version") == 1


def test_sqlite_url_is_an_empty_file_in_tmp_path(sqlite_url: str, tmp_path: Path) -> None:
    assert sqlite_url == f"sqlite:///{tmp_path / 'bsm.db'}"
    assert not (tmp_path / "bsm.db").exists()


def test_engine_is_migrated_on_both_databases(engine: Engine, request: pytest.FixtureRequest) -> None:
    from common.db.migrate import current_revision

    assert current_revision(engine) is not None
    expected = request.node.callspec.params["db_url"]
    assert engine.dialect.name == expected
    assert ("pg" in request.node.keywords) == (expected == "postgresql")


INNER_CONFTEST = "from tests.conftest import *  # noqa: F403\n"
INNER_TEST = textwrap.dedent(
    """
    import os
    from pathlib import Path

    def test_record(pg_server, pg_empty_url):
        out = Path(os.environ["BSM_TEST_RECORD_DIR"]) / os.environ.get("PYTEST_XDIST_WORKER", "main")
        out.write_text(f"{pg_server.port} {pg_server.data_dir} {pg_empty_url}")
    """
)


@pytest.mark.slow
def test_each_xdist_worker_gets_its_own_server(tmp_path: Path) -> None:
    """Run a tiny suite on two xdist workers (every test on each) and compare what they used."""
    suite, records = tmp_path / "suite", tmp_path / "records"
    suite.mkdir()
    records.mkdir()
    (suite / "conftest.py").write_text(INNER_CONFTEST)
    (suite / "test_inner.py").write_text(INNER_TEST)
    env = {**os.environ, "BSM_TEST_RECORD_DIR": str(records), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            "2",
            "--dist",
            "each",
            "-p",
            "no:cacheprovider",
            str(suite),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    seen = {path.name: path.read_text().split() for path in records.iterdir()}
    assert sorted(seen) == ["gw0", "gw1"]
    (port0, dir0, url0), (port1, dir1, url1) = seen["gw0"], seen["gw1"]
    assert url0 != url1
    if not os.environ.get("BSM_TEST_PG_URL"):
        assert port0 != port1
        assert dir0 != dir1
