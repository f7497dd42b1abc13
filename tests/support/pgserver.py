"""A throwaway PostgreSQL server for tests and benchmarks.

``PgServer`` runs Debian's PostgreSQL binaries (``/usr/lib/postgresql/*/bin``) on a fresh data directory in a
temporary folder, listening only on 127.0.0.1 on a free port (plus a unix socket in the same folder), tuned
for speed rather than durability (fsync, synchronous_commit and full_page_writes off), with trust
authentication.  PostgreSQL refuses to run as root: when the caller is root the server runs as the
``postgres`` system user (created if missing) through ``runuser``.

When ``BSM_TEST_PG_URL`` is set (e.g. ``postgresql+psycopg://user:secret@db.example:5432/postgres``) no server is
started: databases are created on that external server instead and dropped again on ``stop()``.

Usage::

    with PgServer() as server:
        url = server.create_database("bsm_bench")   # postgresql+psycopg://postgres@127.0.0.1:PORT/bsm_bench
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import weakref
from pathlib import Path
from types import TracebackType
from typing import Final

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

__all__ = ["EXTERNAL_URL_ENV", "PgServer", "PgServerUnavailable", "find_pg_bindir"]

EXTERNAL_URL_ENV: Final = "BSM_TEST_PG_URL"
"""Environment variable naming an external server to use instead of starting one."""

BINDIR_ENV: Final = "BSM_PG_BINDIR"
"""Environment variable naming the folder of ``initdb`` and ``pg_ctl`` (optional)."""

SERVICE_USER: Final = "postgres"
"""OS user that runs the server when the caller is root."""

_SUPERUSER: Final = "postgres"
_DB_NAME_RE: Final = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_SPEED_SETTINGS: Final = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "100",
    "shared_buffers": "64MB",
    "max_wal_size": "1GB",
    "checkpoint_timeout": "30min",
    "autovacuum": "off",
    "jit": "off",
    "log_min_messages": "warning",
    "log_min_error_statement": "panic",
    "timezone": "UTC",
}


class PgServerUnavailable(RuntimeError):
    """No PostgreSQL server could be had (binaries missing, start failed, external server unreachable)."""


def find_pg_bindir() -> Path:
    """Return the folder holding ``initdb`` and ``pg_ctl``, newest Debian version first.

    Honours ``BSM_PG_BINDIR``, then ``/usr/lib/postgresql/<version>/bin``, then ``pg_config --bindir`` and
    ``PATH``.  Raises ``PgServerUnavailable`` when none has both programs.
    """
    candidates: list[Path] = []
    if os.environ.get(BINDIR_ENV):
        candidates.append(Path(os.environ[BINDIR_ENV]))
    debian = glob.glob("/usr/lib/postgresql/*/bin")
    candidates.extend(Path(p) for p in sorted(debian, key=_version_key, reverse=True))
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            )
            candidates.append(Path(out.stdout.strip()))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    raise PgServerUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's 'postgresql' package "
        f"or set {BINDIR_ENV} (or {EXTERNAL_URL_ENV} to use an external server)"
    )


def _version_key(path: str) -> tuple[int, ...]:
    """Sort key of ``/usr/lib/postgresql/<version>/bin`` by numeric version."""
    version = Path(path).parent.name
    return tuple(int(part) for part in re.findall(r"\d+", version)) or (0,)


def _free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    """A PostgreSQL server for one test session (or benchmark run), started and removed by this object.

    ``start()`` / ``stop()`` (or use it as a context manager).  ``create_database(name)`` returns a SQLAlchemy
    URL ``postgresql+psycopg://postgres@127.0.0.1:PORT/NAME``.  With ``BSM_TEST_PG_URL`` set (or ``external_url``
    given) it starts nothing and creates its databases on that server.
    """

    def __init__(self, *, external_url: str | None = None, base_dir: Path | None = None) -> None:
        """Prepare (not start) a server; ``external_url`` defaults to ``$BSM_TEST_PG_URL``."""
        if external_url is None:
            external_url = os.environ.get(EXTERNAL_URL_ENV) or None
        self._external: URL | None = make_url(external_url) if external_url else None
        self._base_dir = base_dir
        self._tmpdir: Path | None = None
        self._port: int | None = None
        self._bindir: Path | None = None
        self._run_as: str | None = None
        self._created: list[str] = []
        self._finalizer: weakref.finalize[..., PgServer] | None = None

    # -- life cycle ---------------------------------------------------------------------------------------

    @property
    def is_external(self) -> bool:
        """True when this object uses an external server (``BSM_TEST_PG_URL``) rather than its own."""
        return self._external is not None

    @property
    def running(self) -> bool:
        """True between a successful ``start()`` and ``stop()``."""
        return self._finalizer is not None and self._finalizer.alive

    @property
    def port(self) -> int:
        """TCP port the server listens on."""
        if self._external is not None:
            return int(self._external.port or 5432)
        if self._port is None:
            raise RuntimeError("PgServer is not started")
        return self._port

    @property
    def data_dir(self) -> Path | None:
        """Folder of the server's files (data/, socket, log), or None for an external server."""
        return self._tmpdir

    def start(self) -> PgServer:
        """Start the server (or check that the external one answers). Raises ``PgServerUnavailable``."""
        if self.running:
            return self
        if self._external is not None:
            self._check_external()
            self._finalizer = weakref.finalize(self, _drop_all, self._admin_conninfo(), self._created)
            return self
        self._bindir = find_pg_bindir()
        self._run_as = _service_user_if_root()
        base = self._base_dir
        if base is None and self._run_as and not _others_can_enter(Path(tempfile.gettempdir())):
            base = Path("/tmp")  # the service user must reach the folder (e.g. TMPDIR under /root)
        self._tmpdir = Path(tempfile.mkdtemp(prefix="bsm-pg-", dir=base))
        self._finalizer = weakref.finalize(self, _stop_local, self._bindir, self._tmpdir, self._run_as)
        try:
            self._initdb()
            self._start_with_retries()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server and delete its files (external server: drop the databases created here)."""
        if self._finalizer is not None:
            self._finalizer()
        self._finalizer = None

    def __enter__(self) -> PgServer:
        """Start the server."""
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop the server."""
        self.stop()

    # -- databases ------------------------------------------------------------------------------------------

    def url(self, dbname: str = "postgres") -> str:
        """SQLAlchemy URL (psycopg 3 driver) of database ``dbname`` on this server."""
        if self._external is not None:
            return self._external.set(drivername="postgresql+psycopg", database=dbname).render_as_string(
                hide_password=False
            )
        return f"postgresql+psycopg://{_SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """Create database ``name`` (optionally as a copy of ``template``) and return its SQLAlchemy URL."""
        _check_name(name)
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            _check_name(template)
            query = sql.SQL("{} TEMPLATE {}").format(query, sql.Identifier(template))
        self.execute(query)
        self._created.append(name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name`` if it exists, closing its connections first."""
        _check_name(name)
        self.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if name in self._created:
            self._created.remove(name)

    def execute(self, query: sql.SQL | sql.Composed) -> None:
        """Run one statement (e.g. ``sql.SQL("...")``) in autocommit mode on the ``postgres`` database."""
        if not self.running:
            raise RuntimeError("PgServer is not started")
        with psycopg.connect(self._admin_conninfo(), autocommit=True, connect_timeout=10) as conn:
            conn.execute(query)

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of the server log (empty for an external server)."""
        if self._tmpdir is None:
            return ""
        log = self._tmpdir / "server.log"
        try:
            return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    # -- internals ------------------------------------------------------------------------------------------

    def _admin_conninfo(self) -> str:
        """libpq connection string of the maintenance database."""
        if self._external is not None:
            return self._external.set(drivername="postgresql").render_as_string(hide_password=False)
        return f"host=127.0.0.1 port={self.port} user={_SUPERUSER} dbname=postgres"

    def _check_external(self) -> None:
        """Fail with ``PgServerUnavailable`` when the external server does not answer."""
        try:
            with psycopg.connect(self._admin_conninfo(), autocommit=True, connect_timeout=10) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error as exc:
            raise PgServerUnavailable(f"{EXTERNAL_URL_ENV} server does not answer: {exc}") from exc

    def _run(self, argv: list[str], *, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """Run a PostgreSQL program (as the service user when we are root)."""
        assert self._tmpdir is not None
        prefix = ["runuser", "-u", self._run_as, "--"] if self._run_as else []
        env = {**os.environ, "LC_ALL": "C", "LANG": "C", "TZ": "UTC"}
        try:
            return subprocess.run(
                prefix + argv,
                cwd=self._tmpdir,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PgServerUnavailable(f"{argv[0]} failed: {exc}") from exc

    def _initdb(self) -> None:
        """Create the cluster in ``<tmpdir>/data``."""
        assert self._tmpdir is not None and self._bindir is not None
        if self._run_as:
            shutil.chown(self._tmpdir, user=self._run_as)
        result = self._run(
            [
                str(self._bindir / "initdb"),
                "--pgdata", str(self._tmpdir / "data"),
                "--username", _SUPERUSER,
                "--auth", "trust",
                "--encoding", "UTF8",
                "--no-locale",
                "--no-sync",
                "--no-instructions",
            ]
        )  # fmt: skip
        if result.returncode != 0:
            raise PgServerUnavailable(f"initdb failed ({result.returncode}):\n{result.stdout}{result.stderr}")

    def _write_config(self, port: int) -> None:
        """Write listen address, port, socket folder and speed settings to ``data/bsm.conf`` (included once)."""
        assert self._tmpdir is not None
        settings = {
            **_SPEED_SETTINGS,
            "listen_addresses": "'127.0.0.1'",
            "port": str(port),
            "unix_socket_directories": f"'{self._tmpdir}'",
        }
        data = self._tmpdir / "data"
        staged = data / "bsm.conf"
        staged.write_text("".join(f"{key} = {value}\n" for key, value in settings.items()))
        if self._run_as:
            shutil.chown(staged, user=self._run_as)
        conf = data / "postgresql.conf"
        include = "include 'bsm.conf'\n"
        if include not in conf.read_text():
            with conf.open("a") as fh:
                fh.write(include)

    def _start_with_retries(self, attempts: int = 4) -> None:
        """Start the server on a free port; pick another port when the chosen one was taken meanwhile."""
        assert self._tmpdir is not None and self._bindir is not None
        error = ""
        for _ in range(attempts):
            port = _free_port()
            self._write_config(port)
            result = self._run(
                [
                    str(self._bindir / "pg_ctl"), "start",
                    "--pgdata", str(self._tmpdir / "data"),
                    "--log", str(self._tmpdir / "server.log"),
                    "--wait", "--timeout", "60",
                ],
                timeout=90,
            )  # fmt: skip
            if result.returncode == 0:
                self._port = port
                self._wait_ready()
                return
            error = f"pg_ctl start failed ({result.returncode}): {result.stdout}{result.stderr}\n{self.log_tail()}"
            if "could not bind" not in error and "Address already in use" not in error:
                break
            time.sleep(0.2)
        raise PgServerUnavailable(error)

    def _wait_ready(self, timeout: float = 30) -> None:
        """Wait until the server accepts connections over TCP."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(self._admin_conninfo(), autocommit=True, connect_timeout=5) as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.OperationalError as exc:
                if time.monotonic() > deadline:
                    raise PgServerUnavailable(f"server does not accept connections: {exc}") from exc
                time.sleep(0.1)


