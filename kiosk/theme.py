"""Colours and type sizes of the kiosk: normal, high-contrast and large-text; Qt-free.

Every text colour is paired with the background it is drawn on, and :meth:`Theme.text_pairs` lists those pairs
so a test can prove each reaches the WCAG 2.1 contrast ratio of 4.5:1 (and 3:1 for borders of controls,
:meth:`Theme.ui_pairs`). Nothing in the kiosk blinks or flashes; state changes are steady colour changes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

MIN_TEXT_CONTRAST = 4.5
MIN_UI_CONTRAST = 3.0
MIN_TOUCH_PX = 64
MIN_GAP_PX = 8
FONT_FAMILY = "'DejaVu Sans', 'Noto Sans', 'Nimbus Sans', sans-serif"


def relative_luminance(color: str) -> float:
    """WCAG relative luminance of ``#RRGGBB``."""
    value = color.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio between two ``#RRGGBB`` colours (1..21)."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True, slots=True)
class Palette:
    """Named colours; ``on_x`` is the text colour used on background ``x``."""

    background: str
    text: str
    muted: str
    surface: str
    on_surface: str
    primary: str
    on_primary: str
    secondary: str
    on_secondary: str
    secondary_border: str
    choice: str
    on_choice: str
    choice_border: str
    selected: str
    on_selected: str
    error: str
    emergency: str
    on_emergency: str
    topbar: str
    on_topbar: str
    key: str
    on_key: str
    disabled: str
    on_disabled: str
    focus: str
    overlay: str
    on_overlay: str


NORMAL = Palette(
    background="#F4F1EA", text="#1B1B1B", muted="#474747", surface="#FFFFFF", on_surface="#1B1B1B",
    primary="#0B4A8B", on_primary="#FFFFFF", secondary="#FFFFFF", on_secondary="#0B4A8B",
    secondary_border="#0B4A8B", choice="#FFFFFF", on_choice="#1B1B1B", choice_border="#6B6B6B",
    selected="#0B6E4F", on_selected="#FFFFFF", error="#A4201A", emergency="#A4201A", on_emergency="#FFFFFF",
    topbar="#123A63", on_topbar="#FFFFFF", key="#FFFFFF", on_key="#1B1B1B", disabled="#D9D6CF",
    on_disabled="#4D4D4D", focus="#B35C00", overlay="#FFFFFF", on_overlay="#1B1B1B",
)

HIGH_CONTRAST = Palette(
    background="#000000", text="#FFFFFF", muted="#E6E6E6", surface="#000000", on_surface="#FFFFFF",
    primary="#FFE600", on_primary="#000000", secondary="#000000", on_secondary="#FFFFFF",
    secondary_border="#FFFFFF", choice="#000000", on_choice="#FFFFFF", choice_border="#FFFFFF",
    selected="#00E5FF", on_selected="#000000", error="#FF8A80", emergency="#000000", on_emergency="#FFE600",
    topbar="#000000", on_topbar="#FFFFFF", key="#000000", on_key="#FFFFFF", disabled="#333333",
    on_disabled="#E6E6E6", focus="#FFE600", overlay="#000000", on_overlay="#FFFFFF",
)


