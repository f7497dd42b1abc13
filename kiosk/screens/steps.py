"""The reusable kinds of flow pages: a choice of big picture buttons, text fields, and the review."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from common.rules.errors import FieldError
from kiosk.screens.base import StepPage
from kiosk.theme import MIN_GAP_PX
from kiosk.ui import TextSpec, UiContext, relayout
from kiosk.widgets.big_button import BigButtonWidget
from kiosk.widgets.fields import (
    CharCounterWidget,
    FieldLabelWidget,
    LabeledFieldWidget,
    TouchLineEditWidget,
    TouchTextAreaWidget,
)


@dataclass(frozen=True)
class Choice:
    """One option of a :class:`ChoiceStepPage`."""

    value: Any
    title: TextSpec
    subtitle: TextSpec | None = None
    icon: str | None = None


class ChoiceStepPage(StepPage):
    """Big picture buttons; a tap chooses and moves on. Long lists are split into pages."""

    def __init__(self, ctx: UiContext, question: TextSpec, choices: Sequence[Choice], *,
                 get: Callable[[], Any], put: Callable[[Any], None], hint: TextSpec | None = None,
                 columns: tuple[int, int] = (1, 2), page_size: tuple[int, int] | None = None,
                 applicable: Callable[[], bool] | None = None, max_button_height: int = 240,
                 body: TextSpec | None = None, check: Callable[[], object] | None = None,
                 large: tuple[tuple[int, int], tuple[int, int]] | None = None) -> None:
        """``columns``/``page_size`` are (portrait, landscape); ``large`` is (columns, page_size) for large text;
        ``body`` is a text panel above the buttons; ``check`` may refuse a choice with a FieldError."""
        super().__init__(ctx, question, hint)
        self._choices = list(choices)
        self._get, self._put = get, put
        self._columns, self._page_size, self._large = columns, page_size, large
        self._applicable_fn = applicable
        self._check = check
        self._page = 0
        self.buttons = [self._make_button(choice, max_button_height) for choice in self._choices]
        self._grid = QGridLayout()
        self._grid.setSpacing(MIN_GAP_PX * 2)
        self._error = FieldLabelWidget(ctx, "common.choose_first", role="error")
        self._error.hide()
        self._pager = self._build_pager()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(MIN_GAP_PX * 2)
        if body is not None:
            self.body = FieldLabelWidget(ctx, body, role="panel")
            layout.addWidget(self.body)
        layout.addLayout(self._grid, 1)
        layout.addStretch(0)
        layout.addWidget(self._error)
        layout.addWidget(self._pager)
        ctx.orientation_changed.connect(self._on_ctx_orientation_changed)
        ctx.language_changed.connect(self._unify_titles)
        ctx.theme_changed.connect(self._on_ctx_theme_changed)
        self._relayout()

    def _make_button(self, choice: Choice, max_height: int) -> BigButtonWidget:
        button = BigButtonWidget(self.ctx, choice.title, subtitle=choice.subtitle, icon=choice.icon,
                                 variant="choice", checkable=True, min_height=104, parent=self)
        button.setMaximumHeight(max_height)
        button.clicked.connect(partial(self._on_choice_clicked, choice.value))
        return button

    def _build_pager(self) -> QWidget:
        pager = QWidget()
        row = QHBoxLayout(pager)
        row.setContentsMargins(0, 8, 0, 16)
        row.setSpacing(MIN_GAP_PX * 3)
        self.prev_page_button = BigButtonWidget(self.ctx, "common.prev_page", icon="arrow_left", min_height=80)
        self.next_page_button = BigButtonWidget(self.ctx, "common.next_page", icon="arrow_right", min_height=80)
        self._page_label = FieldLabelWidget(self.ctx, lambda: "", role="muted")
        self._page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prev_page_button.clicked.connect(lambda: self._turn(-1))
        self.next_page_button.clicked.connect(lambda: self._turn(1))
        row.addWidget(self.prev_page_button, 2)
        row.addWidget(self._page_label, 1)
        row.addWidget(self.next_page_button, 2)
        return pager

    def _layout_spec(self) -> tuple[tuple[int, int], tuple[int, int] | None]:
        if self._large is not None and self.ctx.theme.large_text:
            return self._large
        return self._columns, self._page_size

    def _per_page(self) -> int:
        page_size = self._layout_spec()[1]
        if page_size is None:
            return len(self.buttons)
        return page_size[0 if self.ctx.orientation == "portrait" else 1]

    def _page_count(self) -> int:
        return max(1, -(-len(self.buttons) // self._per_page()))

    def _relayout(self) -> None:
        while self._grid.count():
            self._grid.takeAt(0)
        columns = self._layout_spec()[0][0 if self.ctx.orientation == "portrait" else 1]
        per_page = self._per_page()
        self._page = min(self._page, self._page_count() - 1)
        first = self._page * per_page
        for i, button in enumerate(self.buttons):
            visible = first <= i < first + per_page
            if visible:
                j = i - first
                self._grid.addWidget(button, j // columns, j % columns)
            button.setVisible(visible)
        self._pager.setVisible(self._page_count() > 1)
        self.prev_page_button.setEnabled(self._page > 0)
        self.next_page_button.setEnabled(self._page < self._page_count() - 1)
        self._page_label.set_spec(lambda: self.ctx.t("common.page", n=self._page + 1, total=self._page_count()))
        relayout(self)
        self._unify_titles()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Give every visible button the same title size (the largest that fits them all)."""
        super().resizeEvent(event)
        self._unify_titles()

    def showEvent(self, event: QShowEvent) -> None:
        """Sizes are known now: unify the titles."""
        super().showEvent(event)
        self._unify_titles()

    def _unify_titles(self, *_args: object) -> None:
        if not self.isVisible():
            return  # done on show
        shown = [b for b in self.buttons if not b.isHidden()]
        for button in shown:
            button.set_title_px(None)
            button.set_icon_px(None)
        if shown:
            icon = min(button.natural_icon_px() for button in shown)
            for button in shown:
                button.set_icon_px(icon)
            common = min(button.fitted_title_px() for button in shown)
            for button in shown:
                button.set_title_px(common)

    def _turn(self, delta: int) -> None:
        self._page = max(0, min(self._page_count() - 1, self._page + delta))
        self._relayout()

    def _on_ctx_orientation_changed(self, *_args: object) -> None:
        self._relayout()

    def _on_ctx_theme_changed(self, *_args: object) -> None:
        if self._large is not None:
            self._relayout()
        self._unify_titles()

    def _on_choice_clicked(self, value: Any, _checked: bool = False) -> None:
        self._put(value)
        self._sync()
        self._error.hide()
        self.advance_requested.emit()

    def _sync(self) -> None:
        current = self._get()
        for choice, button in zip(self._choices, self.buttons, strict=True):
            button.setChecked(current is not None and choice.value == current)

    def applicable(self) -> bool:
        """Per the flow's rule, if any."""
        return self._applicable_fn() if self._applicable_fn else True

    def validate(self) -> bool:
        """Something must be chosen (and pass the page's own check, if any)."""
        if self._get() is None:
            self._error.set_spec("common.choose_first")
            self._error.show()
            return False
        if self._check is not None:
            try:
                self._check()
            except FieldError as exc:
                self._error.set_spec(partial(self.ctx.i18n.pick, exc.message_id, exc.message_en))
                self._error.show()
                return False
        self._error.hide()
        return True

    def load(self) -> None:
        """Show the current choice, on its page."""
        self._sync()
        current = self._get()
        index = next((i for i, c in enumerate(self._choices) if current is not None and c.value == current), 0)
        self._page = index // self._per_page()
        self._relayout()

    def reset(self) -> None:
        """Nothing chosen, first page."""
        self._page = 0
        self._error.hide()
        self._sync()
        self._relayout()


