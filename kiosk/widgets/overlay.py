"""Full-window messages over the current screen: the idle countdown and the "start over?" question."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.theme import MIN_GAP_PX
from kiosk.ui import UiContext
from kiosk.widgets.big_button import BigButtonWidget
from kiosk.widgets.fields import FieldLabelWidget


class OverlayWidget(QWidget):
    """Dims the window and shows a centred box; swallows touches outside the box."""

    def __init__(self, ctx: UiContext, parent: QWidget) -> None:
        """Hidden until shown; the window keeps it covering itself."""
        super().__init__(parent)
        self.ctx = ctx
        self.box = QWidget(self)
        self.box.setProperty("role", "overlaybox")
        self.box_layout = QVBoxLayout(self.box)
        self.box_layout.setContentsMargins(40, 40, 40, 40)
        self.box_layout.setSpacing(MIN_GAP_PX * 3)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 60, 60, 60)
        outer.addStretch(1)
        outer.addWidget(self.box)
        outer.addStretch(1)
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A steady dark veil (no animation)."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 190))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Touches outside the box do nothing (but still count as activity for the idle rule)."""
        event.accept()

    def cover(self) -> None:
        """Show over the whole parent."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()


class IdleWarningOverlay(OverlayWidget):
    """"Masih di sana?" with the seconds left and a large "Lanjutkan"."""

    continue_requested = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget) -> None:
        """Build the box."""
        super().__init__(ctx, parent)
        self._seconds = 0
        title = FieldLabelWidget(ctx, "idle.title", role="title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = FieldLabelWidget(ctx, lambda: ctx.t("idle.body", n=self._seconds), role="big")
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.continue_button = BigButtonWidget(ctx, "idle.continue", icon="hand", variant="primary", min_height=160)
        self.continue_button.clicked.connect(self.continue_requested.emit)
        for widget in (title, self.body, self.continue_button):
            self.box_layout.addWidget(widget)

    def set_seconds(self, seconds: int) -> None:
        """Update the countdown (text only; nothing blinks)."""
        self._seconds = seconds
        self.body.set_spec(lambda: self.ctx.t("idle.body", n=self._seconds))


class ConfirmOverlay(OverlayWidget):
    """"Kembali ke awal?" with "Ya, hapus" and "Tidak, lanjut mengisi"."""

    confirmed = Signal()
    cancelled = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget) -> None:
        """Build the box."""
        super().__init__(ctx, parent)
        title = FieldLabelWidget(ctx, "confirm.title", role="title")
        body = FieldLabelWidget(ctx, "confirm.body", role="big")
        self.yes_button = BigButtonWidget(ctx, "confirm.yes", icon="cross", min_height=120)
        self.no_button = BigButtonWidget(ctx, "confirm.no", icon="arrow_left", variant="primary", min_height=120)
        self.yes_button.clicked.connect(self.confirmed.emit)
        self.no_button.clicked.connect(self.cancelled.emit)
        buttons = QHBoxLayout()
        buttons.setSpacing(MIN_GAP_PX * 4)
        buttons.addWidget(self.no_button)
        buttons.addWidget(self.yes_button)
        self.box_layout.addWidget(title)
        self.box_layout.addWidget(body)
        self.box_layout.addLayout(buttons)