@dataclass(frozen=True, slots=True)
class Theme:
    """The palette and type scale in force."""

    palette: Palette
    large_text: bool = False
    high_contrast: bool = False

    @staticmethod
    def make(*, high_contrast: bool = False, large_text: bool = False) -> Theme:
        """The theme for the two toggles."""
        return Theme(HIGH_CONTRAST if high_contrast else NORMAL, large_text, high_contrast)

    @property
    def base_px(self) -> int:
        """Body text size in pixels (26 px; 34 px with large text)."""
        return 34 if self.large_text else 26

    def px(self, factor: float) -> int:
        """A text size relative to the body size."""
        return round(self.base_px * factor)

    def text_pairs(self) -> list[tuple[str, str, str]]:
        """(name, foreground, background) of every text colour on the background it is used on."""
        p = self.palette
        return [
            ("text/background", p.text, p.background), ("muted/background", p.muted, p.background),
            ("on_surface/surface", p.on_surface, p.surface), ("text/surface", p.text, p.surface),
            ("on_primary/primary", p.on_primary, p.primary), ("on_secondary/secondary", p.on_secondary, p.secondary),
            ("on_choice/choice", p.on_choice, p.choice), ("on_selected/selected", p.on_selected, p.selected),
            ("error/background", p.error, p.background), ("error/surface", p.error, p.surface),
            ("on_emergency/emergency", p.on_emergency, p.emergency), ("on_topbar/topbar", p.on_topbar, p.topbar),
            ("on_key/key", p.on_key, p.key), ("on_disabled/disabled", p.on_disabled, p.disabled),
            ("on_overlay/overlay", p.on_overlay, p.overlay), ("muted/surface", p.muted, p.surface),
        ]

    def ui_pairs(self) -> list[tuple[str, str, str]]:
        """(name, colour, background) of control borders and focus rings (WCAG 1.4.11: 3:1)."""
        p = self.palette
        return [
            ("choice_border/background", p.choice_border, p.background),
            ("secondary_border/background", p.secondary_border, p.background),
            ("primary/background", p.primary, p.background), ("focus/background", p.focus, p.background),
            ("focus/surface", p.focus, p.surface), ("selected/background", p.selected, p.background),
        ]

    def stylesheet(self) -> str:
        """The Qt style sheet for standard widgets (labels, text fields); buttons paint themselves."""
        p = self.palette
        return f"""
* {{ font-family: {FONT_FAMILY}; }}
QWidget#KioskRoot, QStackedWidget, QWidget[kioskPage="true"] {{ background: {p.background}; color: {p.text}; }}
QLabel {{ color: {p.text}; font-size: {self.base_px}px; background: transparent; }}
QLabel[role="title"] {{ font-size: {self.px(1.45)}px; font-weight: bold; }}
QLabel[role="flow"] {{ font-size: {self.px(0.9)}px; color: {p.muted}; }}
QLabel[role="muted"] {{ color: {p.muted}; font-size: {self.px(0.9)}px; }}
QLabel[role="error"] {{ color: {p.error}; font-weight: bold; }}
QLabel[role="fieldlabel"] {{ font-weight: bold; }}
QLabel[role="code"] {{ font-size: {self.px(3.2)}px; font-weight: bold; letter-spacing: 4px; }}
QLabel[role="panel"] {{ background: {p.surface}; color: {p.on_surface}; border: 2px solid {p.choice_border};
                        border-radius: 12px; padding: 16px; }}
QLabel[role="emergency"] {{ background: {p.emergency}; color: {p.on_emergency}; font-weight: bold;
                            padding: 12px; border-radius: 8px; border: 2px solid {p.on_emergency}; }}
QLabel[role="big"] {{ font-size: {self.px(1.8)}px; font-weight: bold; }}
QWidget[role="overlaybox"] {{ background: {p.overlay}; border: 4px solid {p.choice_border}; border-radius: 16px; }}
QWidget[role="overlaybox"] QLabel {{ color: {p.on_overlay}; }}
QWidget[role="topbar"] {{ background: {p.topbar}; }}
QWidget[role="topbar"] QLabel {{ color: {p.on_topbar}; }}
QLineEdit, QPlainTextEdit {{ background: {p.surface}; color: {p.on_surface}; font-size: {self.px(1.1)}px;
    border: 3px solid {p.choice_border}; border-radius: 10px; padding: 8px; selection-background-color: {p.selected};
    selection-color: {p.on_selected}; }}
QLineEdit {{ min-height: 64px; }}
QLineEdit:focus, QPlainTextEdit:focus {{ border: 5px solid {p.focus}; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {{ border: 5px solid {p.error}; }}
"""


def palette_names() -> list[str]:
    """Names of the palette's colours (for tests)."""
    return [f.name for f in fields(Palette)]
