"""The main menu: four big choices with pictograms, and the 112 notice."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.theme import MIN_GAP_PX
from kiosk.ui import UiContext, relayout
from kiosk.widgets.big_button import BigButtonWidget
from kiosk.widgets.fields import FieldLabelWidget

MENU_ITEMS = (("complaint", "megaphone"), ("ppid", "info"), ("skm", "survey"), ("status", "search"))


class MenuScreen(QWidget):
    """``option_chosen`` carries ``complaint``, ``ppid``, ``skm`` or ``status``."""

    option_chosen = Signal(str)

    def __init__(self, ctx: UiContext) -> None:
        """Four buttons: one column in portrait, two in landscape."""
        super().__init__()
        self._ctx = ctx
        self.setProperty("kioskPage", True)
        self.buttons: dict[str, BigButtonWidget] = {}
        for name, icon in MENU_ITEMS:
            button = BigButtonWidget(ctx, f"menu.{name}", subtitle=f"menu.{name}.sub", icon=icon,
                                     variant="choice", min_height=160)
            button.clicked.connect(lambda _=False, n=name: self.option_chosen.emit(n))
            self.buttons[name] = button
        self._grid = QGridLayout()
        self._grid.setSpacing(MIN_GAP_PX * 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(MIN_GAP_PX * 3)
        layout.addWidget(FieldLabelWidget(ctx, "menu.title", role="title"))
        layout.addLayout(self._grid, 1)
        self.emergency = FieldLabelWidget(ctx, "emergency", role="emergency")
        layout.addWidget(self.emergency)
        ctx.orientation_changed.connect(self._on_ctx_orientation_changed)
        self._on_ctx_orientation_changed()

    def _on_ctx_orientation_changed(self, *_args: object) -> None:
        while self._grid.count():
            self._grid.takeAt(0)
        columns = 1 if self._ctx.orientation == "portrait" else 2
        for i, button in enumerate(self.buttons.values()):
            self._grid.addWidget(button, i // columns, i % columns)
        relayout(self)
