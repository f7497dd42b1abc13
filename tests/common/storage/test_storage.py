"""Storage on both SQLite and PostgreSQL: migrations, UTC datetimes, constraints, reference seeding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from common.config import default_assets_dir
from common.db.engine import make_session_factory
from common.db.migrate import current_revision
from common.domain.enums import Channel
from common.domain.models import AuditEntry, Kelurahan, Opd, Service, SkmResponse
from common.reference.loader import load_reference
from common.reference.seed import seed_reference


def test_migrations_create_every_table(engine: Engine) -> None:
    import common.domain.models  # noqa: F401
    from common.db.base import Base

    names = set(sa.inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= names
    assert current_revision(engine) is not None


def test_reference_seed_is_complete_and_idempotent(engine: Engine) -> None:
    data = load_reference(default_assets_dir())
    with make_session_factory(engine)() as s:
        first = seed_reference(s, data)
        s.commit()
        again = seed_reference(s, data)
        s.commit()
        assert (first.kecamatan, first.kelurahan, first.opd) == (6, 67, 34)
        assert again == type(again)(0, 0, 0, 0)
        # Keyed on the Kemendagri code: the two Sukawana are distinct rows in different kecamatan.
        sukawana = s.scalars(select(Kelurahan).where(Kelurahan.nama == "Sukawana")).all()
        assert {k.kecamatan_kode for k in sukawana} == {"36.73.01", "36.73.04"}
        assert "Masjid Priyayi" in s.get(Kelurahan, "36.73.02.1002").aliases  # type: ignore[union-attr]
        # Every service routes to a real OPD (or to the kecamatan office when it has none).
        opds = set(s.scalars(select(Opd.slug)))
        for svc in s.scalars(select(Service)):
            assert svc.opd_slug is None or svc.opd_slug in opds


def test_admin_edits_survive_a_reseed(engine: Engine) -> None:
    data = load_reference(default_assets_dir())
    with make_session_factory(engine)() as s:
        seed_reference(s, data)
        s.get(Opd, "diskominfo").nama = "Dinas Kominfo, Statistik dan Persandian"  # type: ignore[union-attr]
        s.add(Opd(slug="bpom-serang", nama="Opd Baru", singkatan="Baru", jenis="lainnya"))
        s.commit()
        seed_reference(s, data)
        s.commit()
        assert s.get(Opd, "diskominfo").nama.startswith("Dinas Kominfo, Statistik")  # type: ignore[union-attr]
        assert s.get(Opd, "bpom-serang") is not None


def test_datetimes_round_trip_as_aware_utc(engine: Engine) -> None:
    wib = timezone(timedelta(hours=7))
    when = datetime(2026, 3, 20, 8, 30, tzinfo=wib)
    with make_session_factory(engine)() as s:
        s.add(AuditEntry(at=when, actor="t", action="a", entity="e", entity_id="1", detail={"k": "v"}))
        s.commit()
    with Session(engine) as s:
        got = s.scalars(select(AuditEntry)).one()
        assert got.at == when and got.at.tzinfo == UTC
        assert got.at.hour == 1  # 08:30 WIB is 01:30 UTC


def test_naive_datetime_is_refused(engine: Engine) -> None:
    with make_session_factory(engine)() as s:
        s.add(AuditEntry(at=datetime(2026, 1, 1), actor="t", action="a", entity="e", entity_id="1"))
        with pytest.raises(StatementError, match="naive datetime"):
            s.commit()


def test_check_constraints_hold_on_both_databases(engine: Engine) -> None:
    now = datetime.now(UTC)
    with make_session_factory(engine)() as s:
        answers = dict.fromkeys((f"u{i}" for i in range(1, 10)), 3)
        answers["u5"] = 5
        s.add(SkmResponse(channel=Channel.KIOSK, submitted_at=now, **answers))
        with pytest.raises(IntegrityError):
            s.commit()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with make_session_factory(engine)() as s:
        s.add(Kelurahan(kode="36.73.99.9999", kecamatan_kode="36.73.99", nama="X", aliases=[], lat=0.0, lng=0.0,
                        boundary_geojson="{}"))
        with pytest.raises(IntegrityError):
            s.commit()
