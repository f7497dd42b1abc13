"""Strict parsing of Open311 POST bodies (form-urlencoded, or multipart with one ``media`` file).

Off-the-shelf parsers are lenient where we must not be: they replace invalid UTF-8 silently and keep the last of
two fields with the same name. Here every name and value must be valid UTF-8 (after percent-decoding), a field
may appear once (``attribute[code][]`` excepted: that is how a multivaluelist is sent), and a malformed body is a
400 that names the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from email.policy import HTTP
from urllib.parse import unquote_to_bytes

from hub.errors import ApiError

MAX_FIELDS = 100
MAX_NAME_LENGTH = 100
MAX_VALUE_BYTES = 64_000
FORM_TYPE = "application/x-www-form-urlencoded"
MULTIPART_TYPE = "multipart/form-data"


@dataclass(frozen=True, slots=True)
class MediaFile:
    """An uploaded photo (``media``): its declared type and bytes."""

    content_type: str
    data: bytes


@dataclass
class FormFields:
    """Single-valued fields, multi-valued ``attribute[code][]`` lists and the optional media file."""

    values: dict[str, str] = field(default_factory=dict)
    multi: dict[str, list[str]] = field(default_factory=dict)
    media: MediaFile | None = None

    def get(self, name: str) -> str | None:
        """The field's value, or None when absent or empty (Open311: empty == not declared)."""
        value = self.values.get(name)
        return value if value else None

    def add(self, name: str, value: str) -> None:
        """Add a field; a repeated single-valued field is refused."""
        if len(self.values) + len(self.multi) >= MAX_FIELDS:
            raise ApiError(400, f"more than {MAX_FIELDS} fields", f"Lebih dari {MAX_FIELDS} isian")
        if name.endswith("[]"):
            self.multi.setdefault(name[:-2], []).append(value)
            return
        if name in self.values:
            raise ApiError(400, f"field '{name}' appears more than once", f"Isian '{name}' terkirim dua kali", name)
        self.values[name] = value


def _decode(raw: bytes, what: str, name: str | None) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, f"{what} is not valid UTF-8", f"{what} bukan UTF-8 yang sah", name) from None


def _checked_name(raw: bytes) -> str:
    name = _decode(raw, "field name", None)
    if not name or len(name) > MAX_NAME_LENGTH or not name.isprintable():
        raise ApiError(400, "invalid field name", "Nama isian tidak sah", name[:MAX_NAME_LENGTH] or None)
    return name


def parse_urlencoded(body: bytes) -> FormFields:
    """Parse ``application/x-www-form-urlencoded`` strictly (percent-decoding, then strict UTF-8)."""
    form = FormFields()
    for pair in body.split(b"&"):
        if not pair:
            continue
        raw_name, _, raw_value = pair.partition(b"=")
        name = _checked_name(unquote_to_bytes(raw_name.replace(b"+", b" ")))
        value_bytes = unquote_to_bytes(raw_value.replace(b"+", b" "))
        if len(value_bytes) > MAX_VALUE_BYTES:
            raise ApiError(400, "value too long", "Isian terlalu panjang", name)
        form.add(name, _decode(value_bytes, "value", name))
    return form


def _part_name(part: Message) -> str:
    name = part.get_param("name", header="content-disposition")
    if not isinstance(name, str):
        raise ApiError(400, "multipart part without a name", "Bagian multipart tanpa nama")
    return _checked_name(name.encode("utf-8", errors="surrogateescape"))


def parse_multipart(body: bytes, content_type: str) -> FormFields:
    """Parse ``multipart/form-data``: text parts become fields, the part named ``media`` the photo."""
    message = message_from_bytes(b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body,
                                 policy=HTTP)
    if not message.is_multipart():
        raise ApiError(400, "malformed multipart body", "Isi multipart rusak")
    form = FormFields()
    for part in message.iter_parts():
        name = _part_name(part)
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if name == "media":
            if form.media is not None:
                raise ApiError(400, "more than one media file", "Lebih dari satu berkas media", "media")
            form.media = MediaFile(part.get_content_type(), data)
            continue
        if len(data) > MAX_VALUE_BYTES:
            raise ApiError(400, "value too long", "Isian terlalu panjang", name)
        form.add(name, _decode(data, "value", name))
    return form


def parse_form(content_type: str | None, body: bytes) -> FormFields:
    """Parse a POST body by its declared type; anything but the two form types is a 415."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type == FORM_TYPE:
        return parse_urlencoded(body)
    if media_type == MULTIPART_TYPE and content_type is not None:
        return parse_multipart(body, content_type)
    raise ApiError(415, f"Content-Type must be {FORM_TYPE} or {MULTIPART_TYPE}",
                   f"Content-Type harus {FORM_TYPE} atau {MULTIPART_TYPE}")
