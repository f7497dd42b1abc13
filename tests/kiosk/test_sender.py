"""The sender against the fake hub: delivery, idempotent retries, backoff with jitter, permanent failures,
heartbeat."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.hub_client import HubBadAnswer, HubClient, HubHttpError, HubUnreachable
from kiosk.outbox import Outbox
from kiosk.sender import BackoffPolicy, OutboxSender, classify
from tests.kiosk.conftest import KEY, FakeClock, closed_port
from tests.kiosk.support.fake_hub import FakeHub

NOW = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)


def complaint_payload(n: int) -> dict[str, str]:
    return {"service_code": "jalan-rusak", "description": f"Jalan berlubang nomor {n} di depan sekolah",
            "kelurahan": "36.73.01.1002", "location_text": "Kel. Cipare", "kind": "aduan",
            "confidentiality": "anonim", "client_request_id": f"req-{n}"}


def queue(box: Outbox, n: int, *, photo: bytes | None = None) -> None:
    for i in range(n):
        box.enqueue("complaint", complaint_payload(i), client_request_id=f"req-{i}", now=NOW, tracking_prefix="KS7",
                    photo=photo)


def sender_for(box: Outbox, url: str, clock: FakeClock | None = None) -> tuple[OutboxSender, HubClient]:
    client = HubClient(url, KEY, read_timeout=2.0)
    sender = OutboxSender(box.for_sender, client.clone, clock=clock or FakeClock(NOW), version="test",
                          heartbeat_seconds=3600, rng=random.Random(1))
    return sender, client


def test_drain_delivers_everything_once(tmp_path: Path, fake_hub: FakeHub) -> None:
    box = Outbox(tmp_path / "o.db")
    queue(box, 5, photo=b"\xff\xd8fakejpeg\xff\xd9")
    sender, client = sender_for(box, fake_hub.url)
    assert sender.drain(box, client) == 5
    rows = fake_hub.rows("complaint")
    assert [r["client_request_id"] for r in rows] == [f"req-{i}" for i in range(5)]
    assert all(r["media_bytes"] > 0 for r in rows), "the photo travels as the multipart field 'media'"
    assert {r["tracking_code"] for r in rows} == {i.tracking_code for i in box.items()}
    assert box.stats().pending == 0
    assert box.items()[0].hub_answer == [{"service_request_id": box.items()[0].tracking_code,
                                          "service_notice": "diterima", "account_id": None}]


def test_a_lost_reply_is_retried_and_creates_nothing_twice(tmp_path: Path, fake_hub: FakeHub) -> None:
    box = Outbox(tmp_path / "o.db")
    queue(box, 3)
    fake_hub.behaviour.drop_after_commit = 2  # stored at the hub, but the kiosk never hears the answer
    clock = FakeClock(NOW)
    sender, client = sender_for(box, fake_hub.url, clock)
    for _ in range(20):
        sender.deliver_due(box, client, clock())
        clock.advance(400)  # past any backoff
    assert box.stats().pending == 0
    assert len(fake_hub.rows()) == 3
    assert sum(i.attempts for i in box.items()) == 2


def test_500_and_drops_are_retried_with_growing_jittered_delays(tmp_path: Path, fake_hub: FakeHub) -> None:
    box = Outbox(tmp_path / "o.db")
    queue(box, 1)
    fake_hub.behaviour.fail_500 = 3
    clock = FakeClock(NOW)
    sender, client = sender_for(box, fake_hub.url, clock)
    delays = []
    for _ in range(3):
        assert sender.deliver_due(box, client, clock()) == "retry"
        item = box.items()[0]
        delays.append((item.next_attempt_at - clock()).total_seconds())
        clock.now = item.next_attempt_at
    assert delays[0] <= delays[1] <= delays[2]  # equal jitter: [0.5, 1], [1, 2], [2, 4] seconds
    assert sender.status().consecutive_failures == 3 and sender.status().offline
    assert sender.deliver_due(box, client, clock()) == "sent"
    assert not sender.status().offline
    assert len(fake_hub.rows()) == 1


def test_backoff_is_capped_at_five_minutes_and_jittered() -> None:
    policy = BackoffPolicy()
    rng = random.Random(7)
    samples = [policy.delay(n, rng) for n in range(1, 30)]
    assert max(samples) <= 300
    assert min(policy.delay(20, rng) for _ in range(50)) >= 150  # "equal jitter": at least half the cap
    assert len({round(policy.delay(20, rng), 3) for _ in range(20)}) > 10  # really random


@pytest.mark.parametrize(("error", "verdict"), [
    (HubUnreachable("x"), "retry"), (HubBadAnswer("x"), "retry"), (HubHttpError(500, {}), "retry"),
    (HubHttpError(503, {}), "retry"), (HubHttpError(408, {}), "retry"), (HubHttpError(409, {}), "retry"),
    (HubHttpError(429, {}), "retry"), (HubHttpError(401, {}), "auth"), (HubHttpError(403, {}), "auth"),
    (HubHttpError(400, {}), "permanent"), (HubHttpError(422, {}), "permanent"),
    (HubHttpError(413, {}), "permanent"),
])
def test_classification(error: Exception, verdict: str) -> None:
    assert classify(error) == verdict  # type: ignore[arg-type]


def test_permanent_refusal_is_kept_for_a_technician_and_the_queue_moves_on(tmp_path: Path,
                                                                         fake_hub: FakeHub) -> None:
    box = Outbox(tmp_path / "o.db")
    queue(box, 2)
    fake_hub.behaviour.refuse_422 = 1
    sender, client = sender_for(box, fake_hub.url)
    assert sender.drain(box, client) == 1
    failed = box.items("failed_permanent")
    assert len(failed) == 1 and "422" in (failed[0].last_error or "")
    assert failed[0].hub_answer == {"detail": "refused"}
    assert box.stats().pending == 0


def test_a_wrong_key_never_throws_anything_away(tmp_path: Path, fake_hub: FakeHub) -> None:
    box = Outbox(tmp_path / "o.db")
    queue(box, 1)
    client = HubClient(fake_hub.url, "bsm_kiosk_deadbeef_" + "x" * 32)
    sender = OutboxSender(box.for_sender, client.clone, clock=FakeClock(NOW), version="t")
    assert sender.deliver_due(box, client, NOW) == "auth"
    assert box.stats().pending == 1 and sender.status().auth_failed


def test_hub_down_keeps_everything_pending(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.db")
    queue(box, 2)
    sender, client = sender_for(box, f"http://127.0.0.1:{closed_port()}")
    assert sender.drain(box, client) == 0
    assert box.stats().pending == 2
    assert "HubUnreachable" in (box.items()[0].last_error or "")


def test_slow_hub_times_out_and_the_retry_is_answered_from_the_first_commit(tmp_path: Path,
                                                                           fake_hub: FakeHub) -> None:
    box = Outbox(tmp_path / "o.db")
    queue(box, 1)
    client = HubClient(fake_hub.url, KEY, read_timeout=0.3)
    clock = FakeClock(NOW)
    sender = OutboxSender(box.for_sender, client.clone, clock=clock, version="t")
    fake_hub.behaviour.delay_s = 0.6
    assert sender.deliver_due(box, client, clock()) == "retry"
    fake_hub.behaviour.delay_s = 0.0
    time.sleep(0.5)  # the hub finished the slow request meanwhile
    clock.advance(400)
    assert sender.deliver_due(box, client, clock()) == "sent"
    assert len(fake_hub.rows()) == 1


def test_background_thread_delivers_and_sends_heartbeats(tmp_path: Path, fake_hub: FakeHub) -> None:
    box = Outbox(tmp_path / "o.db")
    queue(box, 3)
    client = HubClient(fake_hub.url, KEY)
    sender = OutboxSender(box.for_sender, client.clone, clock=lambda: datetime.now(UTC), version="9.9",
                          heartbeat_seconds=0.2)
    sender.start()
    deadline = time.monotonic() + 10
    while (box.stats().pending or len(fake_hub.heartbeats()) < 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    sender.stop()
    assert box.stats().pending == 0
    beats = fake_hub.heartbeats()
    assert beats[0]["version"] == "9.9" and set(beats[0]) == {"queue_length", "oldest_pending_at", "version"}
    assert beats[-1]["queue_length"] == 0 and beats[-1]["oldest_pending_at"] is None


def test_heartbeat_reports_the_oldest_pending_item(tmp_path: Path, fake_hub: FakeHub) -> None:
    box = Outbox(tmp_path / "o.db")
    queue(box, 2)
    sender, client = sender_for(box, fake_hub.url)
    assert sender.send_heartbeat(box, client)
    assert fake_hub.heartbeats()[-1] == {"queue_length": 2, "oldest_pending_at": "2026-03-03T02:00:00.000000+00:00",
                                        "version": "test"}


def test_wake_ends_a_pause(tmp_path: Path, fake_hub: FakeHub) -> None:
    box = Outbox(tmp_path / "o.db")
    client = HubClient(fake_hub.url, KEY)
    sender = OutboxSender(box.for_sender, client.clone, clock=lambda: datetime.now(UTC), version="t",
                          heartbeat_seconds=3600)
    sender.start()
    time.sleep(0.2)
    box.enqueue("complaint", complaint_payload(1), client_request_id="req-1", now=datetime.now(UTC),
                tracking_prefix="KS7")
    sender.wake()
    deadline = time.monotonic() + 3
    while box.stats().pending and time.monotonic() < deadline:
        time.sleep(0.02)
    sender.stop()
    assert box.stats().pending == 0, "a woken sender must not wait for its idle poll"


def test_only_an_unreachable_hub_is_probed_an_erring_one_gets_the_backoff(tmp_path: Path, fake_hub: FakeHub) -> None:
    box = Outbox(tmp_path / "o.db")
    queue(box, 1)
    down = HubClient(f"http://127.0.0.1:{closed_port()}", KEY, read_timeout=2.0)
    assert not down.probe()
    sender = OutboxSender(box.for_sender, down.clone, clock=FakeClock(NOW), version="test", heartbeat_seconds=3600,
                          rng=random.Random(1))
    assert sender.deliver_due(box, down, NOW) == "retry"
    assert sender._unreachable, "no connection: the health check is probed every second"
    up = HubClient(fake_hub.url, KEY, read_timeout=2.0)
    assert up.probe()
    started = time.monotonic()
    assert sender._cycle(box, up) == 0.0, "the probe answered: the pause ends at once"
    assert time.monotonic() - started < 1.0 and not sender._unreachable
    assert sender.deliver_due(box, up, NOW) == "sent", "and the item is due now, whatever its backoff said"
    queue_more = box.enqueue("complaint", complaint_payload(9), client_request_id="req-9", now=NOW,
                             tracking_prefix="KS7")
    fake_hub.behaviour.fail_500 = 1
    assert sender.deliver_due(box, up, NOW) == "retry"
    assert not sender._unreachable, "a hub answering 500 is not probed: it gets the full backoff"
    assert box.find_by_client_request_id(queue_more.client_request_id) is not None
    for client in (down, up):
        client.close()
    box.close()


@pytest.mark.parametrize("answer", [None, "ok", [], {}, {"tracking_prefix": "KS7"}, {"next_counter": 900},
                                    {"tracking_prefix": "KS7", "next_counter": "900"},
                                    {"tracking_prefix": "KS7", "next_counter": True},
                                    {"tracking_prefix": "KS7", "next_counter": -5},
                                    {"tracking_prefix": "KS7", "next_counter": 10**30},
                                    {"tracking_prefix": "", "next_counter": 900},
                                    {"tracking_prefix": 7, "next_counter": 900}])
def test_a_wrong_heartbeat_answer_never_moves_or_breaks_the_counter(tmp_path: Path, answer: object) -> None:
    from kiosk.sender import _raise_counter_from

    box = Outbox(tmp_path / "o.db")
    queue(box, 1)
    before = box.counter("KS7")
    _raise_counter_from(box, answer)
    assert box.counter("KS7") == before
    box.close()


def test_a_good_heartbeat_answer_raises_the_counter(tmp_path: Path) -> None:
    from kiosk.sender import _raise_counter_from

    box = Outbox(tmp_path / "o.db")
    _raise_counter_from(box, {"tracking_prefix": "KS7", "next_counter": 500_000})
    assert box.counter("KS7") == 500_000
    box.close()
