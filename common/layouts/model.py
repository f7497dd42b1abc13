"""The layout domain: tiles on a grid, outputs (screens or pixel rectangles) and their presets.

Everything is a frozen dataclass built from plain JSON (``"schema": 1``). Parsing never guesses: a bad field
raises :class:`LayoutFormatError` naming its path (``tiles[2].row_span``) in Indonesian and English.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

SCHEMA_VERSION = 1
Privacy = Literal["public", "internal"]
PRIVACIES: tuple[Privacy, ...] = ("public", "internal")
Language = Literal["id", "en"]
LANGUAGES: tuple[Language, ...] = ("id", "en")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.\-]{0,99}$")


_SHOWN_CHARS = 60


def shown(value: Any) -> str:
    """``repr(value)`` for an error message, cut to a readable length (a hostile value is not echoed whole)."""
    text = repr(value)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def freeze_settings(settings: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only deep copy of JSON settings (JSON round trip, so only JSON values survive)."""
    return MappingProxyType(json.loads(json.dumps(dict(settings))))


@dataclass(frozen=True)
class FormatIssue:
    """One malformed field: its JSON path and what is wrong, in Indonesian and English."""

    path: str
    message_id: str
    message_en: str


class LayoutFormatError(ValueError):
    """The JSON of a layout or output is malformed; ``issues`` names each bad field by its path."""

    def __init__(self, issues: Sequence[FormatIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__("; ".join(f"{i.path}: {i.message_en}" for i in self.issues))


@dataclass(frozen=True)
class TileSpec:
    """One tile: its cell (row, col from 0), its span, its kind and the kind's settings."""

    id: str
    row: int
    col: int
    row_span: int
    col_span: int
    kind: str
    settings: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "settings", freeze_settings(self.settings))

    def __hash__(self) -> int:
        return hash((self.id, self.row, self.col, self.row_span, self.col_span, self.kind))

    @property
    def cells(self) -> frozenset[tuple[int, int]]:
        """Every (row, col) cell the tile covers."""
        return frozenset(
            (r, c)
            for r in range(self.row, self.row + self.row_span)
            for c in range(self.col, self.col + self.col_span)
        )

    def replace(self, **changes: Any) -> TileSpec:
        """A copy with some fields changed."""
        values = {**self.to_json(), **changes}
        return TileSpec(
            id=values["id"], row=values["row"], col=values["col"], row_span=values["row_span"],
            col_span=values["col_span"], kind=values["kind"], settings=values["settings"],
        )

    def to_json(self) -> dict[str, Any]:
        """The tile as plain JSON."""
        return {
            "id": self.id, "row": self.row, "col": self.col, "row_span": self.row_span,
            "col_span": self.col_span, "kind": self.kind, "settings": json.loads(json.dumps(dict(self.settings))),
        }


@dataclass(frozen=True)
class Layout:
    """A grid of ``rows`` x ``cols`` cells and the tiles placed on it (kept sorted by row, col, id)."""

    name: str
    rows: int
    cols: int
    tiles: tuple[TileSpec, ...] = ()
    schema: int = SCHEMA_VERSION

    def __post_init__(self) -> None:
        object.__setattr__(self, "tiles", tuple(sorted(self.tiles, key=lambda t: (t.row, t.col, t.id))))

    def tile(self, tile_id: str) -> TileSpec:
        """The tile with ``tile_id``; KeyError if absent."""
        for t in self.tiles:
            if t.id == tile_id:
                return t
        raise KeyError(tile_id)

    def has_tile(self, tile_id: str) -> bool:
        """True when a tile with ``tile_id`` exists."""
        return any(t.id == tile_id for t in self.tiles)

    def with_tiles(self, tiles: Sequence[TileSpec]) -> Layout:
        """The same grid with other tiles."""
        return Layout(self.name, self.rows, self.cols, tuple(tiles), self.schema)

    def to_json(self) -> dict[str, Any]:
        """The layout as a plain JSON document (``kind`` = ``layout``)."""
        return {
            "schema": self.schema, "kind": "layout", "name": self.name, "rows": self.rows, "cols": self.cols,
            "tiles": [t.to_json() for t in self.tiles],
        }


@dataclass(frozen=True)
class PresetRef:
    """A named preset of an output: keyboard key 1-9 and the layout it shows."""

    key: int
    name: str
    layout: str

    def to_json(self) -> dict[str, Any]:
        """Plain JSON."""
        return {"key": self.key, "name": self.name, "layout": self.layout}


@dataclass(frozen=True)
class ScheduleEntry:
    """Show ``preset`` from ``start`` to ``end`` (``HH:MM`` local time, Asia/Jakarta); may wrap midnight."""

    start: str
    end: str
    preset: str

    def covers(self, minute_of_day: int) -> bool:
        """True when the local minute of the day falls in [start, end)."""
        start, end = _minutes(self.start), _minutes(self.end)
        if start <= end:
            return start <= minute_of_day < end
        return minute_of_day >= start or minute_of_day < end

    def to_json(self) -> dict[str, Any]:
        """Plain JSON."""
        return {"start": self.start, "end": self.end, "preset": self.preset}


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class OutputSpec:
    """One wall output: a screen (by its name) or an exact pixel rectangle on a screen, driven by ``node``.

    ``rect`` is (x, y, w, h) relative to the screen's top-left (the videotron's LED controller copies it).
    ``alarm_preset`` names a preset of ``presets`` shown on an alarm (internal outputs only). ``language`` is the
    output's own language (None: the wall node's), e.g. the TV wall in English for visitors while the videotron
    outside stays Indonesian.
    """

    name: str
    node: str
    screen: str | None
    rect: tuple[int, int, int, int] | None
    resolution: tuple[int, int]
    privacy: Privacy
    presets: tuple[PresetRef, ...] = ()
    schedule: tuple[ScheduleEntry, ...] = ()
    alarm_preset: str | None = None
    alarm_minutes: int = 10
    language: Language | None = None
    schema: int = SCHEMA_VERSION

    @property
    def is_public(self) -> bool:
        """True for a public output (the videotron)."""
        return self.privacy == "public"

    def preset(self, name: str) -> PresetRef | None:
        """The preset called ``name``, if any."""
        return next((p for p in self.presets if p.name == name), None)

    def to_json(self) -> dict[str, Any]:
        """The output as a plain JSON document (``kind`` = ``output``)."""
        return {
            "schema": self.schema, "kind": "output", "name": self.name, "node": self.node, "screen": self.screen,
            "rect": list(self.rect) if self.rect else None, "resolution": list(self.resolution),
            "privacy": self.privacy, "presets": [p.to_json() for p in self.presets],
            "schedule": [s.to_json() for s in self.schedule], "alarm_preset": self.alarm_preset,
            "alarm_minutes": self.alarm_minutes, "language": self.language,
        }


def is_valid_hhmm(value: str) -> bool:
    """True for ``HH:MM`` (00:00-23:59)."""
    return bool(_HHMM.match(value))


def is_valid_name(value: str) -> bool:
    """Document names: letters, digits, space, ``_.-``; at most 100 characters."""
    return bool(_NAME.match(value))
