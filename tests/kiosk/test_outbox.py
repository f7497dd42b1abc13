"""The durable outbox: WAL + synchronous FULL, code issue and insert in one transaction, states."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common.rules.tracking import MAX_COUNTER, parse_code
from kiosk.outbox import COUNTER_EPOCH, Outbox, fresh_counter, iso, parse_iso

NOW = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)


def test_pragmas_are_wal_and_full_for_submissions_and_normal_for_the_sender(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db")
    assert box.pragma("journal_mode") == "wal"
    assert box.pragma("synchronous") == 2  # FULL
    sender = box.for_sender()
    assert sender.pragma("synchronous") == 1  # NORMAL: see the module doc (replays are harmless)
    sender.close()
    box.close()


def test_enqueue_issues_consecutive_codes_and_writes_them_into_the_payload(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db")
    first = box.enqueue("complaint", {"a": 1}, client_request_id="r1", now=NOW, tracking_prefix="KS7")
    second = box.enqueue("ppid", {"b": 2}, client_request_id="r2", now=NOW, tracking_prefix="KS7")
    assert first.tracking_code and second.tracking_code
    start = parse_code(first.tracking_code).counter
    assert start == fresh_counter(NOW), "a new outbox starts at the minutes since 2026-01-01"
    assert parse_code(second.tracking_code).counter == start + 1
    assert first.payload["tracking_code"] == first.tracking_code
    survey = box.enqueue("skm", {"answers": [4] * 9}, client_request_id="r3", now=NOW, tracking_prefix=None)
    assert survey.tracking_code is None
    assert box.counter("KS7") == start + 2
    box.close()


def test_counter_survives_reopening_and_never_reuses_a_code(tmp_path: Path) -> None:
    path = tmp_path / "o.db"
    codes = set()
    for round_ in range(3):
        box = Outbox(path)
        for i in range(4):
            item = box.enqueue("complaint", {}, client_request_id=f"{round_}-{i}", now=NOW, tracking_prefix="KS7")
            codes.add(item.tracking_code)
        box.close()
    assert len(codes) == 12


def test_a_double_tap_cannot_queue_the_same_request_twice(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db")
    box.enqueue("complaint", {}, client_request_id="same", now=NOW, tracking_prefix="KS7")
    with pytest.raises(sqlite3.IntegrityError):
        box.enqueue("complaint", {}, client_request_id="same", now=NOW, tracking_prefix="KS7")
    assert box.counter("KS7") == fresh_counter(NOW) + 1, "the failed insert must not consume a counter value"
    assert len(box.items()) == 1
    box.close()


def test_states_and_scheduling(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db")
    a = box.enqueue("complaint", {"x": 1}, client_request_id="a", now=NOW, tracking_prefix="KS7", photo=b"jpeg")
    b = box.enqueue("complaint", {"x": 2}, client_request_id="b", now=NOW + timedelta(seconds=1),
                    tracking_prefix="KS7")
    assert box.next_due(NOW) == box.find_by_client_request_id("a")
    box.mark_retry(a.id, NOW + timedelta(seconds=30), "HubUnreachable")
    assert box.next_due(NOW + timedelta(seconds=2)).client_request_id == "b"  # type: ignore[union-attr]
    assert box.earliest_attempt() == NOW + timedelta(seconds=1)
    box.mark_sent(b.id, [{"service_request_id": b.tracking_code}], NOW)
    sent = box.find_by_client_request_id("b")
    assert sent is not None and sent.state == "sent" and sent.payload == {} and sent.photo is None
    box.mark_failed(a.id, "HTTP 400", {"detail": "bad"})
    stats = box.stats()
    assert (stats.pending, stats.sent, stats.failed_permanent) == (0, 1, 1)
    assert box.requeue_failed(NOW) == 1
    assert box.stats().pending == 1
    assert box.stats().oldest_pending_at == NOW
    box.close()


def test_two_threads_enqueueing_never_collide(tmp_path: Path) -> None:
    path = tmp_path / "o.db"
    Outbox(path).close()
    codes: list[str] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        box = Outbox(path)
        for i in range(25):
            item = box.enqueue("complaint", {}, client_request_id=f"{n}-{i}", now=NOW, tracking_prefix="KS7")
            with lock:
                codes.append(item.tracking_code or "")
        box.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(codes) == len(set(codes)) == 100


def test_timestamps_round_trip_and_naive_is_refused() -> None:
    assert parse_iso(iso(NOW)) == NOW
    with pytest.raises(ValueError):
        iso(datetime(2026, 1, 1))


@settings(max_examples=12, deadline=None)
@given(st.lists(st.text(max_size=50), min_size=1, max_size=5))
def test_any_text_payload_round_trips(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    box = Outbox(tmp_path_factory.mktemp("o") / "o.db")
    for i, text in enumerate(texts):
        item = box.enqueue("complaint", {"description": text}, client_request_id=str(i), now=NOW,
                           tracking_prefix="KS7")
        assert box.find_by_client_request_id(str(i)).payload["description"] == text  # type: ignore[union-attr]
        assert item.payload["description"] == text
    box.close()


def test_a_fresh_counter_starts_at_the_minutes_since_the_epoch_and_stays_in_range() -> None:
    assert fresh_counter(COUNTER_EPOCH) == 0
    assert fresh_counter(COUNTER_EPOCH + timedelta(days=1, seconds=59)) == 1440
    assert fresh_counter(datetime(1970, 1, 1, tzinfo=UTC)) == 0, "a kiosk clock in the past is clamped"
    assert fresh_counter(datetime(2200, 1, 1, tzinfo=UTC)) == MAX_COUNTER // 2, "half the range stays free"


def test_a_lost_outbox_does_not_reissue_the_codes_of_the_old_one(tmp_path: Path) -> None:
    old = Outbox(tmp_path / "old.db")
    issued = {old.enqueue("complaint", {}, client_request_id=f"o{i}", now=NOW + timedelta(minutes=i),
                          tracking_prefix="KS7").tracking_code for i in range(30)}
    old.close()
    # The disk is replaced an hour later and the kiosk comes back without the hub: a new outbox.
    new = Outbox(tmp_path / "new.db")
    later = new.enqueue("complaint", {}, client_request_id="n0", now=NOW + timedelta(hours=1), tracking_prefix="KS7")
    assert later.tracking_code not in issued
    new.close()


def test_raise_counter_only_moves_forward(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db")
    assert box.counter("KS7") is None
    assert box.raise_counter("KS7", 100_000) is True
    assert box.counter("KS7") == 100_000
    assert box.raise_counter("KS7", 100) is False, "a lower floor never moves the counter back"
    item = box.enqueue("complaint", {}, client_request_id="a", now=NOW, tracking_prefix="KS7")
    assert item.tracking_code and parse_code(item.tracking_code).counter == 100_000
    for bad in (-1, MAX_COUNTER + 1):
        with pytest.raises(ValueError, match="out of range"):
            box.raise_counter("KS7", bad)
    box.close()


def test_recode_gives_a_pending_item_the_next_code_and_remembers_the_old_one(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db")
    item = box.enqueue("complaint", {"x": 1}, client_request_id="a", now=NOW, tracking_prefix="KS7")
    box.raise_counter("KS7", 200_000)
    old, new = box.recode(item.id, "KS7", NOW)
    assert old == item.tracking_code and parse_code(new).counter == 200_000
    again = box.find_by_client_request_id("a")
    assert again is not None and again.tracking_code == new and again.payload == {"x": 1, "tracking_code": new}
    assert box.get_meta(f"recoded:{old}") == new
    with pytest.raises(KeyError):
        box.recode(999, "KS7", NOW)
    box.close()


def test_a_failed_commit_is_said_plainly_and_issues_no_code(tmp_path: Path) -> None:
    from common.rules.errors import FieldError
    from kiosk.receipt import Receipt
    from kiosk.submission import SubmissionError, attempt

    box = Outbox(tmp_path / "o.db")
    box.enqueue("complaint", {}, client_request_id="before", now=NOW, tracking_prefix="KS7")
    counter = box.counter("KS7")
    # A real SQLite failure at the insert (as a full disk would give), after the code was taken in the transaction.
    box._conn.execute("CREATE TRIGGER full BEFORE INSERT ON items BEGIN SELECT RAISE(ABORT, 'disk full'); END")

    def submit() -> Receipt:
        box.enqueue("complaint", {}, client_request_id="lost", now=NOW, tracking_prefix="KS7")
        raise AssertionError("the insert must fail")

    receipt, problem = attempt(submit, "laporan", "report")
    assert receipt is None and problem is not None and problem.field == "outbox"
    assert "belum tersimpan" in problem.message_id and "not saved" in problem.message_en
    assert box.counter("KS7") == counter, "the rolled-back transaction gave its code back"
    assert [i.client_request_id for i in box.items()] == ["before"]

    wrong = FieldError("description", "Isi uraian", "write a description")

    def invalid() -> Receipt:
        raise SubmissionError([wrong])

    assert attempt(invalid, "laporan", "report") == (None, wrong), "a draft problem comes back unchanged"
    box.close()
