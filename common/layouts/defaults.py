"""The demo's outputs and layouts: a two-screen TV wall and the videotron (``bsm seed --demo`` calls this).

TV wall outputs ``tv-1``/``tv-2`` (internal, 1920x1080 screens) have presets Umum (1), Kamera (2), Peta (3) and
an alarm preset; the ``videotron`` (public, 1152x576 at (0, 0) of a screen) shows public-safe cameras in turn,
the map, a clock and a ticker, and at night only the map and the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from common.clock import utc_now
from common.layouts.model import Layout, OutputSpec, PresetRef, ScheduleEntry, TileSpec
from common.layouts.store import KIND_LAYOUT, KIND_OUTPUT, current, save_document

AUTHOR = "seed"


class NamedCamera(Protocol):
    """Anything with a camera name and the public-safe flag (ORM rows or :class:`CameraInfo`)."""

    name: str
    public_safe: bool


def _t(tile_id: str, r: int, c: int, rs: int, cs: int, kind: str, **settings: Any) -> TileSpec:
    return TileSpec(tile_id, r, c, rs, cs, kind, settings)


def _pick(names: list[str], i: int) -> str:
    return names[i % len(names)] if names else ""


def _umum(cams: list[str]) -> Layout:
    return Layout("tv-umum", 3, 3, (
        _t("utama", 0, 0, 2, 2, "camera", camera=_pick(cams, 0)),
        _t("kamera-2", 0, 2, 1, 1, "camera", camera=_pick(cams, 1)),
        _t("kamera-3", 1, 2, 1, 1, "sequence", cameras=cams[2:8] or cams[:1], dwell_s=8),
        _t("peta", 2, 0, 1, 1, "map"),
        _t("opd", 2, 1, 1, 1, "opd_board"),
        _t("grafik", 2, 2, 1, 1, "chart", chart="reports_per_channel"),
    ))


def _kamera(cams: list[str]) -> Layout:
    tiles = []
    for i in range(16):
        r, c = divmod(i, 4)
        if i < 14:
            tiles.append(_t(f"k{i + 1}", r, c, 1, 1, "camera", camera=_pick(cams, i)))
        else:
            # The last tiles tour the remaining cameras; with few cameras, a tour of all of them.
            rest = cams[14 + (i - 14) * 6: 20 + (i - 14) * 6] or cams
            tiles.append(_t(f"urut{i - 13}", r, c, 1, 1, "sequence", cameras=rest, dwell_s=6))
    return Layout("tv-kamera", 4, 4, tuple(tiles))


def _peta() -> Layout:
    return Layout("tv-peta", 3, 3, (
        _t("peta", 0, 0, 3, 2, "map", days=7),
        _t("opd", 0, 2, 2, 1, "opd_board"),
        _t("jaringan", 2, 2, 1, 1, "network"),
    ))


def _alarm() -> Layout:
    return Layout("tv-alarm", 3, 4, (
        _t("peta", 0, 0, 2, 2, "map", zoom=3),
        _t("dekat-1", 0, 2, 2, 2, "camera", alarm_slot=1),
        _t("dekat-2", 2, 0, 1, 1, "camera", alarm_slot=2),
        _t("dekat-3", 2, 1, 1, 1, "camera", alarm_slot=3),
        _t("dekat-4", 2, 2, 1, 1, "camera", alarm_slot=4),
        _t("dekat-5", 2, 3, 1, 1, "camera", alarm_slot=5),
    ))


def _videotron(public: list[str]) -> tuple[Layout, Layout]:
    day = Layout("videotron-umum", 6, 6, (
        _t("kamera", 0, 0, 5, 3, "sequence", cameras=public[:8], dwell_s=10, show_name=True),
        _t("peta", 0, 3, 4, 3, "map", days=30),
        _t("jam", 4, 3, 1, 3, "clock", show_date=True),
        _t("info", 5, 0, 1, 6, "ticker", source="stats",
           text="Bale Sandi Maya — Diskominfo Kota Serang. Darurat? Hubungi 112.", speed_px_s=90),
    ))
    night = Layout("videotron-malam", 6, 6, (
        _t("peta", 0, 0, 5, 4, "map", days=30),
        _t("jam", 0, 4, 5, 2, "clock", show_date=True),
        _t("info", 5, 0, 1, 6, "ticker", text="Darurat? Hubungi 112 — Siaga 24 jam.", speed_px_s=90),
    ))
    return day, night


def default_documents(cameras: Iterable[NamedCamera], node: str = "wall-1") -> tuple[list[Layout], list[OutputSpec]]:
    """The demo's layouts and outputs for ``cameras`` (the videotron only gets public-safe ones)."""
    listed = list(cameras)
    cams = [c.name for c in listed]
    public = [c.name for c in listed if c.public_safe]
    day, night = _videotron(public)
    layouts = [_umum(cams), _kamera(cams), _peta(), _alarm()] + ([day, night] if public else [night])
    tv_presets = (PresetRef(1, "Umum", "tv-umum"), PresetRef(2, "Kamera", "tv-kamera"),
                  PresetRef(3, "Peta", "tv-peta"), PresetRef(9, "Alarm", "tv-alarm"))
    outputs = [
        OutputSpec("tv-1", node, "HDMI-1", None, (1920, 1080), "internal", tv_presets, (), "Alarm", 10),
        OutputSpec("tv-2", node, "HDMI-2", None, (1920, 1080), "internal",
                   (tv_presets[1], tv_presets[0], tv_presets[2], tv_presets[3]), (), "Alarm", 10),
    ]
    vt_presets = ((PresetRef(1, "Umum", "videotron-umum"),) if public else ()) + (
        PresetRef(2, "Malam", "videotron-malam"),)
    schedule = (ScheduleEntry("06:00", "22:00", "Umum"), ScheduleEntry("22:00", "06:00", "Malam")) if public else ()
    outputs.append(OutputSpec("videotron", node, "HDMI-3", (0, 0, 1152, 576), (1152, 576), "public",
                              vt_presets, schedule, None, 10))
    return layouts, outputs


def seed_default_layouts(session: Session, cameras: Iterable[NamedCamera], *, node: str = "wall-1",
                         clock: Callable[[], datetime] = utc_now) -> list[str]:
    """Save the demo's layouts and outputs that do not exist yet; returns the names saved (idempotent)."""
    layouts, outputs = default_documents(list(cameras), node)
    saved = []
    for layout in layouts:
        if current(session, KIND_LAYOUT, layout.name) is None:
            save_document(session, KIND_LAYOUT, layout.name, layout.to_json(), author=AUTHOR, base_version=None,
                          clock=clock, comment="demo")
            saved.append(layout.name)
    for output in outputs:
        if current(session, KIND_OUTPUT, output.name) is None:
            save_document(session, KIND_OUTPUT, output.name, output.to_json(), author=AUTHOR, base_version=None,
                          clock=clock, comment="demo")
            saved.append(output.name)
    return saved
