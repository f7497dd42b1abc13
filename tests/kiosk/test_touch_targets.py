"""On every screen and every flow page, in both orientations (and with large text): every control is at least
64 x 64 px, 8 px apart from its neighbours, has an accessible name, and the page fits without squeezing."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication

from kiosk.camera import StaticFrameSource
from kiosk.theme import MIN_GAP_PX, MIN_TOUCH_PX
from kiosk.tools import screenshots
from kiosk.tools.driver import KioskDriver, is_control
from tests.kiosk.conftest import street_frame


def gap(a: QRect, b: QRect) -> float:
    """Distance between two rectangles (0 when they touch or overlap)."""
    dx = max(0, b.left() - a.right() - 1, a.left() - b.right() - 1)
    dy = max(0, b.top() - a.bottom() - 1, a.top() - b.bottom() - 1)
    return float((dx * dx + dy * dy) ** 0.5)


def audit(driver: KioskDriver, where: str) -> list[str]:
    """Problems on the screen shown now."""
    window = driver.window
    problems = [f"{where}: {p}" for p in screenshots.overflow(driver)]
    controls = [w for w in driver.visible() if is_control(w)]
    rects = []
    for control in controls:
        name = control.accessibleName()
        if not name.strip():
            problems.append(f"{where}: {type(control).__name__} without an accessible name")
        rect = QRect(control.mapTo(window, QPoint(0, 0)), control.size())
        if rect.width() < MIN_TOUCH_PX or rect.height() < MIN_TOUCH_PX:
            problems.append(f"{where}: {name!r} is {rect.width()}x{rect.height()} px")
        rects.append((name, rect))
    for (name_a, a), (name_b, b) in itertools.combinations(rects, 2):
        if gap(a, b) < MIN_GAP_PX:
            problems.append(f"{where}: {name_a!r} and {name_b!r} are {gap(a, b):.0f} px apart")
    others = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    if others:
        problems.append(f"{where}: stray top-level windows {others}")
    return problems


@pytest.mark.parametrize("large_text", [False, True])
def test_every_screen_and_page(make_kiosk: Callable[..., Any], orientation: str, large_text: bool) -> None:
    k = make_kiosk(orientation=orientation, camera=lambda: StaticFrameSource([street_frame()]))
    d = k.driver
    if large_text:
        k.window.show_menu()
        d.tap(d.t("topbar.large_text"))
    problems: list[str] = []

    def check(name: str) -> None:
        d.pump()
        problems.extend(audit(d, name))

    for walk in (screenshots.walk_complaint, screenshots.walk_ppid, screenshots.walk_skm):
        walk(d, check)
        if large_text and not k.window.ctx.theme.large_text:
            d.tap(d.t("topbar.large_text"))
    k.window.show_attract()
    check("attract")
    k.window.show_technician([])
    check("technician")
    assert problems == []


def test_the_audit_itself_catches_small_and_crowded_controls(make_kiosk: Callable[..., Any]) -> None:
    k = make_kiosk()
    k.window.show_menu()
    k.window.screens.menu.buttons["ppid"].setFixedSize(40, 40)
    k.driver.pump()
    problems = audit(k.driver, "menu")
    assert any("40x40" in p for p in problems)
