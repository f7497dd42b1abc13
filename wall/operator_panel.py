"""The operator panel: a small normal window to switch presets, enlarge a camera and acknowledge an alarm.

It only emits requests; the wall app carries them out (the same paths as the keyboard). It speaks the wall's
language (``config.wall.language``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wall.i18n import WallTexts
from wall.output_controller import OutputController


class OperatorPanelWindow(QWidget):
    """Outputs with their preset buttons, camera enlarge per output, and the alarm acknowledge button."""

    preset_requested = Signal(str, str)
    enlarge_requested = Signal(str, str)
    restore_requested = Signal(str)
    acknowledge_requested = Signal()

    def __init__(self, texts: WallTexts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._texts = texts
        self.setWindowTitle(self._texts.t("panel.title"))
        font = QFont(self.font())
        font.setPixelSize(18)
        self.setFont(font)
        self._layout = QVBoxLayout(self)
        self.alarm_label = QLabel(self._texts.t("panel.no_alarm"))
        self.ack_button = QPushButton(self._texts.t("panel.ack"))
        self.ack_button.setEnabled(False)
        self.ack_button.clicked.connect(self.acknowledge_requested)
        row = QHBoxLayout()
        row.addWidget(self.alarm_label, 1)
        row.addWidget(self.ack_button)
        self._layout.addLayout(row)
        self._groups: dict[str, QGroupBox] = {}
        self.preset_buttons: dict[tuple[str, str], QPushButton] = {}
        self._camera_boxes: dict[str, QComboBox] = {}

    def set_outputs(self, controllers: Sequence[OutputController]) -> None:
        """Rebuild the list of outputs, their presets and their camera tiles."""
        for group in self._groups.values():
            group.setParent(None)
            group.deleteLater()
        self._groups.clear()
        self.preset_buttons.clear()
        self._camera_boxes.clear()
        for ctl in controllers:
            self._groups[ctl.output.name] = self._output_group(ctl)
            self._layout.addWidget(self._groups[ctl.output.name])
        self.update_state(controllers)

    def _output_group(self, ctl: OutputController) -> QGroupBox:
        out, t = ctl.output, self._texts
        privacy = t.t("panel.public" if out.is_public else "panel.internal")
        group = QGroupBox(t.t("panel.output", name=out.name, privacy=privacy))
        grid = QGridLayout(group)
        for i, preset in enumerate(sorted(out.presets, key=lambda p: p.key)):
            button = QPushButton(f"{preset.key}  {preset.name}")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, o=out.name, p=preset.name: self.preset_requested.emit(o, p))
            self.preset_buttons[(out.name, preset.name)] = button
            grid.addWidget(button, 0, i)
        cams = QComboBox()
        self._camera_boxes[out.name] = cams
        enlarge, back = QPushButton(t.t("panel.enlarge")), QPushButton(t.t("panel.restore"))
        enlarge.clicked.connect(lambda _=False, o=out.name: self._on_enlarge_clicked(o))
        back.clicked.connect(lambda _=False, o=out.name: self.restore_requested.emit(o))
        grid.addWidget(cams, 1, 0, 1, 2)
        grid.addWidget(enlarge, 1, 2)
        grid.addWidget(back, 1, 3)
        return group

    def _on_enlarge_clicked(self, output: str) -> None:
        box = self._camera_boxes.get(output)
        if box is not None and box.currentData():
            self.enlarge_requested.emit(output, str(box.currentData()))

    def update_state(self, controllers: Sequence[OutputController]) -> None:
        """Checked preset buttons, camera lists and the alarm line."""
        alarm = next((c.alarm for c in controllers if c.alarm is not None), None)
        self.alarm_label.setText(alarm.headline(self._texts) if alarm else self._texts.t("panel.no_alarm"))
        self.ack_button.setEnabled(alarm is not None)
        for ctl in controllers:
            for (out, name), button in self.preset_buttons.items():
                if out == ctl.output.name:
                    button.setChecked(name == ctl.showing)
            box = self._camera_boxes.get(ctl.output.name)
            if box is None:
                continue
            box.clear()
            for tile_id, tile in ctl.grid.tiles_of_kind("camera", "sequence"):
                box.addItem(f"{tile_id}: {getattr(tile, 'camera_name', '')}", tile_id)
