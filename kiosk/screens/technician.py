"""The technician screen: shown instead of the kiosk when the configuration is incomplete, saying exactly what."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.setup_check import SetupProblem
from kiosk.theme import MIN_GAP_PX
from kiosk.ui import UiContext
from kiosk.widgets.big_button import BigButtonWidget
from kiosk.widgets.fields import FieldLabelWidget


class TechnicianScreen(QWidget):
    """A list of what is missing or wrong, each with the fix."""

    retry_requested = Signal()
    quit_requested = Signal()

    def __init__(self, ctx: UiContext, config_source: str) -> None:
        """``config_source`` names the configuration file (or "defaults")."""
        super().__init__()
        self._ctx = ctx
        self._problems: list[SetupProblem] = []
        self.setProperty("kioskPage", True)
        self._list = QVBoxLayout()
        self._list.setSpacing(MIN_GAP_PX * 2)
        self.retry_button = BigButtonWidget(ctx, "tech.retry", icon="search")
        self.quit_button = BigButtonWidget(ctx, "tech.quit", icon="cross")
        self.retry_button.clicked.connect(self.retry_requested.emit)
        self.quit_button.clicked.connect(self.quit_requested.emit)
        buttons = QHBoxLayout()
        buttons.setSpacing(MIN_GAP_PX * 3)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(MIN_GAP_PX * 3)
        layout.addWidget(FieldLabelWidget(ctx, "tech.title", role="title"))
        layout.addWidget(FieldLabelWidget(ctx, "tech.intro"))
        source = QLabel(f"config: {config_source}")
        source.setTextFormat(Qt.TextFormat.PlainText)
        source.setProperty("role", "muted")
        layout.addWidget(source)
        layout.addLayout(self._list)
        layout.addStretch(1)
        layout.addLayout(buttons)
        ctx.language_changed.connect(self._on_ctx_language_changed)

    @property
    def problems(self) -> list[SetupProblem]:
        """What is shown."""
        return list(self._problems)

    def show_problems(self, problems: list[SetupProblem]) -> None:
        """Replace the list."""
        self._problems = list(problems)
        self._on_ctx_language_changed()

    def _on_ctx_language_changed(self, *_args: object) -> None:
        while self._list.count():
            item = self._list.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for problem in self._problems:
            label = QLabel(f"• {problem.key}: {self._ctx.i18n.pick(problem.message_id, problem.message_en)}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setProperty("role", "panel")
            label.setAccessibleName(problem.key)
            self._list.addWidget(label)
