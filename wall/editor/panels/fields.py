"""Editors of single tile settings, chosen from the Qt-free kind spec plus editor hints (ranges, choices, labels).

Each editor shows one JSON value and emits ``value_changed`` when the technician changes it; ``set_value`` never
emits (the panel refreshes editors from the domain layout without feedback loops). Settings the editor has no
hint for get an editor by the type of their default value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from common.layouts.kinds import MIN_DWELL_S, SettingField


@dataclass(frozen=True)
class Hint:
    """How to edit one setting: widget kind, label (id, en), range or choices, and a ``none`` position."""

    widget: str
    label_id: str
    label_en: str
    lo: float = 0
    hi: float = 10_000
    choices: tuple[tuple[Any, str], ...] = ()
    none_at: float | None = None
    """For nullable numbers: the spin box's minimum stands for null (shown as ``automatic``/``none``)."""


#: Labels (Indonesian, English) of the settings the editor knows; others show their name.
LABELS: Mapping[str, tuple[str, str]] = {
    "camera": ("Kamera", "Camera"), "cameras": ("Kamera dalam urutan", "Cameras in the sequence"),
    "stream": ("Aliran", "Stream"), "show_name": ("Tampilkan nama kamera", "Show camera name"),
    "alarm_slot": ("Slot alarm", "Alarm slot"), "dwell_s": ("Waktu tayang per kamera (detik)", "Dwell (s)"),
    "zoom": ("Perbesaran peta", "Map zoom"), "focus": ("Fokus kelurahan", "Focus kelurahan"),
    "highlight_kelurahan": ("Sorot kelurahan", "Highlight kelurahan"), "center": ("Pusat peta", "Map centre"),
    "days": ("Rentang (hari)", "Range (days)"), "color_by": ("Warna menurut", "Colour by"),
    "labels": ("Label", "Labels"), "title": ("Judul", "Title"), "max_rows": ("Baris maksimum", "Maximum rows"),
    "sort": ("Urutan", "Order"), "font_px": ("Ukuran teks (px)", "Text size (px)"), "chart": ("Grafik", "Chart"),
    "text": ("Teks", "Text"), "speed_px_s": ("Kecepatan (px/detik)", "Speed (px/s)"),
    "show_date": ("Tampilkan tanggal", "Show the date"), "align": ("Perataan", "Alignment"),
    "path": ("Berkas gambar", "Image file"), "fit": ("Penyesuaian", "Fit"),
    "page_seconds": ("Ganti halaman (detik)", "Page every (s)"),
    "warn_share": ("Ambang waspada (bagian terlambat)", "Warning share overdue"),
    "bad_share": ("Ambang kritis (bagian terlambat)", "Critical share overdue"),
    "hide_idle": ("Sembunyikan OPD tanpa aduan", "Hide idle OPD"), "source": ("Sumber teks", "Text source"),
    "seconds": ("Tampilkan detik", "Show seconds"), "color": ("Warna teks", "Text colour"),
    "background": ("Warna latar", "Background colour"),
}
#: Indonesian names of choice values (the stored value stays the English word).
CHOICE_LABELS: Mapping[str, str] = {
    "auto": "otomatis", "sub": "sub (ringan)", "main": "utama (tajam)", "overdue": "paling terlambat",
    "open": "paling banyak terbuka", "name": "nama", "left": "kiri", "center": "tengah", "right": "kanan",
    "contain": "utuh", "cover": "penuh (terpotong)", "status": "status", "category": "kategori",
    "none": "tanpa", "static": "teks tetap", "stats": "statistik hari ini",
    "reports_per_channel": "aduan per kanal", "calls112": "panggilan 112 per kelas",
}
#: Charts the chart tile draws (its ``chart`` setting is free text in the kind spec).
CHART_CHOICES = ("reports_per_channel", "calls112")
_RANGE = re.compile(r"(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)")
_QUOTED = re.compile(r"'([^']*)'")


def accepts(field: SettingField, value: Any) -> bool:
    """True when the spec's check accepts ``value`` (a check that cannot take the type says no)."""
    try:
        return bool(field.check(value))
    except Exception:  # a check that cannot take this type: no
        return False


def _widget_of(field: SettingField) -> tuple[str, tuple[Any, ...]]:
    """Widget kind (and choices) read from the spec: its default, what its check accepts, its description."""
    if field.name in ("camera", "cameras", "center"):
        return {"camera": "camera", "cameras": "camera_list", "center": "center"}[field.name], ()
    if field.name == "chart":
        return "choice", CHART_CHOICES
    quoted = tuple(_QUOTED.findall(field.want_en))
    if len(quoted) >= 2 and all(accepts(field, q) for q in quoted):
        return "choice", quoted
    if isinstance(field.default, bool):
        return "bool", ()
    if "kelurahan" in field.want_en:
        return "kelurahan", ()
    found = _RANGE.search(field.want_en)
    if found:
        lo = float(found.group(1))
        if accepts(field, lo + 0.5):
            return "float", ()
        if accepts(field, round(lo)):
            return "int", ()
    if isinstance(field.default, (int, float)):
        return ("float" if isinstance(field.default, float) else "int"), ()
    return ("multiline" if field.name == "text" else "line"), ()


def hint_for(field: SettingField) -> Hint:
    """How to edit a setting: the widget, range and choices follow the kind spec; labels come from ``LABELS``."""
    label_id, label_en = LABELS.get(field.name, (field.name, field.name))
    widget, choices = _widget_of(field)
    found = _RANGE.search(field.want_en)
    lo, hi = (float(found.group(1)), float(found.group(2))) if found else (0.0, 10_000.0)
    if field.name == "dwell_s":
        lo = max(lo, MIN_DWELL_S)  # enforced here whatever the spec lets through
    none_at = lo - 1 if widget in ("int", "float") and accepts(field, None) else None
    return Hint(widget, label_id, label_en, none_at if none_at is not None else lo, hi,
                tuple((c, CHOICE_LABELS.get(c, c)) for c in choices), none_at)


