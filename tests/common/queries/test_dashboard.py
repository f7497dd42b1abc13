"""The dashboard queries against hand-made rows; expected values are computed independently in Python."""

from __future__ import annotations

import random
import statistics
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from common.domain.enums import CallClass, Channel, Confidentiality, ReportStatus
from common.domain.models import Kelurahan
from common.queries import dashboard as q
from common.rules.skm import compute_ikm
from tests.common.queries.rows import KEL_A, KEL_B, KEL_C, NOW, add_call, add_kiosk, add_report, add_skm

H = timedelta(hours=1)
D = timedelta(days=1)
S = ReportStatus
OPEN = (S.DITERIMA, S.TERVERIFIKASI, S.DIDISPOSISI, S.DITINDAKLANJUTI, S.TUNDA)
ALL = (*OPEN, S.SELESAI, S.DITOLAK, S.DUPLIKAT, S.BUKAN_WEWENANG)


def _centroid(session: Session, kode: str) -> tuple[float, float]:
    kel = session.get(Kelurahan, kode)
    assert kel is not None
    return kel.lat, kel.lng


def _random_reports(session: Session, n: int = 80) -> list[dict[str, object]]:
    """Seeded random reports over three kelurahan and three OPD; returns the specs used."""
    rng = random.Random(4242)
    specs = []
    for _ in range(n):
        status = rng.choice(ALL)
        spec = {
            "kelurahan": rng.choice([KEL_A, KEL_B, KEL_C, None]),
            "opd": rng.choice(["dpupr", "dlh", "dishub", None]),
            "status": status,
            "confidentiality": rng.choice(
                [Confidentiality.PUBLIK, Confidentiality.ANONIM, Confidentiality.RAHASIA]
            ),
            "due_at": rng.choice([None, NOW - rng.randint(1, 200) * H, NOW + rng.randint(1, 200) * H]),
            "received_at": NOW - rng.randint(1, 60 * 24) * H,
        }
        add_report(session, **spec)  # type: ignore[arg-type]
        specs.append(spec)
    session.commit()
    return specs


def _expected_open(specs: list[dict[str, object]], key: str, public: bool) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for s in specs:
        if s[key] is None or s["status"] not in OPEN:
            continue
        if public and s["confidentiality"] == Confidentiality.RAHASIA:
            continue
        late = s["due_at"] is not None and s["due_at"] < NOW  # type: ignore[operator]
        n, m = out.get(str(s[key]), (0, 0))
        out[str(s[key])] = (n + 1, m + int(late))
    return out


@pytest.mark.parametrize("public", [True, False])
def test_kelurahan_counts_match_an_independent_count(session: Session, public: bool) -> None:
    specs = _random_reports(session)
    snap = q.kelurahan_counts(session, NOW, public)
    assert snap.public is public
    assert {c.kode: (c.open, c.overdue) for c in snap.counts} == _expected_open(specs, "kelurahan", public)


@pytest.mark.parametrize("public", [True, False])
def test_opd_board_counts_match_an_independent_count(session: Session, public: bool) -> None:
    specs = _random_reports(session)
    rows = {r.slug: r for r in q.opd_board_rows(session, NOW, public).rows}
    expected = _expected_open(specs, "opd", public)
    assert {s: (r.open, r.overdue) for s, r in rows.items() if r.open} == expected
    assert len(rows) == 34  # every active OPD is listed, idle ones too


