"""The frame of every multi-step flow: one question per page, progress, "Kembali" and "Lanjut".

A flow is a list of :class:`StepPage` objects. Pages that do not apply (e.g. the photo page without a camera,
the proxy page for a request made for oneself) are skipped and not counted in "Langkah n dari m". Choice pages
advance on a tap; the last page's "Lanjut" becomes "Kirim".
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from kiosk.theme import MIN_GAP_PX
from kiosk.ui import TextSpec, UiContext
from kiosk.widgets.big_button import BigButtonWidget
from kiosk.widgets.fields import FieldLabelWidget


class StepPage(QWidget):
    """One question of a flow. Subclasses override the hooks they need."""

    advance_requested = Signal()

    def __init__(self, ctx: UiContext, question: TextSpec, hint: TextSpec | None = None) -> None:
        """``question`` is shown in the flow's header; ``hint`` under it."""
        super().__init__()
        self.ctx = ctx
        self.question = question
        self.hint = hint
        self.setProperty("kioskPage", True)

    def applicable(self) -> bool:
        """False to skip this page."""
        return True

    def validate(self) -> bool:
        """Check the inputs and show errors; True when the flow may go on."""
        return True

    def commit(self) -> None:
        """Write the inputs into the draft (after :meth:`validate`)."""

    def load(self) -> None:
        """Refresh from the draft just before the page is shown."""

    def reset(self) -> None:
        """Forget every input (the draft is being wiped)."""

    def text_entry(self) -> bool:
        """True when the page is about typing (longer idle allowance, keyboard shown)."""
        return False

    def focus_first(self) -> None:
        """Put the focus in the first input, if any."""

    def deactivate(self) -> None:
        """The page is being left (stop the camera, ...)."""


S = TypeVar("S", bound=StepPage)


class ProgressDotsWidget(QWidget):
    """Steps as a row of bars: done (filled), current (filled, thicker outline), to come (outline)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Start empty."""
        super().__init__(parent)
        self._ctx = ctx
        self._current, self._total = 0, 0
        self.setFixedHeight(22)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        ctx.theme_changed.connect(self.update)

    def set_progress(self, current: int, total: int) -> None:
        """``current`` is 1-based."""
        self._current, self._total = current, total
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the bars."""
        if self._total <= 0:
            return
        p = self._ctx.theme.palette
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        gap = 8
        width = (self.width() - gap * (self._total - 1)) / self._total
        for i in range(self._total):
            rect = QRectF(i * (width + gap) + 2, 3, width - 4, self.height() - 6)
            done = i < self._current
            painter.setPen(QPen(QColor(p.primary if done else p.choice_border), 3))
            painter.setBrush(QColor(p.primary) if done else Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect, 6, 6)
        painter.end()


class FlowScreenWidget(QWidget):
    """Header (flow, progress, question, hint), the current page, and the navigation buttons."""

    cancel_requested = Signal()
    step_changed = Signal()

    def __init__(self, ctx: UiContext, title: TextSpec, parent: QWidget | None = None) -> None:
        """Subclasses add their pages with :meth:`add_step` and implement :meth:`submit`."""
        super().__init__(parent)
        self.ctx = ctx
        self.setProperty("kioskPage", True)
        self._steps: list[StepPage] = []
        self._index = 0
        self._flow_label = FieldLabelWidget(ctx, title, role="flow")
        self._progress_label = FieldLabelWidget(ctx, lambda: "", role="flow")
        self._progress_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._dots = ProgressDotsWidget(ctx)
        self._question = FieldLabelWidget(ctx, lambda: "", role="title")
        self._hint = FieldLabelWidget(ctx, lambda: "", role="muted")
        self._stack = QStackedWidget()
        # Hidden pages must not size the flow (their cached size hints can be stale); each page is checked to fit.
        self._stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.back_button = BigButtonWidget(ctx, "common.back", icon="arrow_left", variant="secondary")
        self.next_button = BigButtonWidget(ctx, "common.next", icon="arrow_right", variant="primary")
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self._build_layout()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self._flow_label, 1)
        top.addWidget(self._progress_label)
        nav = QHBoxLayout()
        nav.setSpacing(MIN_GAP_PX * 3)
        nav.addWidget(self.back_button, 1)
        nav.addWidget(self.next_button, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 16, 28, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self._dots)
        layout.addWidget(self._question)
        layout.addWidget(self._hint)
        layout.addWidget(self._stack, 1)
        layout.addLayout(nav)

    # --- pages ------------------------------------------------------------------------------------------------

    def add_step(self, step: S) -> S:
        """Append a page."""
        self._steps.append(step)
        self._stack.addWidget(step)
        step.advance_requested.connect(self.go_next)
        return step

    @property
    def steps(self) -> list[StepPage]:
        """All pages, applicable or not."""
        return list(self._steps)

    @property
    def current_step(self) -> StepPage:
        """The page shown."""
        return self._steps[self._index]

    def _applicable(self) -> list[int]:
        return [i for i, step in enumerate(self._steps) if step.applicable()]

    def _show(self, index: int) -> None:
        if self._steps and self._index != index:
            self.current_step.deactivate()
        self._index = index
        step = self.current_step
        step.load()
        self._stack.setCurrentWidget(step)
        self._question.set_spec(step.question)
        self._hint.set_spec(step.hint or (lambda: ""))
        self._hint.setVisible(step.hint is not None)
        applicable = self._applicable()
        position = applicable.index(index) + 1 if index in applicable else 1
        self._progress_label.set_spec(lambda: self.ctx.t("common.step", n=position, total=len(applicable)))
        self._dots.set_progress(position, len(applicable))
        last = index == applicable[-1]
        self.next_button.set_texts("common.send" if last else "common.next")
        self.next_button.set_icon_name("check" if last else "arrow_right")
        self.next_button.setEnabled(True)
        step.focus_first()
        self.step_changed.emit()

    def start(self) -> None:
        """Wipe the draft and show the first page."""
        self.reset()
        self._index = -1
        self._show(self._applicable()[0])

    def reset(self) -> None:
        """Forget everything entered (also the idle wipe)."""
        if self._steps and 0 <= self._index < len(self._steps):
            self.current_step.deactivate()
        self.reset_draft()
        for step in self._steps:
            step.reset()

    def go_next(self) -> None:
        """Validate the page; then the next applicable page, or submit on the last."""
        step = self.current_step
        if not step.validate():
            return
        step.commit()
        following = [i for i in self._applicable() if i > self._index]
        if following:
            self._show(following[0])
            return
        self.next_button.setEnabled(False)  # no double submission
        if not self.submit():
            self.next_button.setEnabled(True)

    def go_back(self) -> None:
        """The previous applicable page, or leave the flow from the first."""
        earlier = [i for i in self._applicable() if i < self._index]
        if earlier:
            self._show(earlier[-1])
        else:
            self.current_step.deactivate()
            self.cancel_requested.emit()

    def text_entry(self) -> bool:
        """True when the page shown is about typing."""
        return bool(self._steps) and self.current_step.text_entry()

    def prompt(self) -> str:
        """The question shown (for spoken prompts)."""
        return self._question.text()

    def has_input(self) -> bool:
        """True once the citizen went past the first page (leaving would lose something)."""
        return self._index > self._applicable()[0]

    # --- subclass hooks ---------------------------------------------------------------------------------------

    def reset_draft(self) -> None:
        """Start a new, empty draft."""

    def submit(self) -> bool:
        """Commit the draft; True on success (the subclass emits its receipt)."""
        return False