class FieldEditor(QWidget):
    """One setting's editor: ``value()``, ``set_value(v)`` (silent) and ``value_changed``."""

    value_changed = Signal()

    def value(self) -> Any:
        """The value shown (JSON)."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show ``value`` without emitting ``value_changed``."""
        raise NotImplementedError


class BoolEditor(FieldEditor):
    """A check box."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox(label, self)
        _single(self, self.box)
        self.box.toggled.connect(self.value_changed)

    def value(self) -> Any:
        """True/False."""
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        """Check or uncheck."""
        with QSignalBlocker(self.box):
            self.box.setChecked(bool(value))


class NumberEditor(FieldEditor):
    """A spin box (integer or decimal); with ``none_at`` its minimum means null."""

    def __init__(self, hint: Hint, none_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hint = hint
        self.spin: QSpinBox | QDoubleSpinBox
        if hint.widget == "float":
            self.spin = QDoubleSpinBox(self)
            fine = hint.hi <= 1
            self.spin.setDecimals(2 if fine else 1)
            self.spin.setSingleStep(0.05 if fine else 0.5)
            self.spin.setRange(hint.lo, hint.hi)
        else:
            self.spin = QSpinBox(self)
            self.spin.setRange(int(hint.lo), int(hint.hi))
        if hint.none_at is not None:
            self.spin.setSpecialValueText(none_text)
        _single(self, self.spin)
        self.spin.valueChanged.connect(self.value_changed)

    def value(self) -> Any:
        """The number, or None at the ``none`` position."""
        v = self.spin.value()
        if self._hint.none_at is not None and v == self._hint.none_at:
            return None
        return v if self._hint.widget == "float" else int(v)

    def set_value(self, value: Any) -> None:
        """Show a number (None: the ``none`` position)."""
        with QSignalBlocker(self.spin):
            if value is None and self._hint.none_at is not None:
                self._set(self._hint.none_at)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                self._set(value)

    def _set(self, value: float) -> None:
        if isinstance(self.spin, QDoubleSpinBox):
            self.spin.setValue(float(value))
        else:
            self.spin.setValue(round(value))


class ChoiceEditor(FieldEditor):
    """A combo box of (value, label); an unknown current value is kept as an extra entry."""

    def __init__(self, choices: Sequence[tuple[Any, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        for value, label in choices:
            self.combo.addItem(label, value)
        _single(self, self.combo)
        self.combo.currentIndexChanged.connect(self.value_changed)

    def value(self) -> Any:
        """The chosen value."""
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        """Select ``value`` (added when unknown, so nothing is lost)."""
        with QSignalBlocker(self.combo):
            i = self.combo.findData(value)
            if i < 0:
                self.combo.addItem(str(value), value)
                i = self.combo.count() - 1
            self.combo.setCurrentIndex(i)


class TextEditor(FieldEditor):
    """A one-line or multi-line text."""

    def __init__(self, multiline: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit: QLineEdit | QPlainTextEdit
        if multiline:
            self.edit = QPlainTextEdit(self)
            self.edit.setFixedHeight(64)
            self.edit.textChanged.connect(self.value_changed)
        else:
            self.edit = QLineEdit(self)
            self.edit.textEdited.connect(self.value_changed)
        _single(self, self.edit)

    def value(self) -> Any:
        """The text."""
        return self.edit.toPlainText() if isinstance(self.edit, QPlainTextEdit) else self.edit.text()

    def set_value(self, value: Any) -> None:
        """Show the text (untouched when equal: the cursor stays where the technician types)."""
        text = "" if value is None else str(value)
        if text == self.value():
            return
        with QSignalBlocker(self.edit):
            if isinstance(self.edit, QPlainTextEdit):
                self.edit.setPlainText(text)
            else:
                self.edit.setText(text)


class CenterEditor(FieldEditor):
    """Map centre: automatic (null) or latitude/longitude."""

    def __init__(self, auto_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.auto = QCheckBox(auto_text, self)
        self.lat, self.lng = QDoubleSpinBox(self), QDoubleSpinBox(self)
        for spin, limit in ((self.lat, 90.0), (self.lng, 180.0)):
            spin.setDecimals(4)
            spin.setRange(-limit, limit)
            spin.valueChanged.connect(self.value_changed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.auto, self.lat, self.lng):
            row.addWidget(w)
        self.auto.toggled.connect(self._on_auto_toggled)

    def _on_auto_toggled(self, auto: bool) -> None:
        self.lat.setEnabled(not auto)
        self.lng.setEnabled(not auto)
        self.value_changed.emit()

    def value(self) -> Any:
        """None (automatic) or [lat, lng]."""
        return None if self.auto.isChecked() else [round(self.lat.value(), 5), round(self.lng.value(), 5)]

    def set_value(self, value: Any) -> None:
        """Show a centre (None: automatic; Kota Serang's centre is prefilled)."""
        blockers = [QSignalBlocker(w) for w in (self.auto, self.lat, self.lng)]
        auto = not (isinstance(value, list) and len(value) == 2)
        self.auto.setChecked(auto)
        self.lat.setValue(value[0] if not auto else -6.12)
        self.lng.setValue(value[1] if not auto else 106.15)
        self.lat.setEnabled(not auto)
        self.lng.setEnabled(not auto)
        del blockers


def _single(parent: QWidget, child: QWidget) -> None:
    row = QHBoxLayout(parent)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(child)
