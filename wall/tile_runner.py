"""``bsm wall-tile KIND``: one tile kind alone in a window, fed with fake data (no database, no hub, no layout).

For developers and technicians: see a tile at a given size on an internal or a public output, in either language,
try settings before they go into a layout, or check a camera URL through the wall's real capture path. Data tiles
get the editor preview's fake snapshots (``wall.data.fake``); camera kinds show a still test picture unless
``--camera-url`` names a real stream. Settings are checked by the same rules as a layout's, so what runs here
runs on the wall.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from common.layouts.cameras import CameraInfo
from common.layouts.kinds import default_kinds
from common.layouts.model import LANGUAGES, Language, Layout, Privacy, TileSpec, shown
from common.layouts.validate import validate_layout

if TYPE_CHECKING:
    from wall.camera_pool import CameraPool, SourceFactory
    from wall.data.fake import FakeDashboardService
    from wall.layout_view import LayoutGridWidget

MAX_SETTINGS_BYTES = 64 * 1024
INTERNAL_OUTPUT_HEIGHT, PUBLIC_OUTPUT_HEIGHT = 1080, 576
"""The output a tile is shown on unless ``--output-height`` says otherwise: a TV screen, or the videotron."""
MIN_SIDE, MAX_SIDE = 64, 8192
SAMPLE_CAMERAS = ("contoh-1", "contoh-2", "contoh-3")
"""The cameras of the fake camera set: a camera tile shows the first, a sequence tours all three."""
SAMPLE_SETTINGS: Mapping[str, Mapping[str, Any]] = {
    "camera": {"camera": SAMPLE_CAMERAS[0]},
    "sequence": {"cameras": list(SAMPLE_CAMERAS), "dwell_s": 3},
    "ticker": {"text": "Bale Sandi Maya - Diskominfo Kota Serang. Darurat? Hubungi 112."},
    "text": {"text": "Bale Sandi Maya"},
    "image": {"path": "icons/camera.svg", "background": "#e8edf2"},  # the icons are drawn dark
}
"""Settings a kind needs to show something; the command line's ``--settings`` override them."""
DEFAULT_SIZE = (960, 540)
"""One cell of a 2x2 grid on a 1080p screen; a ticker gets a strip (one row of a grid of eight) instead."""
KIND_SIZES: Mapping[str, tuple[int, int]] = {"ticker": (1920, 135)}


