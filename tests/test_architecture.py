"""Architecture checks that plain ``pytest`` runs too (docs/ARCHITECTURE.md).

- The import contracts of pyproject.toml (``lint-imports``): no Qt in ``common``/``hub``, ``wall`` and ``kiosk``
  independent, nothing but ``bsm`` imports ``bsm``.
- Importing is cheap and side-effect free: the packages import in well under 2 s; importing every module opens
  no database, socket, subprocess or file for writing, starts no thread and creates no QApplication; no module
  spends long in its own body; ``import bsm.cli`` loads no program (Qt, web server, OpenCV).

Each check runs in a fresh interpreter, so what the test session has imported does not matter.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("common", "hub", "wall", "kiosk", "bsm")
# Modules that are not plain modules: Alembic runs env.py inside a migration context.
NOT_IMPORTABLE = re.compile(r"^common\.migrations\.env$|\.__main__$")
MAX_PACKAGE_IMPORT_S = 2.0
MAX_MODULE_SELF_S = 1.5  # real work takes seconds; our slowest module body takes ~0.06 s
HEAVY_FOR_CLI = ("PySide6", "pyqtgraph", "fastapi", "uvicorn", "cv2")


def _run_python(
    code: str, *args: str, flags: tuple[str, ...] = (), timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` with ``args`` in a fresh interpreter of this venv at the repository root (no .pyc files)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("BSM_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-B", *flags, "-c", code, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_import_contracts_are_kept() -> None:
    """``lint-imports`` (import-linter, contracts in pyproject.toml) reports every contract kept."""
    exe = Path(sys.executable).with_name("lint-imports")
    command = [str(exe)] if exe.exists() else [shutil.which("lint-imports") or "lint-imports"]
    result = subprocess.run(
        [*command, "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"lint-imports failed:\n{result.stdout}\n{result.stderr}"


def test_packages_import_quickly() -> None:
    """``import common, hub, wall, kiosk, bsm`` in a fresh interpreter takes well under 2 s."""
    start = time.monotonic()
    result = _run_python(f"import {', '.join(PACKAGES)}")
    elapsed = time.monotonic() - start
    assert result.returncode == 0, result.stderr
    assert elapsed < MAX_PACKAGE_IMPORT_S, f"importing the packages took {elapsed:.2f} s"


AUDIT_SCRIPT = textwrap.dedent(
    r"""
    import importlib, json, os, pkgutil, re, sys, threading

    packages, skip = sys.argv[1].split(","), re.compile(sys.argv[2])
    events = []
    WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
    WATCHED = ("sqlite3.connect", "socket.connect", "socket.bind", "subprocess.Popen", "os.system",
               "os.exec", "os.posix_spawn", "os.fork", "os.forkpty")

    def owner():
        # The module whose body is running: work done by a third-party module's own import (urllib3 probing
        # IPv6 with a bind, say) is not ours; a call made from our module body is, however deep it goes.
        frame = sys._getframe(2)
        while frame is not None and frame.f_code.co_name != "<module>":
            frame = frame.f_back
        name = frame.f_globals.get("__name__", "") if frame is not None else ""
        return name if name.split(".")[0] in packages else None

    def hook(event, args):
        if event in WATCHED:
            what, details = event, repr(args)[:200]
        elif event == "open" and len(args) >= 3:
            path, mode, flags = args[0], args[1], args[2]
            writes = (mode is not None and any(c in str(mode) for c in "wax+")) or (
                mode is None and isinstance(flags, int) and flags & WRITE_FLAGS)
            if not writes or path in ("/dev/null", os.devnull):
                return
            what, details = "open for writing", repr(path)[:200]
        else:
            return
        module = owner()
        if module is not None:
            events.append([module, what, details])

    sys.addaudithook(hook)
    names = []
    for package in packages:
        module = importlib.import_module(package)
        names.append(package)
        for info in pkgutil.walk_packages(module.__path__, package + "."):
            if not skip.search(info.name):
                names.append(info.name)
    failed = []
    for name in names:
        try:
            __import__(name)  # the C import path, which -X importtime times
        except Exception as exc:
            failed.append([name, f"{type(exc).__name__}: {exc}"])
    threads = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    qapp = False
    if "PySide6.QtCore" in sys.modules:
        qapp = sys.modules["PySide6.QtCore"].QCoreApplication.instance() is not None
    print(json.dumps({"modules": names, "failed": failed, "events": events, "threads": threads, "qapp": qapp}))
    """
)


@pytest.fixture(scope="module")
def import_audit() -> tuple[dict[str, object], str]:
    """Import every module of the packages in a fresh interpreter under an audit hook and ``-X importtime``."""
    result = _run_python(AUDIT_SCRIPT, ",".join(PACKAGES), NOT_IMPORTABLE.pattern, flags=("-X", "importtime"))
    assert result.returncode == 0, f"the import audit crashed:\n{result.stdout}\n{result.stderr[-5000:]}"
    report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return report, result.stderr


def test_every_module_imports(import_audit: tuple[dict[str, object], str]) -> None:
    """Every module of the packages can be imported on its own (no import cycles, no missing modules)."""
    report, _ = import_audit
    assert report["failed"] == [], "modules that fail to import:\n" + "\n".join(
        f"  {name}: {error}"
        for name, error in report["failed"]  # type: ignore[attr-defined]
    )


def test_importing_has_no_side_effects(import_audit: tuple[dict[str, object], str]) -> None:
    """No database, socket, subprocess, written file, thread or QApplication comes from importing a module."""
    report, _ = import_audit
    events = report["events"]
    assert events == [], "work done at import time (module, event, details):\n" + "\n".join(
        f"  {module}: {event} {details}"
        for module, event, details in events  # type: ignore[attr-defined]
    )
    assert report["threads"] == [], f"threads started at import time: {report['threads']}"
    assert report["qapp"] is False, "a QApplication was created at import time"


def test_no_module_does_slow_work_at_import(import_audit: tuple[dict[str, object], str]) -> None:
    """No first-party module spends more than 1.5 s in its own body (``-X importtime`` self time)."""
    _, stderr = import_audit
    slow = []
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s+(\S+)$", line.rstrip())
        if (
            match
            and match.group(2).split(".")[0] in PACKAGES
            and int(match.group(1)) > MAX_MODULE_SELF_S * 1e6
        ):
            slow.append(f"{match.group(2)}: {int(match.group(1)) / 1e6:.2f} s")
    assert slow == [], "modules doing slow work at import time:\n  " + "\n  ".join(slow)


def test_bsm_cli_loads_no_program() -> None:
    """``import bsm.cli`` (what ``bsm --help`` needs) loads no Qt, web server or OpenCV."""
    code = f"import sys, bsm.cli; print(','.join(m for m in {HEAVY_FOR_CLI!r} if m in sys.modules))"
    result = _run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"import bsm.cli loaded {result.stdout.strip()}"
