"""Validation of layouts and outputs: every problem with its tile, a code and a message in both languages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from common.layouts.cameras import CameraInfo
from common.layouts.jsonio import layout_from_json
from common.layouts.kinds import MIN_DWELL_S, KindRegistry, default_kinds
from common.layouts.model import Layout, LayoutFormatError, OutputSpec, Privacy


@dataclass(frozen=True)
class Problem:
    """One reason a layout or output cannot be shown: ``code`` is stable, the messages are for people."""

    tile_id: str | None
    code: str
    message_id: str
    message_en: str

    def __str__(self) -> str:
        where = f"[{self.tile_id}] " if self.tile_id else ""
        return f"{where}{self.code}: {self.message_en}"


def min_font_px(output_height_px: int) -> int:
    """Readable from 5 m: the smallest text allowed on an output of this height (1/40; 27 px on 1080p)."""
    return max(12, round(output_height_px / 40))


def format_problems(issues: LayoutFormatError) -> list[Problem]:
    """Malformed-JSON issues as problems (code ``malformed``), each naming the path of the bad field."""
    return [Problem(None, "malformed", f"{i.path}: {i.message_id}", f"{i.path}: {i.message_en}")
            for i in issues.issues]


def _geometry(layout: Layout) -> list[Problem]:
    out: list[Problem] = []
    seen: set[str] = set()
    for t in layout.tiles:
        if t.id in seen:
            out.append(Problem(t.id, "duplicate_id", f"id ubin '{t.id}' dipakai dua kali",
                               f"tile id '{t.id}' is used twice"))
        seen.add(t.id)
        if t.row_span < 1 or t.col_span < 1:
            out.append(Problem(t.id, "bad_span", f"rentang baris/kolom harus >= 1 (didapat {t.row_span}x{t.col_span})",
                               f"row and column span must be >= 1 (got {t.row_span}x{t.col_span})"))
        elif t.row + t.row_span > layout.rows or t.col + t.col_span > layout.cols:
            grid, at = f"{layout.rows}x{layout.cols}", (t.row, t.row_span, t.col, t.col_span)
            out.append(Problem(
                t.id, "out_of_bounds", "ubin di baris {}+{}, kolom {}+{} keluar dari kisi ".format(*at) + grid,
                "tile at row {}+{}, column {}+{} is outside the grid ".format(*at) + grid))
    for a, b in combinations(layout.tiles, 2):
        if a.row_span >= 1 and a.col_span >= 1 and a.cells & b.cells:
            out.append(Problem(b.id, "overlap", f"ubin '{b.id}' menumpuk ubin '{a.id}'",
                               f"tile '{b.id}' overlaps tile '{a.id}'"))
    return out


def _cameras(tile_id: str, names: list[str], cameras: Mapping[str, CameraInfo], privacy: Privacy) -> list[Problem]:
    out: list[Problem] = []
    for name in names:
        cam = cameras.get(name)
        if cam is None:
            out.append(Problem(tile_id, "unknown_camera", f"kamera '{name}' tidak dikenal",
                               f"unknown camera '{name}'"))
        elif privacy == "public" and not cam.public_safe:
            out.append(Problem(tile_id, "camera_not_public",
                               f"kamera '{name}' tidak ditandai aman-publik; dilarang di keluaran publik",
                               f"camera '{name}' is not flagged public-safe; not allowed on a public output"))
    return out


def _tile_settings(tile_id: str, kind: str, settings: Mapping[str, Any], min_font: int) -> list[Problem]:
    out: list[Problem] = []
    if kind == "sequence":
        dwell = settings.get("dwell_s", 10)
        if isinstance(dwell, (int, float)) and dwell < MIN_DWELL_S:
            out.append(Problem(tile_id, "dwell_too_short", f"waktu tayang {dwell} dtk; minimal {MIN_DWELL_S:g} dtk",
                               f"dwell {dwell} s; at least {MIN_DWELL_S:g} s"))
        if not settings.get("cameras"):
            out.append(Problem(tile_id, "no_camera", "urutan tanpa kamera", "a sequence without cameras"))
    if kind == "camera" and not settings.get("camera") and settings.get("alarm_slot") is None:
        out.append(Problem(tile_id, "no_camera", "ubin kamera tanpa kamera", "a camera tile without a camera"))
    font = settings.get("font_px")
    if isinstance(font, int) and not isinstance(font, bool) and font < min_font:
        out.append(Problem(tile_id, "text_too_small",
                           f"teks {font} px terlalu kecil; minimal {min_font} px agar terbaca dari 5 m",
                           f"text of {font} px is too small; at least {min_font} px to be readable from 5 m"))
    return out


def validate_layout(
    layout: Layout, cameras: Mapping[str, CameraInfo], privacy: Privacy, *,
    kinds: KindRegistry | None = None, output_height_px: int = 1080,
) -> list[Problem]:
    """Every problem of ``layout`` shown on an output of ``privacy``; empty when it can be shown."""
    kinds = kinds or default_kinds()
    problems = _geometry(layout)
    for t in layout.tiles:
        spec = kinds.get(t.kind)
        if spec is None:
            problems.append(Problem(t.id, "unknown_kind", f"jenis ubin '{t.kind}' tidak dikenal",
                                    f"unknown tile kind '{t.kind}' (known: {', '.join(kinds.kinds())})"))
            continue
        problems += [Problem(t.id, "bad_setting", f"{i.path}: {i.message_id}", f"{i.path}: {i.message_en}")
                     for i in spec.check(t.settings)]
        problems += _cameras(t.id, spec.camera_names(t.settings), cameras, privacy)
        problems += _tile_settings(t.id, t.kind, t.settings, min_font_px(output_height_px))
    return problems


def parse_and_validate_layout(
    body: Any, cameras: Mapping[str, CameraInfo], privacy: Privacy, *,
    kinds: KindRegistry | None = None, output_height_px: int = 1080,
) -> tuple[Layout | None, list[Problem]]:
    """Parse then validate; the layout is None when the JSON is malformed."""
    try:
        layout = layout_from_json(body)
    except LayoutFormatError as exc:
        return None, format_problems(exc)
    return layout, validate_layout(layout, cameras, privacy, kinds=kinds, output_height_px=output_height_px)


def validate_output(output: OutputSpec, layout_names: set[str] | frozenset[str]) -> list[Problem]:
    """Problems of an output: unknown preset layouts, duplicate keys/names, schedule and alarm references."""
    out: list[Problem] = []
    keys, names = [p.key for p in output.presets], [p.name for p in output.presets]
    for dup in sorted({k for k in keys if keys.count(k) > 1}):
        out.append(Problem(None, "duplicate_key", f"tombol {dup} dipakai dua preset", f"key {dup} used by two presets"))
    for name in sorted({n for n in names if names.count(n) > 1}):
        out.append(Problem(None, "duplicate_preset", f"preset '{name}' ganda", f"preset '{name}' defined twice"))
    for p in output.presets:
        if p.layout not in layout_names:
            out.append(Problem(None, "unknown_layout", f"preset '{p.name}': tata letak '{p.layout}' tidak ada",
                               f"preset '{p.name}': layout '{p.layout}' does not exist"))
    for e in output.schedule:
        if e.preset not in names:
            out.append(Problem(None, "unknown_preset", f"jadwal {e.start}-{e.end}: preset '{e.preset}' tidak ada",
                               f"schedule {e.start}-{e.end}: preset '{e.preset}' does not exist"))
    if output.alarm_preset is not None:
        if output.is_public:
            out.append(Problem(None, "alarm_on_public", "keluaran publik tidak boleh menampilkan alarm",
                               "a public output must not show alarms"))
        elif output.alarm_preset not in names:
            out.append(Problem(None, "unknown_preset", f"preset alarm '{output.alarm_preset}' tidak ada",
                               f"alarm preset '{output.alarm_preset}' does not exist"))
    return out
