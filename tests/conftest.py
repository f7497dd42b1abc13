"""Shared fixtures of the Bale Sandi Maya test suite.

Databases
    ``sqlite_url``   a fresh, empty SQLite file (not migrated) in ``tmp_path``.
    ``pg_server``    this process's throwaway PostgreSQL server (one per xdist worker; see tests/support/pgserver.py).
    ``pg_empty_url`` a fresh, empty PostgreSQL database (for tests of the migrations themselves).
    ``pg_url``       a fresh PostgreSQL database at the newest schema (a copy of a template migrated once).
    ``db_url``       a fresh database at the newest schema, once on SQLite and once on PostgreSQL.
    ``engine``       an engine on ``db_url`` (made by ``common.db.engine.make_engine``), disposed after the test.

Processes
    ``spawn``        start helper programs (``bsm hub``...) that are stopped after the test.

When PostgreSQL cannot be started the PostgreSQL tests are skipped with the reason, except in CI (``CI`` set),
where they fail. ``BSM_TEST_PG_URL`` points the tests at an external server instead.
Tests that use PostgreSQL get the ``pg`` marker and tests that use ``qtbot``/``qapp`` the ``qt`` marker
automatically, so ``-m "not pg"`` works.
"""

from __future__ import annotations

import os

# Before anything can import Qt: the tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A developer's BSM_DATABASE_URL (which "overrides the configured URL everywhere") must never reach the tests.
os.environ.pop("BSM_DATABASE_URL", None)

import contextlib
import itertools
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import psutil
import pytest

from tests.support.pgserver import PgServer, PgServerUnavailable
from tests.support.procs import ManagedProcess, start_process

if TYPE_CHECKING:
    from sqlalchemy import Engine

MARKERS = {
    "pg": "needs a PostgreSQL server (started by tests/support/pgserver.py)",
    "slow": "takes more than a few seconds",
    "e2e": "end-to-end test across programs (hub process, wall, kiosk)",
    "qt": "needs a QApplication (offscreen)",
}
_PG_FIXTURES = frozenset({"pg_server", "pg_url", "pg_empty_url", "pg_template"})
_QT_FIXTURES = frozenset({"qtbot", "qapp"})
_db_counter = itertools.count()


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers (also listed in pyproject.toml, so that either place is enough)."""
    declared = {line.split(":", 1)[0].strip() for line in config.getini("markers")}
    for name, text in MARKERS.items():
        if name not in declared:
            config.addinivalue_line("markers", f"{name}: {text}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by the resources they use: ``pg`` and ``qt``."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        uses_pg = bool(names & _PG_FIXTURES) or (
            callspec is not None and callspec.params.get("db_url") == "postgresql"
        )
        if uses_pg:
            item.add_marker(pytest.mark.pg)
        if names & _QT_FIXTURES:
            item.add_marker(pytest.mark.qt)


def _unavailable(reason: str) -> NoReturn:
    """Skip (developer machine) or fail (CI) because a needed service cannot run here."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: a missing service is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def _worker_id() -> str:
    """The xdist worker id (``gw0``...), or ``main`` without xdist."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _new_db_name(kind: str) -> str:
    """A database name unique across workers and processes (also on a shared external server)."""
    return f"bsm_{kind}_{_worker_id()}_{os.getpid()}_{next(_db_counter)}"


# -- databases ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """This process's PostgreSQL server (each xdist worker has its own), stopped at the end of the session."""
    server = PgServer()
    try:
        server.start()
    except PgServerUnavailable as exc:
        _unavailable(f"PostgreSQL unavailable: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> str:
    """Name of a database migrated to the newest schema once per session, copied by ``pg_url``."""
    from common.db.migrate import upgrade

    name = _new_db_name("template")
    url = pg_server.create_database(name)
    upgrade(url)  # disposes its engine: no connection may stay open on a template
    return name


@pytest.fixture
def pg_empty_url(pg_server: PgServer) -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database, dropped after the test."""
    name = _new_db_name("t")
    url = pg_server.create_database(name)
    yield url
    pg_server.drop_database(name)


@pytest.fixture
def pg_url(pg_server: PgServer, pg_template: str) -> Iterator[str]:
    """URL of a fresh PostgreSQL database at the newest schema, dropped after the test."""
    name = _new_db_name("t")
    url = pg_server.create_database(name, template=pg_template)
    yield url
    pg_server.drop_database(name)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a fresh, empty SQLite file ``bsm.db`` in the test's ``tmp_path`` (not migrated)."""
    return f"sqlite:///{tmp_path / 'bsm.db'}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated to the newest schema once per session, copied by ``db_url``."""
    from common.db.migrate import upgrade

    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


def _copy_sqlite(source: Path, target: Path) -> None:
    """Copy an SQLite database with the backup API (consistent even with a WAL file next to it)."""
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of a fresh database at the newest schema: once SQLite, once PostgreSQL (test ids ``[sqlite]``...)."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = tmp_path / "bsm.db"
        _copy_sqlite(template, target)
        return f"sqlite:///{target}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on ``db_url`` (already at the newest schema), disposed after the test."""
    from common.db.engine import make_engine

    eng = make_engine(db_url)
    try:
        yield eng
    finally:
        eng.dispose()


# -- processes ---------------------------------------------------------------------------------------------


class Spawner:
    """Starts helper programs for one test (logs in ``tmp_path``) and stops them all afterwards."""

    def __init__(self, log_dir: Path) -> None:
        """Keep logs in ``log_dir``."""
        self._log_dir = log_dir
        self.processes: list[ManagedProcess] = []

    def __call__(
        self,
        argv: Sequence[str],
        *,
        name: str | None = None,
        env: Mapping[str, str] | None = None,
        wait_port: tuple[str, int] | int | None = None,
        wait_http: str | None = None,
        timeout: float = 30.0,
        **kwargs: Any,
    ) -> ManagedProcess:
        """Start ``argv`` (see ``tests.support.procs.start_process``); log to ``<tmp_path>/<name>.log``."""
        label = name or Path(argv[0]).name
        log_path = self._log_dir / f"{label}-{len(self.processes)}.log"
        proc = start_process(
            argv,
            log_path=log_path,
            env=env,
            wait_port=wait_port,
            wait_http=wait_http,
            timeout=timeout,
            **kwargs,
        )
        self.processes.append(proc)
        return proc

    def stop_all(self) -> None:
        """Stop every program started here, newest first."""
        for proc in reversed(self.processes):
            proc.stop()


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Callable[..., ManagedProcess]]:
    """``spawn(argv, wait_http=..., env=...)`` starts a program that is stopped after the test."""
    spawner = Spawner(tmp_path)
    try:
        yield spawner
    finally:
        spawner.stop_all()


