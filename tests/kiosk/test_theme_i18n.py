"""Contrast of every palette pair (WCAG 2.1), complete translations, local number and date formats."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from kiosk.i18n import I18n, missing_translations
from kiosk.i18n_texts import TEXTS
from kiosk.theme import MIN_TEXT_CONTRAST, MIN_UI_CONTRAST, Theme, contrast_ratio


@pytest.mark.parametrize("high_contrast", [False, True])
@pytest.mark.parametrize("large_text", [False, True])
def test_every_text_pair_reaches_4_5_to_1(high_contrast: bool, large_text: bool) -> None:
    theme = Theme.make(high_contrast=high_contrast, large_text=large_text)
    for name, foreground, background in theme.text_pairs():
        assert contrast_ratio(foreground, background) >= MIN_TEXT_CONTRAST, name
    for name, colour, background in theme.ui_pairs():
        assert contrast_ratio(colour, background) >= MIN_UI_CONTRAST, name


def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)


def test_large_text_is_larger_and_stylesheet_uses_the_palette() -> None:
    normal, large = Theme.make(), Theme.make(large_text=True)
    assert large.base_px > normal.base_px >= 24
    sheet = Theme.make(high_contrast=True).stylesheet()
    assert "#000000" in sheet and "#FFE600" in sheet


def test_every_text_exists_in_both_languages_with_the_same_placeholders() -> None:
    assert missing_translations() == []
    for key, (text_id, text_en) in TEXTS.items():
        assert set(re.findall(r"{(\w+)}", text_id)) == set(re.findall(r"{(\w+)}", text_en)), key


def test_language_switch_notifies_and_formats() -> None:
    i18n = I18n("id")
    heard: list[str] = []
    i18n.add_listener(heard.append)
    assert i18n.t("common.next") == "Lanjut"
    i18n.set_language("en")
    assert heard == ["en"] and i18n.t("common.next") == "Next"
    assert i18n.number(4000) == "4,000"
    i18n.set_language("id")
    assert i18n.number(4000) == "4.000"
    moment = datetime(2026, 3, 6, 16, 59, tzinfo=UTC)  # 23:59 WIB
    assert i18n.date(moment) == "Jumat, 6 Maret 2026"
    assert i18n.datetime(moment) == "6 Maret 2026, 23.59 WIB"
    with pytest.raises(KeyError):
        i18n.t("no.such.text")
    with pytest.raises(ValueError):
        i18n.set_language("fr")  # type: ignore[arg-type]
