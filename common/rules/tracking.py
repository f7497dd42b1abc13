"""Tracking codes printed on receipts, issued OFFLINE by kiosks without collisions.

Format: ``<prefix>-<counter>-<check>``, e.g. ``KS7-22226-G`` (issuer ``KS7``, its 5th code, counter 4):

* ``prefix``: 2-4 symbols, unique per issuer (kiosk, channel), allocated centrally once by :func:`next_prefix`.
  Because each issuer only ever increments its own counter, two offline kiosks can never produce the same code.
* ``counter``: the issuer's sequence number in base 30, zero-padded to 5 symbols. The symbol for zero is ``2``
  (the first symbol of the alphabet), so counter 0 is ``22222``. Range: 0 .. 30**5 - 1 = 24,299,999 per issuer.
* ``check``: one check symbol over prefix+counter (see below).

Alphabet: ``23456789ABCDEFGHJKMNPQRSTVWXYZ`` (30 symbols; Crockford-like without 0 O 1 I L U, which citizens and
clerks confuse when reading a printed slip aloud). Characters outside the alphabet are rejected, not guessed: a
typed ``O`` could mean ``0`` (not in the alphabet either) or ``Q``/``D``, and silently guessing would send the
citizen to someone else's report. Lower case and missing/extra dashes or spaces are accepted.

Check symbol: a pure ISO 7064-style system modulo the prime 31 with radix 3: the weighted sum
``sum(value_i * 3**(k-i))`` over the body plus the check value must be 0 mod 31. Because 31 is prime, every weight
is non-zero and 3 is a primitive root mod 31 (so the weights of any two positions less than 30 apart differ), it
detects EVERY single-symbol substitution and EVERY transposition of two symbols (adjacent or not) in codes of at
most 30 symbols. Mod 31 needs 31 check values, so the check position uses the 30 body symbols plus ``U`` (value
30), as Crockford's base32 does with its extra check symbols. (Rejected alternatives: the hybrid ISO 7064
MOD 31,30 misses some adjacent transpositions, and Luhn mod 30 misses the ``2``/``Z`` transposition.)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

from common.rules.errors import RuleError

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
"""The 30 symbols of prefixes and counters, in value order (``2`` is 0, ``Z`` is 29)."""
CHECK_ALPHABET = ALPHABET + "U"
"""The 31 symbols of the check position (``U`` = 30 appears only there)."""
BASE = len(ALPHABET)
COUNTER_LENGTH = 5
MAX_COUNTER = BASE**COUNTER_LENGTH - 1
"""Largest counter an issuer can use: 24,299,999."""
PREFIX_MIN_LENGTH = 2
PREFIX_MAX_LENGTH = 4

_MODULUS = 31  # prime, > BASE, so every non-zero difference of symbol values is invertible
_RADIX = 3  # primitive root mod 31: weights 3**k are pairwise distinct for k < 30
_VALUE = {symbol: value for value, symbol in enumerate(CHECK_ALPHABET)}
_SEPARATORS = frozenset("- \t")

Reason = Literal["length", "character", "check"]


class InvalidTrackingCode(RuleError):
    """A tracking code that cannot be accepted; ``reason`` is ``length``, ``character`` or ``check``."""

    def __init__(self, reason: Reason, message_id: str, message_en: str) -> None:
        super().__init__(message_id, message_en)
        self.reason: Reason = reason


@dataclass(frozen=True, slots=True)
class TrackingCode:
    """A parsed tracking code: the issuer's prefix and its counter value."""

    prefix: str
    counter: int

    def __str__(self) -> str:
        return format_code(self.prefix, self.counter)


def _weighted_sum(symbols: str) -> int:
    # Horner's rule: ((v0 * r + v1) * r + v2) ... == sum(v_i * r**(k-i)) mod 31.
    total = 0
    for symbol in symbols:
        total = (total * _RADIX + _VALUE[symbol]) % _MODULUS
    return total


def check_symbol(body: str) -> str:
    """Return the check symbol for ``body`` (prefix + counter symbols, no separators)."""
    # Choose c so that (sum * r + c) == 0 mod 31, i.e. the whole code including c sums to zero.
    return CHECK_ALPHABET[(-_weighted_sum(body) * _RADIX) % _MODULUS]


