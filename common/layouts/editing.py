"""Editor-level layout edits missing from :mod:`common.layouts.commands`, built on its ``ReplaceTiles``.

* :class:`PlaceTile` moves and resizes a tile in one step (dragging a tile's top or left edge changes both its
  origin and its span; two separate commands would be two undo steps with an invalid state in between).
* :class:`MergeRegion` turns a rectangle of cells into one tile: the free cells become a new tile, or the tiles
  lying wholly inside are merged into one that covers the whole rectangle (the top-left tile keeps its id,
  kind and settings). A tile cut by the rectangle's border refuses the merge.

Like the domain commands, each returns ``(new_layout, Change)`` and raises :class:`CommandError` when it cannot
apply; ``change.inverse()`` undoes it. Helpers answer the questions an editor asks about cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from common.layouts.commands import Change, CommandError, ReplaceTiles
from common.layouts.model import Layout, TileSpec


@dataclass(frozen=True)
class CellRect:
    """A rectangle of grid cells: top-left (row, col) and its size in cells."""

    row: int
    col: int
    rows: int = 1
    cols: int = 1

    @classmethod
    def spanning(cls, a: tuple[int, int], b: tuple[int, int]) -> CellRect:
        """The smallest rectangle holding cells ``a`` and ``b`` (either corner first)."""
        top, left = min(a[0], b[0]), min(a[1], b[1])
        return cls(top, left, abs(a[0] - b[0]) + 1, abs(a[1] - b[1]) + 1)

    @classmethod
    def of_tile(cls, tile: TileSpec) -> CellRect:
        """The cells a tile covers."""
        return cls(tile.row, tile.col, tile.row_span, tile.col_span)

    @property
    def cells(self) -> frozenset[tuple[int, int]]:
        """Every (row, col) inside."""
        return frozenset((r, c) for r in range(self.row, self.row + self.rows)
                         for c in range(self.col, self.col + self.cols))

    def inside(self, rows: int, cols: int) -> bool:
        """True when the rectangle lies within a ``rows`` x ``cols`` grid."""
        return (self.row >= 0 and self.col >= 0 and self.rows >= 1 and self.cols >= 1
                and self.row + self.rows <= rows and self.col + self.cols <= cols)


def tile_at(layout: Layout, row: int, col: int) -> TileSpec | None:
    """The tile covering cell (row, col), if any."""
    return next((t for t in layout.tiles if (row, col) in t.cells), None)


def tiles_touching(layout: Layout, rect: CellRect) -> tuple[list[TileSpec], list[TileSpec]]:
    """Tiles touching ``rect``: (wholly inside, cut by its border)."""
    inside: list[TileSpec] = []
    cut: list[TileSpec] = []
    for t in layout.tiles:
        common = t.cells & rect.cells
        if common:
            (inside if common == t.cells else cut).append(t)
    return inside, cut


def free_cells(layout: Layout) -> list[tuple[int, int]]:
    """The cells no tile covers, row by row."""
    used: set[tuple[int, int]] = set()
    for t in layout.tiles:
        used |= t.cells
    return [(r, c) for r in range(layout.rows) for c in range(layout.cols) if (r, c) not in used]


def new_tile_id(layout: Layout, kind: str, taken: Iterable[str] = ()) -> str:
    """A tile id not used in ``layout`` (nor in ``taken``): ``<kind>-<n>`` with the smallest free n."""
    used = {t.id for t in layout.tiles} | set(taken)
    n = 1
    while f"{kind}-{n}" in used:
        n += 1
    return f"{kind}-{n}"


@dataclass(frozen=True)
class PlaceTile:
    """Give a tile a new top-left cell and span at once."""

    tile_id: str
    rect: CellRect

    def apply(self, layout: Layout) -> tuple[Layout, Change]:
        """See :class:`common.layouts.commands.LayoutCommand`."""
        if not layout.has_tile(self.tile_id):
            raise CommandError(f"no tile '{self.tile_id}'")
        r = self.rect
        moved = layout.tile(self.tile_id).replace(row=r.row, col=r.col, row_span=r.rows, col_span=r.cols)
        return ReplaceTiles((self.tile_id,), (moved,)).apply(layout)


@dataclass(frozen=True)
class MergeRegion:
    """Make ``rect`` one tile: a new tile on free cells, or the tiles wholly inside merged to cover it.

    ``new_id``/``kind``/``settings`` describe the tile made when the rectangle holds no tile.
    """

    rect: CellRect
    new_id: str
    kind: str
    settings: Mapping[str, Any] = field(default_factory=dict)

    def apply(self, layout: Layout) -> tuple[Layout, Change]:
        """See :class:`common.layouts.commands.LayoutCommand`."""
        r = self.rect
        if not r.inside(layout.rows, layout.cols):
            raise CommandError(f"cells {r} are outside the {layout.rows}x{layout.cols} grid")
        inside, cut = tiles_touching(layout, r)
        if cut:
            raise CommandError(f"tile '{cut[0].id}' lies partly outside the selected cells")
        if len(inside) == 1 and CellRect.of_tile(inside[0]) == r:
            raise CommandError(f"tile '{inside[0].id}' already covers exactly these cells")
        if inside:
            keep = min(inside, key=lambda t: (t.row, t.col, t.id))
            merged = keep.replace(row=r.row, col=r.col, row_span=r.rows, col_span=r.cols)
        else:
            if layout.has_tile(self.new_id):
                raise CommandError(f"tile '{self.new_id}' already exists")
            merged = TileSpec(self.new_id, r.row, r.col, r.rows, r.cols, self.kind, dict(self.settings))
        return ReplaceTiles(tuple(t.id for t in inside), (merged,)).apply(layout)
