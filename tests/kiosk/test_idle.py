"""The idle rule: warning after 60 s (120 s while typing), 20 s countdown, then everything is wiped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.camera import StaticFrameSource
from kiosk.idle import IdleController, IdlePhase
from tests.kiosk.conftest import FakeClock, street_frame


def test_controller_phases() -> None:
    clock = FakeClock()
    idle = IdleController(clock, idle_seconds=60, text_idle_seconds=120, warning_seconds=20)
    assert idle.state().phase is IdlePhase.ACTIVE
    clock.advance(500)
    assert idle.state().phase is IdlePhase.ACTIVE, "not armed on the attract loop"
    idle.arm()
    clock.advance(59.9)
    assert idle.state().phase is IdlePhase.ACTIVE
    clock.advance(0.2)
    assert idle.state() .phase is IdlePhase.WARNING and idle.state().seconds_left == 20
    clock.advance(15)
    assert idle.state().seconds_left == 5
    idle.touch()
    assert idle.state().phase is IdlePhase.ACTIVE
    idle.set_text_entry(True)
    clock.advance(119)
    assert idle.state().phase is IdlePhase.ACTIVE
    clock.advance(2)
    assert idle.state().phase is IdlePhase.WARNING
    clock.advance(20)
    assert idle.state().phase is IdlePhase.EXPIRED
    idle.disarm()
    assert idle.state().phase is IdlePhase.ACTIVE


def test_idle_wipe_forgets_everything_including_the_photo(make_kiosk: Callable[..., Any]) -> None:
    k = make_kiosk(camera=lambda: StaticFrameSource([street_frame()]))
    d, w, clock = k.driver, k.window, k.clock
    w.show_menu()
    d.tap(d.t("menu.complaint"))
    d.tap(d.t("kind.laporan"))
    d.tap("Sampah menumpuk / tidak diangkut")
    d.find(d.t("location.landmark")).setText("Pasar Rau")
    d.next()
    d.fill(d.t("description.field"), "Sampah tidak diangkut sejak Senin, bau sekali.")
    d.next()
    d.pump(300)
    d.tap(d.t("photo.take"))
    flow = w.screens.complaint
    assert flow.draft.photo is not None
    # Typing page allowance is 120 s; the photo page is not a typing page: 60 s.
    clock.advance(61)
    w.check_idle()
    assert w.idle_overlay.isVisible()
    assert d.has(d.t("idle.continue"))
    assert "19 detik" in w.idle_overlay.body.text()
    clock.advance(9)
    w.check_idle()
    assert "10 detik" in w.idle_overlay.body.text()
    clock.advance(11)
    w.check_idle()
    assert d.current() is w.screens.attract
    assert flow.draft.photo is None and flow.draft.description == "" and flow.draft.kind is None
    assert flow.description_step.value("description") == ""
    assert flow.location_step.landmark.text() == ""
    assert flow.photo_step.preview.pixmap().isNull()
    assert not w.idle_overlay.isVisible()


def test_lanjutkan_keeps_the_draft(make_kiosk: Callable[..., Any]) -> None:
    k = make_kiosk()
    d, w, clock = k.driver, k.window, k.clock
    w.show_menu()
    d.tap(d.t("menu.complaint"))
    d.tap(d.t("kind.saran"))
    clock.advance(65)
    w.check_idle()
    d.tap(d.t("idle.continue"))
    assert not w.idle_overlay.isVisible()
    clock.advance(30)
    w.check_idle()
    assert d.current() is w.screens.complaint and w.screens.complaint.draft.kind == "saran"


def test_typing_gets_120_seconds_and_a_full_wipe_restores_language_and_theme(
        make_kiosk: Callable[..., Any]) -> None:
    k = make_kiosk()
    d, w, clock = k.driver, k.window, k.clock
    w.show_menu()
    d.tap(w.topbar.language_button.accessibleName())
    d.tap(d.t("topbar.large_text"))
    d.tap(d.t("menu.status"))
    d.fill(d.t("status.field"), "KS7")
    clock.advance(100)
    w.check_idle()
    assert not w.idle_overlay.isVisible()
    clock.advance(25)
    w.check_idle()
    assert w.idle_overlay.isVisible()
    clock.advance(20)
    w.check_idle()
    assert d.current() is w.screens.attract
    assert w.ctx.i18n.language == "id" and not w.ctx.theme.large_text
    assert w.screens.status.code.text() == ""
