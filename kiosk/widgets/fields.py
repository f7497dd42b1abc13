"""Text inputs for touch: a labelled field with its own error line, a large text area and its counter."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from common.rules.errors import RuleError
from kiosk.ui import TextSpec, UiContext, repolish


class FieldLabelWidget(QLabel):
    """A label that follows the language (text key or callable)."""

    def __init__(self, ctx: UiContext, spec: TextSpec, *, role: str = "", parent: QWidget | None = None) -> None:
        """Show ``spec`` in the current language with a style ``role`` (title, muted, error...)."""
        super().__init__(parent)
        self._ctx = ctx
        self._spec = spec
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # citizens' text must never render as HTML
        if role:
            self.setProperty("role", role)
        ctx.language_changed.connect(self._on_ctx_language_changed)
        self._on_ctx_language_changed()

    def set_spec(self, spec: TextSpec) -> None:
        """Show other words."""
        self._spec = spec
        self._on_ctx_language_changed()

    def _on_ctx_language_changed(self, *_args: object) -> None:
        text = self._ctx.text(self._spec)
        self.setText(text)
        self.setAccessibleName(text)


class TouchLineEditWidget(QLineEdit):
    """A tall single-line input; ``keyboard`` picks the on-screen keyboard layout."""

    def __init__(self, ctx: UiContext, name: TextSpec, *, keyboard: str = "text", max_length: int = 200,
                 pattern: str | None = None, parent: QWidget | None = None) -> None:
        """``pattern`` (a regular expression) restricts what can be typed, e.g. digits only."""
        super().__init__(parent)
        self._ctx = ctx
        self._name = name
        self.setProperty("kioskKeyboard", keyboard)
        self.setMaxLength(max_length)
        self.setMinimumHeight(72)
        if pattern is not None:
            from PySide6.QtCore import QRegularExpression

            self.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self))
        ctx.language_changed.connect(self._on_ctx_language_changed)
        self._on_ctx_language_changed()

    def _on_ctx_language_changed(self, *_args: object) -> None:
        self.setAccessibleName(self._ctx.text(self._name))

    def set_invalid(self, invalid: bool) -> None:
        """Show the error border."""
        self.setProperty("invalid", invalid)
        repolish(self)


class TouchTextAreaWidget(QPlainTextEdit):
    """A large multi-line input (description, information requested)."""

    def __init__(self, ctx: UiContext, name: TextSpec, parent: QWidget | None = None) -> None:
        """Wrap words; the tab key moves focus instead of typing a tab."""
        super().__init__(parent)
        self._ctx = ctx
        self._name = name
        self.setProperty("kioskKeyboard", "text")
        self.setTabChangesFocus(True)
        self.setMinimumHeight(160)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        ctx.language_changed.connect(self._on_ctx_language_changed)
        self._on_ctx_language_changed()

    def _on_ctx_language_changed(self, *_args: object) -> None:
        self.setAccessibleName(self._ctx.text(self._name))

    def set_invalid(self, invalid: bool) -> None:
        """Show the error border."""
        self.setProperty("invalid", invalid)
        repolish(self)


class CharCounterWidget(QLabel):
    """``120 / 4000 huruf``; turns into an error (colour AND words) past the limit. Counts code points."""

    over_limit_changed = Signal(bool)

    def __init__(self, ctx: UiContext, area: QPlainTextEdit, maximum: int, parent: QWidget | None = None) -> None:
        """Follow ``area``."""
        super().__init__(parent)
        self._ctx = ctx
        self._area = area
        self._max = maximum
        self._over = False
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        area.textChanged.connect(self._on_area_text_changed)
        ctx.language_changed.connect(self._on_area_text_changed)
        self._on_area_text_changed()

    @property
    def count(self) -> int:
        """Characters (code points) typed so far."""
        return len(self._area.toPlainText())

    def _on_area_text_changed(self, *_args: object) -> None:
        n = self.count
        over = n > self._max
        number = self._ctx.i18n.number
        if over:
            self.setText(self._ctx.t("counter.over", n=number(n), max=number(self._max), over=number(n - self._max)))
        else:
            self.setText(self._ctx.t("counter", n=number(n), max=number(self._max)))
        self.setAccessibleName(self.text())
        role = "error" if over else "muted"
        if self.property("role") != role:  # re-styling is costly: only when the state flips
            self.setProperty("role", role)
            repolish(self)
        if over != self._over:
            self._over = over
            self.over_limit_changed.emit(over)


class LabeledFieldWidget(QWidget):
    """A field label, the input and an error line underneath."""

    def __init__(self, ctx: UiContext, label: TextSpec, field: QWidget, parent: QWidget | None = None) -> None:
        """Stack label, field and error."""
        super().__init__(parent)
        self._ctx = ctx
        self.field = field
        self.label = FieldLabelWidget(ctx, label, role="fieldlabel")
        self.error = FieldLabelWidget(ctx, lambda: "", role="error")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addWidget(field)
        layout.addWidget(self.error)

    def show_error(self, error: RuleError | None) -> None:
        """Show (or clear with None) the error under the field, in the language in force."""
        if error is None:
            self.error.set_spec(lambda: "")
        else:
            self.error.set_spec(partial(self._ctx.i18n.pick, error.message_id, error.message_en))
        self.error.setVisible(error is not None)
        setter = getattr(self.field, "set_invalid", None)
        if callable(setter):
            setter(error is not None)
