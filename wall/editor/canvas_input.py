"""The canvas's input: drag state, the keyboard (an equivalent for every mouse action), the context menu.

Tab / Shift+Tab select the next / previous tile. Arrows move the selected tile by one cell, or the cell cursor
when cells are selected; Shift+arrows resize the tile (bottom/right edge) or extend the cell selection. Esc turns
a selected tile into its cells (to extend and merge them). Enter or Ctrl+M merge the selected cells (a new tile on
free cells); Enter on exactly one tile's cells selects it. Ctrl+Shift+S splits, Del deletes, Ctrl+Z / Ctrl+Y
(Ctrl+Shift+Z) undo and redo.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QMenu

from common.layouts.commands import LayoutCommand, MoveTile, ResizeTile
from common.layouts.editing import CellRect, PlaceTile, tiles_touching
from common.layouts.model import TileSpec
from wall.editor.canvas_paint import CanvasGeometry
from wall.editor.document import LayoutEditSession
from wall.editor.i18n import Texts

if TYPE_CHECKING:
    from wall.editor.canvas import LayoutCanvasWidget

CURSORS = {"n": Qt.CursorShape.SizeVerCursor, "s": Qt.CursorShape.SizeVerCursor,
           "e": Qt.CursorShape.SizeHorCursor, "w": Qt.CursorShape.SizeHorCursor,
           "nw": Qt.CursorShape.SizeFDiagCursor, "se": Qt.CursorShape.SizeFDiagCursor,
           "ne": Qt.CursorShape.SizeBDiagCursor, "sw": Qt.CursorShape.SizeBDiagCursor,
           "body": Qt.CursorShape.SizeAllCursor}
"""The mouse cursor over a tile's body and over each edge and corner."""
ARROWS = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0)}


@dataclass
class Drag:
    """A mouse drag in progress: ``move`` or ``resize`` a tile, or select ``cells``."""

    mode: str
    press: QPointF
    start: CellRect
    current: CellRect
    tile_id: str = ""
    handle: str = ""
    anchor: tuple[int, int] = (0, 0)

    def command(self) -> LayoutCommand:
        """The one domain command a finished move or resize makes."""
        if self.mode == "move":
            return MoveTile(self.tile_id, self.current.row, self.current.col)
        if (self.current.row, self.current.col) == (self.start.row, self.start.col):
            return ResizeTile(self.tile_id, self.current.rows, self.current.cols)
        return PlaceTile(self.tile_id, self.current)


def moved_rect(start: CellRect, press: QPointF, pos: QPointF, g: CanvasGeometry) -> CellRect:
    """Where a tile dragged from ``press`` to ``pos`` lands: whole cells, inside the grid."""
    d_row = round((pos.y() - press.y()) / g.cell_h)
    d_col = round((pos.x() - press.x()) / g.cell_w)
    return CellRect(min(max(0, start.row + d_row), g.rows - start.rows),
                    min(max(0, start.col + d_col), g.cols - start.cols), start.rows, start.cols)


def handle_key(canvas: LayoutCanvasWidget, event: QKeyEvent) -> bool:
    """Act on a key press; False when the key means nothing to the canvas."""
    key, mods = event.key(), event.modifiers()
    ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
    shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
    session = canvas.session
    if key in ARROWS:
        d_row, d_col = ARROWS[Qt.Key(key)]
        arrow(canvas, d_row, d_col, shift=shift)
    elif key == Qt.Key.Key_Escape:  # a tile: select its cells; cells: back to one cell
        canvas.select_cells(canvas.cell_selection if canvas.selected_tile_id else CellRect(*canvas.anchor))
    elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or (ctrl and key == Qt.Key.Key_M):
        enter(canvas)
    elif ctrl and shift and key == Qt.Key.Key_S:
        canvas.split_selected()
    elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
        canvas.delete_selected()
    elif session is not None and ctrl and (key == Qt.Key.Key_Y or (shift and key == Qt.Key.Key_Z)):
        session.undo_stack.redo()
    elif session is not None and ctrl and key == Qt.Key.Key_Z:
        session.undo_stack.undo()
    else:
        return False
    return True


def cursor_step(selection: CellRect, anchor: tuple[int, int], d_row: int, d_col: int, rows: int,
                cols: int) -> tuple[int, int]:
    """The cell the moving corner (the one opposite the anchor) goes to, kept inside the grid."""
    corner = (selection.row + selection.rows - 1 if selection.row == anchor[0] else selection.row,
              selection.col + selection.cols - 1 if selection.col == anchor[1] else selection.col)
    return min(max(0, corner[0] + d_row), rows - 1), min(max(0, corner[1] + d_col), cols - 1)


def arrow(canvas: LayoutCanvasWidget, d_row: int, d_col: int, *, shift: bool) -> None:
    """Move or resize the selected tile, or move or extend the cell selection."""
    layout = canvas.layout_shown
    if layout is None:
        return
    if canvas.selected_tile_id:
        if shift:
            canvas.resize_selected(d_row, d_col)
        else:
            canvas.move_selected(d_row, d_col)
        return
    new = cursor_step(canvas.cell_selection, canvas.anchor, d_row, d_col, layout.rows, layout.cols)
    if shift:
        canvas.extend_cells(CellRect.spanning(canvas.anchor, new))
    else:
        canvas.select_cells(CellRect(*new))


def enter(canvas: LayoutCanvasWidget) -> None:
    """Select the one tile the cells are, or merge them."""
    layout = canvas.layout_shown
    if layout is None or canvas.selected_tile_id:
        return
    inside, cut = tiles_touching(layout, canvas.cell_selection)
    if len(inside) == 1 and not cut and CellRect.of_tile(inside[0]) == canvas.cell_selection:
        canvas.select_tile(inside[0].id)
    else:
        canvas.merge_selection()


def tile_menu(canvas: LayoutCanvasWidget, session: LayoutEditSession, tile: TileSpec, t: Texts) -> QMenu:
    """Split, delete, change kind (the registry's kinds) of ``tile``."""
    menu = QMenu(canvas)
    menu.addAction(t("act.split"), canvas.split_selected).setEnabled(tile.row_span * tile.col_span > 1)
    menu.addAction(t("act.delete_tile"), canvas.delete_selected)
    kinds = menu.addMenu(t("settings.kind"))
    for kind in session.kinds.kinds():
        spec = session.kinds.get(kind)
        label = t.pick(spec.label_id, spec.label_en) if spec else kind
        kinds.addAction(label, partial(_change_kind, session, tile.id, kind))
    return menu


def _change_kind(session: LayoutEditSession, tile_id: str, kind: str) -> None:
    spec = session.kinds.get(kind)
    session.set_tile_settings(tile_id, spec.defaults() if spec else {}, kind=kind)
