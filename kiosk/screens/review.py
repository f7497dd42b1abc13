"""The review page of every flow: label/value rows built from the draft, plus an optional note."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.screens.base import StepPage
from kiosk.theme import MIN_GAP_PX
from kiosk.ui import TextSpec, UiContext

_REVIEW_VALUE_MAX = 240


class ReviewStepPage(StepPage):
    """The summary before sending: label/value rows built from the draft each time the page shows."""

    def __init__(self, ctx: UiContext, question: TextSpec, rows: Callable[[], list[tuple[str, str]]], *,
                 note: Callable[[], str] | None = None) -> None:
        """``rows`` and ``note`` are called in the current language."""
        super().__init__(ctx, question)
        self._rows_fn, self._note_fn = rows, note
        self._panel = QWidget()
        self._panel.setProperty("role", "overlaybox")
        self._grid = QGridLayout(self._panel)
        self._grid.setContentsMargins(24, 20, 24, 20)
        self._grid.setHorizontalSpacing(24)
        self._grid.setVerticalSpacing(12)
        self._grid.setColumnStretch(0, 2)
        self._grid.setColumnStretch(1, 5)
        self._note = QLabel()
        self._note.setTextFormat(Qt.TextFormat.PlainText)
        self._note.setWordWrap(True)
        self._note.setProperty("role", "panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(MIN_GAP_PX * 2)
        layout.addWidget(self._panel)
        layout.addWidget(self._note)
        layout.addStretch(1)
        ctx.language_changed.connect(self._on_ctx_language_changed)

    def _on_ctx_language_changed(self, *_args: object) -> None:
        if self.isVisible():
            self.load()

    def show_note(self, text: str) -> None:
        """Show a message under the summary (e.g. why sending failed)."""
        self._note.setText(text)
        self._note.setVisible(bool(text))

    def load(self) -> None:
        """Rebuild the rows from the draft."""
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for r, (label, value) in enumerate(self._rows_fn()):
            shown = value if len(value) <= _REVIEW_VALUE_MAX else value[:_REVIEW_VALUE_MAX] + "…"
            key = QLabel(label)
            key.setTextFormat(Qt.TextFormat.PlainText)
            key.setWordWrap(True)
            key.setProperty("role", "fieldlabel")
            key.setAlignment(Qt.AlignmentFlag.AlignTop)
            text = QLabel(shown)
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setAccessibleName(f"{label}: {shown}")
            text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            self._grid.addWidget(key, r, 0)
            self._grid.addWidget(text, r, 1)
        note = self._note_fn() if self._note_fn else ""
        self._note.setText(note)
        self._note.setVisible(bool(note))
