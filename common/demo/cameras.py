"""Sixteen demo CCTV cameras at well-known places of Kota Serang, served by the demo MJPEG server.

Purposes are only those UU 27/2022 allows for public CCTV (traffic, disaster, security). Cameras that look at
crowds up close (markets, the stadium) or at a government compound are not ``public_safe``: they never reach the
videotron. The kelurahan of each camera is found from its point (the same lookup the intake uses).
"""

from __future__ import annotations

from sqlalchemy import select

from common.demo.context import DemoContext
from common.domain.enums import CameraPurpose
from common.domain.models import Camera

P = CameraPurpose
TRAFFIC, RIVER, CENTRE = "Lalu lintas", "Sungai", "Pusat kota"
# name, lat, lng, purpose, public_safe, group
CAMERA_PLACES: tuple[tuple[str, float, float, CameraPurpose, bool, str], ...] = (
    ("Alun-alun Serang", -6.1205, 106.1503, P.SECURITY, True, CENTRE),
    ("Bundaran Ciceri", -6.1279, 106.1652, P.TRAFFIC, True, TRAFFIC),
    ("Pasar Rau", -6.1297, 106.1555, P.SECURITY, False, CENTRE),
    ("Terminal Pakupatan", -6.1391, 106.1909, P.TRAFFIC, True, TRAFFIC),
    ("Jl. Jenderal Sudirman", -6.1265, 106.1725, P.TRAFFIC, True, TRAFFIC),
    ("Kawasan Banten Lama", -6.0365, 106.1546, P.SECURITY, True, CENTRE),
    ("Sungai Cibanten Kaujon", -6.1175, 106.1545, P.DISASTER, True, RIVER),
    ("Stadion Maulana Yusuf", -6.1163, 106.1527, P.SECURITY, False, CENTRE),
    ("Jl. Ahmad Yani", -6.1225, 106.1620, P.TRAFFIC, True, TRAFFIC),
    ("Simpang Kebon Jahe", -6.1200, 106.1390, P.TRAFFIC, True, TRAFFIC),
    ("Pasar Lama", -6.1160, 106.1520, P.SECURITY, False, CENTRE),
    ("Jembatan Kasemen", -6.0860, 106.1540, P.DISASTER, True, RIVER),
    ("Pelabuhan Karangantu", -6.0340, 106.1700, P.DISASTER, True, RIVER),
    ("Gerbang Tol Serang Timur", -6.1305, 106.2000, P.TRAFFIC, True, TRAFFIC),
    ("Jembatan Cibanten Kagungan", -6.1035, 106.1495, P.DISASTER, True, RIVER),
    ("Puspemkot Curug", -6.1850, 106.1750, P.SECURITY, False, CENTRE),
)


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