def _check_name(name: str) -> None:
    """Reject database names that are not plain lower-case identifiers."""
    if not _DB_NAME_RE.match(name):
        raise ValueError(f"invalid database name {name!r}: use [a-z_][a-z0-9_]*, at most 63 characters")


def _others_can_enter(path: Path) -> bool:
    """True when every folder from / down to ``path`` can be entered by any user (o+x)."""
    path = path.resolve()
    return all(os.stat(folder).st_mode & 0o001 for folder in [path, *path.parents])


def _service_user_if_root() -> str | None:
    """Return the OS user to run the server as when we are root (creating it if needed), else None."""
    if os.geteuid() != 0:
        return None
    if shutil.which("runuser") is None:
        raise PgServerUnavailable(
            "running as root but 'runuser' is missing: cannot start PostgreSQL as non-root"
        )
    try:
        import pwd

        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        result = subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise PgServerUnavailable(
                f"cannot create system user {SERVICE_USER!r}: {result.stderr}"
            ) from None
    return SERVICE_USER


def _stop_local(bindir: Path, tmpdir: Path, run_as: str | None) -> None:
    """Stop a local server (immediate mode: nothing to keep) and delete its folder."""
    data = tmpdir / "data"
    if (data / "postmaster.pid").exists():
        prefix = ["runuser", "-u", run_as, "--"] if run_as else []
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(
                [
                    *prefix,
                    str(bindir / "pg_ctl"),
                    "stop",
                    "--pgdata",
                    str(data),
                    "--mode",
                    "immediate",
                    "--wait",
                ],
                cwd=tmpdir,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=60,
                check=False,
            )
    shutil.rmtree(tmpdir, ignore_errors=True)


def _drop_all(conninfo: str, names: list[str]) -> None:
    """Drop the databases created on an external server."""
    if not names:
        return
    with (
        contextlib.suppress(psycopg.Error),
        psycopg.connect(conninfo, autocommit=True, connect_timeout=10) as conn,
    ):
        for name in list(names):
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            names.remove(name)