class TileRunError(ValueError):
    """A command-line value that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class TileRequest:
    """What to show: the kind, its settings and the output it is shown on."""

    kind: str
    settings: Mapping[str, Any]
    size: tuple[int, int] = DEFAULT_SIZE
    output_height_px: int = INTERNAL_OUTPUT_HEIGHT
    privacy: Privacy = "internal"
    language: Language = "id"
    camera_url: str | None = None


def parse_settings(text: str | None) -> dict[str, Any]:
    """The ``--settings`` JSON object (empty when not given); a clear error for anything else."""
    if not text:
        return {}
    if len(text.encode("utf-8", "surrogatepass")) > MAX_SETTINGS_BYTES:
        raise TileRunError(f"--settings is larger than {MAX_SETTINGS_BYTES // 1024} kB")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise TileRunError(f"--settings is not valid JSON: {str(exc)[:120]}") from None
    if not isinstance(value, dict):
        raise TileRunError(f"--settings must be a JSON object, got {shown(value)}")
    return value


def parse_size(text: str) -> tuple[int, int]:
    """``WIDTHxHEIGHT`` in pixels, each within 64..8192."""
    match = re.fullmatch(r"\s*([0-9]{1,5})\s*[xX]\s*([0-9]{1,5})\s*", text or "")
    if not match:
        raise TileRunError(f"--size must look like 960x540, got {shown(text)}")
    width, height = int(match.group(1)), int(match.group(2))
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise TileRunError(f"--size: each side must be {MIN_SIDE}..{MAX_SIDE} pixels, got {width}x{height}")
    return width, height


def sample_cameras(url: str | None) -> dict[str, CameraInfo]:
    """The fake camera set, public-safe so it may also be tried on a public output; all on ``url`` if given."""
    address = url or "still://contoh"
    return {name: CameraInfo(name, True, address) for name in SAMPLE_CAMERAS}


def tile_layout(request: TileRequest) -> Layout:
    """A 1x1 layout holding the requested tile; refused with every problem a wall would find in it."""
    kinds = default_kinds()
    if request.kind not in kinds:
        raise TileRunError(f"unknown tile kind {shown(request.kind)} (known: {', '.join(kinds.kinds())})")
    settings = {**SAMPLE_SETTINGS.get(request.kind, {}), **request.settings}
    layout = Layout("tile", 1, 1, (TileSpec("tile", 0, 0, 1, 1, request.kind, settings),))
    problems = validate_layout(layout, sample_cameras(request.camera_url), request.privacy,
                               kinds=kinds, output_height_px=request.output_height_px)
    if problems:
        raise TileRunError("; ".join(p.message_en for p in problems))
    return layout


def request_from_args(args: argparse.Namespace) -> TileRequest:
    """The request the command line describes (errors as :class:`TileRunError`)."""
    size = parse_size(args.size) if args.size else KIND_SIZES.get(args.kind, DEFAULT_SIZE)
    height = args.output_height
    if height is None:  # a cell of a 1080p TV wall, or of the videotron
        height = PUBLIC_OUTPUT_HEIGHT if args.public else INTERNAL_OUTPUT_HEIGHT
    if not MIN_SIDE <= height <= MAX_SIDE:
        raise TileRunError(f"--output-height must be {MIN_SIDE}..{MAX_SIDE} pixels, got {height}")
    language = next((lang for lang in LANGUAGES if lang == args.language), None)
    if language is None:
        raise TileRunError(f"--language must be one of {', '.join(LANGUAGES)}")
    url = args.camera_url.strip() if args.camera_url else None
    if url is not None and (not url or len(url) > 2048 or any(ch.isspace() for ch in url)):
        raise TileRunError(f"--camera-url must be one URL without spaces, got {shown(args.camera_url)}")
    return TileRequest(args.kind, parse_settings(args.settings), size, height,
                       "public" if args.public else "internal", language, url)


def _source_factory(request: TileRequest) -> SourceFactory:
    from common.video.base import FrameSource
    from common.video.source import StreamSpec
    from common.video.still import StillFrameSource
    from wall.video_sources import thread_source_factory

    if request.camera_url:
        return thread_source_factory()
    caption = "CONTOH" if request.language == "id" else "SAMPLE"

    def still(camera: str, spec: StreamSpec) -> FrameSource:
        return StillFrameSource(camera, spec, caption)

    return still


def build(request: TileRequest, layout: Layout | None = None,
          clock: Callable[[], datetime] | None = None) -> TileRunnerWindow:
    """The window showing ``request``'s tile (not shown yet); :meth:`TileRunnerWindow.shutdown` stops it.

    ``layout`` is ``tile_layout(request)`` when the caller already checked it; otherwise it is checked here and
    :class:`TileRunError` raised before anything is built."""
    from wall.camera_pool import CameraPool
    from wall.data.fake import FakeDashboardService
    from wall.i18n import WallTexts
    from wall.layout_view import LayoutGridWidget
    from wall.tiles.base import TileContext
    from wall.tiles.camera_render import ClockFaces
    from wall.tiles.registry import TileRegistry

    layout = layout or tile_layout(request)
    clock = clock or (lambda: datetime.now(UTC))
    pool = CameraPool(sample_cameras(request.camera_url), _source_factory(request))
    dashboard = FakeDashboardService()
    services = {"cameras": pool, "dashboard": dashboard, "clock_faces": ClockFaces()}
    ctx = TileContext(request.privacy, request.output_height_px, clock, services,
                      round(request.output_height_px * 16 / 9), WallTexts(request.language))
    grid = LayoutGridWidget(TileRegistry(), ctx)
    grid.setWindowTitle(f"Bale Sandi Maya - {request.kind}")
    grid.resize(*request.size)
    grid.apply(layout)
    return TileRunnerWindow(grid, pool, dashboard)


class TileRunnerWindow:
    """The tile's window with what feeds it (camera pool, fake data), shut down together."""

    def __init__(self, grid: LayoutGridWidget, pool: CameraPool, dashboard: FakeDashboardService) -> None:
        self.grid, self.pool, self.dashboard = grid, pool, dashboard

    def shutdown(self) -> None:
        """Stop the tile and its cameras (joins the capture threads of a real ``--camera-url``)."""
        self.grid.shutdown()
        self.pool.shutdown()


def run(args: argparse.Namespace) -> int:
    """Show the tile until closed (or snapshot and exit); 2 on a bad argument, 1 when the PNG cannot be written."""
    from PySide6.QtCore import QEvent, QTimer
    from PySide6.QtWidgets import QApplication

    from wall.main import quit_on_signals

    try:  # before Qt starts: a bad argument is refused even where no display could be opened
        request = request_from_args(args)
        layout = tile_layout(request)
    except TileRunError as exc:
        print(f"bsm wall-tile: {exc}", file=sys.stderr)
        return 2
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    window = build(request, layout)
    outcome = {"code": 0}
    keepalive = quit_on_signals(qapp)
    window.grid.show()
    if args.exit_after is not None or args.snapshot:
        delay = args.exit_after if args.exit_after is not None else 3.0
        QTimer.singleShot(round(delay * 1000), lambda: _finish(qapp, window, args.snapshot, outcome))
    try:
        qapp.exec()
    finally:
        keepalive.stop()
        window.shutdown()
        window.grid.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return outcome["code"]


def _finish(qapp: Any, window: TileRunnerWindow, snapshot: str | None, outcome: dict[str, int]) -> None:
    if snapshot:
        if window.grid.grab().save(snapshot, "PNG"):
            print(snapshot)
        else:
            print(f"bsm wall-tile: cannot write {snapshot}", file=sys.stderr)
            outcome["code"] = 1
    qapp.quit()
