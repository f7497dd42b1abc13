"""The camera tile's top bar: name box cached per name and size, clock boxes rendered once a second for all tiles."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage, QPainter
from pytestqt.qtbot import QtBot

from wall.tiles.camera_render import ClockFaces, OverlayBar


def _paint(bar: OverlayBar, width: int, name: str, clock: str) -> QImage:
    image = QImage(width, 80, QImage.Format.Format_RGB32)
    image.fill(0x00FF00)
    painter = QPainter(image)
    try:
        bar.paint(painter, width, 27, 27, name, clock)
    finally:
        painter.end()
    return image


def test_tiles_sharing_faces_render_each_clock_once(qtbot: QtBot) -> None:
    faces = ClockFaces()
    first, second = OverlayBar(faces), OverlayBar(faces)
    _paint(first, 320, "Pasar Rau", "10:00:00")
    _paint(second, 320, "Alun-alun", "10:00:00")
    box_a, _ = faces.face("10:00:00", 27, 27)
    assert faces.face("10:00:00", 27, 27)[0].cacheKey() == box_a.cacheKey()  # one render, shared
    box_b, entries = faces.face("10:00:01", 27, 27)
    assert box_b.cacheKey() != box_a.cacheKey() and entries == [("10:00:01", 27)]


def test_the_bar_logs_name_and_clock_and_keeps_the_name_box_when_the_clock_ticks(qtbot: QtBot) -> None:
    bar = OverlayBar(ClockFaces())
    image = _paint(bar, 480, "Pasar Rau", "10:00:00")
    name_box = bar.name_box
    assert name_box is not None
    assert bar.log.entries == [("Pasar Rau", 27), ("10:00:00", 27)]
    _paint(bar, 480, "Pasar Rau", "10:00:01")
    assert bar.name_box is name_box  # not re-rendered for a new second
    assert bar.log.entries == [("Pasar Rau", 27), ("10:00:01", 27)]
    # Drawn where expected: one unbroken band (name box, then clock box) over the top, green video below it.
    assert all(image.pixelColor(x, 5).green() < 100 for x in range(480))
    assert image.pixelColor(240, 70).green() == 255


def test_a_long_name_is_elided_before_the_clock_and_a_tiny_tile_shows_the_clock_in_a_whole_band(qtbot: QtBot) -> None:
    faces = ClockFaces()
    bar = OverlayBar(faces)
    _paint(bar, 320, "Simpang Ciceri arah Pandeglang dan Rangkasbitung", "10:00:00")
    long_box = bar.name_box
    assert long_box is not None
    assert long_box.width() + faces.width(27, 27) == pytest.approx(320, abs=1)
    assert bar.log.entries[0][0].endswith("…")
    small = OverlayBar(faces)
    image = _paint(small, 120, "Pasar Rau", "10:00:00")
    assert [text for text, _ in small.log.entries] == ["10:00:00"]  # no room for the name
    assert all(image.pixelColor(x, 5).green() < 100 for x in range(120))  # yet the band is whole
