"""Regression test for PySide6 6.12.0 over-releasing ``None``.

On Python 3.11, PySide6/shiboken6 6.12.0 drops one reference to ``None`` on every call of a void-returning
method.  ``None``'s reference count then falls by thousands a second in a timer-driven window, until the
interpreter aborts with ``Fatal Python error: none_dealloc``.  pyproject.toml therefore excludes 6.12.0; these
tests check that exclusion and that the installed PySide6 keeps ``None``'s count steady.

The calls run in small batches and stop at the first loss (putting the lost references back), so a broken
PySide6 fails this test instead of crashing the test run.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
BROKEN_VERSION = "6.12.0"
CALLS = 100_000
BATCH = 100  # at most ~BATCH * len(methods) references lost before we notice: far below None's count
NOISE = 50  # None's count moves a little with unrelated allocations; a real leak loses CALLS per method

_keep_alive: list[None] = []  # references handed back to None after a loss, so the interpreter survives


def _pyside_requirement() -> Requirement:
    """The PySide6 requirement of the project's dependencies."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    matches = [
        Requirement(dep) for dep in project["dependencies"] if Requirement(dep).name.lower() == "pyside6"
    ]
    assert len(matches) == 1, f"expected one PySide6 requirement in {PYPROJECT}, found {matches}"
    return matches[0]


def test_requirement_excludes_the_broken_release() -> None:
    spec = _pyside_requirement().specifier
    assert not spec.contains(BROKEN_VERSION, prereleases=True), f"PySide6{spec} admits {BROKEN_VERSION}"


def test_installed_pyside_is_allowed_by_the_requirement() -> None:
    spec = _pyside_requirement().specifier
    installed = version("PySide6")
    assert spec.contains(installed, prereleases=True), f"installed PySide6 {installed} is not in {spec}"
    assert Version(installed) != Version(BROKEN_VERSION)
    assert version("shiboken6") == installed, "PySide6 and shiboken6 must be the same release"


@pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal from Python 3.12: its count never moves"
)
def test_void_methods_keep_the_refcount_of_none(qapp: object) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLabel

    widget = QLabel()
    timer = QTimer()
    methods: dict[str, Callable[[], None]] = {
        "QWidget.setWindowTitle": lambda: widget.setWindowTitle("x"),
        "QLabel.setText": lambda: widget.setText("y"),
        "QWidget.update": widget.update,
        "QTimer.start": lambda: timer.start(1000),
        "QTimer.stop": timer.stop,
    }
    for name, method in methods.items():
        _hammer(name, method)
    widget.deleteLater()


def _hammer(name: str, method: Callable[[], None]) -> None:
    """Call ``method`` CALLS times; fail at the first batch that loses references to None."""
    for _ in range(BATCH):  # warm up: caches, interned strings, lazily created Qt objects
        method()
    before = sys.getrefcount(None)
    for _ in range(CALLS // BATCH):
        for _ in range(BATCH):
            method()
        lost = before - sys.getrefcount(None)
        if lost > NOISE:
            _keep_alive.extend([None] * lost)
            pytest.fail(
                f"{name} lost {lost} references to None in {BATCH} calls: this PySide6 "
                f"({version('PySide6')}) over-releases None (the 6.12.0 bug) and kills long-running windows"
            )
