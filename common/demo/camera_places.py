"""The sixteen demo CCTV cameras: name, position, purpose, public-safe flag and group (plain data, no database).

Shared by the demo seed (``common.demo.cameras``) and the demo camera pictures (``common.video.demo_scenes``),
so that the name burnt into a demo stream is the name the wall shows over it, and the picture fits the group
(a road for traffic, a river gauge for rivers, a square without people for the city centre).
"""

from __future__ import annotations

from common.domain.enums import CameraPurpose

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

SCENE_OF_GROUP = {TRAFFIC: "road", RIVER: "river", CENTRE: "plaza"}
"""The picture a demo camera of each group shows."""