def test_opd_board_resolved_median_skm_and_order(session: Session) -> None:
    # dpupr: 4 open, 3 overdue (share 0.75: worst); dishub: 5 open, 1 overdue (0.2); dlh: 2 open, none overdue.
    for i in range(4):
        add_report(session, received_at=NOW - 5 * D, opd="dpupr", due_at=NOW - H if i < 3 else NOW + D)
    for _ in range(2):
        add_report(session, received_at=NOW - 2 * D, opd="dlh", due_at=NOW + D)
    add_report(session, received_at=NOW - 9 * D, opd="dishub", due_at=NOW - D)
    # Resolved: inside the 30 days (2), outside (1), rahasia inside (1, public board ignores it).
    add_report(session, received_at=NOW - 10 * D, status=S.SELESAI, opd="dlh", resolved_at=NOW - 3 * D)
    add_report(session, received_at=NOW - 20 * D, status=S.SELESAI, opd="dlh", resolved_at=NOW - 29 * D)
    add_report(session, received_at=NOW - 50 * D, status=S.SELESAI, opd="dlh", resolved_at=NOW - 31 * D)
    add_report(session, received_at=NOW - 5 * D, status=S.SELESAI, opd="dlh", resolved_at=NOW - D,
               confidentiality=Confidentiality.RAHASIA)  # fmt: skip
    # First responses (hours) for dishub: 2, 4, 10, 30 -> median 7; one received 40 days ago does not count.
    for hours in (2, 4, 10, 30):
        add_report(session, received_at=NOW - 3 * D, opd="dishub", status=S.DITINDAKLANJUTI,
                   first_response_at=NOW - 3 * D + hours * H, due_at=NOW + D)  # fmt: skip
    add_report(session, received_at=NOW - 40 * D, opd="dishub", status=S.SELESAI, resolved_at=NOW - 35 * D,
               first_response_at=NOW - 40 * D + 500 * H)  # fmt: skip
    answers = [(4,) * 9, (3,) * 9, (4, 3, 4, 3, 4, 3, 4, 3, 4)]
    for a in answers:
        add_skm(session, "dlh", NOW - 10 * D, a)
    add_skm(session, "dlh", NOW - 100 * D, (1,) * 9)  # outside the 90 days
    session.commit()

    board = q.opd_board_rows(session, NOW, public=True)
    rows = {r.slug: r for r in board.rows}
    assert [r.slug for r in board.rows[:3]] == ["dpupr", "dishub", "dlh"]
    assert (rows["dishub"].open, rows["dishub"].overdue) == (5, 1)
    assert (rows["dpupr"].open, rows["dpupr"].overdue) == (4, 3)
    assert rows["dlh"].resolved_30d == 2
    assert q.opd_board_rows(session, NOW, public=False).rows[2].resolved_30d == 3
    assert rows["dishub"].median_first_response_h == pytest.approx(
        statistics.median([2, 4, 10, 30]), abs=1e-3
    )
    assert rows["dpupr"].median_first_response_h is None
    ikm = compute_ikm(answers)
    assert rows["dlh"].skm_grade == ikm.grade
    assert rows["dlh"].ikm == pytest.approx(float(ikm.ikm_rounded))
    assert rows["dlh"].skm_responses == 3
    assert rows["dpupr"].skm_grade is None


def test_median_of_an_odd_count(session: Session) -> None:
    for hours in (1, 5, 9):
        add_report(
            session, received_at=NOW - D, opd="dlh", first_response_at=NOW - D + hours * H, due_at=NOW + D
        )
    session.commit()
    row = next(r for r in q.opd_board_rows(session, NOW, public=False).rows if r.slug == "dlh")
    assert row.median_first_response_h == pytest.approx(5.0, abs=1e-3)


