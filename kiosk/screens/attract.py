"""The attract loop shown while nobody uses the kiosk: what can be done here, how long answers take, 112.

Slides change every 8 seconds without animation (nothing flashes); a touch anywhere starts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from common.rules.deadlines import DeadlinePolicy
from kiosk.theme import MIN_GAP_PX
from kiosk.ui import TextSpec, UiContext, relayout
from kiosk.widgets.big_button import BigButtonWidget
from kiosk.widgets.fields import FieldLabelWidget

SLIDE_SECONDS = 8


class IconLabelWidget(QLabel):
    """A pictogram in the theme's text colour."""

    def __init__(self, ctx: UiContext, icon: str, size: int) -> None:
        """Follow the theme."""
        super().__init__()
        self._ctx, self._icon, self._size = ctx, icon, size
        self.setFixedSize(size, size)
        ctx.theme_changed.connect(self._on_ctx_theme_changed)
        self._on_ctx_theme_changed()

    def _on_ctx_theme_changed(self) -> None:
        self.setPixmap(self._ctx.icons.pixmap(self._icon, self._ctx.theme.palette.text, self._size))


def icon_row(ctx: UiContext, icon: str, text: TextSpec, size: int = 88) -> QWidget:
    """A pictogram with words beside it."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(24)
    layout.addWidget(IconLabelWidget(ctx, icon, size))
    label = FieldLabelWidget(ctx, text, role="big")
    layout.addWidget(label, 1)
    return row


class AttractScreen(QWidget):
    """Rotating slides and a huge start button."""

    start_requested = Signal()

    def __init__(self, ctx: UiContext, place: str, policy: DeadlinePolicy) -> None:
        """``place`` is the kelurahan name."""
        super().__init__()
        self._ctx = ctx
        self.setProperty("kioskPage", True)
        self.slides = QStackedWidget()
        self.slides.addWidget(self._slide("attract.can.title", [
            ("megaphone", "menu.complaint"), ("info", "menu.ppid"), ("survey", "menu.skm"), ("search", "menu.status")]))
        p = policy
        self.slides.addWidget(self._slide("attract.time.title", [
            ("clock", lambda: ctx.t("attract.time.complaint", days=p.verification_working_days)),
            ("office", lambda: ctx.t("attract.time.followup", days=p.followup_decision_working_days)),
            ("info", lambda: ctx.t("attract.time.ppid", days=p.ppid_answer_working_days,
                                   ext=p.ppid_extension_working_days))]))
        self.slides.addWidget(self._slide("attract.free.title", [("lock", "attract.free.body")]))
        self.start_button = BigButtonWidget(ctx, "attract.touch", icon="hand", variant="primary", min_height=180)
        self.start_button.clicked.connect(self.start_requested.emit)
        self.start_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.emergency = FieldLabelWidget(ctx, "emergency", role="emergency")
        self.emergency.setAccessibleName("112")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 32)
        layout.setSpacing(MIN_GAP_PX * 4)
        welcome = FieldLabelWidget(ctx, "attract.welcome", role="title")
        welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        place_label = FieldLabelWidget(ctx, lambda: ctx.t("app.place", name=place), role="big")
        place_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._middle = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._middle.setSpacing(MIN_GAP_PX * 4)
        self._middle.addWidget(self.slides, 2)
        self._middle.addWidget(self.start_button, 1)
        layout.addWidget(welcome)
        layout.addWidget(place_label)
        layout.addLayout(self._middle, 1)
        layout.addWidget(self.emergency)
        ctx.orientation_changed.connect(self._on_ctx_orientation_changed)
        self._on_ctx_orientation_changed()
        self._timer = QTimer(self)
        self._timer.setInterval(SLIDE_SECONDS * 1000)
        self._timer.timeout.connect(self._on_timer_timeout)

    def _on_ctx_orientation_changed(self, *_args: object) -> None:
        portrait = self._ctx.orientation == "portrait"
        self._middle.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        self.start_button.setMaximumHeight(260 if portrait else 16_777_215)
        relayout(self)

    def _slide(self, title: str, rows: list[tuple[str, TextSpec]]) -> QWidget:
        slide = QWidget()
        slide.setProperty("role", "overlaybox")
        layout = QVBoxLayout(slide)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(MIN_GAP_PX * 3)
        layout.addWidget(FieldLabelWidget(self._ctx, title, role="title"))
        for icon, text in rows:
            layout.addWidget(icon_row(self._ctx, icon, text, 80))
            layout.addStretch(1)
        return slide

    def _on_timer_timeout(self) -> None:
        self.slides.setCurrentIndex((self.slides.currentIndex() + 1) % self.slides.count())

    def showEvent(self, event: QShowEvent) -> None:
        """Start from the first slide."""
        super().showEvent(event)
        self.slides.setCurrentIndex(0)
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        """No timers while hidden."""
        super().hideEvent(event)
        self._timer.stop()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A touch anywhere starts."""
        self.start_requested.emit()
