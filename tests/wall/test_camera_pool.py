"""The camera pool and the camera/sequence tiles with fake sources: sharing, streams, activity, privacy."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from common.video.base import CaptureState
from tests.wall.fakes import FAKE_CAMERAS, FakeSourceFactory, make_frame
from wall.camera_pool import CameraPool, choose_stream
from wall.tiles.base import TileContext
from wall.tiles.camera import CameraTileWidget
from wall.tiles.sequence import SequenceTileWidget

pytestmark = pytest.mark.timeout(30)
def _ctx(pool: CameraPool, privacy: str = "internal") -> TileContext:
    return TileContext(privacy=privacy, output_height_px=1080, output_width_px=1920,  # type: ignore[arg-type]
                       clock=lambda: datetime(2026, 11, 25, 5, 0, tzinfo=UTC), services={"cameras": pool})


def _tile(qtbot: QtBot, pool: CameraPool, settings: dict[str, object], size: tuple[int, int] = (480, 270),
          privacy: str = "internal") -> CameraTileWidget:
    tile = CameraTileWidget(settings, _ctx(pool, privacy))
    qtbot.addWidget(tile)
    tile.resize(*size)
    tile.show()
    tile.set_active(True)
    return tile


def test_stream_choice_has_hysteresis() -> None:
    assert choose_stream("sub", 0.30) == "sub" and choose_stream("main", 0.30) == "main"
    assert choose_stream("sub", 0.41) == "main" and choose_stream("main", 0.24) == "sub"
    assert choose_stream("sub", 0.01, enlarged=True) == "main"


def test_tiles_of_one_camera_share_one_source(qtbot: QtBot, pool: CameraPool, factory: FakeSourceFactory) -> None:
    one, two = _tile(qtbot, pool, {"camera": "a"}), _tile(qtbot, pool, {"camera": "a"})
    assert len(factory.made) == 1 and factory.made[0].spec.url == "rtsp://h/a-sub"
    assert one.lease is not None and two.lease is not None and one.lease.source is two.lease.source
    one.shutdown()
    assert not factory.made[0].stopped
    two.shutdown()
    qtbot.waitUntil(lambda: factory.made[0].stopped)
    assert pool.source_count == 0


def test_only_the_newest_frame_is_painted(qtbot: QtBot, pool: CameraPool, factory: FakeSourceFactory) -> None:
    tile = _tile(qtbot, pool, {"camera": "a"})
    source = factory.made[0]
    for seq in range(1, 6):
        source.push(make_frame(seq, "a"))
    qtbot.waitUntil(lambda: tile.frames_painted >= 1)
    qtbot.wait(50)
    assert tile._frame is not None and tile._frame.seq == 5
    assert tile.frames_painted <= 2  # five frames arrived between two display ticks; at most the newest is drawn
    assert tile.status_text == ""


def test_large_or_enlarged_tiles_use_the_main_stream(qtbot: QtBot, pool: CameraPool,
                                                     factory: FakeSourceFactory) -> None:
    tile = _tile(qtbot, pool, {"camera": "b"}, size=(480, 270))
    assert tile.lease is not None and tile.lease.stream == "sub"
    tile.resize(1400, 800)  # 54% of the output
    assert tile.lease is not None and tile.lease.stream == "main"
    tile.resize(1100, 600)  # 32%: between the thresholds, stays on main
    assert tile.lease.stream == "main"
    tile.resize(600, 340)
    assert tile.lease is not None and tile.lease.stream == "sub"
    tile.set_enlarged(True)
    assert tile.lease is not None and tile.lease.stream == "main"
    qtbot.waitUntil(lambda: len([s for s in factory.made if s.stopped]) >= 3)


def test_hidden_tiles_deactivate_their_source(qtbot: QtBot, pool: CameraPool, factory: FakeSourceFactory) -> None:
    tile = _tile(qtbot, pool, {"camera": "a"})
    tile.set_active(False)
    assert factory.made[0].active is False
    tile.set_active(True)
    assert factory.made[0].active is True


def test_hidden_tile_opens_nothing(qtbot: QtBot, pool: CameraPool, factory: FakeSourceFactory) -> None:
    tile = CameraTileWidget({"camera": "a"}, _ctx(pool))
    qtbot.addWidget(tile)
    assert factory.made == []
    tile.shutdown()


def test_states_are_said_clearly(qtbot: QtBot, pool: CameraPool, factory: FakeSourceFactory) -> None:
    tile = _tile(qtbot, pool, {"camera": "a"})
    assert tile.status_text == "Menghubungkan…"
    source = factory.made[0]
    source.set_state(CaptureState.NO_SIGNAL, last=datetime(2026, 11, 25, 3, 4, 5, tzinfo=UTC))
    qtbot.waitUntil(lambda: tile.status_text == "Tidak ada sinyal sejak 10:04:05")
    source.set_state(CaptureState.STALLED)
    qtbot.waitUntil(lambda: tile.status_text == "Gambar beku — menyambung ulang")
    tile.grab()
    assert ("Gambar beku — menyambung ulang", tile.text_log.entries[0][1]) in tile.text_log.entries


def test_text_is_readable_from_five_metres(qtbot: QtBot, pool: CameraPool, factory: FakeSourceFactory) -> None:
    tile = _tile(qtbot, pool, {"camera": "a"}, size=(240, 135))  # a cell of an 8x8 grid on 1080p
    factory.made[0].push()
    qtbot.waitUntil(lambda: tile.frames_painted >= 1)
    tile.grab()
    assert tile.text_log.entries and all(px >= 27 for _, px in tile.text_log.entries)


def test_private_camera_is_never_shown_on_a_public_output(qtbot: QtBot, pool: CameraPool,
                                                          factory: FakeSourceFactory) -> None:
    tile = _tile(qtbot, pool, {"camera": "privat"}, privacy="public")
    assert factory.made == [] and tile.lease is None
    assert pool.acquire("privat", "main", tile, public=True) is None
    tile.grab()
    texts = [t for t, _ in tile.text_log.entries]
    assert "Kamera tidak untuk tampilan publik" in texts and not any("privat" in t for t in texts)
    internal = _tile(qtbot, pool, {"camera": "privat"})
    assert internal.lease is not None


def test_sequence_cycles_and_skips_private_cameras_on_public(qtbot: QtBot, pool: CameraPool,
                                                             factory: FakeSourceFactory) -> None:
    seq = SequenceTileWidget({"cameras": ["a", "privat", "b"], "dwell_s": 1}, _ctx(pool, "public"))
    qtbot.addWidget(seq)
    seq.resize(480, 270)
    seq.show()
    seq.set_active(True)
    assert seq.cameras == ["a", "b"] and seq.dwell_s == 3.0
    assert seq.camera_name == "a"
    seq.advance()
    assert seq.camera_name == "b"
    seq.advance()
    assert seq.camera_name == "a"
    assert all(s.camera != "privat" for s in factory.made)
    seq.shutdown()


def test_snapshot_saves_the_newest_frame(qtbot: QtBot, pool: CameraPool, factory: FakeSourceFactory,
                                         tmp_path: object) -> None:
    from pathlib import Path

    tile = _tile(qtbot, pool, {"camera": "a"})
    path = Path(str(tmp_path)) / "a.png"
    assert tile.save_snapshot(path) is False
    factory.made[0].push(make_frame(1, "a", size=(320, 180)))
    qtbot.waitUntil(lambda: tile.frames_painted >= 1)
    assert tile.save_snapshot(path) and path.stat().st_size > 0
    from PySide6.QtGui import QImage

    assert QImage(str(path)).width() == 320


def test_released_stream_lingers_for_a_quick_comeback(qtbot: QtBot, factory: FakeSourceFactory) -> None:
    pool = CameraPool(FAKE_CAMERAS, factory, linger_ms=300)
    try:
        tile = _tile(qtbot, pool, {"camera": "a"})
        tile.set_camera("b")  # e.g. a sequence or a preset switch...
        tile.set_camera("a")  # ...that comes back at once: same source, no reconnect
        assert [s.camera for s in factory.made] == ["a", "b"]
        tile.shutdown()
        qtbot.waitUntil(lambda: all(s.stopped for s in factory.made), timeout=2000)
        assert pool.source_count == 0
    finally:
        pool.shutdown()


def test_the_source_prepares_frames_at_every_visible_tiles_size(qtbot: QtBot, pool: CameraPool,
                                                                factory: FakeSourceFactory) -> None:
    small = _tile(qtbot, pool, {"camera": "a"}, size=(320, 180))
    source = factory.made[0]
    source.push(make_frame(1, "a", size=(640, 360)))
    qtbot.waitUntil(lambda: small.frames_painted >= 1)
    assert source.display_sizes[-1] == ((320, 180),), "the tile asked for its on-screen size"
    large = _tile(qtbot, pool, {"camera": "a"}, size=(426, 240))
    source.push(make_frame(2, "a", size=(640, 360)))
    qtbot.waitUntil(lambda: large.frames_painted >= 1)
    assert source.display_sizes[-1] == ((426, 240), (320, 180)), "two tiles: both sizes, the larger first"
    twin = _tile(qtbot, pool, {"camera": "a"}, size=(320, 180))
    source.push(make_frame(3, "a", size=(640, 360)))
    qtbot.waitUntil(lambda: twin.frames_painted >= 1)
    assert source.display_sizes[-1] == ((426, 240), (320, 180)), "a size is prepared once for all its tiles"
    large.set_active(False)
    assert source.display_sizes[-1] == ((320, 180),), "a hidden tile no longer counts"
    for tile in (small, large, twin):
        tile.shutdown()


def test_a_source_prepares_at_most_three_sizes_largest_first(qtbot: QtBot, pool: CameraPool,
                                                              factory: FakeSourceFactory) -> None:
    sizes = [(160, 90), (480, 270), (320, 180), (640, 360)]
    tiles = [_tile(qtbot, pool, {"camera": "a"}, size=size) for size in sizes]
    source = factory.made[0]
    source.push(make_frame(1, "a", size=(640, 360)))
    qtbot.waitUntil(lambda: all(t.frames_painted >= 1 for t in tiles))
    assert source.display_sizes[-1] == ((640, 360), (480, 270), (320, 180)), "the 160x90 tile scales its own"
    for tile in tiles:
        tile.shutdown()


def test_a_prepared_frame_is_blitted_without_scaling_on_the_gui_thread(qtbot: QtBot, pool: CameraPool,
                                                                      factory: FakeSourceFactory) -> None:
    from common.video.display import prepare_display
    from common.video.frame import Frame

    tile = _tile(qtbot, pool, {"camera": "a"}, size=(320, 180))
    source = factory.made[0]
    source.push(make_frame(1, "a", size=(640, 360)))
    qtbot.waitUntil(lambda: tile.frames_painted >= 1)
    assert tile._display.prepared_hits == 0, "the first frame came before the size was known"
    plain = make_frame(2, "a", size=(640, 360), value=120)
    prepared = Frame.from_image(plain.image, 2, "a", plain.captured_monotonic, plain.captured_wall,
                                (prepare_display(plain.image, (480, 270)), prepare_display(plain.image, (320, 180))))
    source.push(prepared)
    qtbot.waitUntil(lambda: tile.frames_painted >= 2)
    assert tile._display.prepared_hits == 1
    assert tile.grab().toImage().pixelColor(160, 120).red() == 120
    tile.shutdown()


def test_a_frame_narrower_than_its_tile_gets_black_bars_only_around_it(qtbot: QtBot, pool: CameraPool,
                                                                        factory: FakeSourceFactory) -> None:
    tile = _tile(qtbot, pool, {"camera": "a", "show_name": False}, size=(480, 400))
    factory.made[0].push(make_frame(1, "a", size=(640, 360), value=200))
    qtbot.waitUntil(lambda: tile.frames_painted >= 1)
    image = tile.grab().toImage()
    assert image.pixelColor(240, 60).red() == 0, "the bar above the picture is black"
    assert image.pixelColor(240, 200).red() == 200, "the picture itself"
    assert image.pixelColor(240, 390).red() == 0, "the bar below"
    tile.shutdown()