def test_recent_points_privacy_placement_and_order(session: Session) -> None:
    exact = (-6.1301, 106.1502)
    add_report(session, received_at=NOW - H, lat=exact[0], lng=exact[1])  # plain: exact point
    add_report(session, received_at=NOW - 2 * H, service="kekerasan", opd="dp3akb", lat=-6.2, lng=106.2,
               kelurahan=KEL_B)  # sensitive: centroid  # fmt: skip
    add_report(session, received_at=NOW - 3 * H, confidentiality=Confidentiality.RAHASIA, lat=-6.14, lng=106.16,
               kelurahan=KEL_C)  # fmt: skip
    add_report(session, received_at=NOW - 4 * H, kelurahan=KEL_C)  # no coordinates: centroid
    add_report(session, received_at=NOW - 5 * H, kelurahan=None)  # nowhere to draw: left out
    add_report(session, received_at=NOW - 8 * D, lat=-6.12, lng=106.14)  # older than the window
    add_report(session, received_at=NOW + H, lat=-6.12, lng=106.14)  # the hub's clock runs ahead: shown
    session.commit()

    public = q.recent_report_points(session, NOW, public=True).points[1:]
    assert len(public) == 3
    assert [(p.lat, p.lng, p.at_centroid) for p in public] == [
        (*exact, False), (*_centroid(session, KEL_B), True), (*_centroid(session, KEL_C), True),
    ]  # fmt: skip
    assert public[1].group == "sosial" and public[1].service_code == "kekerasan"
    internal = q.recent_report_points(session, NOW, public=False).points[1:]
    assert len(internal) == 4
    assert (internal[2].lat, internal[2].lng, internal[2].at_centroid) == (*_centroid(session, KEL_C), True)
    assert len(q.recent_report_points(session, NOW, public=False, limit=2).points) == 2
    assert len(q.recent_report_points(session, NOW, public=False, since=NOW - 9 * D).points) == 6


def test_points_mark_status_and_overdue(session: Session) -> None:
    add_report(session, received_at=NOW - H, lat=-6.1, lng=106.1, status=S.DIDISPOSISI, due_at=NOW - 1 * H)
    add_report(session, received_at=NOW - 2 * H, lat=-6.1, lng=106.1, status=S.SELESAI, resolved_at=NOW)
    session.commit()
    late, done = q.recent_report_points(session, NOW, public=True).points
    assert (late.status, late.is_open, late.overdue) == ("didisposisi", True, True)
    assert (done.status, done.is_open, done.overdue) == ("selesai", False, False)


def test_two_polls_of_the_same_points_are_equal_snapshots(session: Session) -> None:
    """``since`` and the time move with every poll; a map redraws only when the points differ."""
    add_report(session, received_at=NOW - H, lat=-6.1, lng=106.1)
    session.commit()
    first = q.recent_report_points(session, NOW, public=True)
    second = q.recent_report_points(session, NOW + timedelta(seconds=1), public=True)
    assert first.since != second.since and first == second
    add_report(session, received_at=NOW, lat=-6.1, lng=106.1)
    session.commit()
    assert q.recent_report_points(session, NOW + timedelta(seconds=2), public=True) != first


def test_reports_per_channel_per_wib_day(session: Session) -> None:
    # 11 March 2026 00:00 WIB = 10 March 17:00 UTC.
    midnight = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)
    add_report(session, received_at=midnight - timedelta(seconds=1), channel=Channel.RABEG)  # 10 March WIB
    add_report(session, received_at=midnight, channel=Channel.RABEG)  # 11 March WIB
    add_report(session, received_at=midnight + H, channel=Channel.MEDSOS)
    add_report(
        session, received_at=midnight + H, channel=Channel.MEDSOS, confidentiality=Confidentiality.RAHASIA
    )
    add_report(session, received_at=NOW - 29 * D, channel=Channel.KIOSK)  # first day of the window
    add_report(session, received_at=NOW - 31 * D, channel=Channel.KIOSK)  # outside
    session.commit()
    snap = q.reports_per_channel_per_day(session, NOW, public=True)
    assert snap.days[-1] == date(2026, 3, 11) and snap.days[0] == date(2026, 2, 10) and len(snap.days) == 30
    assert [k for k, _ in snap.series] == [c.value for c in Channel]
    assert snap.values("rabeg")[-2:] == (1, 1)
    assert snap.values("medsos")[-1] == 1
    assert q.reports_per_channel_per_day(session, NOW, public=False).values("medsos")[-1] == 2
    assert snap.total("kiosk") == 1 and snap.values("kiosk")[0] == 1


