"""Drive the real kiosk screens like a citizen: find widgets by accessible name, tap them, type on the keyboard.

Used by the tests, the screenshot renderer, the scripted (kill-test) process and the benchmarks, so that all of
them exercise exactly what a finger would.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QPlainTextEdit, QWidget

from kiosk.window import KioskWindowWidget


def is_control(widget: QWidget) -> bool:
    """True for what a finger operates: buttons, text inputs, the map."""
    from kiosk.widgets.map_picker import KelurahanMapPickerWidget

    return isinstance(widget, QAbstractButton | QLineEdit | QPlainTextEdit | KelurahanMapPickerWidget)


class DriverError(AssertionError):
    """A widget that a citizen should see is not there."""


class KioskDriver:
    """Taps and types on a :class:`~kiosk.window.KioskWindowWidget`."""

    def __init__(self, window: KioskWindowWidget) -> None:
        """Drive ``window`` (it should be shown)."""
        self.window = window

    @staticmethod
    def pump(ms: int = 0) -> None:
        """Let Qt process pending events (and wait ``ms``)."""
        QApplication.processEvents()
        if ms:
            QTest.qWait(ms)

    def visible(self) -> list[QWidget]:
        """Every widget a citizen can see now."""
        return [w for w in self.window.findChildren(QWidget) if w.isVisible() and w.window() is self.window]

    def find(self, name: str) -> QWidget:
        """The visible widget whose accessible name is ``name``: the one control, else the one label."""
        found = [w for w in self.visible() if w.accessibleName() == name]
        controls = [w for w in found if is_control(w)]
        if len(controls) == 1:
            return controls[0]
        if len(found) != 1:
            names = sorted({w.accessibleName() for w in self.visible() if w.accessibleName()})
            raise DriverError(f"{len(found)} visible widgets named {name!r}; visible names: {names}")
        return found[0]

    def has(self, name: str) -> bool:
        """True when a visible widget is named ``name``."""
        return any(w.accessibleName() == name for w in self.visible())

    def tap(self, name: str) -> None:
        """Tap the centre of the widget named ``name``."""
        self.tap_widget(self.find(name))

    def tap_widget(self, widget: QWidget, at: QPoint | None = None) -> None:
        """Tap a widget (at its centre, or at ``at``)."""
        if not widget.isEnabled():
            raise DriverError(f"{widget.accessibleName()!r} is disabled")
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         at if at is not None else widget.rect().center())
        self.pump()

    def choose(self, name: str) -> None:
        """Tap the choice named ``name``, turning the pages of a long list ("Pilihan lain") until it shows."""
        previous = self.t("common.prev_page")
        while self.has(previous) and self.find(previous).isEnabled() and not self.has(name):
            self.tap(previous)
        following = self.t("common.next_page")
        while not self.has(name) and self.has(following) and self.find(following).isEnabled():
            self.tap(following)
        self.tap(name)

    def tap_map(self, code: str) -> None:
        """Tap a kelurahan on the location page's map."""
        page = self.window.screens.complaint.location_step
        point: QPointF = page.map.centroid_point(code)
        self.tap_widget(page.map, point.toPoint())

    def fill(self, name: str, text: str) -> None:
        """Put ``text`` into the input named ``name`` (as if pasted: no per-key limits)."""
        widget = self.find(name)
        widget.setFocus(Qt.FocusReason.MouseFocusReason)
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(text)
        elif isinstance(widget, QLineEdit):
            widget.setText(text)
        else:
            raise DriverError(f"{name!r} is not a text input")
        self.pump()

    def type_on_keyboard(self, name: str, text: str, *, delay_s: float = 0.0,
                         between: Callable[[], None] | None = None) -> None:
        """Focus the input ``name`` and tap the on-screen keyboard key by key."""
        widget = self.find(name)
        self.tap_widget(widget)
        widget.setFocus(Qt.FocusReason.MouseFocusReason)
        self.pump()
        keyboard = self.window.keyboard
        for char in text:
            keyboard.send(char)
            if between is not None:
                between()
            if delay_s:
                time.sleep(delay_s)
                self.pump()

    def text_of(self, name: str) -> str:
        """The text in an input."""
        widget = self.find(name)
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QLineEdit):
            return widget.text()
        return str(widget.accessibleName())

    def current(self) -> QWidget:
        """The screen shown."""
        screen = self.window.stack.currentWidget()
        if screen is None:
            raise DriverError("no screen shown")
        return screen

    # --- whole walk-throughs ----------------------------------------------------------------------------------

    def t(self, key: str, **values: object) -> str:
        """A text in the kiosk's current language."""
        return self.window.ctx.t(key, **values)

    def next(self) -> None:
        """Tap "Lanjut" (or "Kirim") of the flow shown."""
        self.tap_widget(self.current().next_button)  # type: ignore[attr-defined]

    def complaint(self, *, description: str = "Jalan berlubang besar di depan sekolah, berbahaya bagi motor.",
                  category: str = "Jalan rusak / berlubang", consent: bool = True, photo: bool = False,
                  typing_delay_s: float = 0.0) -> None:
        """File a complaint from the menu up to the receipt."""
        self.tap(self.t("menu.complaint"))
        self.tap(self.t("kind.aduan"))
        self.choose(category)
        self.fill(self.t("location.rt"), "3")
        self.fill(self.t("location.rw"), "5")
        self.next()
        if typing_delay_s:
            self.type_on_keyboard(self.t("description.field"), description, delay_s=typing_delay_s)
        else:
            self.fill(self.t("description.field"), description)
        self.next()
        if self.window.screens.complaint.photo_step.applicable():
            if photo:
                self.pump(400)
                self.tap(self.t("photo.take"))
            self.next()
        self.tap(self.t("identity.anonim"))
        self.tap(self.t("consent.yes" if consent else "consent.no"))
        if consent:
            self.fill(self.t("field.name"), "Siti Aminah")
            self.fill(self.t("field.phone"), "0812 3456 7890")
            self.next()
        self.next()  # "Kirim" on the review

    def ppid(self, *, nik: str = "3673014107900001") -> None:
        """File a PPID request from the menu up to the receipt."""
        self.tap(self.t("menu.ppid"))
        self.tap(self.t("ppid.consent.yes"))
        self.fill(self.t("field.full_name"), "Budi Santoso")
        self.fill(self.t("field.nik"), nik)
        self.next()
        self.fill(self.t("field.address"), "Jl. Mayor Syafei No. 1, RT 001/RW 002, Cipare")
        self.next()
        self.fill(self.t("field.phone_ppid"), "081234567890")
        self.fill(self.t("field.email_ppid"), "budi@example.id")
        self.next()
        self.tap(self.t("ppid.proxy.self"))
        self.fill(self.t("field.information"), "Data anggaran perbaikan jalan Kecamatan Serang tahun 2025.")
        self.next()
        self.fill(self.t("field.purpose"), "Untuk tugas kuliah")
        self.next()
        self.tap(self.t("ppid.opd.unknown"))
        self.tap(self.t("obtain.softcopy"))
        self.tap(self.t("delivery.email"))
        self.next()

    def skm(self, answers: tuple[int, ...] = (4, 3, 3, 4, 3, 4, 4, 2, 3)) -> None:
        """Answer the survey for this office from the menu up to the thank-you."""
        from common.rules.skm import ELEMENTS

        self.tap(self.t("menu.skm"))
        self.tap(self.t("skm.target.here"))
        language = self.window.ctx.i18n.language
        for element, answer in zip(ELEMENTS, answers, strict=True):
            words = element.answers_id if language == "id" else element.answers_en
            self.tap(words[answer - 1])
        self.next()

    def receipt_code(self) -> str:
        """The tracking code on the receipt screen ('' for a survey)."""
        return self.window.screens.receipt.code.text()
