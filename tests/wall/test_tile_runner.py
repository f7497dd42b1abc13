"""``bsm wall-tile KIND``: every tile kind runs alone with fake data; bad arguments are refused clearly."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from common.layouts.kinds import default_kinds
from common.video.mjpeg_server import MjpegServer
from common.video.still import StillFrameSource
from wall.tile_runner import (
    MAX_SETTINGS_BYTES,
    TileRequest,
    TileRunError,
    TileRunnerWindow,
    build,
    parse_settings,
    parse_size,
    request_from_args,
    tile_layout,
)
from wall.tiles.camera import CameraTileWidget

pytestmark = pytest.mark.timeout(60)
REPO = Path(__file__).resolve().parents[2]


def _args(kind: str, **values: Any) -> argparse.Namespace:
    defaults: dict[str, Any] = {"settings": None, "size": None, "output_height": None, "public": False,
                                "language": "id", "camera_url": None, "snapshot": None, "exit_after": None}
    return argparse.Namespace(kind=kind, **{**defaults, **values})


@pytest.fixture
def shown(qtbot: QtBot) -> Iterator[list[TileRunnerWindow]]:
    """Windows built by a test, shut down (cameras joined) after it."""
    windows: list[TileRunnerWindow] = []
    yield windows
    for window in windows:
        window.shutdown()
        window.grid.close()


def _show(qtbot: QtBot, shown: list[TileRunnerWindow], request: TileRequest) -> TileRunnerWindow:
    window = build(request)
    shown.append(window)
    qtbot.addWidget(window.grid)
    window.grid.show()
    return window


@pytest.mark.parametrize("kind", default_kinds().kinds())
def test_every_kind_runs_alone_with_fake_data(qtbot: QtBot, shown: list[TileRunnerWindow], kind: str) -> None:
    window = _show(qtbot, shown, request_from_args(_args(kind)))
    tiles = list(window.grid.tiles.values())
    assert len(tiles) == 1 and tiles[0].kind == kind
    qtbot.wait(300)
    image = window.grid.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 16) for y in range(0, image.height(), 16)}
    assert len(colours) > 3, f"{kind} drew (almost) nothing"
    if kind in ("camera", "sequence"):
        camera = tiles[0]
        assert isinstance(camera, CameraTileWidget)  # a sequence is a camera tile that changes camera
        qtbot.waitUntil(lambda: camera.frames_painted > 0, timeout=5000)
        assert isinstance(camera.lease.source, StillFrameSource)


def test_a_real_stream_is_shown_through_the_capture_path(qtbot: QtBot, shown: list[TileRunnerWindow]) -> None:
    with MjpegServer(cameras=1, fps=15) as server:
        window = _show(qtbot, shown, request_from_args(_args("camera", camera_url=server.url(0))))
        tile = next(iter(window.grid.tiles.values()))
        qtbot.waitUntil(lambda: tile.frames_painted > 5, timeout=10000)
        assert not isinstance(tile.lease.source, StillFrameSource)
        window.shutdown()


def test_public_english_and_sizes_follow_the_request(qtbot: QtBot, shown: list[TileRunnerWindow]) -> None:
    request = request_from_args(_args("map", public=True, language="en", size="1152x576"))
    assert (request.privacy, request.output_height_px, request.size) == ("public", 576, (1152, 576))
    window = _show(qtbot, shown, request)
    assert (window.grid.width(), window.grid.height()) == (1152, 576)
    assert request_from_args(_args("ticker")).size == (1920, 135)  # a strip, not a 2x2 cell
    assert request_from_args(_args("clock", output_height=720)).output_height_px == 720


@pytest.mark.parametrize(("text", "expected"), [
    (None, {}), ("", {}), ('{"days": 30}', {"days": 30}), ('{"text": "<b>x</b>"}', {"text": "<b>x</b>"}),
])
def test_settings_parse(text: str | None, expected: dict[str, Any]) -> None:
    assert parse_settings(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("[1", "not valid JSON"), ("[1, 2]", "must be a JSON object"), ("42", "must be a JSON object"),
    ('"x' + "a" * 200 + '"', "must be a JSON object, got 'xaaaa"), ("[" * 60_000, "not valid JSON"),
    ('{"t": "' + "a" * MAX_SETTINGS_BYTES + '"}', "larger than 64 kB"), ("\x00\xff", "not valid JSON"),
])
def test_bad_settings_are_refused_clearly(text: str, message: str) -> None:
    with pytest.raises(TileRunError, match=message) as caught:
        parse_settings(text)
    assert len(str(caught.value)) < 300  # a huge value is not echoed back whole


@pytest.mark.parametrize(("text", "size"), [("960x540", (960, 540)), (" 64 X 8192 ", (64, 8192))])
def test_sizes_parse(text: str, size: tuple[int, int]) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "960", "960x", "x540", "-1x5", "960x540x3", "1e3x500", "63x540", "960x8193",
                                  "99999x99999", "9" * 10_000 + "x1", "９６０x５４０"])
def test_bad_sizes_are_refused_clearly(text: str) -> None:
    with pytest.raises(TileRunError, match="--size") as caught:
        parse_size(text)
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize(("kind", "settings", "message"), [
    ("nope", {}, "unknown tile kind 'nope' \\(known: camera, sequence"),
    ("map", {"days": 400}, "settings.days: must be days 1..90"),
    ("camera", {"camera": "tidak-ada"}, "tidak-ada"),
    ("text", {"font_px": 5}, "at least 27 px"),
    ("sequence", {"cameras": "contoh-1"}, "settings.cameras"),
])
def test_settings_a_wall_would_refuse_are_refused(
    qtbot: QtBot, kind: str, settings: dict[str, Any], message: str
) -> None:
    with pytest.raises(TileRunError, match=message):
        tile_layout(TileRequest(kind, settings))
    with pytest.raises(TileRunError, match=message):
        build(TileRequest(kind, settings))  # before any window or camera pool exists


@pytest.mark.parametrize(("values", "message"), [
    ({"output_height": 10}, "--output-height"), ({"output_height": 10**9}, "--output-height"),
    ({"camera_url": "rtsp://a b"}, "--camera-url"), ({"camera_url": "   "}, "--camera-url"),
    ({"camera_url": "rtsp://x/" + "a" * 5000}, "--camera-url"), ({"language": "fr"}, "--language"),
])
def test_bad_command_line_values_are_refused(values: dict[str, Any], message: str) -> None:
    with pytest.raises(TileRunError, match=message) as caught:
        request_from_args(_args("camera", **values))
    assert len(str(caught.value)) < 300


def _cli(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BSM_DATABASE_URL": "sqlite:////nonexistent/dir/x.db"}
    return subprocess.run([sys.executable, "-m", "bsm.cli", "wall-tile", *argv], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=45, check=False)


@pytest.mark.slow
def test_cli_writes_a_snapshot_without_any_database(tmp_path: Path) -> None:
    out = tmp_path / "peta.png"
    result = _cli("map", "--settings", '{"color_by": "category"}', "--snapshot", str(out), "--exit-after", "1")
    assert result.returncode == 0, result.stderr[-2000:]
    image = QImage(str(out))
    assert (image.width(), image.height()) == (960, 540)
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_cli_refuses_bad_arguments_with_exit_code_2_and_no_window(tmp_path: Path) -> None:
    result = _cli("map", "--settings", '{"days": "banyak"}', "--snapshot", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert "settings.days: must be days 1..90 (got 'banyak')" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x.png").exists()
    headless = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    no_display = subprocess.run([sys.executable, "-m", "bsm.cli", "wall-tile", "nope"], cwd=REPO, env=headless,
                                capture_output=True, text=True, timeout=45, check=False)
    assert no_display.returncode == 2 and "unknown tile kind 'nope'" in no_display.stderr  # refused before Qt
    unwritable = _cli("clock", "--snapshot", str(tmp_path / "no" / "such" / "dir" / "x.png"), "--exit-after", "0.5")
    assert unwritable.returncode == 1 and "cannot write" in unwritable.stderr
