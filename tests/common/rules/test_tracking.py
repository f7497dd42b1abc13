"""Tracking codes: format, parsing, and proof that every single substitution and transposition is caught."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common.rules import tracking
from common.rules.tracking import (
    ALPHABET,
    CHECK_ALPHABET,
    MAX_COUNTER,
    InvalidTrackingCode,
    TrackingCode,
    format_code,
    next_prefix,
    parse_code,
)

PREFIXES = st.text(alphabet=ALPHABET, min_size=2, max_size=4)
COUNTERS = st.integers(min_value=0, max_value=MAX_COUNTER)


def is_accepted(text: str) -> bool:
    try:
        parse_code(text)
    except InvalidTrackingCode:
        return False
    return True


def test_alphabet_has_no_confusable_symbols() -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 30
    assert not set("01OILU") & set(ALPHABET)
    assert CHECK_ALPHABET == ALPHABET + "U"


def test_counter_range_is_30_to_the_fifth() -> None:
    assert MAX_COUNTER == 24_299_999
    assert format_code("KS", 0).split("-")[1] == "22222"  # "2" is the zero symbol
    assert format_code("KS", MAX_COUNTER).split("-")[1] == "ZZZZZ"
    assert format_code("KS", 31).split("-")[1] == "22233"  # 31 = 1*30 + 1
    with pytest.raises(ValueError):
        format_code("KS", MAX_COUNTER + 1)
    with pytest.raises(ValueError):
        format_code("KS", -1)


def test_check_symbol_satisfies_the_mod31_equation_computed_independently() -> None:
    code = format_code("KS7", 4).replace("-", "")
    values = [CHECK_ALPHABET.index(c) for c in code]
    # sum(v_i * 3**(len-1-i)) must be 0 mod 31, with the check symbol at weight 3**0.
    assert sum(v * pow(3, len(values) - 1 - i, 31) for i, v in enumerate(values)) % 31 == 0


@pytest.mark.parametrize("prefix", ["K", "KSAB7", "K0", "KI", "ks", "KSU"])
def test_format_rejects_bad_prefixes(prefix: str) -> None:
    with pytest.raises(ValueError):
        format_code(prefix, 1)


@settings(max_examples=200, deadline=None)
@given(prefix=PREFIXES, counter=COUNTERS)
def test_round_trip(prefix: str, counter: int) -> None:
    text = format_code(prefix, counter)
    assert parse_code(text) == TrackingCode(prefix, counter)
    assert str(parse_code(text)) == text
    # Lower case, no dashes, extra dashes and spaces are all fine.
    assert parse_code(text.lower()) == TrackingCode(prefix, counter)
    assert parse_code(text.replace("-", "")) == TrackingCode(prefix, counter)
    assert parse_code(" " + text.replace("-", " - ") + "- ") == TrackingCode(prefix, counter)


def test_format_groups_prefix_counter_and_check() -> None:
    text = format_code("KS7", 4)
    prefix, counter, check = text.split("-")
    assert (prefix, counter, len(check)) == ("KS7", "22226", 1)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("KS-2222", "length"),
        ("KS7AB-22224-P", "length"),
        ("", "length"),
        ("KS7-2O224-P", "character"),  # letter O
        ("KS7-20224-P", "character"),  # digit zero
        ("KS1-22224-P", "character"),
        ("KSU-22224-P", "character"),  # U only exists as a check symbol
        ("KS7_22224_P", "character"),
    ],
)
def test_parse_errors_have_a_clear_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidTrackingCode) as caught:
        parse_code(text)
    assert caught.value.reason == reason
    assert caught.value.message_id and caught.value.message_en


def test_wrong_check_says_typing_error() -> None:
    good = format_code("KS7", 4)
    wrong_check = next(c for c in CHECK_ALPHABET if c != good[-1])
    with pytest.raises(InvalidTrackingCode) as caught:
        parse_code(good[:-1] + wrong_check)
    assert caught.value.reason == "check"
    assert "salah ketik" in caught.value.message_id


def _sample_codes(count: int) -> list[str]:
    rng = random.Random(20250401)  # fixed seed: the same codes every run
    codes = [format_code("KS", 0), format_code("ZZZZ", MAX_COUNTER)]
    while len(codes) < count:
        prefix = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(2, 4)))
        codes.append(format_code(prefix, rng.randint(0, MAX_COUNTER)))
    return [code.replace("-", "") for code in codes]


def test_every_single_substitution_is_detected() -> None:
    checked = 0
    for code in _sample_codes(300):
        for position, original in enumerate(code):
            for replacement in CHECK_ALPHABET:
                if replacement != original:
                    assert not is_accepted(code[:position] + replacement + code[position + 1 :])
                    checked += 1
    assert checked > 80_000


def test_every_adjacent_transposition_is_detected() -> None:
    checked = 0
    for code in _sample_codes(1500):
        for position in range(len(code) - 1):
            a, b = code[position], code[position + 1]
            if a != b:
                assert not is_accepted(code[:position] + b + a + code[position + 2 :])
                checked += 1
    assert checked > 10_000


@pytest.mark.parametrize("length", [2, 3, 4])
def test_every_symbol_pair_transposed_at_every_position_is_detected(length: int) -> None:
    # Exhaustive over all 30x30 symbol pairs at every adjacent position of every code length, with the other
    # symbols fixed: the check is linear, so the other symbols cannot influence whether a swap is caught.
    base = format_code("K" * length, 0).replace("-", "")[:-1]
    for position in range(len(base) - 1):
        for a, b in itertools.permutations(ALPHABET, 2):
            body = base[:position] + a + b + base[position + 2 :]
            good = body + tracking.check_symbol(body)
            swapped = body[:position] + b + a + body[position + 2 :] + good[-1]
            assert is_accepted(good)
            assert not is_accepted(swapped)


def test_swapping_the_check_symbol_with_its_neighbour_is_detected() -> None:
    for code in _sample_codes(500):
        if code[-1] != code[-2]:
            assert not is_accepted(code[:-2] + code[-1] + code[-2])


def test_next_prefix_allocates_unique_prefixes_shortest_first() -> None:
    assert next_prefix(set()) == "22"
    assert next_prefix({"22", "23"}) == "24"
    assert next_prefix({"ks", "22"}) == "23"  # case-insensitive comparison
    taken: set[str] = set()
    for _ in range(950):
        prefix = next_prefix(taken)
        assert prefix not in taken
        taken.add(prefix)
    assert min(len(p) for p in taken) == 2
    assert sum(len(p) == 2 for p in taken) == 900  # all two-symbol prefixes used before any three-symbol one
    assert all(is_accepted(format_code(p, 7)) for p in taken)
