"""The on-screen keyboard: QWERTY with a number row and Indonesian punctuation, or a large numeric pad.

The keys never take the focus; each tap is delivered as a real key event to the focused text field, so input
limits and validators of the field apply exactly as with a hardware keyboard. Which layout shows is chosen by
the field's ``kioskKeyboard`` property: ``text`` (default), ``numeric`` (NIK, phone, RT/RW) or ``code``
(tracking codes: capitals, digits and the dash only).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QGridLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.theme import MIN_GAP_PX
from kiosk.ui import TextSpec, UiContext
from kiosk.widgets.big_button import BigButtonWidget

_TEXT_ROWS = ("1234567890", "qwertyuiop-", "asdfghjkl'@", "zxcvbnm,.?!")
_CODE_ROWS = ("1234567890", "QWERTYUIOP-", "ASDFGHJKL", "ZXCVBNM")
_NUMERIC_ROWS = ("123", "456", "789")
_SPECIAL = {
    "backspace": (Qt.Key.Key_Backspace, ""),
    "enter": (Qt.Key.Key_Return, "\n"),
    "space": (Qt.Key.Key_Space, " "),
}


class OnScreenKeyboardWidget(QWidget):
    """Three layouts in a stack; :meth:`set_mode` picks one."""

    key_sent = Signal(str)
    hide_requested = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build every key once."""
        super().__init__(parent)
        self._ctx = ctx
        self._shift = False
        self._letter_keys: list[tuple[BigButtonWidget, str]] = []
        self._stack = QStackedWidget(self)
        self._pages = {"text": self._text_page(), "code": self._code_page(), "numeric": self._numeric_page()}
        for page in self._pages.values():
            self._stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 12)
        layout.addWidget(self._stack)
        self.setAccessibleName(ctx.t("keyboard.name"))
        self.setProperty("kioskPage", True)
        self.mode = "text"
        ctx.orientation_changed.connect(self._on_ctx_orientation_changed)

    # --- building -------------------------------------------------------------------------------------------

    def _key(self, label: str, char: str, *, key: int | None = None, icon: str | None = None,
             name: str | None = None) -> BigButtonWidget:
        title: TextSpec = name if name is not None else partial(str, label)
        button = BigButtonWidget(self._ctx, title, icon=icon, variant="key", min_height=64)
        button.clicked.connect(partial(self._on_key_clicked, char, key))
        return button

    def _grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(MIN_GAP_PX + 2)
        grid.setContentsMargins(0, 0, 0, 0)
        return grid

    def _rows_page(self, rows: tuple[str, ...], *, letters: bool, with_text_keys: bool) -> QWidget:
        page = QWidget()
        grid = self._grid()
        page.setLayout(grid)
        for r, row in enumerate(rows):
            for c, char in enumerate(row):
                button = self._key(char, char)
                if letters and char.isalpha():
                    self._letter_keys.append((button, char))
                grid.addWidget(button, r, c * 2, 1, 2)
        last = len(rows)
        backspace = self._key("", "", key=_SPECIAL["backspace"][0], icon="backspace", name="keyboard.backspace")
        grid.addWidget(backspace, 0 if with_text_keys else last - 1, 20 if with_text_keys else 18, 1, 2)
        if with_text_keys:
            shift = self._key("", "", icon="shift", name="keyboard.shift")
            shift.clicked.disconnect()
            shift.clicked.connect(self._on_shift_clicked)
            grid.addWidget(shift, last, 0, 1, 4)
            grid.addWidget(self._key("", " ", key=_SPECIAL["space"][0], name="keyboard.space"), last, 4, 1, 11)
            grid.addWidget(self._key("", "\n", key=_SPECIAL["enter"][0], icon="enter", name="keyboard.enter"),
                           last, 15, 1, 4)
            grid.addWidget(self._hide_key(), last, 19, 1, 3)
        else:
            grid.addWidget(self._hide_key(), last - 1, 14, 1, 4)
        return page

    def _hide_key(self) -> BigButtonWidget:
        button = BigButtonWidget(self._ctx, "keyboard.hide", icon="keyboard", variant="key", min_height=64)
        button.clicked.connect(self.hide_requested.emit)
        return button

    def _text_page(self) -> QWidget:
        return self._rows_page(_TEXT_ROWS, letters=True, with_text_keys=True)

    def _code_page(self) -> QWidget:
        return self._rows_page(_CODE_ROWS, letters=False, with_text_keys=False)

    def _numeric_page(self) -> QWidget:
        page = QWidget()
        grid = self._grid()
        page.setLayout(grid)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(6, 1)
        for r, row in enumerate(_NUMERIC_ROWS):
            for c, char in enumerate(row):
                grid.addWidget(self._key(char, char), r, c + 1)
        grid.addWidget(self._key("+", "+"), 3, 1)
        grid.addWidget(self._key("0", "0"), 3, 2)
        grid.addWidget(self._key(" ", " ", key=_SPECIAL["space"][0], name="keyboard.space"), 3, 3)
        grid.addWidget(self._key("", "", key=_SPECIAL["backspace"][0], icon="backspace",
                                 name="keyboard.backspace"), 0, 5, 2, 1)
        grid.addWidget(self._hide_key(), 2, 5, 2, 1)
        for column in (1, 2, 3, 5):
            grid.setColumnMinimumWidth(column, 150)
        grid.setColumnMinimumWidth(4, 24)
        return page

    # --- behaviour --------------------------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        """The layout shown: ``text``, ``code`` or ``numeric``."""
        return str(self._mode)

    @mode.setter
    def mode(self, value: str) -> None:
        self._mode = value if value in self._pages else "text"
        self._stack.setCurrentWidget(self._pages[self._mode])

    def set_mode(self, mode: str) -> None:
        """Show the layout for a field."""
        self.mode = mode
        self._on_ctx_orientation_changed()

    def _on_ctx_orientation_changed(self, *_args: object) -> None:
        """Keys are 80 px tall in portrait, 64 px (the minimum touch target) in landscape."""
        rows = {"text": 5, "code": 4, "numeric": 4}[self._mode]
        key = 80 if self._ctx.orientation == "portrait" else 64
        self.setFixedHeight(rows * key + (rows - 1) * (MIN_GAP_PX + 2) + 20)

    def _on_shift_clicked(self) -> None:
        self._shift = not self._shift
        for button, char in self._letter_keys:
            button.set_texts(partial(self._letter, char))

    def _letter(self, char: str) -> str:
        return char.upper() if self._shift else char

    def _on_key_clicked(self, char: str, key: int | None, _checked: bool = False) -> None:
        if char and self._shift and char.isalpha():
            char = char.upper()
            self._on_shift_clicked()  # one capital, like a phone keyboard
        self.send(char, key)

    def send(self, char: str, key: int | None = None) -> None:
        """Deliver one key press to the focused widget."""
        target = QApplication.focusWidget()
        if target is None:
            return
        code = key if key is not None else (ord(char.upper()) if len(char) == 1 and char.isascii() else 0)
        for event_type in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(event_type, code, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(target, event)
        self.key_sent.emit(char)
