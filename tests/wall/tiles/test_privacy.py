"""On a public output no tile ever shows personal data, citizen text or a rahasia report, in Indonesian or in
English; sensitive reports appear only at their kelurahan's centroid. The data comes from a demo database seeded
with marker values."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from common.domain.enums import Confidentiality
from common.domain.models import Kelurahan, Report, Service
from common.queries.snapshots import KelurahanCounts, ReportPoints
from tests.wall.tiles.conftest import SECRET_KEL, SENSITIVE_EXACT, SENSITIVE_KEL
from tests.wall.tiles.helpers import TILES, collect_texts, is_ready
from wall.data.dashboard_service import DashboardDataService
from wall.data.kinds import SnapshotKind
from wall.i18n import WallLang, WallTexts
from wall.tiles.base import TileContext
from wall.tiles.map import ComplaintMapTileWidget


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("privacy", ["public", "internal"])
def test_no_tile_shows_personal_data(
    qtbot: QtBot,
    service: DashboardDataService,
    make_ctx: Callable[..., TileContext],
    personal_values: list[str],
    privacy: str,
    lang: WallLang,
) -> None:
    assert len(personal_values) > 100  # the demo's contacts and descriptions plus the markers
    ctx = make_ctx(privacy, 576, texts=WallTexts(lang), dashboard=service)
    shown: list[str] = []
    for name, cls, settings in TILES:
        tile = cls(settings, ctx)
        qtbot.addWidget(tile)
        tile.resize(1152, 576)
        qtbot.waitUntil(lambda tile=tile: is_ready(tile), timeout=5000)
        tile.show()  # shown once its data is there: the ticker's first copy already has the figures
        image = tile.grab().toImage()
        assert not image.isNull(), name
        texts = collect_texts(tile)
        assert texts or name == "image", f"{name} drew no text"
        shown.extend(texts)
        tile.shutdown()
    leaks = [(value, text) for text in shown for value in personal_values if value in text]
    assert leaks == []


def test_public_map_hides_rahasia_and_places_sensitive_at_centroid(
    qtbot: QtBot, service: DashboardDataService, make_ctx: Callable[..., TileContext], demo_engine: Engine
) -> None:
    public = ComplaintMapTileWidget({}, make_ctx("public", 1080, dashboard=service))
    internal = ComplaintMapTileWidget({}, make_ctx("internal", 1080, dashboard=service))
    for tile in (public, internal):
        qtbot.addWidget(tile)
        tile.resize(1280, 720)
        qtbot.waitUntil(lambda tile=tile: is_ready(tile), timeout=5000)
    with Session(demo_engine) as session:
        sensitive = session.get(Kelurahan, SENSITIVE_KEL)
        assert sensitive is not None
        centroid = (sensitive.lat, sensitive.lng)
        sensitive_codes = set(session.scalars(select(Service.code).where(Service.sensitive.is_(True))))
        secret = session.get(Kelurahan, SECRET_KEL)
        assert secret is not None
        secret_exact = (secret.lat + 0.001, secret.lng + 0.001)  # where the marker rahasia report was filed
        open_secret = session.scalar(
            select(func.count(Report.id)).where(
                Report.kelurahan_kode == SECRET_KEL, Report.is_open.is_(True),
                Report.confidentiality == Confidentiality.RAHASIA,
            )
        )  # fmt: skip
    assert open_secret and open_secret >= 1
    assert sensitive_codes == {"kesehatan", "bansos", "kekerasan"}
    pub_points = public.snapshot(public.points_kind)
    int_points = internal.snapshot(internal.points_kind)
    assert isinstance(pub_points, ReportPoints) and isinstance(int_points, ReportPoints)
    assert pub_points.public and not int_points.public
    for snap in (pub_points, int_points):
        coords = {(p.lat, p.lng) for p in snap.points}
        assert SENSITIVE_EXACT not in coords
        assert any(p.kelurahan_kode == SENSITIVE_KEL and (p.lat, p.lng) == centroid for p in snap.points)
        assert all(p.at_centroid for p in snap.points if p.service_code in sensitive_codes)
        assert sum(p.service_code in sensitive_codes for p in snap.points) > 3
    assert all((p.lat, p.lng) != secret_exact for p in (*pub_points.points, *int_points.points))
    secret_public = [p for p in pub_points.points if p.kelurahan_kode == SECRET_KEL]
    secret_internal = [p for p in int_points.points if p.kelurahan_kode == SECRET_KEL]
    assert len(secret_internal) == len(secret_public) + 1
    pub_counts = public.snapshot(SnapshotKind.KELURAHAN_COUNTS)
    int_counts = internal.snapshot(SnapshotKind.KELURAHAN_COUNTS)
    assert isinstance(pub_counts, KelurahanCounts) and isinstance(int_counts, KelurahanCounts)
    pub_secret = pub_counts.by_kode().get(SECRET_KEL)
    assert int_counts.by_kode()[SECRET_KEL].open == (pub_secret.open if pub_secret else 0) + open_secret
    for tile in (public, internal):
        tile.shutdown()


def test_public_tile_refuses_internal_snapshots(
    qtbot: QtBot, service: DashboardDataService, make_ctx: Callable[..., TileContext]
) -> None:
    tile = ComplaintMapTileWidget({}, make_ctx("public", 1080, dashboard=service))
    qtbot.addWidget(tile)
    qtbot.waitUntil(lambda: is_ready(tile), timeout=5000)
    kind = tile.points_kind
    service.channel("internal").subscribe(kind)
    qtbot.waitUntil(lambda: service.channel("internal").latest(kind) is not None, timeout=5000)
    internal = service.channel("internal").latest(kind)
    assert isinstance(internal, ReportPoints) and internal.public is False
    assert service.channel("public").publish(kind, internal) is False
    tile._on_channel_snapshot_ready(kind, internal)  # even if handed over directly
    snap = tile.snapshot(kind)
    assert isinstance(snap, ReportPoints) and snap.public is True
    tile.shutdown()


def test_the_leak_detector_sees_what_is_drawn(qtbot: QtBot, make_ctx: Callable[..., TileContext]) -> None:
    """The check above is only as good as the text collection: a drawn marker must be found."""
    from wall.tiles.text_image import TextTileWidget

    tile = TextTileWidget({"text": "Pesan operator: Siti Penandawati"}, make_ctx("public", 576))
    qtbot.addWidget(tile)
    tile.resize(800, 300)
    tile.grab()
    assert any("Siti Penandawati" in t for t in collect_texts(tile))