@dataclass(frozen=True)
class FieldSpec:
    """One text input of a :class:`FieldsStepPage`."""

    name: str
    label: TextSpec
    get: Callable[[], str]
    put: Callable[[str], None]
    check: Callable[[str], object] | None = None
    keyboard: str = "text"
    max_length: int = 200
    pattern: str | None = None
    multiline: bool = False


class FieldsStepPage(StepPage):
    """One or more labelled inputs with their own error lines; ``extra_check`` tests them together."""

    def __init__(self, ctx: UiContext, question: TextSpec, fields: Sequence[FieldSpec], *,
                 hint: TextSpec | None = None, extra_check: Callable[[], object] | None = None,
                 applicable: Callable[[], bool] | None = None) -> None:
        """Build the inputs (multi-line ones get a character counter)."""
        super().__init__(ctx, question, hint)
        self._specs = list(fields)
        self._extra = extra_check
        self._applicable_fn = applicable
        self.inputs: dict[str, TouchLineEditWidget | TouchTextAreaWidget] = {}
        self.rows: dict[str, LabeledFieldWidget] = {}
        self.counters: dict[str, CharCounterWidget] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(MIN_GAP_PX * 2)
        for spec in self._specs:
            widget: TouchLineEditWidget | TouchTextAreaWidget
            if spec.multiline:
                widget = TouchTextAreaWidget(ctx, spec.label)
                self.counters[spec.name] = CharCounterWidget(ctx, widget, spec.max_length)
            else:
                widget = TouchLineEditWidget(ctx, spec.label, keyboard=spec.keyboard, max_length=spec.max_length,
                                             pattern=spec.pattern)
            row = LabeledFieldWidget(ctx, spec.label, widget)
            self.inputs[spec.name], self.rows[spec.name] = widget, row
        ctx.orientation_changed.connect(self._on_ctx_orientation_changed)
        self._on_ctx_orientation_changed()

    def _on_ctx_orientation_changed(self, *_args: object) -> None:
        """Single-line fields side by side in landscape (the keyboard takes much of the height)."""
        while self._grid.count():
            self._grid.takeAt(0)
        columns = 2 if self.ctx.orientation == "landscape" and len(self._specs) > 1 else 1
        row = 0
        for i, spec in enumerate(self._specs):
            if spec.multiline:
                self._grid.addWidget(self.rows[spec.name], row, 0, 1, columns)
                self._grid.addWidget(self.counters[spec.name], row + 1, 0, 1, columns)
                self._grid.setRowStretch(row, 1)
                row += 2
            else:
                self._grid.addWidget(self.rows[spec.name], row + i // columns, i % columns)
        last = row + (len(self._specs) + columns - 1) // columns
        if not any(s.multiline for s in self._specs):
            self._grid.setRowStretch(last, 1)
        relayout(self)

    def value(self, name: str) -> str:
        """The text in an input."""
        widget = self.inputs[name]
        return widget.toPlainText() if isinstance(widget, TouchTextAreaWidget) else widget.text()

    def set_value(self, name: str, text: str) -> None:
        """Replace the text in an input."""
        widget = self.inputs[name]
        if isinstance(widget, TouchTextAreaWidget):
            widget.setPlainText(text)
        else:
            widget.setText(text)

    def applicable(self) -> bool:
        """Per the flow's rule, if any."""
        return self._applicable_fn() if self._applicable_fn else True

    def validate(self) -> bool:
        """Write every input to the draft, check each, then the extra check; errors shown per field."""
        ok = True
        for spec in self._specs:
            text = self.value(spec.name)
            spec.put(text)
            error: FieldError | None = None
            if spec.check is not None:
                try:
                    spec.check(text)
                except FieldError as exc:
                    error = exc
            self.rows[spec.name].show_error(error)
            ok = ok and error is None
        if ok and self._extra is not None:
            try:
                self._extra()
            except FieldError as exc:
                row = self.rows.get(exc.field) or next(iter(self.rows.values()))
                row.show_error(exc)
                ok = False
        return ok

    def load(self) -> None:
        """Fill the inputs from the draft."""
        for spec in self._specs:
            if self.value(spec.name) != spec.get():
                self.set_value(spec.name, spec.get())

    def reset(self) -> None:
        """Empty every input and clear errors."""
        for spec in self._specs:
            self.set_value(spec.name, "")
            self.rows[spec.name].show_error(None)

    def text_entry(self) -> bool:
        """Typing page."""
        return True

    def focus_first(self) -> None:
        """Focus the first input (the keyboard follows)."""
        if self._specs:
            self.inputs[self._specs[0].name].setFocus(Qt.FocusReason.OtherFocusReason)
