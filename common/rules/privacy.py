"""Personal-data protection (UU 27/2022): masking for receipts, keyed hashes, API keys and text hygiene."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass

import phonenumbers

from common.rules.errors import FieldError
from common.rules.identity import normalize_phone

DESCRIPTION_MAX_LENGTH = 4000
"""Open311 GeoReport v2 limit for ``description``, counted in code points."""

PERSONAL_FIELDS: frozenset[str] = frozenset(
    {
        # Our own forms (reporter_contact / info_request_applicant).
        "name", "full_name", "nik", "phone", "email", "address", "house_address", "photo", "power_of_attorney",
        "caller_number",
        # Open311 GeoReport v2 personal fields: accepted on POST, never returned.
        "first_name", "last_name", "device_id", "account_id",
    }
)  # fmt: skip
"""Field names that must never reach a public output (API response, videotron, TV wall)."""

_MIN_KEY_BYTES = 16  # an HMAC key shorter than this is a configuration mistake (e.g. an empty env variable)
_KIND_RE = re.compile(r"[a-z0-9]{1,32}")
_API_KEY_RE = re.compile(r"bsm_([a-z0-9]{1,32})_([0-9a-f]{8})_([A-Za-z0-9_-]{32})")

# Markup detection. Practical, not a parser: it must reject things that render or execute somewhere, and must
# accept ordinary prose such as "a < b", "3 > 2" or "x<5 dan y>3".
_TAG_NAMES = (
    "a|abbr|address|area|article|aside|audio|b|base|bdi|bdo|blockquote|body|br|button|canvas|caption|center|code|"
    "col|colgroup|data|dd|del|details|dfn|dialog|div|dl|dt|em|embed|fieldset|figure|font|footer|form|frame|"
    "frameset|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|label|legend|li|link|main|map|mark|marquee|"
    "math|menu|meta|meter|nav|noscript|object|ol|optgroup|option|output|p|param|picture|pre|progress|q|s|samp|"
    "script|section|select|small|source|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|"
    "textarea|tfoot|th|thead|time|title|tr|track|tt|u|ul|var|video|wbr|xml"
)
_HTML_PATTERNS = (
    # As in HTML's own parsing, a tag starts with "<" directly followed by its name ("< b" is prose: "a < b dan
    # 3 > 2" is not markup).
    re.compile(rf"</?(?:{_TAG_NAMES})\b[^<>]*>", re.IGNORECASE),  # a known element, opening or closing
    re.compile(r"<(?:script|iframe|object|embed|svg|img|style|link|meta|base|frame|form)\b", re.IGNORECASE),
    re.compile(r"<[A-Za-z][\w:-]*\s[^<>]*=[^<>]*>"),  # any element carrying an attribute
    re.compile(r"</[A-Za-z][\w:-]*\s*>"),  # any closing tag
    re.compile(r"<!--|<!\[CDATA\[|<!doctype", re.IGNORECASE),
    re.compile(r"&(?:lt|gt|amp|quot|apos|nbsp);|&#[0-9]{1,7};|&#x[0-9a-f]{1,6};", re.IGNORECASE),  # entities
    re.compile(r"\b(?:java|vb)script:(?=\S)|\bdata:text/html", re.IGNORECASE),  # script URLs (not prose)
)


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """A freshly generated API key: show ``plaintext`` once, store only ``prefix`` (lookup) and ``hash``."""

    plaintext: str
    prefix: str
    hash: str


def mask_nik(nik: str) -> str:
    """Mask a NIK for receipts, keeping the first 4 and last 4 digits: ``3673********0001``."""
    digits = "".join(nik.split())
    if len(digits) < 12:  # too short to show 8 digits and still hide a meaningful middle
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def mask_phone(raw: str) -> str:
    """Mask a phone number as ``+62 812-****-789`` (country code, first 3 and last 3 national digits).

    The middle is always four stars, so the mask does not reveal the number's length. Unparseable input gives
    ``****``: masking must never fail, and never leak.
    """
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        return "****"
    national = str(number.national_number)
    if len(national) < 7:
        return f"+{number.country_code} ****"
    return f"+{number.country_code} {national[:3]}-****-{national[-3:]}"


def mask_email(raw: str) -> str:
    """Mask an e-mail address as ``a***@gmail.com`` (first character of the local part, domain kept)."""
    local, at, domain = raw.strip().rpartition("@")
    if not at or not local or not domain:
        return "***"
    return f"{local[0]}***@{domain.lower()}"


def keyed_hash(key: bytes, value: str) -> str:
    """Return HMAC-SHA256(key, value) in hex: a stable pseudonym that cannot be reversed without the key."""
    if len(key) < _MIN_KEY_BYTES:
        raise ValueError(f"HMAC key must be at least {_MIN_KEY_BYTES} bytes")
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def caller_hash(key: bytes, raw_number: str) -> str:
    """Return the keyed hash of a caller's number, normalised to E.164 first so 0812... and +62812... match.

    Numbers that are not valid phone numbers (withheld, short codes, garbage from the switch) are hashed from
    their digits and ``+`` only, so the same raw number still maps to the same hash and can still be blocked.
    """
    try:
        canonical = normalize_phone(raw_number)
    except FieldError:
        canonical = "raw:" + "".join(c for c in raw_number if c.isascii() and (c.isdigit() or c == "+"))
    return keyed_hash(key, canonical)


def generate_api_key(kind: str) -> IssuedKey:
    """Generate ``bsm_<kind>_<prefix8>_<secret32>``; ``kind`` is lower-case letters/digits (e.g. a KeyKind).

    The 8 hex-digit prefix is a lookup handle only (callers should make it unique in storage and retry on a
    clash); the 32-character URL-safe secret carries 192 bits from :mod:`secrets`.
    """
    if not _KIND_RE.fullmatch(kind):
        raise ValueError(f"key kind must be 1-32 lower-case letters or digits, got {kind!r}")
    prefix = secrets.token_hex(4)
    plaintext = f"bsm_{kind}_{prefix}_{secrets.token_urlsafe(24)}"  # 24 bytes -> exactly 32 base64url chars
    return IssuedKey(plaintext, prefix, hash_api_key(plaintext))


def hash_api_key(plaintext: str) -> str:
    """Return the SHA-256 hex digest stored for an API key.

    A fast hash is right here: slow KDFs (bcrypt, argon2) exist to make guessing low-entropy passwords
    expensive, but a 192-bit random secret cannot be guessed at any speed, and a fast hash keeps every API
    request cheap.
    """
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def parse_key_prefix(plaintext: str) -> str | None:
    """Return the 8-character lookup prefix of a well-formed API key, or None if it is not one of ours."""
    match = _API_KEY_RE.fullmatch(plaintext.strip())
    return match.group(2) if match else None


def verify_api_key(plaintext: str, stored_hash: str) -> bool:
    """Return True if ``plaintext`` hashes to ``stored_hash``, comparing in constant time."""
    return hmac.compare_digest(hash_api_key(plaintext).encode("utf-8"), stored_hash.lower().encode("utf-8"))


def contains_html(text: str) -> bool:
    """Return True if ``text`` contains HTML markup, character entities used as markup, or script URLs."""
    return any(pattern.search(text) for pattern in _HTML_PATTERNS)


def _reject_bad_code_points(text: str, field: str) -> None:
    for char in text:
        if "\ud800" <= char <= "\udfff":
            raise FieldError(
                field, "Teks berisi karakter rusak", "text contains an invalid (surrogate) character"
            )
        if unicodedata.category(char) == "Cc" and char not in "\n\t":
            code = f"U+{ord(char):04X}"
            raise FieldError(
                field, f"Teks berisi karakter kontrol {code}", f"text contains control character {code}"
            )


def clean_plain_text(text: str, max_len: int, field: str = "description") -> str:
    """Return ``text`` as clean plain text, or raise :class:`FieldError` on ``field``.

    Line breaks are unified to ``\\n`` (browsers submit textareas with CRLF); then lone surrogates, NUL and other
    control characters except newline and tab are rejected; the text is NFC-normalised; HTML is rejected;
    leading/trailing whitespace is stripped; and the length, counted in code points, must not exceed ``max_len``
    ("maksimal 4000 karakter" for descriptions). Emoji (including ZWJ sequences) and RTL text are allowed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _reject_bad_code_points(text, field)
    text = unicodedata.normalize("NFC", text)
    if contains_html(text):
        raise FieldError(field, "Teks tidak boleh berisi HTML", "text must not contain HTML")
    text = text.strip()
    if len(text) > max_len:
        raise FieldError(field, f"maksimal {max_len} karakter", f"at most {max_len} characters")
    return text
