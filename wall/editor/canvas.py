"""The layout canvas: the output at its true aspect ratio, its grid and tiles, edited by mouse and keyboard.

Mouse: drag across cells (from an empty cell, or with Shift from anywhere) to make them one tile — a new tile on
free cells, the tiles inside merged otherwise; drag a tile's body to move it and an edge or corner to resize it,
both snapping to the grid; double-click an empty cell for a one-cell tile; right-click for split, delete, kind.
Keyboard: see ``keys.help`` in :mod:`wall.editor.i18n`. Every edit goes through the edit session as a domain
command; the canvas only draws the session's layout and problems.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from common.layouts.commands import (
    CommandError,
    LayoutCommand,
    MoveTile,
    RemoveTile,
    ReplaceTiles,
    ResizeTile,
    SplitTile,
)
from common.layouts.editing import CellRect, MergeRegion, PlaceTile, new_tile_id, tile_at, tiles_touching
from common.layouts.kinds import KindRegistry
from common.layouts.model import Layout, TileSpec
from wall.editor.canvas_input import CURSORS, Drag, handle_key, moved_rect, tile_menu
from wall.editor.canvas_paint import (
    OUTSIDE,
    CanvasGeometry,
    draw_frame,
    draw_selection,
    draw_tile,
    resized_rect,
)
from wall.editor.document import LayoutEditSession
from wall.editor.i18n import Texts


class LayoutCanvasWidget(QWidget):
    """Edits the layout of a :class:`LayoutEditSession` on a canvas of the output's aspect ratio."""

    tile_selected = Signal(str)
    """The selected tile's id ("" when cells, not a tile, are selected)."""
    cells_selected = Signal(object)
    """The selected cells (a :class:`CellRect`)."""

    def __init__(self, t: Texts, parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self._t = t
        self.read_only = read_only
        self._session: LayoutEditSession | None = None
        self._static: Layout | None = None
        self.aspect: tuple[int, int] = (16, 9)
        self.new_tile_kind = "camera"
        self.kinds: KindRegistry | None = None
        """Kind labels for a static layout (a session brings its own)."""
        self.selected_tile_id = ""
        self.cell_selection = CellRect(0, 0)
        self._anchor = (0, 0)
        self._cells_chosen = False
        self._drag: Drag | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(t("canvas.name"))

    # -- what is shown -----------------------------------------------------------------------------------

    @property
    def session(self) -> LayoutEditSession | None:
        """The edit session the canvas edits (None: nothing, or a static layout)."""
        return self._session

    @property
    def layout_shown(self) -> Layout | None:
        """The layout drawn: the session's, or a static one (history preview)."""
        return self._session.layout if self._session is not None else self._static

    def set_session(self, session: LayoutEditSession | None) -> None:
        """Edit ``session`` (None: show nothing)."""
        if self._session is not None:
            self._session.layout_changed.disconnect(self._on_session_layout_changed)
        self._session, self._static = session, None
        if session is not None:
            session.layout_changed.connect(self._on_session_layout_changed)
        self.selected_tile_id, self.cell_selection, self._anchor = "", CellRect(0, 0), (0, 0)
        self._cells_chosen = False
        self._on_session_layout_changed(None)

    def show_static(self, layout: Layout | None) -> None:
        """Show a layout read-only (no session)."""
        self._static = layout
        self.update()

    def set_aspect(self, width: int, height: int) -> None:
        """The output's pixel size (only the ratio matters): a 2:1 videotron is drawn 2:1."""
        self.aspect = (max(1, width), max(1, height))
        self.update()

    def geometry_now(self) -> CanvasGeometry:
        """The current pixel geometry of the frame and cells."""
        layout = self.layout_shown
        rows, cols = (layout.rows, layout.cols) if layout else (1, 1)
        return CanvasGeometry.fit(self.width(), self.height(), self.aspect, rows, cols)

    def cell_center(self, row: int, col: int) -> QPoint:
        """The pixel at the middle of a cell (tests and accessibility tools drive the canvas with it)."""
        return self.geometry_now().rect_of(CellRect(row, col)).center().toPoint()

    def tile_point(self, tile_id: str, handle: str = "body") -> QPoint:
        """A pixel on a tile's body or on one of its edges/corners (``se``, ``e``...)."""
        assert self.layout_shown is not None
        rect = self.geometry_now().rect_of(CellRect.of_tile(self.layout_shown.tile(tile_id)))
        x = rect.left() + 1 if "w" in handle else rect.right() - 1 if "e" in handle else rect.center().x()
        y = rect.top() + 1 if "n" in handle else rect.bottom() - 1 if "s" in handle else rect.center().y()
        if handle == "body":
            x, y = rect.center().x(), rect.center().y() - rect.height() / 6
        return QPointF(x, y).toPoint()

    def _on_session_layout_changed(self, _change: object) -> None:
        layout = self.layout_shown
        if layout is not None and self.selected_tile_id and not layout.has_tile(self.selected_tile_id):
            self._select_tile("")
        if layout is not None and not self.cell_selection.inside(layout.rows, layout.cols):
            self._select_cells(CellRect(0, 0))
        self._update_description()
        self.update()

    # -- selection -------------------------------------------------------------------------------------------

    def select_tile(self, tile_id: str) -> None:
        """Select a tile (its cells become the cell selection too)."""
        layout = self.layout_shown
        if layout is None or not layout.has_tile(tile_id):
            return
        rect = CellRect.of_tile(layout.tile(tile_id))
        self.cell_selection, self._anchor = rect, (rect.row, rect.col)
        self._select_tile(tile_id)

    def select_cells(self, rect: CellRect) -> None:
        """Select a rectangle of cells (no tile)."""
        self._anchor = (rect.row, rect.col)
        self._cells_chosen = True
        self._select_cells(rect)
        self._select_tile("")

    def _select_tile(self, tile_id: str) -> None:
        if tile_id != self.selected_tile_id:
            self.selected_tile_id = tile_id
            self.tile_selected.emit(tile_id)
        self._update_description()
        self.update()

    def _select_cells(self, rect: CellRect) -> None:
        if rect != self.cell_selection:
            self.cell_selection = rect
            self.cells_selected.emit(rect)
        self.update()

    def _update_description(self) -> None:
        layout = self.layout_shown
        if layout is None:
            self.setAccessibleDescription("")
            return
        what = self.selected_tile_id or self._t("canvas.empty_cell")
        self.setAccessibleDescription(f"{layout.name}: {layout.rows}×{layout.cols}, {len(layout.tiles)} ubin. "
                                      + self._t("canvas.selected", what=what))

    # -- edits -------------------------------------------------------------------------------------------------

    def _execute(self, command: LayoutCommand, text: str) -> bool:
        if self._session is None or self.read_only:
            return False
        return self._session.execute(command, text)

    def merge_selection(self) -> bool:
        """Make the selected cells one tile (new on free cells, else the tiles inside merged)."""
        layout = self.layout_shown
        if layout is None or self._session is None:
            return False
        rect = self.cell_selection
        spec = self._session.kinds.get(self.new_tile_kind)
        settings = spec.defaults() if spec else {}
        new_id = new_tile_id(layout, self.new_tile_kind)
        if self._execute(MergeRegion(rect, new_id, self.new_tile_kind, settings), "Gabung sel"):
            merged = tile_at(self._session.layout, rect.row, rect.col)
            if merged is not None:
                self.select_tile(merged.id)
            return True
        return False

    def split_selected(self) -> bool:
        """Split the selected tile into one-cell tiles."""
        return bool(self.selected_tile_id) and self._execute(SplitTile(self.selected_tile_id), "Pisah ubin")

    def delete_selected(self) -> bool:
        """Delete the selected tile, or every tile wholly inside the selected cells."""
        layout = self.layout_shown
        if layout is None:
            return False
        if self.selected_tile_id:
            return self._execute(RemoveTile(self.selected_tile_id), "Hapus ubin")
        inside, _ = tiles_touching(layout, self.cell_selection)
        return bool(inside) and self._execute(ReplaceTiles(tuple(t.id for t in inside), ()), "Hapus ubin")

    def move_selected(self, d_row: int, d_col: int) -> bool:
        """Move the selected tile by whole cells."""
        tile = self._selected()
        if tile is None:
            return False
        if self._execute(MoveTile(tile.id, tile.row + d_row, tile.col + d_col), "Geser ubin"):
            self.select_tile(tile.id)
            return True
        return False

    def resize_selected(self, d_rows: int, d_cols: int) -> bool:
        """Grow or shrink the selected tile at its bottom/right edge."""
        tile = self._selected()
        if tile is None:
            return False
        if self._execute(ResizeTile(tile.id, tile.row_span + d_rows, tile.col_span + d_cols), "Ubah ukuran ubin"):
            self.select_tile(tile.id)
            return True
        return False

    def _selected(self) -> TileSpec | None:
        layout = self.layout_shown
        if layout is None or not self.selected_tile_id or not layout.has_tile(self.selected_tile_id):
            return None
        return layout.tile(self.selected_tile_id)

    # -- mouse ---------------------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a move, a resize or a cell selection."""
        layout, pos = self.layout_shown, event.position()
        if layout is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        g = self.geometry_now()
        cell = g.cell_at(pos)
        selected = self._selected()
        handle = g.handle_at(selected, pos) if selected is not None else None
        tile = tile_at(layout, *cell) if cell else None
        if selected is not None and handle not in (None, "body") and not self.read_only:
            start = CellRect.of_tile(selected)
            self._drag = Drag("resize", pos, start, start, selected.id, handle or "")
        elif tile is not None and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.select_tile(tile.id)
            start = CellRect.of_tile(tile)
            self._drag = Drag("move", pos, start, start, tile.id)
        elif cell is not None:
            self.select_cells(CellRect(*cell))
            self._drag = Drag("cells", pos, CellRect(*cell), CellRect(*cell), anchor=cell)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Follow the drag, snapped to the grid; show the resize cursor over edges."""
        drag, layout = self._drag, self.layout_shown
        if layout is None:
            return
        g, pos = self.geometry_now(), event.position()
        if drag is None:
            self._hover_cursor(pos)
            return
        if drag.mode == "cells":
            drag.current = CellRect.spanning(drag.anchor, g.cell_at(pos, clamp=True) or drag.anchor)
            self._select_cells(drag.current)
        elif drag.mode == "move" and not self.read_only:
            drag.current = moved_rect(drag.start, drag.press, pos, g)
        elif drag.mode == "resize":
            drag.current = resized_rect(drag.start, drag.handle, g.grid_line(pos), layout)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Apply the drag as one command."""
        drag, self._drag = self._drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if drag.mode == "cells":
            if drag.current.rows * drag.current.cols > 1:
                self.merge_selection()
        elif drag.current != drag.start and self._execute(
                drag.command(), "Geser ubin" if drag.mode == "move" else "Ubah ukuran ubin"):
            self.select_tile(drag.tile_id)
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Double-click on a free cell: a one-cell tile."""
        layout = self.layout_shown
        cell = self.geometry_now().cell_at(event.position())
        if layout is not None and cell is not None and tile_at(layout, *cell) is None:
            self.select_cells(CellRect(*cell))
            self.merge_selection()

    def _hover_cursor(self, pos: QPointF) -> None:
        selected = self._selected()
        handle = self.geometry_now().handle_at(selected, pos) if selected is not None else None
        self.setCursor(CURSORS.get(handle or "", Qt.CursorShape.ArrowCursor))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Split, delete or change the kind of the tile under the mouse."""
        layout = self.layout_shown
        cell = self.geometry_now().cell_at(QPointF(event.pos()))
        tile = tile_at(layout, *cell) if layout is not None and cell else None
        if tile is not None and self._session is not None and not self.read_only:
            self.select_tile(tile.id)
            tile_menu(self, self._session, tile, self._t).exec(event.globalPos())

    # -- keyboard ----------------------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        """Tab cycles through the tiles; tooltips name the tile and its problems."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self.layout_shown is not None \
                and self.layout_shown.tiles:
            self._cycle(-1 if event.key() == Qt.Key.Key_Backtab else 1)
            return True
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            QToolTip.showText(event.globalPos(), self.tooltip_at(QPointF(event.pos())), self)
            return True
        return super().event(event)

    def _cycle(self, step: int) -> None:
        tiles = self.layout_shown.tiles if self.layout_shown else ()
        ids = [t.id for t in tiles]
        i = ids.index(self.selected_tile_id) + step if self.selected_tile_id in ids else (0 if step > 0 else -1)
        self.select_tile(ids[i % len(ids)])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keyboard equivalents of every mouse action (see :mod:`wall.editor.canvas_input`)."""
        if not handle_key(self, event):
            super().keyPressEvent(event)

    @property
    def anchor(self) -> tuple[int, int]:
        """The fixed corner of the cell selection (Shift+arrows move the other one)."""
        return self._anchor

    def extend_cells(self, rect: CellRect) -> None:
        """Change the cell selection keeping its anchor (Shift+arrows)."""
        self._cells_chosen = True
        self._select_cells(rect)

    # -- painting ------------------------------------------------------------------------------------------------

    def tooltip_at(self, pos: QPointF) -> str:
        """What the tooltip says at ``pos``: the tile, its kind and every problem."""
        layout = self.layout_shown
        cell = self.geometry_now().cell_at(pos)
        if layout is None or cell is None:
            return ""
        tile = tile_at(layout, *cell)
        if tile is None:
            return f"{self._t('canvas.empty_cell')} ({cell[0] + 1}, {cell[1] + 1})"
        lines = [f"{self._kind_label(tile.kind)} — {tile.id}"]
        lines += ["⚠ " + m for m in self._problem_texts(tile.id)]
        return "\n".join(lines)

    def _kind_label(self, kind: str) -> str:
        kinds = self._session.kinds if self._session is not None else self.kinds
        spec = kinds.get(kind) if kinds is not None else None
        return self._t.pick(spec.label_id, spec.label_en) if spec else kind

    def _problem_texts(self, tile_id: str) -> list[str]:
        if self._session is None:
            return []
        return [self._t.pick(p.message_id, p.message_en) for p in self._session.problems_of(tile_id)]

    def paintEvent(self, event: QPaintEvent) -> None:
        """Frame, grid, tiles (problems on them), selection and drag ghost."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(self.rect(), OUTSIDE)
        layout = self.layout_shown
        if layout is not None:
            self._paint_layout(painter, layout)
        painter.end()

    def _paint_layout(self, painter: QPainter, layout: Layout) -> None:
        g = self.geometry_now()
        draw_frame(painter, g, layout)
        dragged = self._drag.tile_id if self._drag and self._drag.mode != "cells" else ""
        for tile in layout.tiles:
            problems = self._problem_texts(tile.id)
            draw_tile(painter, g, tile, self._kind_label(tile.kind), problems,
                      selected=tile.id == self.selected_tile_id and not self.read_only, t=self._t)
        if self.read_only:
            return
        if self._drag is not None and dragged and self._drag.current != self._drag.start:
            draw_selection(painter, g.rect_of(self._drag.current), valid=self._drop_ok(layout), solid=True)
        elif not self.selected_tile_id and (self._cells_chosen or self.hasFocus()):
            draw_selection(painter, g.rect_of(self.cell_selection), valid=True, solid=self.hasFocus())

    def _drop_ok(self, layout: Layout) -> bool:
        drag = self._drag
        if drag is None:
            return True
        try:
            PlaceTile(drag.tile_id, drag.current).apply(layout)
        except CommandError:
            return False
        return True
