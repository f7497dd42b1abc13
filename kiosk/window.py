"""The kiosk window: screens, top bar, on-screen keyboard, idle rule, overlays and navigation between them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from kiosk.background import BackgroundRunner
from kiosk.i18n import Language
from kiosk.idle import IdleController, IdlePhase
from kiosk.printer import ReceiptPrinter
from kiosk.receipt import Receipt
from kiosk.screens.attract import AttractScreen
from kiosk.screens.base import FlowScreenWidget
from kiosk.screens.complaint import ComplaintFlowScreen
from kiosk.screens.menu import MenuScreen
from kiosk.screens.ppid import PpidFlowScreen
from kiosk.screens.receipt import ReceiptScreen
from kiosk.screens.skm import SkmFlowScreen
from kiosk.screens.status import StatusScreen
from kiosk.screens.technician import TechnicianScreen
from kiosk.speech import Speaker
from kiosk.theme import Theme
from kiosk.ui import UiContext
from kiosk.widgets.keyboard import OnScreenKeyboardWidget
from kiosk.widgets.overlay import ConfirmOverlay, IdleWarningOverlay
from kiosk.widgets.topbar import TopBarWidget

log = logging.getLogger(__name__)
_ACTIVITY_EVENTS = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress,
                              QEvent.Type.TouchUpdate, QEvent.Type.Wheel})


@dataclass
class KioskScreens:
    """Every screen, built by the composition root."""

    attract: AttractScreen
    menu: MenuScreen
    complaint: ComplaintFlowScreen
    ppid: PpidFlowScreen
    skm: SkmFlowScreen
    status: StatusScreen
    receipt: ReceiptScreen
    technician: TechnicianScreen

    def flows(self) -> list[FlowScreenWidget]:
        """The three multi-step flows."""
        return [self.complaint, self.ppid, self.skm]


@dataclass
class WindowServices:
    """What the window uses besides its screens."""

    idle: IdleController
    runner: BackgroundRunner
    printer: ReceiptPrinter | None = None
    speaker: Speaker | None = None
    is_offline: Callable[[], bool] = field(default=lambda: False)
    default_language: Language = "id"
    orientation: Literal["auto", "portrait", "landscape"] = "auto"


class KioskWindowWidget(QWidget):
    """The root widget: top bar, the current screen, the keyboard when typing, and the overlays."""

    def __init__(self, ctx: UiContext, screens: KioskScreens, services: WindowServices, place: str) -> None:
        """Assemble; call :meth:`show_attract` (or :meth:`show_technician`) before showing."""
        super().__init__()
        self.ctx, self.screens, self.services = ctx, screens, services
        self.setObjectName("KioskRoot")
        self.setAccessibleName(ctx.t("app.title"))
        self.topbar = TopBarWidget(ctx, place, speech_available=bool(services.speaker and services.speaker.available))
        self.keyboard = OnScreenKeyboardWidget(ctx)
        self.keyboard.hide()
        self.stack = QStackedWidget()
        self.stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        for screen in (screens.attract, screens.menu, *screens.flows(), screens.status, screens.receipt,
                       screens.technician):
            self.stack.addWidget(screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.topbar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.keyboard)
        self.idle_overlay = IdleWarningOverlay(ctx, self)
        self.confirm_overlay = ConfirmOverlay(ctx, self)
        self._speech_on = False
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(1000)
        self._idle_timer.timeout.connect(self.check_idle)
        self._connect()
        self.apply_theme()

    def _connect(self) -> None:
        s, top = self.screens, self.topbar
        top.home_requested.connect(self._on_topbar_home_requested)
        top.language_toggled.connect(self._on_topbar_language_toggled)
        top.large_text_toggled.connect(lambda on: self._set_theme(large_text=on))
        top.contrast_toggled.connect(lambda on: self._set_theme(high_contrast=on))
        top.speech_toggled.connect(self._on_topbar_speech_toggled)
        self.keyboard.hide_requested.connect(self._on_keyboard_hide_requested)
        s.attract.start_requested.connect(self.show_menu)
        s.menu.option_chosen.connect(self.start)
        for flow in s.flows():
            flow.cancel_requested.connect(self.show_menu)
            flow.step_changed.connect(self._on_flow_step_changed)
            flow.receipt_ready.connect(self.show_receipt)  # type: ignore[attr-defined]
        s.status.back_requested.connect(self.show_menu)
        s.receipt.done_requested.connect(self.show_attract)
        s.receipt.reprint_requested.connect(self._print_current)
        s.technician.quit_requested.connect(QApplication.quit)
        self.idle_overlay.continue_requested.connect(self._on_idle_overlay_continue_requested)
        self.confirm_overlay.confirmed.connect(self._on_confirm_overlay_confirmed)
        self.confirm_overlay.cancelled.connect(self.confirm_overlay.hide)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.installEventFilter(self)
            app.focusChanged.connect(self._on_app_focus_changed)

    # --- theme, language, speech ------------------------------------------------------------------------------

    def apply_theme(self) -> None:
        """Apply the style sheet of the theme in force."""
        self.setStyleSheet(self.ctx.theme.stylesheet())

    def _set_theme(self, *, large_text: bool | None = None, high_contrast: bool | None = None) -> None:
        theme = self.ctx.theme
        self.ctx.set_theme(Theme.make(
            large_text=theme.large_text if large_text is None else large_text,
            high_contrast=theme.high_contrast if high_contrast is None else high_contrast))
        self.apply_theme()

    def _on_topbar_language_toggled(self) -> None:
        self.ctx.set_language("en" if self.ctx.i18n.language == "id" else "id")
        self.setAccessibleName(self.ctx.t("app.title"))
        self._speak()

    def _on_topbar_speech_toggled(self, on: bool) -> None:
        self._speech_on = on
        self._speak()

    def _speak(self) -> None:
        speaker = self.services.speaker
        if not self._speech_on or speaker is None or not speaker.available:
            return
        current = self.stack.currentWidget()
        prompts: dict[QWidget, str] = {self.screens.menu: self.ctx.t("menu.title"),
                                       self.screens.status: self.ctx.t("status.q"),
                                       self.screens.attract: self.ctx.t("attract.touch")}
        if isinstance(current, FlowScreenWidget):
            text = current.prompt()
        else:
            text = prompts.get(current, "") if current is not None else ""
        if current is self.screens.receipt and self.screens.receipt.receipt is not None:
            text = f"{self.screens.receipt.title.text()}. {self.screens.receipt.code.text()}"
        speaker.say(text, self.ctx.i18n.language)

    # --- navigation -------------------------------------------------------------------------------------------

    def _show(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)
        self.topbar.set_home_visible(screen not in (self.screens.attract, self.screens.menu,
                                                    self.screens.technician))
        self._sync_keyboard()
        self._speak()

    def show_attract(self) -> None:
        """Wipe everything (the next citizen starts clean) and show the attract loop."""
        self.wipe(full=True)
        self.services.idle.disarm()
        self._idle_timer.stop()
        self._show(self.screens.attract)

    def show_menu(self) -> None:
        """The main menu (a citizen is here: the idle rule is armed)."""
        self.wipe(full=False)
        self.services.idle.arm()
        self._idle_timer.start()
        self._show(self.screens.menu)

    def start(self, name: str) -> None:
        """Open a flow or the status screen by name (``complaint``, ``ppid``, ``skm``, ``status``)."""
        screen = {"complaint": self.screens.complaint, "ppid": self.screens.ppid, "skm": self.screens.skm,
                  "status": self.screens.status}[name]
        if isinstance(screen, FlowScreenWidget):
            screen.start()
            self._show(screen)
        else:
            self.screens.status.reset()
            self._show(screen)
            self.screens.status.focus_code()
            self._sync_keyboard()

    def show_technician(self, problems: list[object]) -> None:
        """The configuration is incomplete."""
        self.screens.technician.show_problems(problems)  # type: ignore[arg-type]
        self.services.idle.disarm()
        self._show(self.screens.technician)

    def show_receipt(self, receipt: Receipt) -> None:
        """After the outbox commit: the receipt; printing starts in the background."""
        printer = self.services.printer
        offline = self.services.is_offline()
        self.screens.receipt.show_receipt(receipt, offline=offline, printer=printer is not None)
        self._show(self.screens.receipt)
        if printer is not None and receipt.tracking_code:
            self._print(receipt)

    def _print(self, receipt: Receipt) -> None:
        printer = self.services.printer
        if printer is None:
            return
        self.screens.receipt.set_print_state("printing")
        language = self.ctx.i18n.language
        from kiosk.i18n import I18n

        def job() -> bool:
            printer.print_receipt(receipt, I18n(language))
            return True

        def done(result: object) -> None:
            if self.screens.receipt.receipt is receipt:
                self.screens.receipt.set_print_state("printed" if result is True else "failed")

        self.services.runner.run(job, done)

    def _print_current(self) -> None:
        if self.screens.receipt.receipt is not None:
            self._print(self.screens.receipt.receipt)

    def wipe(self, *, full: bool) -> None:
        """Forget everything entered, the photo included; ``full`` also restores language and theme."""
        for flow in self.screens.flows():
            flow.reset()
        self.screens.status.reset()
        self.screens.receipt.clear()
        self.idle_overlay.hide()
        self.confirm_overlay.hide()
        focus = QApplication.focusWidget()
        if focus is not None:
            focus.clearFocus()
        self.keyboard.hide()
        if full:
            self.ctx.set_language(self.services.default_language)
            self.topbar.large_text_button.setChecked(False)
            self.topbar.contrast_button.setChecked(False)
            self.topbar.speech_button.setChecked(False)

    def _on_topbar_home_requested(self) -> None:
        current = self.stack.currentWidget()
        if isinstance(current, FlowScreenWidget) and current.has_input():
            self.confirm_overlay.cover()
        else:
            self.show_menu()

    def _on_confirm_overlay_confirmed(self) -> None:
        self.confirm_overlay.hide()
        self.show_menu()

    def _on_flow_step_changed(self) -> None:
        self._sync_keyboard()
        self._speak()

    # --- idle -------------------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Every touch or key anywhere counts as activity."""
        if event.type() in _ACTIVITY_EVENTS and not self.idle_overlay.isVisible():
            self.services.idle.touch()
        return False

    def check_idle(self) -> None:
        """Once a second: warn, count down, or wipe."""
        idle = self.services.idle
        current = self.stack.currentWidget()
        idle.set_text_entry((isinstance(current, FlowScreenWidget) and current.text_entry())
                            or current is self.screens.status)
        state = idle.state()
        if state.phase is IdlePhase.ACTIVE:
            self.idle_overlay.hide()
        elif state.phase is IdlePhase.WARNING:
            self.idle_overlay.set_seconds(state.seconds_left)
            if not self.idle_overlay.isVisible():
                self.idle_overlay.cover()
        else:
            log.info("idle timeout: wiping the session")
            self.show_attract()

    def _on_idle_overlay_continue_requested(self) -> None:
        self.services.idle.touch()
        self.idle_overlay.hide()

    # --- keyboard and orientation -----------------------------------------------------------------------------

    def _on_keyboard_hide_requested(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None:
            focus.clearFocus()
        self.keyboard.hide()

    def _on_app_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        self._sync_keyboard()

    def _sync_keyboard(self) -> None:
        focus = QApplication.focusWidget()
        mode = focus.property("kioskKeyboard") if focus is not None else None
        current = self.stack.currentWidget()
        if mode and focus is not None and current is not None and current.isAncestorOf(focus) \
                and focus.isVisibleTo(current):
            self.keyboard.set_mode(str(mode))
            self.keyboard.show()
        else:
            self.keyboard.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Follow the screen's orientation (unless configured) and keep overlays covering the window."""
        super().resizeEvent(event)
        wanted = self.services.orientation
        if wanted == "auto":
            wanted = "portrait" if self.height() >= self.width() else "landscape"
        self.ctx.set_orientation(wanted)
        for overlay in (self.idle_overlay, self.confirm_overlay):
            overlay.setGeometry(self.rect())
