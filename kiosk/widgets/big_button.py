"""The kiosk's one button: large, high-contrast, pictogram + short words, painted from the theme.

Layout follows the button's shape: wide buttons put the pictogram left of the words ("row"), squarish ones put
it above ("tile"). Text shrinks (never below 70 % of the body size) rather than being cut. A checked choice
shows a check mark as well as a colour change, so the state does not depend on colour vision.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFocusEvent, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from kiosk.theme import FONT_FAMILY, MIN_TOUCH_PX
from kiosk.ui import TextSpec, UiContext

Variant = Literal["primary", "secondary", "choice", "key", "topbar"]
_FAMILY = FONT_FAMILY.split(",")[0].strip("' ")
_PAD = 14


class BigButtonWidget(QAbstractButton):
    """A large touch button with an optional pictogram and an optional second line."""

    def __init__(self, ctx: UiContext, title: TextSpec, *, subtitle: TextSpec | None = None,
                 icon: str | None = None, variant: Variant = "secondary", checkable: bool = False,
                 min_height: int = 96, parent: QWidget | None = None) -> None:
        """``title``/``subtitle`` are text keys or callables (see :data:`kiosk.ui.TextSpec`)."""
        super().__init__(parent)
        self._ctx = ctx
        self._title_spec = title
        self._subtitle_spec = subtitle
        self._icon = icon
        self._variant: Variant = variant
        self._min_height = max(MIN_TOUCH_PX, min_height)
        self._keyboard_focus = False
        self._title_px: int | None = None
        self._icon_px: int | None = None
        self.setCheckable(checkable)
        # Touch only: buttons never take the focus, so the text field being filled keeps it (and the keyboard).
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        grows = variant in ("choice", "key")  # choices and keys fill their grid; others keep their height
        self.setSizePolicy(QSizePolicy.Policy.Expanding,
                           QSizePolicy.Policy.Expanding if grows else QSizePolicy.Policy.Preferred)
        self.setMinimumSize(MIN_TOUCH_PX, self._min_height)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        ctx.language_changed.connect(self._on_ctx_language_changed)
        ctx.theme_changed.connect(self.update)
        self._on_ctx_language_changed()

    # --- text -------------------------------------------------------------------------------------------------

    def set_texts(self, title: TextSpec, subtitle: TextSpec | None = None) -> None:
        """Replace the words."""
        self._title_spec, self._subtitle_spec = title, subtitle
        self._on_ctx_language_changed()

    def set_icon_name(self, icon: str | None) -> None:
        """Replace the pictogram."""
        self._icon = icon
        self.update()

    @property
    def title(self) -> str:
        """The current title text."""
        return self.text()

    @property
    def subtitle(self) -> str:
        """The current second line ('' when none)."""
        return self._ctx.text(self._subtitle_spec) if self._subtitle_spec is not None else ""

    def _on_ctx_language_changed(self, *_args: object) -> None:
        title = self._ctx.text(self._title_spec)
        self.setText(title)
        self.setAccessibleName(title)
        self.setAccessibleDescription(self.subtitle)
        self.updateGeometry()
        self.update()

    # --- geometry ---------------------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        """Generous defaults; layouts stretch the buttons further."""
        if self._variant == "key":
            return QSize(80, max(self._min_height, 80))
        return QSize(280, self._min_height)

    def minimumSizeHint(self) -> QSize:
        """Never below the 64 px touch target."""
        return QSize(MIN_TOUCH_PX, self._min_height)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Show the focus ring only when the focus came from a (hardware) keyboard, not from a touch."""
        self._keyboard_focus = event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        super().focusInEvent(event)

    # --- painting ---------------------------------------------------------------------------------------------

    def _colors(self) -> tuple[str, str, str]:
        """(background, text, border) for the variant and state."""
        p = self._ctx.theme.palette
        if not self.isEnabled():
            return p.disabled, p.on_disabled, p.on_disabled
        if self.isChecked():
            return p.selected, p.on_selected, p.selected
        return {
            "primary": (p.primary, p.on_primary, p.primary),
            "secondary": (p.secondary, p.on_secondary, p.secondary_border),
            "choice": (p.choice, p.on_choice, p.choice_border),
            "key": (p.key, p.on_key, p.choice_border),
            "topbar": (p.topbar, p.on_topbar, p.on_topbar),
        }[self._variant]

    def paintEvent(self, event: QPaintEvent) -> None:
        """Rounded box, pictogram, words; pressed = thicker border (no flash), focus = ring."""
        background, foreground, border = self._colors()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = 6 if self.isDown() else 3
        rect = QRectF(self.rect()).adjusted(width / 2, width / 2, -width / 2, -width / 2)
        painter.setPen(QPen(QColor(border), width))
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(rect, 14, 14)
        if self.hasFocus() and self._keyboard_focus:
            painter.setPen(QPen(QColor(self._ctx.theme.palette.focus), 4, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(6, 6, -6, -6), 10, 10)
        icon_rect, text_rect, align = self._geometry()
        if self._icon and not icon_rect.isEmpty():
            painter.drawPixmap(icon_rect.topLeft(), self._ctx.icons.pixmap(self._icon, foreground, icon_rect.width()))
        self._paint_words(painter, text_rect, foreground, align)
        if self.isChecked():
            size = 28 if self._variant == "topbar" else 40
            top = (self.height() - size) // 2 if self._variant == "topbar" else 8
            painter.drawPixmap(self.width() - size - 8, top, self._ctx.icons.pixmap("check", foreground, size))
        painter.end()

    def _geometry(self) -> tuple[QRect, QRect, Qt.AlignmentFlag]:
        """(icon rect, text rect, text alignment): icon left of the words on wide buttons, above on squarish ones."""
        inner = self.rect().adjusted(_PAD, _PAD // 2, -_PAD - (36 if self.isCheckable() else 0), -_PAD // 2)
        if self.width() >= 2.1 * self.height() or self._icon is None:
            if not self._icon:
                return QRect(), inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignHCenter
            size = max(24, min(128, int(inner.height() * 0.6), inner.width() // 5))
            left = inner.left()
            if self._variant in ("primary", "secondary") and not self.subtitle:
                # Navigation buttons: centre pictogram + word as one group.
                words = _text_size(self.text(), _font(self._preferred_title_px(), True), inner.width())[0]
                left = max(inner.left(), inner.center().x() - (size + 16 + words) // 2)
            icon = QRect(left, inner.center().y() - size // 2, size, size)
            text = QRect(left + size + 16, inner.top(), inner.right() - left - size - 16, inner.height())
            return icon, text, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        size = self._icon_px or self.natural_icon_px(inner)
        icon = QRect(inner.center().x() - size // 2, inner.top() + 6, size, size)
        text = QRect(inner.left(), inner.top() + size + 12, inner.width(), inner.height() - size - 12)
        return icon, text, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop

    def natural_icon_px(self, inner: QRect | None = None) -> int:
        """The pictogram size of a tile that leaves the words room at their smallest size."""
        inner = inner or self.rect().adjusted(_PAD, _PAD // 2, -_PAD - (36 if self.isCheckable() else 0), -_PAD // 2)
        room = inner.height() - 18 - self._words_floor(inner.width())
        return max(28, min(112, int(inner.height() * 0.45), inner.width() - 16, room))

    def set_icon_px(self, px: int | None) -> None:
        """Force the tile pictogram size (None: size by itself)."""
        if px != self._icon_px:
            self._icon_px = px
            self.update()

    def _words_floor(self, width: int) -> int:
        """Height the words need at their smallest allowed size (the pictogram gives way to the words)."""
        floor = max(14, int(self._preferred_title_px() * 0.7))
        height = _text_height(self.text(), _font(floor, True), width)
        if self.subtitle:
            height += 6 + _text_height(self.subtitle, _font(max(14, int(self._ctx.theme.px(0.78) * 0.7)), False),
                                       width)
        return height

    def _preferred_title_px(self) -> int:
        theme = self._ctx.theme
        if self._variant == "topbar":
            return theme.px(0.85)
        if self._variant == "key":
            return theme.px(1.25) if len(self.text()) == 1 else theme.px(0.8)
        # larger buttons get larger words, up to 1.6x the body size
        return max(theme.px(1.05), min(theme.px(1.6), self.height() // (6 if self.subtitle else 4)))

    def fitted_title_px(self) -> int:
        """The title size that fits this button now (used to give a group of buttons one common size)."""
        _icon, rect, _align = self._geometry()
        share = 0.55 if self.subtitle else 1.0
        return _fit(self.text(), rect, self._preferred_title_px(), bold=True, share=share).pixelSize()

    def set_title_px(self, px: int | None) -> None:
        """Force the title size (None: fit by itself)."""
        if px != self._title_px:
            self._title_px = px
            self.update()

    def _paint_words(self, painter: QPainter, rect: QRect, color: str, align: Qt.AlignmentFlag) -> None:
        sub = self.subtitle
        if self._title_px is not None:
            title_font = _font(self._title_px, True)
        else:
            title_font = _fit(self.text(), rect, self._preferred_title_px(), bold=True, share=0.55 if sub else 1.0)
        title_height = _text_height(self.text(), title_font, rect.width())
        painter.setPen(QColor(color))
        if not sub:
            painter.setFont(title_font)
            painter.drawText(rect, int(align | Qt.TextFlag.TextWordWrap), self.text())
            return
        theme = self._ctx.theme
        sub_px = max(theme.px(0.78), min(theme.px(1.05), self.height() // 9))
        sub_font = _fit(sub, rect, sub_px, bold=False, share=0.45)
        sub_height = _text_height(sub, sub_font, rect.width())
        total = title_height + 6 + sub_height
        top = rect.top() if align & Qt.AlignmentFlag.AlignTop else rect.top() + max(0, (rect.height() - total) // 2)
        flags = int(align & (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignHCenter)) | int(
            Qt.TextFlag.TextWordWrap)
        painter.setFont(title_font)
        painter.drawText(QRect(rect.left(), top, rect.width(), title_height), flags, self.text())
        painter.setFont(sub_font)
        painter.drawText(QRect(rect.left(), top + title_height + 6, rect.width(), rect.bottom() - top - title_height),
                         flags, sub)


def _font(px: int, bold: bool) -> QFont:
    font = QFont(_FAMILY)
    font.setPixelSize(max(12, px))
    font.setBold(bold)
    return font


def _text_size(text: str, font: QFont, width: int) -> tuple[int, int]:
    metrics = QFontMetrics(font)
    box = metrics.boundingRect(QRect(0, 0, max(1, width), 10_000), int(Qt.TextFlag.TextWordWrap), text)
    return box.width(), box.height()


def _text_height(text: str, font: QFont, width: int) -> int:
    return _text_size(text, font, width)[1]


def _fit(text: str, rect: QRect, px: int, *, bold: bool, share: float) -> QFont:
    """The largest font from ``px`` down to 70 % of it whose wrapped text fits ``share`` of the rect's height."""
    limit = max(1, int(rect.height() * share))
    floor = max(14, int(px * 0.7))
    size = px
    while size > floor:
        font = _font(size, bold)
        width, height = _text_size(text, font, rect.width())
        if height <= limit and width <= rect.width():  # a long single word must not run out of the button
            return font
        size -= 2
    return _font(floor, bold)
