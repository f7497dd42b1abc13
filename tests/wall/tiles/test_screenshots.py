"""Every tile rendered from the demo database at wall (1920x1080, internal) and videotron (1152x576, public)
sizes, and as one cell of a 3x3 / 2x2 layout, saved to ``/tmp/bsm-shots/`` (override with ``BSM_SHOTS_DIR``)
for a person to look at."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.wall.tiles.helpers import TILES, is_ready
from wall.data.dashboard_service import DashboardDataService
from wall.tiles.base import TileContext

#: (name, privacy, output height, tile width, tile height): whole outputs and single layout cells.
OUTPUTS = (
    ("wall", "internal", 1080, 1920, 1080),
    ("videotron", "public", 576, 1152, 576),
    ("cell3x3", "internal", 1080, 640, 360),
    ("cell2x2", "internal", 1080, 960, 540),
    ("videotron_cell", "public", 576, 576, 288),
)


@pytest.fixture(scope="module")
def shots_dir() -> Path:
    path = Path(os.environ.get("BSM_SHOTS_DIR", "/tmp/bsm-shots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize(
    ("output", "privacy", "output_height", "width", "height"), OUTPUTS, ids=[o[0] for o in OUTPUTS]
)
def test_render_every_tile(
    qtbot: QtBot,
    service: DashboardDataService,
    make_ctx: Callable[..., TileContext],
    shots_dir: Path,
    output: str,
    privacy: str,
    output_height: int,
    width: int,
    height: int,
) -> None:
    ctx = make_ctx(privacy, output_height, dashboard=service)
    for name, cls, settings in TILES:
        tile = cls(settings, ctx)
        qtbot.addWidget(tile)
        tile.resize(width, height)
        qtbot.waitUntil(lambda tile=tile: is_ready(tile), timeout=5000)
        tile.show()  # shown once its data is there: the ticker's first copy already has the figures
        image = tile.grab().toImage()
        assert (image.width(), image.height()) == (width, height)
        grid = {image.pixel(x * width // 24, y * height // 14) for x in range(24) for y in range(14)}
        assert len(grid) > 1, f"{name} looks blank"
        assert image.save(str(shots_dir / f"{name}_{output}_{width}x{height}.png"))
        tile.shutdown()
