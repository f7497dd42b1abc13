"""Edits of a layout as pure commands: ``apply(layout) -> (new_layout, Change)``; ``change.inverse()`` undoes.

The layout editor builds undo/redo on these. A command that would leave the grid invalid (overlap, out of
bounds, span < 1, unknown or duplicate tile id) raises :class:`CommandError` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Protocol

from common.layouts.model import Layout, TileSpec


class CommandError(ValueError):
    """The edit cannot be applied to this layout (the message says why, in English)."""


@dataclass(frozen=True)
class Change:
    """What an edit changed: tiles taken out, tiles put in (same id = modified), grid before and after."""

    removed: tuple[TileSpec, ...]
    added: tuple[TileSpec, ...]
    grid_before: tuple[int, int]
    grid_after: tuple[int, int]

    @property
    def modified_ids(self) -> frozenset[str]:
        """Ids present before and after (moved, resized or new settings)."""
        return frozenset(t.id for t in self.removed) & frozenset(t.id for t in self.added)

    def inverse(self) -> ReplaceTiles:
        """The command that undoes this change."""
        return ReplaceTiles(tuple(t.id for t in self.added), self.removed, self.grid_before)


class LayoutCommand(Protocol):
    """An edit of a layout."""

    def apply(self, layout: Layout) -> tuple[Layout, Change]:
        """The edited layout and what changed; raise :class:`CommandError` when not applicable."""
        ...


def _check(layout: Layout) -> Layout:
    ids = [t.id for t in layout.tiles]
    if len(set(ids)) != len(ids):
        raise CommandError("duplicate tile id")
    for t in layout.tiles:
        if t.row_span < 1 or t.col_span < 1:
            raise CommandError(f"tile '{t.id}': span must be >= 1")
        if t.row < 0 or t.col < 0 or t.row + t.row_span > layout.rows or t.col + t.col_span > layout.cols:
            raise CommandError(f"tile '{t.id}' would be outside the {layout.rows}x{layout.cols} grid")
    for a, b in combinations(layout.tiles, 2):
        if a.cells & b.cells:
            raise CommandError(f"tile '{b.id}' would overlap tile '{a.id}'")
    return layout


def _replace(layout: Layout, remove: tuple[str, ...], add: tuple[TileSpec, ...],
             grid: tuple[int, int] | None = None) -> tuple[Layout, Change]:
    for tile_id in remove:
        if not layout.has_tile(tile_id):
            raise CommandError(f"no tile '{tile_id}'")
    removed = tuple(t for t in layout.tiles if t.id in remove)
    kept = tuple(t for t in layout.tiles if t.id not in remove)
    rows, cols = grid or (layout.rows, layout.cols)
    if not (1 <= rows <= 12 and 1 <= cols <= 12):
        raise CommandError("the grid must be 1..12 rows and 1..12 columns")
    new = _check(Layout(layout.name, rows, cols, kept + add, layout.schema))
    return new, Change(removed, tuple(sorted(add, key=lambda t: t.id)), (layout.rows, layout.cols), (rows, cols))


@dataclass(frozen=True)
class ReplaceTiles:
    """Remove tiles by id, add tiles, optionally set the grid (the general form; inverses use it)."""

    remove: tuple[str, ...]
    add: tuple[TileSpec, ...]
    grid: tuple[int, int] | None = None

    def apply(self, layout: Layout) -> tuple[Layout, Change]:
        """See :class:`LayoutCommand`."""
        return _replace(layout, self.remove, self.add, self.grid)


@dataclass(frozen=True)
class AddTile:
    """Put a new tile on free cells."""

    tile: TileSpec

    def apply(self, layout: Layout) -> tuple[Layout, Change]:
        """See :class:`LayoutCommand`."""
        if layout.has_tile(self.tile.id):
            raise CommandError(f"tile '{self.tile.id}' already exists")
        return _replace(layout, (), (self.tile,))


@dataclass(frozen=True)
class RemoveTile:
    """Take a tile off the grid (its cells become free)."""

    tile_id: str

    def apply(self, layout: Layout) -> tuple[Layout, Change]:
        """See :class:`LayoutCommand`."""
        return _replace(layout, (self.tile_id,), ())


def _edit(layout: Layout, tile_id: str, **changes: Any) -> tuple[Layout, Change]:
    if not layout.has_tile(tile_id):
        raise CommandError(f"no tile '{tile_id}'")
    return _replace(layout, (tile_id,), (layout.tile(tile_id).replace(**changes),))


@dataclass(frozen=True)
class MoveTile:
    """Move a tile so its top-left cell is (row, col)."""

    tile_id: str
    row: int
    col: int

    def apply(self, layout: Layout) -> tuple[Layout, Change]:
        """See :class:`LayoutCommand`."""
        return _edit(layout, self.tile_id, row=self.row, col=self.col)


@dataclass(frozen=True)
class ResizeTile:
    """Give a tile another row and column span (its top-left cell stays)."""

    tile_id: str
    row_span: int
    col_span: int

    def apply(self, layout: Layout) -> tuple[Layout, Change]:
        """See :class:`LayoutCommand`."""
        return _edit(layout, self.tile_id, row_span=self.row_span, col_span=self.col_span)


@dataclass(frozen=True)
class SetTileSettings:
    """Replace a tile's settings (and optionally its kind)."""

    tile_id: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    kind: str | None = None

    def apply(self, layout: Layout) -> tuple[Layout, Change]:
        """See :class:`LayoutCommand`."""
        changes: dict[str, Any] = {"settings": dict(self.settings)}
        if self.kind is not None:
            changes["kind"] = self.kind
        return _edit(layout, self.tile_id, **changes)