def test_calls112_by_class_per_wib_day(session: Session) -> None:
    midnight = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)
    for cls, n in ((CallClass.GHOST, 5), (CallClass.PRANK, 3), (CallClass.REAL, 1)):
        for _ in range(n):
            add_call(session, midnight + H, cls)
    add_call(session, midnight - H, CallClass.REAL)
    session.commit()
    snap = q.calls112_by_class_per_day(session, NOW, public=True, days=7)
    assert len(snap.days) == 7
    assert (snap.values("ghost")[-1], snap.values("prank")[-1], snap.values("real")[-1]) == (5, 3, 1)
    assert snap.values("real")[-2] == 1


def test_kiosk_network_online_window_and_order(session: Session) -> None:
    add_kiosk(session, KEL_A, NOW - 60 * timedelta(seconds=1), queue_length=0)  # online
    add_kiosk(session, KEL_B, NOW - 5 * timedelta(minutes=1), queue_length=4)  # offline
    add_kiosk(session, KEL_C, NOW - timedelta(minutes=1))  # online ...
    add_kiosk(session, KEL_C, None, queue_length=2)  # ... and one that never reported
    session.commit()
    rows = q.kiosk_network(session, NOW, public=True).kelurahan
    by = {r.kelurahan_kode: r for r in rows}
    assert rows[0].kelurahan_kode == KEL_B  # fully offline first
    assert (by[KEL_B].online, by[KEL_B].kiosks, by[KEL_B].queue_length) == (0, 1, 4)
    assert (by[KEL_C].online, by[KEL_C].kiosks, by[KEL_C].queue_length, by[KEL_C].last_heartbeat_at) == (
        1,
        2,
        2,
        None,
    )
    assert by[KEL_A].all_online and by[KEL_A].last_heartbeat_at == NOW - timedelta(seconds=60)
    assert rows[-1].kelurahan_kode == KEL_A
    assert by[KEL_B].kelurahan == "Sumur Pecung"


def test_ticker_stats(session: Session) -> None:
    today_wib = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)  # 11 March 00:00 WIB
    monday_wib = today_wib - 2 * D  # 9 March 00:00 WIB
    add_report(session, received_at=today_wib + H)
    add_report(session, received_at=today_wib - H)  # yesterday (WIB)
    add_report(session, received_at=today_wib + 2 * H, confidentiality=Confidentiality.RAHASIA)
    add_report(session, received_at=NOW - 9 * D, status=S.SELESAI, resolved_at=monday_wib + H)
    add_report(session, received_at=NOW - 9 * D, status=S.SELESAI, resolved_at=monday_wib - H)  # last week
    add_report(session, received_at=NOW - 9 * D, status=S.DITOLAK)
    add_skm(session, "dlh", NOW - D, (4,) * 9)
    add_skm(session, None, NOW - D, (2,) * 9)
    session.commit()
    pub = q.ticker_stats(session, NOW, public=True)
    assert (pub.reports_today, pub.resolved_this_week, pub.open_total) == (1, 1, 2)
    internal = q.ticker_stats(session, NOW, public=False)
    assert (internal.reports_today, internal.open_total) == (2, 3)
    ikm = compute_ikm([(4,) * 9, (2,) * 9])
    assert (pub.ikm, pub.ikm_grade, pub.ikm_label) == (float(ikm.ikm_rounded), ikm.grade, ikm.label_id)
    assert pub.ikm_label_en == ikm.label_en and pub.ikm_label_en  # the wall's English ticker shows it


def test_empty_database_gives_empty_snapshots(session: Session) -> None:
    assert q.kelurahan_counts(session, NOW, True).counts == ()
    assert q.recent_report_points(session, NOW, True).points == ()
    assert q.kiosk_network(session, NOW, True).kelurahan == ()
    stats = q.ticker_stats(session, NOW, True)
    assert (stats.reports_today, stats.ikm, stats.ikm_grade) == (0, None, None)
    assert sum(q.reports_per_channel_per_day(session, NOW, True).total(c.value) for c in Channel) == 0
    assert len(q.map_shapes(session, NOW, True).kelurahan) == 67
    assert session.scalar(select(Kelurahan.kode).limit(1)) is not None
