"""The tile kinds a layout may use: their settings, defaults and checks (Qt-free; the editor uses it too).

Settings not described here are kept and ignored (a newer wall may know them); described ones are checked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from common.layouts.model import shown

MIN_DWELL_S = 3.0


@dataclass(frozen=True)
class SettingField:
    """One setting of a kind: its name, default, a check and what it must be (Indonesian, English)."""

    name: str
    default: Any
    check: Callable[[Any], bool]
    want_id: str
    want_en: str


@dataclass(frozen=True)
class SettingIssue:
    """A setting that fails its check."""

    path: str
    message_id: str
    message_en: str


@dataclass(frozen=True)
class KindSpec:
    """A tile kind: labels, settings with defaults, and which cameras a tile of it shows."""

    kind: str
    label_id: str
    label_en: str
    fields: tuple[SettingField, ...] = ()
    shows_cameras: bool = False

    def defaults(self) -> dict[str, Any]:
        """Default settings of a new tile of this kind."""
        return {f.name: _copy(f.default) for f in self.fields}

    def with_defaults(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The settings completed with the defaults of missing fields."""
        return {**self.defaults(), **dict(settings)}

    def check(self, settings: Mapping[str, Any]) -> list[SettingIssue]:
        """Issues of the described settings that are present."""
        issues = []
        for f in self.fields:
            if f.name in settings and not f.check(settings[f.name]):
                got = shown(settings[f.name])
                issues.append(SettingIssue(f"settings.{f.name}", f"harus {f.want_id} (didapat {got})",
                                           f"must be {f.want_en} (got {got})"))
        return issues

    def camera_names(self, settings: Mapping[str, Any]) -> list[str]:
        """The cameras a tile with these settings shows (empty for non-camera kinds)."""
        if not self.shows_cameras:
            return []
        names: list[str] = []
        cam = settings.get("camera")
        if isinstance(cam, str) and cam:
            names.append(cam)
        cams = settings.get("cameras")
        if isinstance(cams, list):
            names.extend(c for c in cams if isinstance(c, str) and c)
        return names


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _int(lo: int, hi: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


def _num(lo: float, hi: float) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and lo <= v <= hi


def _str(v: Any) -> bool:
    return isinstance(v, str)


def _bool(v: Any) -> bool:
    return isinstance(v, bool)


def _one_of(*values: str) -> Callable[[Any], bool]:
    return lambda v: v in values


def _str_list(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _opt_str(v: Any) -> bool:
    return v is None or isinstance(v, str)


TITLE = SettingField("title", "", _str, "teks", "a string")
BACKGROUND = SettingField("background", "", _str, "warna", "a colour")


def PAGE(default: int) -> SettingField:  # noqa: N802 - reads like the other field constants
    """Seconds between pages of a paged tile."""
    return SettingField("page_seconds", default, _num(2, 600), "detik 2..600", "seconds 2..600")


STREAM = SettingField("stream", "auto", _one_of("auto", "main", "sub"), "'auto', 'main' atau 'sub'",
                      "'auto', 'main' or 'sub'")
SHOW_NAME = SettingField("show_name", True, _bool, "true/false", "true/false")
ALARM_SLOT = SettingField("alarm_slot", None, lambda v: v is None or _int(1, 64)(v), "null atau 1..64",
                          "null or 1..64")


def _builtin_specs() -> tuple[KindSpec, ...]:
    return (
        KindSpec("camera", "Kamera", "Camera", (
            SettingField("camera", "", _str, "nama kamera", "a camera name"), STREAM, SHOW_NAME, ALARM_SLOT,
        ), shows_cameras=True),
        KindSpec("sequence", "Kamera bergilir", "Camera sequence", (
            SettingField("cameras", [], _str_list, "daftar nama kamera", "a list of camera names"),
            SettingField("dwell_s", 10, _num(0, 3600), "detik 3..3600", "seconds 3..3600"), STREAM, SHOW_NAME,
        ), shows_cameras=True),
        KindSpec("map", "Peta aduan", "Complaint map", (
            SettingField("focus", None, _opt_str, "kode kelurahan atau null", "a kelurahan code or null"),
            SettingField("zoom", 2.5, _num(1, 20), "perbesaran 1..20", "a magnification 1..20"),
            SettingField("days", 7, _int(1, 90), "hari 1..90", "days 1..90"),
            SettingField("color_by", "status", _one_of("status", "category"), "'status' atau 'category'",
                         "'status' or 'category'"),
            SettingField("labels", "auto", _one_of("auto", "none"), "'auto' atau 'none'", "'auto' or 'none'"),
            SettingField("title", "", _str, "teks", "a string"),
        )),
        KindSpec("opd_board", "Papan OPD", "OPD board", (
            TITLE, PAGE(8),
            SettingField("warn_share", 0.10, _num(0, 1), "pecahan 0..1", "a fraction 0..1"),
            SettingField("bad_share", 0.25, _num(0, 1), "pecahan 0..1", "a fraction 0..1"),
            SettingField("hide_idle", True, _bool, "true/false", "true/false"),
        )),
        KindSpec("chart", "Grafik", "Chart", (
            SettingField("chart", "reports_per_channel", _one_of("reports_per_channel", "calls112"),
                         "'reports_per_channel' atau 'calls112'", "'reports_per_channel' or 'calls112'"), TITLE,
        )),
        KindSpec("network", "Jaringan kios", "Kiosk network", (TITLE, PAGE(10))),
        KindSpec("ticker", "Teks berjalan", "Ticker", (
            SettingField("text", "", _str, "teks", "a string"),
            SettingField("speed_px_s", 120, _int(10, 2000), "10..2000 piksel/detik", "10..2000 pixels/s"),
            SettingField("source", "static", _one_of("static", "stats"), "'static' atau 'stats'",
                         "'static' or 'stats'"),
        )),
        KindSpec("clock", "Jam", "Clock", (
            SettingField("seconds", True, _bool, "true/false", "true/false"),
            SettingField("show_date", True, _bool, "true/false", "true/false"),
        )),
        KindSpec("text", "Teks", "Text", (
            SettingField("text", "", _str, "teks", "a string"), TITLE,
            SettingField("align", "center", _one_of("left", "center", "right"), "'left', 'center' atau 'right'",
                         "'left', 'center' or 'right'"),
            SettingField("color", "", _str, "warna", "a colour"), BACKGROUND,
        )),
        KindSpec("image", "Gambar", "Image", (
            SettingField("path", "", _str, "berkas gambar", "an image file"),
            SettingField("fit", "contain", _one_of("contain", "cover"), "'contain' atau 'cover'",
                         "'contain' or 'cover'"), BACKGROUND,
        )),
    )


class KindRegistry:
    """The known kinds by name (built once by the composition root or a test; no module state)."""

    def __init__(self, specs: tuple[KindSpec, ...] | None = None) -> None:
        self._specs = {s.kind: s for s in (specs if specs is not None else _builtin_specs())}

    def get(self, kind: str) -> KindSpec | None:
        """The spec of ``kind``, or None when unknown."""
        return self._specs.get(kind)

    def kinds(self) -> list[str]:
        """All kind names, in registration order."""
        return list(self._specs)

    def __contains__(self, kind: object) -> bool:
        return kind in self._specs


def default_kinds() -> KindRegistry:
    """A registry of the built-in kinds."""
    return KindRegistry()