@dataclass(frozen=True)
class MergeCells:
    """Merge tiles into one tile covering their bounding box; the first id keeps its kind and settings.

    Every tile inside the bounding box must be among ``tile_ids`` (free cells inside are absorbed).
    """

    tile_ids: tuple[str, ...]

    def apply(self, layout: Layout) -> tuple[Layout, Change]:
        """See :class:`LayoutCommand`."""
        if len(self.tile_ids) < 2 or len(set(self.tile_ids)) != len(self.tile_ids):
            raise CommandError("merge needs at least two different tiles")
        tiles = [layout.tile(i) if layout.has_tile(i) else None for i in self.tile_ids]
        if any(t is None for t in tiles):
            raise CommandError("merge of an unknown tile")
        present = [t for t in tiles if t is not None]
        top, left = min(t.row for t in present), min(t.col for t in present)
        bottom = max(t.row + t.row_span for t in present)
        right = max(t.col + t.col_span for t in present)
        merged = present[0].replace(row=top, col=left, row_span=bottom - top, col_span=right - left)
        return _replace(layout, self.tile_ids, (merged,))


@dataclass(frozen=True)
class SplitTile:
    """Split a spanning tile into 1x1 tiles of the same kind and settings; the top-left one keeps the id.

    ``new_ids`` name the other tiles in row-major order; by default ``<id>-<row>-<col>``.
    """

    tile_id: str
    new_ids: tuple[str, ...] = ()

    def apply(self, layout: Layout) -> tuple[Layout, Change]:
        """See :class:`LayoutCommand`."""
        if not layout.has_tile(self.tile_id):
            raise CommandError(f"no tile '{self.tile_id}'")
        tile = layout.tile(self.tile_id)
        cells = sorted(tile.cells)
        if len(cells) < 2:
            raise CommandError(f"tile '{tile.id}' covers one cell; nothing to split")
        ids = list(self.new_ids) or [f"{tile.id}-{r}-{c}" for r, c in cells[1:]]
        if len(ids) != len(cells) - 1:
            raise CommandError(f"split of '{tile.id}' needs {len(cells) - 1} new ids")
        pieces = [tile.replace(row_span=1, col_span=1)]
        pieces += [tile.replace(id=i, row=r, col=c, row_span=1, col_span=1)
                   for i, (r, c) in zip(ids, cells[1:], strict=True)]
        return _replace(layout, (tile.id,), tuple(pieces))


@dataclass(frozen=True)
class SetGrid:
    """Change the grid size; refused when a tile would fall outside."""

    rows: int
    cols: int

    def apply(self, layout: Layout) -> tuple[Layout, Change]:
        """See :class:`LayoutCommand`."""
        return _replace(layout, (), (), (self.rows, self.cols))
