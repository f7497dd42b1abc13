"""Alarm layouts (Qt-free): fill an alarm preset's template with the cameras nearest a kelurahan.

In the template, camera tiles carry ``alarm_slot`` k (1 = nearest) and map tiles get centred on the kelurahan.
"""

from __future__ import annotations

from collections.abc import Mapping

from common.layouts.cameras import CameraInfo, nearest_cameras
from common.layouts.model import Layout


def alarm_slots(template: Layout) -> int:
    """How many nearest cameras the template shows."""
    slots = [t.settings.get("alarm_slot") for t in template.tiles if t.kind == "camera"]
    return max((s for s in slots if isinstance(s, int)), default=0)


def instantiate_alarm_layout(
    template: Layout, cameras: Mapping[str, CameraInfo], kelurahan_kode: str, lat: float, lng: float,
    *, public_only: bool = False,
) -> tuple[Layout, list[str]]:
    """The template with its slots filled by the nearest cameras and its maps focused; also the cameras used."""
    nearest = [c.name for c in nearest_cameras(cameras, lat, lng, alarm_slots(template), public_only=public_only)]
    tiles = []
    for tile in template.tiles:
        settings = dict(tile.settings)
        slot = settings.get("alarm_slot")
        if tile.kind == "camera" and isinstance(slot, int):
            settings["camera"] = nearest[slot - 1] if slot <= len(nearest) else ""
        elif tile.kind == "map":
            settings["focus"] = kelurahan_kode
        tiles.append(tile.replace(settings=settings))
    return template.with_tiles(tiles), nearest
