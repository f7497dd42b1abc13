"""JSON to model: parse layout and output documents, naming the path of every malformed field."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from common.layouts.model import (
    LANGUAGES,
    PRIVACIES,
    SCHEMA_VERSION,
    FormatIssue,
    Layout,
    LayoutFormatError,
    OutputSpec,
    PresetRef,
    ScheduleEntry,
    TileSpec,
    is_valid_hhmm,
    is_valid_name,
    shown,
)

T = TypeVar("T")
MAX_GRID = 12
MAX_DOCUMENT_BYTES = 1_000_000
"""1 MB: a layout or output document is a few kilobytes; anything this large is not one (and is refused unread)."""


class _Reader:
    """Reads typed fields out of nested JSON and collects a :class:`FormatIssue` per bad field."""

    def __init__(self) -> None:
        self.issues: list[FormatIssue] = []

    def fail(self, path: str, message_id: str, message_en: str) -> None:
        self.issues.append(FormatIssue(path, message_id, message_en))

    def get(self, obj: dict[str, Any], key: str, path: str, check: Callable[[Any], bool], want_id: str,
            want_en: str, default: Any = ..., ) -> Any:
        where = f"{path}.{key}" if path else key
        if key not in obj:
            if default is not ...:
                return default
            self.fail(where, "wajib diisi", "is required")
            return None
        value = obj[key]
        if not check(value):
            got = shown(value)
            self.fail(where, f"harus {want_id} (didapat {got})", f"must be {want_en} (got {got})")
            return None
        return value

    def int_(self, obj: dict[str, Any], key: str, path: str, lo: int, hi: int, default: Any = ...) -> Any:
        def ok(v: Any) -> bool:
            return isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi
        return self.get(obj, key, path, ok, f"bilangan bulat {lo}..{hi}", f"an integer {lo}..{hi}", default)

    def str_(self, obj: dict[str, Any], key: str, path: str, default: Any = ..., name: bool = False) -> Any:
        if name:
            return self.get(obj, key, path, lambda v: isinstance(v, str) and is_valid_name(v),
                            "nama (huruf, angka, spasi, _.-; maks. 100)",
                            "a name (letters, digits, space, _.-; at most 100)", default)
        return self.get(obj, key, path, lambda v: isinstance(v, str), "teks", "a string", default)

    def obj(self, value: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(path or "(dokumen)", "harus objek JSON", "must be a JSON object")
            return None
        return value

    def list_(self, obj: dict[str, Any], key: str, path: str, default: Any = ...) -> list[Any]:
        value = self.get(obj, key, path, lambda v: isinstance(v, list), "daftar", "a list", default)
        return value if isinstance(value, list) else []

    def raise_if_any(self) -> None:
        if self.issues:
            raise LayoutFormatError(self.issues)


def _schema(r: _Reader, doc: dict[str, Any], kind: str) -> None:
    r.get(doc, "schema", "", lambda v: v == SCHEMA_VERSION, f"versi skema {SCHEMA_VERSION}",
          f"schema version {SCHEMA_VERSION}")
    r.get(doc, "kind", "", lambda v: v == kind, f"'{kind}'", f"'{kind}'", default=kind)


def _tile(r: _Reader, raw: Any, path: str) -> TileSpec | None:
    obj = r.obj(raw, path)
    if obj is None:
        return None
    before = len(r.issues)
    values = {
        "id": r.get(obj, "id", path, lambda v: isinstance(v, str) and 0 < len(v) <= 60, "teks 1-60 karakter",
                    "a string of 1-60 characters"),
        "row": r.int_(obj, "row", path, 0, 10_000), "col": r.int_(obj, "col", path, 0, 10_000),
        "row_span": r.int_(obj, "row_span", path, -10_000, 10_000, default=1),
        "col_span": r.int_(obj, "col_span", path, -10_000, 10_000, default=1),
        "kind": r.get(obj, "kind", path, lambda v: isinstance(v, str) and bool(v), "teks", "a string"),
        "settings": r.get(obj, "settings", path, lambda v: isinstance(v, dict), "objek JSON", "a JSON object",
                          default={}),
    }
    return TileSpec(**values) if len(r.issues) == before else None


def _read_layout(r: _Reader, doc: dict[str, Any]) -> Layout | None:
    _schema(r, doc, "layout")
    name = r.str_(doc, "name", "", name=True)
    rows = r.int_(doc, "rows", "", 1, MAX_GRID)
    cols = r.int_(doc, "cols", "", 1, MAX_GRID)
    tiles = [_tile(r, raw, f"tiles[{i}]") for i, raw in enumerate(r.list_(doc, "tiles", ""))]
    if r.issues:
        return None
    return Layout(name=name, rows=rows, cols=cols, tiles=tuple(t for t in tiles if t is not None))


def layout_from_json(data: Any) -> Layout:
    """Parse a layout document; raise :class:`LayoutFormatError` naming each bad field."""
    r = _Reader()
    doc = r.obj(data, "")
    layout = _read_layout(r, doc) if doc is not None else None
    r.raise_if_any()
    assert layout is not None
    return layout


def _preset(r: _Reader, raw: Any, path: str) -> PresetRef | None:
    obj = r.obj(raw, path)
    if obj is None:
        return None
    key, name = r.int_(obj, "key", path, 1, 9), r.str_(obj, "name", path, name=True)
    layout = r.str_(obj, "layout", path, name=True)
    return PresetRef(key, name, layout) if None not in (key, name, layout) else None


def _entry(r: _Reader, raw: Any, path: str) -> ScheduleEntry | None:
    obj = r.obj(raw, path)
    if obj is None:
        return None

    def hhmm(v: Any) -> bool:
        return isinstance(v, str) and is_valid_hhmm(v)

    start = r.get(obj, "start", path, hhmm, "jam HH:MM", "a time HH:MM")
    end = r.get(obj, "end", path, hhmm, "jam HH:MM", "a time HH:MM")
    preset = r.str_(obj, "preset", path, name=True)
    return ScheduleEntry(start, end, preset) if None not in (start, end, preset) else None


def _int_list(n: int, lo: int) -> Callable[[Any], bool]:
    def ok(v: Any) -> bool:
        return (isinstance(v, list) and len(v) == n
                and all(isinstance(x, int) and not isinstance(x, bool) and x >= lo for x in v))
    return ok


def _read_output(r: _Reader, doc: dict[str, Any]) -> OutputSpec | None:
    _schema(r, doc, "output")
    name, node = r.str_(doc, "name", "", name=True), r.str_(doc, "node", "", name=True)
    screen = r.get(doc, "screen", "", lambda v: v is None or isinstance(v, str), "teks atau null",
                   "a string or null", default=None)
    rect = r.get(doc, "rect", "", lambda v: v is None or (_int_list(4, 0)(v) and v[2] > 0 and v[3] > 0),
                 "null atau [x, y, lebar, tinggi]", "null or [x, y, width, height]", default=None)
    res = r.get(doc, "resolution", "", lambda v: _int_list(2, 16)(v), "[lebar, tinggi]", "[width, height]",
                default=None)
    privacy = r.get(doc, "privacy", "", lambda v: v in PRIVACIES, "'public' atau 'internal'",
                    "'public' or 'internal'")
    presets = [_preset(r, p, f"presets[{i}]") for i, p in enumerate(r.list_(doc, "presets", "", default=[]))]
    schedule = [_entry(r, e, f"schedule[{i}]") for i, e in enumerate(r.list_(doc, "schedule", "", default=[]))]
    alarm = r.get(doc, "alarm_preset", "", lambda v: v is None or isinstance(v, str), "teks atau null",
                  "a string or null", default=None)
    minutes = r.int_(doc, "alarm_minutes", "", 1, 24 * 60, default=10)
    language = r.get(doc, "language", "", lambda v: v is None or v in LANGUAGES, "null, 'id' atau 'en'",
                     "null, 'id' or 'en'", default=None)
    if r.issues:
        return None
    resolution = tuple(res) if res else ((rect[2], rect[3]) if rect else (1920, 1080))
    return OutputSpec(
        name=name, node=node, screen=screen, rect=tuple(rect) if rect else None,
        resolution=resolution,
        privacy=privacy, presets=tuple(p for p in presets if p), schedule=tuple(e for e in schedule if e),
        alarm_preset=alarm, alarm_minutes=minutes, language=language,
    )


def output_from_json(data: Any) -> OutputSpec:
    """Parse an output document; raise :class:`LayoutFormatError` naming each bad field."""
    r = _Reader()
    doc = r.obj(data, "")
    output = _read_output(r, doc) if doc is not None else None
    r.raise_if_any()
    assert output is not None
    return output


def _document_error(message_id: str, message_en: str) -> LayoutFormatError:
    return LayoutFormatError([FormatIssue("(dokumen)", message_id, message_en)])


def loads_document(text: str) -> Any:
    """Parse JSON text; a syntax error becomes a :class:`LayoutFormatError` with line and column, and so does
    text over :data:`MAX_DOCUMENT_BYTES` characters or nested too deeply for the parser."""
    if len(text) > MAX_DOCUMENT_BYTES:
        raise _document_error("dokumen terlalu besar (lebih dari 1 MB)", "document too large (over 1 MB)")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"(baris {exc.lineno}, kolom {exc.colno})"
        raise LayoutFormatError([FormatIssue(
            f"(line {exc.lineno}, column {exc.colno})", f"JSON tidak sah {where}: {exc.msg}",
            f"invalid JSON: {exc.msg}")]) from exc
    except RecursionError as exc:
        raise _document_error("JSON bersarang terlalu dalam", "JSON nested too deeply") from exc


def read_document_file(path: Path) -> str:
    """The text of a JSON document file; :class:`LayoutFormatError` when it is larger than
    :data:`MAX_DOCUMENT_BYTES` (checked before reading) or not UTF-8. ``OSError`` passes through."""
    with path.open("rb") as handle:
        data = handle.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _document_error("berkas terlalu besar (lebih dari 1 MB)", "file too large (over 1 MB)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _document_error(f"bukan teks UTF-8 ({exc.reason} pada byte {exc.start})",
                              f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def document_kind(data: Any) -> str:
    """``layout`` or ``output`` (missing ``kind`` means layout)."""
    if isinstance(data, dict) and data.get("kind") == "output":
        return "output"
    return "layout"
