"""The bar at the top of every screen: start over, language, large text, high contrast, voice."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.theme import MIN_GAP_PX
from kiosk.ui import UiContext
from kiosk.widgets.big_button import BigButtonWidget
from kiosk.widgets.fields import FieldLabelWidget


class TopBarWidget(QWidget):
    """Toggles are checkable buttons; the language button names the OTHER language (in that language)."""

    home_requested = Signal()
    language_toggled = Signal()
    large_text_toggled = Signal(bool)
    contrast_toggled = Signal(bool)
    speech_toggled = Signal(bool)

    def __init__(self, ctx: UiContext, place: str, *, speech_available: bool) -> None:
        """``place`` is the kelurahan name shown in landscape."""
        super().__init__()
        self._ctx = ctx
        self.setProperty("role", "topbar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.home_button = BigButtonWidget(ctx, "common.home", icon="home", variant="topbar", min_height=72)
        self.language_button = BigButtonWidget(ctx, "topbar.language", icon="language", variant="topbar",
                                               min_height=72)
        self.large_text_button = BigButtonWidget(ctx, "topbar.large_text", icon="textsize", variant="topbar",
                                                 checkable=True, min_height=72)
        self.contrast_button = BigButtonWidget(ctx, "topbar.contrast", icon="contrast", variant="topbar",
                                               checkable=True, min_height=72)
        self.speech_button = BigButtonWidget(ctx, "topbar.speech", icon="speaker", variant="topbar",
                                             checkable=True, min_height=72)
        self.speech_button.setVisible(speech_available)
        self.title = FieldLabelWidget(ctx, lambda: f"{ctx.t('app.title')} · {ctx.t('app.place', name=place)}")
        self.home_button.clicked.connect(self.home_requested.emit)
        self.language_button.clicked.connect(self.language_toggled.emit)
        self.large_text_button.toggled.connect(self.large_text_toggled.emit)
        self.contrast_button.toggled.connect(self.contrast_toggled.emit)
        self.speech_button.toggled.connect(self.speech_toggled.emit)
        ctx.language_changed.connect(self._on_ctx_language_changed)
        self._on_ctx_language_changed()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(MIN_GAP_PX + 4)
        layout.addWidget(self.home_button, 3)
        layout.addWidget(self.title, 6)
        for button in (self.language_button, self.large_text_button, self.contrast_button, self.speech_button):
            layout.addWidget(button, 3)
        ctx.orientation_changed.connect(self._on_ctx_orientation_changed)
        self._on_ctx_orientation_changed()

    def _on_ctx_language_changed(self, *_args: object) -> None:
        self.language_button.setAccessibleName(self._ctx.t("topbar.language.name"))

    def _on_ctx_orientation_changed(self, *_args: object) -> None:
        self.title.setVisible(self._ctx.orientation == "landscape")

    def set_home_visible(self, visible: bool) -> None:
        """No "start over" on the menu itself."""
        self.home_button.setEnabled(visible)
        self.home_button.setVisible(visible)
