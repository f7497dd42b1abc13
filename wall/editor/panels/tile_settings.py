"""The side panel with the selected tile's settings, built from the kind registry's spec of its kind.

The kinds offered are the registry's (:class:`~common.layouts.kinds.KindRegistry`); a tile's form has one editor
per setting of its kind (:mod:`wall.editor.panels.fields`, cameras by :mod:`~wall.editor.panels.camera_picker`).
A change becomes a ``SetTileSettings`` command on the edit session; the form refreshes from the domain layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from common.layouts.kinds import KindRegistry, KindSpec, SettingField
from common.layouts.model import TileSpec
from wall.editor.document import LayoutEditSession
from wall.editor.i18n import Texts
from wall.editor.models import CameraTableModel
from wall.editor.panels.camera_picker import CameraEditor, CameraListEditor, CameraPickerWidget
from wall.editor.panels.fields import (
    BoolEditor,
    CenterEditor,
    ChoiceEditor,
    FieldEditor,
    NumberEditor,
    TextEditor,
    hint_for,
)
from wall.editor.thumbnails import ThumbnailGrabber


class TileSettingsPanel(QWidget):
    """Kind and settings of the tile selected on the canvas."""

    def __init__(self, t: Texts, kinds: KindRegistry, cameras: CameraTableModel,
                 grabber: ThumbnailGrabber | None, kelurahan: Sequence[tuple[str, str]] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._t, self._kinds, self._cameras, self._grabber = t, kinds, cameras, grabber
        self._kelurahan = list(kelurahan)
        self._session: LayoutEditSession | None = None
        self.tile_id = ""
        self._shown_kind = ""
        self.public = False
        self.min_font_px = 27
        self.editors: dict[str, FieldEditor] = {}
        self.setAccessibleName(t("settings.title"))
        self.title = QLabel(t("settings.none"), self)
        self.title.setWordWrap(True)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName(t("settings.kind"))
        for kind in kinds.kinds():
            spec = kinds.get(kind)
            self.kind_combo.addItem(t.pick(spec.label_id, spec.label_en) if spec else kind, kind)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_current_index_changed)
        self._form_host = QWidget(self)
        self._form = QFormLayout(self._form_host)
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: a narrow panel
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addWidget(self.kind_combo)
        box.addWidget(self._form_host)
        box.addStretch(1)
        self._show_none()

    def set_session(self, session: LayoutEditSession | None) -> None:
        """Follow another edit session."""
        if self._session is not None:
            self._session.layout_changed.disconnect(self._on_session_layout_changed)
        self._session = session
        if session is not None:
            session.layout_changed.connect(self._on_session_layout_changed)
        self.show_tile("")

    def set_target(self, public: bool, min_font_px: int) -> None:
        """The output the layout is for: public outputs offer public-safe cameras only; the readable text size."""
        self.public, self.min_font_px = public, min_font_px
        self._shown_kind = ""
        self.show_tile(self.tile_id)

    def show_tile(self, tile_id: str) -> None:
        """Show the settings of ``tile_id`` ("" for none)."""
        self.tile_id = tile_id
        tile = self._tile()
        if tile is None:
            self._show_none()
            return
        if tile.kind != self._shown_kind:
            self._build_form(tile)
        self._refresh_values(tile)

    def _tile(self) -> TileSpec | None:
        layout = self._session.layout if self._session else None
        if layout is None or not self.tile_id or not layout.has_tile(self.tile_id):
            return None
        return layout.tile(self.tile_id)

    def _show_none(self) -> None:
        self.tile_id, self._shown_kind = "", ""
        self.title.setText(self._t("settings.none"))
        self.kind_combo.setEnabled(False)
        self._clear_form()

    def _clear_form(self) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        self.editors = {}

    def _build_form(self, tile: TileSpec) -> None:
        self._clear_form()
        self._shown_kind = tile.kind
        spec = self._kinds.get(tile.kind)
        self.kind_combo.setEnabled(True)
        for field in spec.fields if spec else ():
            editor = self._make_editor(field)
            editor.setAccessibleName(self._field_label(field))
            editor.value_changed.connect(lambda name=field.name: self._on_editor_value_changed(name))
            self.editors[field.name] = editor
            if isinstance(editor, BoolEditor):
                self._form.addRow(editor)
            else:
                self._form.addRow(self._field_label(field), editor)

    def _field_label(self, field: SettingField) -> str:
        hint = hint_for(field)
        return self._t.pick(hint.label_id, hint.label_en)

    def _make_editor(self, field: SettingField) -> FieldEditor:
        hint = hint_for(field)
        if hint.widget in ("camera", "camera_list"):
            picker = CameraPickerWidget(self._t, self._cameras, self._grabber)
            picker.set_public_only(self.public)
            if hint.widget == "camera":
                return CameraEditor(picker)
            return CameraListEditor(self._t, picker)
        if hint.widget == "bool":
            return BoolEditor(self._field_label(field))
        if hint.widget in ("int", "float"):
            editor = NumberEditor(hint, self._t("settings.auto") if field.name == "font_px"
                                  else self._t("settings.none_value"))
            if field.name == "font_px":
                editor.setToolTip(f"≥ {self.min_font_px} px")
            return editor
        if hint.widget == "choice":
            return ChoiceEditor(hint.choices)
        if hint.widget == "kelurahan":
            return ChoiceEditor([(None, self._t("settings.none_value")), *self._kelurahan])
        if hint.widget == "center":
            return CenterEditor(self._t("settings.auto"))
        return TextEditor(multiline=hint.widget == "multiline")

    def _refresh_values(self, tile: TileSpec) -> None:
        spec = self._kinds.get(tile.kind)
        settings = spec.with_defaults(tile.settings) if spec else dict(tile.settings)
        self.title.setText(f"<b>{tile.id}</b><br>" + self._t(
            "settings.place", row=tile.row + 1, col=tile.col + 1, rows=tile.row_span, cols=tile.col_span))
        with QSignalBlocker(self.kind_combo):
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(tile.kind)))
        for name, editor in self.editors.items():
            editor.set_value(settings.get(name))

    def _on_editor_value_changed(self, name: str) -> None:
        tile = self._tile()
        if tile is None or self._session is None:
            return
        settings: dict[str, Any] = {**dict(tile.settings), name: self.editors[name].value()}
        self._session.set_tile_settings(tile.id, settings)

    def _on_kind_combo_current_index_changed(self, _index: int) -> None:
        tile, kind = self._tile(), self.kind_combo.currentData()
        if tile is None or self._session is None or kind == tile.kind:
            return
        spec: KindSpec | None = self._kinds.get(kind)
        names = {f.name for f in spec.fields} if spec else set()
        kept = {k: v for k, v in tile.settings.items() if k in names}
        self._session.set_tile_settings(tile.id, spec.with_defaults(kept) if spec else kept, kind=kind)

    def _on_session_layout_changed(self, _change: object) -> None:
        self.show_tile(self.tile_id)
