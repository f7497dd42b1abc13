"""The real intake hub (``bsm hub``) on loopback with a fresh SQLite database and a kiosk key, for kiosk tests."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from common.config import REPO_ROOT
from tests.support.procs import ManagedProcess, free_port, start_process


@dataclass
class RealHub:
    """A running ``bsm hub`` and the kiosk key issued on it."""

    url: str
    api_key: str
    prefix: str
    db_path: Path
    process: ManagedProcess

    def rows(self) -> set[tuple[str, str, str | None]]:
        """(client_request_id, kind, tracking_code) of everything the hub stored from kiosks."""
        with sqlite3.connect(self.db_path) as db:
            reports = db.execute("SELECT client_request_id, 'complaint', tracking_code FROM report "
                                 "WHERE client_request_id IS NOT NULL").fetchall()
            ppid = db.execute("SELECT client_request_id, 'ppid', tracking_code FROM info_request "
                              "WHERE client_request_id IS NOT NULL").fetchall()
            skm = db.execute("SELECT client_request_id, 'skm', NULL FROM skm_response "
                             "WHERE client_request_id IS NOT NULL").fetchall()
        return {(str(a), str(b), c) for a, b, c in [*reports, *ppid, *skm]}

    def row_count(self) -> int:
        """Stored kiosk submissions (duplicates would count twice)."""
        with sqlite3.connect(self.db_path) as db:
            return sum(int(db.execute(f"SELECT COUNT(*) FROM {table} WHERE client_request_id IS NOT NULL")
                           .fetchone()[0]) for table in ("report", "info_request", "skm_response"))

    def stop(self) -> None:
        """Stop the hub process."""
        self.process.stop()


def _bsm(config: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "bsm.cli", "--config", str(config), *args], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"bsm {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout


def start_real_hub(folder: Path, kelurahan: str) -> RealHub:
    """Migrate, seed, issue a kiosk key and start ``bsm hub`` on a free port."""
    import os

    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / "bsm.db"
    env = {**os.environ, "BSM_DATABASE_URL": f"sqlite:///{db_path}"}
    config = folder / "bsm.toml"
    config.write_text(f'data_dir = "{folder / "data"}"\n[hub]\nsite_watch_interval_s = 0\n'
                      "rate_limit_per_minute = 100000\n", encoding="utf-8")
    _bsm(config, env, "db", "upgrade")
    _bsm(config, env, "seed")
    issued = _bsm(config, env, "kiosk-key", "add", "--kelurahan", kelurahan, "--name", "kill test")
    key = re.search(r'api_key = "([^"]+)"', issued)
    prefix = re.search(r'tracking_prefix = "([^"]+)"', issued)
    if key is None or prefix is None:
        raise RuntimeError(f"unexpected output of bsm kiosk-key add: {issued}")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_process([sys.executable, "-m", "bsm.cli", "--config", str(config), "hub", "--port", str(port),
                             "--no-site-watch"], log_path=folder / "hub.log", env=env, cwd=REPO_ROOT,
                            wait_http=f"{url}/open311/v2/discovery.json", timeout=60)
    return RealHub(url, key.group(1), prefix.group(1), db_path, process)
