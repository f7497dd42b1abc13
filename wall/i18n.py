"""The wall's texts: Bahasa Indonesia first, English on request (``WallTexts("en")``); Qt-free.

One :class:`WallTexts` is built by the composition root from ``config.wall.language`` (or ``bsm wall
--language``) and handed to every tile in its :class:`~wall.tiles.base.TileContext`. It is an immutable value:
no global language, nothing switched behind a tile's back. Dates and numbers are formatted here too, never with
the process locale (a wall PC's locale says nothing about the language its room reads).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from common.layouts.model import LANGUAGES
from common.layouts.model import Language as WallLang  # an output's own language is one of these
from wall.i18n_texts import TEXTS
from wall.timefmt import local

__all__ = ["LANGUAGES", "WallLang", "WallTexts", "known_keys", "lookup", "text_pairs"]

_DAYS: Mapping[WallLang, tuple[str, ...]] = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS: Mapping[WallLang, tuple[str, ...]] = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}  # fmt: skip


def lookup(table: Mapping[str, tuple[str, str]], lang: WallLang, key: str, values: Mapping[str, object]) -> str:
    """The ``(Indonesian, English)`` text of ``key`` in ``table`` in ``lang``, placeholders filled; an unknown key
    is returned as it is (the wall's and the editor's tables share this rule)."""
    pair = table.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "id" else pair[1]
    return text.format(**values) if values else text


@dataclass(frozen=True, slots=True)
class WallTexts:
    """The wall's texts in one language (Indonesian unless told otherwise)."""

    lang: WallLang = "id"

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"unknown wall language {self.lang!r} (known: {', '.join(LANGUAGES)})")

    def t(self, key: str, **values: object) -> str:
        """The text of ``key`` with its ``{placeholders}`` filled.

        An unknown key shows as the key itself rather than raising: a wall runs unattended, and a paint must
        never fail over a word (tests/wall/test_i18n.py proves every key the code uses exists).
        """
        return lookup(TEXTS, self.lang, key, values)

    def pick(self, text_id: str, text_en: str) -> str:
        """Choose between two texts that come in both languages from elsewhere (rule messages, reference data)."""
        return text_id if self.lang == "id" else text_en

    def number(self, value: int) -> str:
        """A whole number with thousands separators: ``12.345`` in Indonesian, ``12,345`` in English."""
        text = f"{value:,}"
        return text.replace(",", ".") if self.lang == "id" else text

    def decimal(self, value: float, places: int) -> str:
        """A number with ``places`` decimals: ``3,5`` in Indonesian, ``3.5`` in English."""
        text = f"{value:.{places}f}"
        return text.replace(".", ",") if self.lang == "id" else text

    def day_name(self, weekday: int) -> str:
        """The name of a weekday (0 = Monday, as :meth:`datetime.weekday`)."""
        return _DAYS[self.lang][weekday]

    def month_name(self, month: int) -> str:
        """The name of a month (1 = January)."""
        return _MONTHS[self.lang][month - 1]

    def long_date(self, moment: datetime) -> str:
        """``Rabu, 11 Maret 2026`` / ``Wednesday, 11 March 2026`` in Jakarta time."""
        t = local(moment)
        return f"{self.day_name(t.weekday())}, {t.day} {self.month_name(t.month)} {t.year}"


def known_keys() -> frozenset[str]:
    """Every key with a text (tests check that the code uses no other, and every one of them)."""
    return frozenset(TEXTS)


def text_pairs() -> Mapping[str, tuple[str, str]]:
    """Every key with its (Indonesian, English) texts (tests check both are there and agree on placeholders)."""
    return TEXTS