# -- nothing left behind -----------------------------------------------------------------------------------


def _leftover_threads(grace: float) -> list[threading.Thread]:
    """Non-daemon threads other than the main thread still alive after ``grace`` seconds."""
    deadline = time.monotonic() + grace
    while True:
        threads = [
            t
            for t in threading.enumerate()
            if t is not threading.main_thread() and not t.daemon and t.is_alive()
        ]
        if not threads or time.monotonic() > deadline:
            return threads
        time.sleep(0.05)


# multiprocessing's own helpers: one per interpreter, started on first use, ending with the interpreter.
_INFRASTRUCTURE = (
    "from multiprocessing.forkserver import main",
    "from multiprocessing.resource_tracker import main",
)


def _is_infrastructure(proc: psutil.Process) -> bool:
    """True for multiprocessing's forkserver and resource tracker (not left behind by a test)."""
    try:
        cmdline = " ".join(proc.cmdline())
    except psutil.Error:
        return False
    return any(marker in cmdline for marker in _INFRASTRUCTURE)


def _leftover_children(grace: float) -> list[psutil.Process]:
    """Child processes (recursively) still running after ``grace`` seconds, zombies reaped and ignored."""
    deadline = time.monotonic() + grace
    while True:
        alive: list[psutil.Process] = []
        for child in psutil.Process().children(recursive=True):
            try:
                if child.status() == psutil.STATUS_ZOMBIE:
                    child.wait(timeout=0)
                elif not _is_infrastructure(child):
                    alive.append(child)
            except (psutil.Error, psutil.TimeoutExpired):
                continue
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def _describe(proc: psutil.Process) -> str:
    """``pid: command line`` of a process, as far as it can be read."""
    try:
        return f"{proc.pid}: {' '.join(proc.cmdline()) or proc.name()}"
    except psutil.Error:
        return f"{proc.pid}: (gone)"


@pytest.fixture(scope="session", autouse=True)
def _nothing_left_behind() -> Iterator[None]:
    """Fail the session when tests leave child processes or non-daemon threads running.

    Runs after every other session fixture has been torn down (it is set up first). Leftover processes are
    killed after being reported, so that they cannot hold ports or hang CI; a leftover non-daemon thread would
    keep the interpreter from exiting, so it is reported as well.
    """
    yield
    problems: list[str] = []
    children = _leftover_children(grace=2.0)
    if children:
        problems.append("child processes: " + "; ".join(_describe(p) for p in children))
        for child in children:
            try:
                child.kill()
            except psutil.Error:
                continue
        psutil.wait_procs(children, timeout=5)
    threads = _leftover_threads(grace=2.0)
    if threads:
        problems.append("non-daemon threads: " + ", ".join(repr(t.name) for t in threads))
    if problems:
        pytest.fail(
            "the tests left behind "
            + " and ".join(problems)
            + " (stop them in the fixture/test that starts them)",
            pytrace=False,
        )
