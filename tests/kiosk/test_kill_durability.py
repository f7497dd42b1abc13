"""Kill a real kiosk process (the real screens, offscreen) with SIGKILL at random instants, many times, against a
hub on loopback that also loses replies; then reconcile the kiosk's outbox with the hub's database.

Proves: nothing that was receipted is lost, nothing is stored twice, no tracking code is issued twice or skipped,
and the outbox drains. The process prints ``RECEIPTED ...`` only after the outbox commit returned.

The hub is the real ``bsm hub`` (fresh SQLite database, a kiosk key from ``bsm kiosk-key add``) when the checkout
has one, else the fake hub of ``tests/kiosk/support`` (which also drops replies after storing); ``BSM_KILL_HUB``
forces ``real`` or ``fake``.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from common.config import REPO_ROOT
from common.rules.tracking import parse_code
from tests.kiosk.conftest import KELURAHAN, KEY, PREFIX
from tests.kiosk.support.fake_hub import FakeHub

ITERATIONS = int(os.environ.get("BSM_KILL_ITERATIONS", "40"))
BUDGET_S = float(os.environ.get("BSM_KILL_BUDGET_S", "55"))


class KioskProcess:
    """The scripted kiosk as a child process whose stdout lines are collected as they come."""

    def __init__(self, args: list[str], log: Path) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
        self._log = log.open("ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "kiosk.tools.scripted", *args], cwd=REPO_ROOT, env=env,
                                     stdout=subprocess.PIPE, stderr=self._log, start_new_session=True)
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            line = raw.decode().strip()
            self.lines.append(line)
            if line == "READY":
                self.ready.set()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        self._reader.join(5)
        self._log.close()

    def wait(self, timeout: float) -> int:
        code = self.proc.wait(timeout)
        self._reader.join(5)
        self._log.close()
        return code


def receipted(lines: list[str]) -> list[tuple[str, str, str]]:
    """(kind, client_request_id, code) of every RECEIPTED line."""
    return [tuple(line.split()[1:4]) for line in lines if line.startswith("RECEIPTED ")]  # type: ignore[misc]


class HubUnderTest:
    """The hub the kill test talks to: the real ``bsm hub`` (default when present) or the fake one."""

    def __init__(self, kind: str, folder: Path) -> None:
        self.kind = kind
        if kind == "real":
            from tests.kiosk.support.real_hub import start_real_hub

            self.real = start_real_hub(folder / "hub", KELURAHAN)
            self.url, self.key, self.prefix = self.real.url, self.real.api_key, self.real.prefix
        else:
            self.fake = FakeHub(folder / "hub.db", api_key=KEY, prefix=PREFIX, kelurahan=KELURAHAN).start()
            self.fake.behaviour.random_delay_max_s = 0.04  # requests stay in flight a while: kills land mid-send
            self.fake.behaviour.drop_after_commit_rate = 0.15  # and some replies are lost after the hub stored
            self.url, self.key, self.prefix = self.fake.url, KEY, PREFIX

    def rows(self) -> tuple[set[tuple[str, str, str | None]], int]:
        """(client_request_id, kind, code) rows and the raw row count (duplicates would count twice)."""
        if self.kind == "real":
            return self.real.rows(), self.real.row_count()
        rows = [(r["client_request_id"], r["kind"], r["tracking_code"]) for r in self.fake.rows()]
        return set(rows), len(rows)

    def stop(self) -> None:
        if self.kind == "real":
            self.real.stop()
        else:
            self.fake.behaviour.random_delay_max_s = 0
            self.fake.stop()


def hub_kind() -> str:
    """``BSM_KILL_HUB=fake|real``; by default the real hub when this checkout has one."""
    wanted = os.environ.get("BSM_KILL_HUB", "")
    if wanted:
        return wanted
    return "real" if (REPO_ROOT / "hub" / "app.py").is_file() else "fake"


@pytest.mark.slow
@pytest.mark.timeout(360)
def test_sigkill_at_random_instants_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    hub = HubUnderTest(hub_kind(), tmp_path)
    outbox = tmp_path / "outbox.db"
    args = ["--hub-url", hub.url, "--api-key", hub.key, "--kelurahan", KELURAHAN, "--prefix", hub.prefix,
            "--outbox", str(outbox), "--data-dir", str(tmp_path / "data")]
    rng = random.Random(20261125)
    all_receipted: list[tuple[str, str, str]] = []
    kills = 0
    started = time.monotonic()
    try:
        for iteration in range(ITERATIONS):
            if kills >= 12 and time.monotonic() - started > BUDGET_S:
                break
            process = KioskProcess([*args, "--submissions", "1000", "--seed", str(iteration),
                                    "--type-delay-ms", "2"], tmp_path / "kiosk.log")
            if rng.random() < 0.15:
                time.sleep(rng.uniform(0.2, 2.0))  # sometimes during start-up (and the resumed sending)
            else:
                assert process.ready.wait(60), "the scripted kiosk did not start"
                time.sleep(rng.uniform(0.0, 1.6))  # typing, committing, sending, acknowledging...
            process.kill()
            kills += 1
            all_receipted += receipted(process.lines)
        final = KioskProcess([*args, "--submissions", "0", "--drain", "--drain-timeout", "90"], tmp_path / "k.log")
        assert final.wait(150) == 0, f"final drain failed: {final.lines}"
        assert "DRAINED" in final.lines
        rows, count = hub.rows()
    finally:
        hub.stop()
    reconcile(outbox, rows, count, all_receipted)
    assert kills >= 12 and len(all_receipted) >= 8, (kills, len(all_receipted))
    print(f"\nkill test ({hub.kind} hub): {kills} SIGKILLs, {len(all_receipted)} receipts, {len(rows)} items at the "
          f"hub, {time.monotonic() - started:.0f} s")


def reconcile(outbox: Path, rows: set[tuple[str, str, str | None]], count: int,
              receipts: list[tuple[str, str, str]]) -> None:
    """Both databases agree, every receipt arrived exactly once, codes are unique and gap-free."""
    kiosk = sqlite3.connect(outbox)
    items = kiosk.execute("SELECT client_request_id, kind, tracking_code, state FROM items").fetchall()
    kiosk.close()
    assert {state for *_, state in items} == {"sent"}, "outbox drained, nothing refused"
    assert count == len(rows) == len({r[0] for r in rows}), "no submission stored twice"
    codes = [r[2] for r in rows if r[2]]
    assert len(codes) == len(set(codes)), "no tracking code used twice"
    assert {(i[0], i[1], i[2]) for i in items} == rows, "the hub holds exactly what the kiosk committed"
    by_id = {r[0]: r for r in rows}
    for kind, request_id, code in receipts:
        assert request_id in by_id, f"receipted {request_id} is missing at the hub"
        assert by_id[request_id][1] == kind and (by_id[request_id][2] or "-") == code
    counters = sorted(parse_code(code).counter for code in codes)
    assert counters == list(range(counters[0], counters[0] + len(counters))) if counters else True, \
        "the counter neither repeats nor skips"
