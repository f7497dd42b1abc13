"""The kiosk's words in Bahasa Indonesia (default) and English, and date formatting; Qt-free.

Texts are short and plain on purpose: many users read slowly. Keys are dotted names; ``{name}`` placeholders
are filled by :meth:`I18n.t`. :func:`missing_translations` lets a test prove every key has both languages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal

from common.rules.working_days import WIB
from kiosk.i18n_texts import TEXTS

Language = Literal["id", "en"]
LANGUAGES: tuple[Language, ...] = ("id", "en")

_MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
_DAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def missing_translations() -> list[str]:
    """Keys whose Indonesian or English text is empty (must be none)."""
    return [key for key, (text_id, text_en) in TEXTS.items() if not text_id.strip() or not text_en.strip()]


class I18n:
    """The current language and the lookup of texts; listeners hear about language changes."""

    def __init__(self, language: Language = "id") -> None:
        """Start in ``language``."""
        self._language: Language = language
        self._listeners: list[Callable[[Language], None]] = []

    @property
    def language(self) -> Language:
        """The language in force."""
        return self._language

    def set_language(self, language: Language) -> None:
        """Switch language and tell every listener."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        if language == self._language:
            return
        self._language = language
        for listener in list(self._listeners):
            listener(language)

    def add_listener(self, listener: Callable[[Language], None]) -> None:
        """Call ``listener(language)`` after every change."""
        self._listeners.append(listener)

    def t(self, key: str, **values: object) -> str:
        """The text of ``key`` in the current language with ``{placeholders}`` filled."""
        try:
            pair = TEXTS[key]
        except KeyError:
            raise KeyError(f"no kiosk text {key!r}") from None
        text = pair[0] if self._language == "id" else pair[1]
        return text.format(**values) if values else text

    def pick(self, text_id: str, text_en: str) -> str:
        """Choose between two texts that come from elsewhere (reference data, rule messages)."""
        return text_id if self._language == "id" else text_en

    def number(self, value: int) -> str:
        """``4.000`` in Indonesian, ``4,000`` in English."""
        text = f"{value:,}"
        return text.replace(",", ".") if self._language == "id" else text

    def date(self, moment: datetime) -> str:
        """``Jumat, 28 November 2025`` (the WIB calendar day of an aware instant)."""
        local = moment.astimezone(WIB)
        return f"{_DAYS[self._language][local.weekday()]}, {local.day} {_MONTHS[self._language][local.month - 1]} " \
               f"{local.year}"

    def datetime(self, moment: datetime) -> str:
        """``28 November 2025, 14.05 WIB``."""
        local = moment.astimezone(WIB)
        sep = "." if self._language == "id" else ":"
        return f"{local.day} {_MONTHS[self._language][local.month - 1]} {local.year}, " \
               f"{local.hour:02d}{sep}{local.minute:02d} WIB"