def _encode_counter(counter: int) -> str:
    digits = []
    for _ in range(COUNTER_LENGTH):
        counter, digit = divmod(counter, BASE)
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


def _validate_prefix(prefix: str) -> None:
    if not PREFIX_MIN_LENGTH <= len(prefix) <= PREFIX_MAX_LENGTH or any(c not in ALPHABET for c in prefix):
        raise ValueError(
            f"prefix must be {PREFIX_MIN_LENGTH}-{PREFIX_MAX_LENGTH} symbols of {ALPHABET!r}, got {prefix!r}"
        )


def format_code(prefix: str, counter: int) -> str:
    """Return the printed code, e.g. ``format_code("KS7", 4) == "KS7-22226-G"``.

    Raises ``ValueError`` for a prefix outside the alphabet/length or a counter outside 0..MAX_COUNTER.
    """
    _validate_prefix(prefix)
    if not 0 <= counter <= MAX_COUNTER:
        raise ValueError(f"counter must be in 0..{MAX_COUNTER}, got {counter}")
    encoded = _encode_counter(counter)
    return f"{prefix}-{encoded}-{check_symbol(prefix + encoded)}"


def _normalise(text: str) -> str:
    symbols = []
    for char in text.strip():
        if char in _SEPARATORS:
            continue  # dashes and spaces are only grouping; users drop or double them
        upper = char.upper()
        if upper not in _VALUE:
            raise InvalidTrackingCode(
                "character",
                f"Karakter '{char}' tidak dipakai dalam kode pelacakan",
                f"character '{char}' is not used in tracking codes",
            )
        symbols.append(upper)
    return "".join(symbols)


def parse_code(text: str) -> TrackingCode:
    """Parse a typed or scanned tracking code, accepting lower case and missing/extra dashes or spaces.

    Raises :class:`InvalidTrackingCode` with reason ``length`` (too short/long), ``character`` (a symbol outside
    the alphabet, including ``U`` outside the check position) or ``check`` ("kode salah ketik": a typing error).
    """
    symbols = _normalise(text)
    min_len = PREFIX_MIN_LENGTH + COUNTER_LENGTH + 1
    max_len = PREFIX_MAX_LENGTH + COUNTER_LENGTH + 1
    if not min_len <= len(symbols) <= max_len:
        raise InvalidTrackingCode(
            "length",
            f"Panjang kode harus {min_len}-{max_len} karakter (tanpa tanda hubung), tertulis {len(symbols)}",
            f"a code has {min_len}-{max_len} characters (without dashes), got {len(symbols)}",
        )
    body, check = symbols[:-1], symbols[-1]
    if "U" in body:
        raise InvalidTrackingCode(
            "character",
            "Huruf 'U' hanya boleh di posisi terakhir kode",
            "the letter 'U' may only appear in the last position",
        )
    if check_symbol(body) != check:
        raise InvalidTrackingCode("check", "Kode salah ketik, periksa kembali", "typing error in the code")
    prefix_length = len(body) - COUNTER_LENGTH
    counter = 0
    for symbol in body[prefix_length:]:
        counter = counter * BASE + _VALUE[symbol]
    return TrackingCode(body[:prefix_length], counter)


def next_prefix(existing: set[str]) -> str:
    """Return the first issuer prefix, shortest first and in alphabet order, not in ``existing``.

    ``existing`` is compared case-insensitively. Prefixes of different lengths never collide because the counter
    has a fixed length, so ``KS`` and ``KS7`` can coexist. Raises ``RuntimeError`` when all 30**2 + 30**3 + 30**4
    prefixes are taken.
    """
    taken = {p.strip().upper() for p in existing}
    for length in range(PREFIX_MIN_LENGTH, PREFIX_MAX_LENGTH + 1):
        for combo in itertools.product(ALPHABET, repeat=length):
            candidate = "".join(combo)
            if candidate not in taken:
                return candidate
    raise RuntimeError("all tracking-code prefixes are allocated")
