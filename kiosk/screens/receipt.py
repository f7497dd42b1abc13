"""The receipt on screen: the tracking code in very large type, the QR of the status link, what happens next.

Shown only after the outbox commit returned. Printing (when a printer is configured) runs in the background;
the screen says whether the slip came out, and never waits for it.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.receipt import Receipt, receipt_next_steps, receipt_title
from kiosk.screens.attract import IconLabelWidget
from kiosk.theme import MIN_GAP_PX
from kiosk.ui import UiContext, relayout
from kiosk.widgets.big_button import BigButtonWidget
from kiosk.widgets.fields import FieldLabelWidget
from kiosk.widgets.qr import qr_pixmap

PrintState = Literal["none", "printing", "printed", "failed"]
QR_PX = 300


class ReceiptScreen(QWidget):
    """The last screen of every flow; "Selesai" wipes everything and returns to the start."""

    done_requested = Signal()
    reprint_requested = Signal()

    def __init__(self, ctx: UiContext) -> None:
        """Empty until :meth:`show_receipt`."""
        super().__init__()
        self._ctx = ctx
        self.receipt: Receipt | None = None
        self._offline = False
        self._print_state: PrintState = "none"
        self.setProperty("kioskPage", True)
        self.title = FieldLabelWidget(ctx, lambda: "", role="title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_caption = FieldLabelWidget(ctx, "receipt.code", role="big")
        self.code = QLabel()
        self.code.setProperty("role", "code")
        self.code.setTextFormat(Qt.TextFormat.PlainText)
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_caption = FieldLabelWidget(ctx, "receipt.qr", role="muted")
        self.thanks_icon = IconLabelWidget(ctx, "face4", 220)
        self.keep = FieldLabelWidget(ctx, "receipt.keep")
        self.next_title = FieldLabelWidget(ctx, "receipt.next", role="fieldlabel")
        self.next_steps = FieldLabelWidget(ctx, lambda: "", role="panel")
        self.offline = FieldLabelWidget(ctx, "receipt.offline", role="panel")
        self.print_status = FieldLabelWidget(ctx, lambda: "", role="big")
        self.reprint_button = BigButtonWidget(ctx, "receipt.reprint", icon="printer")
        self.done_button = BigButtonWidget(ctx, "common.done", icon="check", variant="primary", min_height=120)
        self.reprint_button.clicked.connect(self.reprint_requested.emit)
        self.done_button.clicked.connect(self.done_requested.emit)
        for label in (self.code_caption, self.code, self.qr_caption):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._build_layout()
        ctx.language_changed.connect(self._on_ctx_language_changed)
        ctx.orientation_changed.connect(self._on_ctx_orientation_changed)
        self._on_ctx_orientation_changed()

    def _column(self, widgets: list[QWidget]) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(MIN_GAP_PX * 2)
        for widget in widgets:
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter if widget is self.thanks_icon else
                             Qt.AlignmentFlag(0))
        layout.addStretch(1)
        return column

    def _build_layout(self) -> None:
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(MIN_GAP_PX * 4)
        self._body.addWidget(self._column([self.code_caption, self.code, self.qr, self.qr_caption,
                                           self.thanks_icon]), 1)
        self._body.addWidget(self._column([self.keep, self.next_title, self.next_steps, self.offline,
                                           self.print_status, self.reprint_button]), 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(MIN_GAP_PX * 3)
        layout.addWidget(self.title)
        layout.addLayout(self._body, 1)
        layout.addWidget(self.done_button)

    def _on_ctx_orientation_changed(self, *_args: object) -> None:
        portrait = self._ctx.orientation == "portrait"
        self._body.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        self._body.setStretch(0, 0 if portrait else 1)
        relayout(self)

    # --- content ----------------------------------------------------------------------------------------------

    def show_receipt(self, receipt: Receipt, *, offline: bool, printer: bool) -> None:
        """Show a fresh receipt."""
        self.receipt = receipt
        self._offline = offline
        self._print_state = "printing" if printer else "none"
        has_code = bool(receipt.tracking_code)
        self.code.setText(receipt.tracking_code or "")
        self.code.setAccessibleName(f"{self._ctx.t('receipt.code')}: {receipt.tracking_code}" if has_code else "")
        if receipt.status_url:
            self.qr.setPixmap(qr_pixmap(receipt.status_url, QR_PX))
            self.qr.setAccessibleName(receipt.status_url)
        for widget in (self.code_caption, self.code, self.qr, self.qr_caption, self.keep):
            widget.setVisible(has_code)
        self.thanks_icon.setVisible(not has_code)
        self.reprint_button.setVisible(printer and has_code)
        self._on_ctx_language_changed()

    def set_print_state(self, state: PrintState) -> None:
        """Printing finished (or failed)."""
        self._print_state = state
        self._on_ctx_language_changed()

    @property
    def print_state(self) -> PrintState:
        """The state of the paper slip."""
        return self._print_state

    def _on_ctx_language_changed(self, *_args: object) -> None:
        receipt = self.receipt
        if receipt is None:
            return
        self.title.set_spec(lambda: receipt_title(receipt, self._ctx.i18n))
        self.next_steps.set_spec(lambda: receipt_next_steps(receipt, self._ctx.i18n))
        self.offline.setVisible(self._offline and receipt.kind != "skm")
        key = {"none": "receipt.no_printer", "printing": "receipt.printing", "printed": "receipt.printed",
               "failed": "receipt.print_failed"}[self._print_state]
        self.print_status.set_spec(key)
        self.print_status.setVisible(bool(receipt.tracking_code) and self._print_state != "none")
        self.reprint_button.setEnabled(self._print_state in ("printed", "failed"))

    def clear(self) -> None:
        """Forget the receipt (idle wipe / done)."""
        self.receipt = None
        self.code.clear()
        self.qr.clear()
        self.title.set_spec(lambda: "")
        self.next_steps.set_spec(lambda: "")
