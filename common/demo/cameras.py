"""Sixteen demo CCTV cameras at well-known places of Kota Serang, served by the demo MJPEG server.

Purposes are only those UU 27/2022 allows for public CCTV (traffic, disaster, security). Cameras that look at
crowds up close (markets, the stadium) or at a government compound are not ``public_safe``: they never reach the
videotron. The kelurahan of each camera is found from its point (the same lookup the intake uses).
"""

from __future__ import annotations

from sqlalchemy import select

from common.demo.camera_places import CAMERA_PLACES
from common.demo.context import DemoContext
from common.domain.models import Camera


def camera_urls(base_url: str, number: int) -> tuple[str, str]:
    """The main and sub stream of demo camera ``number`` (1-based) on the demo MJPEG server (0-based feeds)."""
    base = base_url.rstrip("/")
    return f"{base}/cam/{number - 1}.mjpg", f"{base}/cam/{number - 1}.mjpg?size=sub"


def add_cameras(ctx: DemoContext) -> list[Camera]:
    """Add the demo cameras that do not exist yet (by name); return all sixteen."""
    existing = {c.name: c for c in ctx.session.scalars(select(Camera))}
    cameras = []
    for number, (name, lat, lng, purpose, public_safe, group) in enumerate(CAMERA_PLACES, start=1):
        camera = existing.get(name)
        if camera is None:
            main, sub = camera_urls(ctx.options.camera_base_url, number)
            camera = Camera(name=name, kelurahan_kode=ctx.catalog.geography.locate(lat, lng), lat=lat, lng=lng,
                            main_url=main, sub_url=sub, purpose=purpose, public_safe=public_safe, group=group,
                            active=True)
            ctx.session.add(camera)
        cameras.append(camera)
    ctx.session.flush()
    return cameras
