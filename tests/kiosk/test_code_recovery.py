"""A kiosk that lost its outbox against the real ``bsm hub``: the heartbeat lifts its counter above the codes the
hub holds, and a clash that still happens is resolved by re-coding the item (nothing is lost, nothing doubled)."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from common.rules.tracking import parse_code
from kiosk.hub_client import HubClient
from kiosk.outbox import Outbox
from kiosk.sender import OutboxSender
from tests.kiosk.conftest import KELURAHAN, FakeClock
from tests.kiosk.support.real_hub import RealHub, start_real_hub

NOW = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def real_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealHub]:
    hub = start_real_hub(tmp_path_factory.mktemp("codes-hub"), KELURAHAN)
    yield hub
    hub.stop()


def payload(n: int) -> dict[str, str]:
    return {"service_code": "jalan-rusak", "description": f"Jalan berlubang nomor {n} dekat pasar",
            "kelurahan": KELURAHAN, "location_text": "dekat pasar", "kind": "aduan",
            "confidentiality": "anonim", "client_request_id": f"{n}"}


def kiosk_sender(box: Outbox, hub: RealHub) -> tuple[OutboxSender, HubClient]:
    client = HubClient(hub.url, hub.api_key, read_timeout=10.0)
    sender = OutboxSender(box.for_sender, client.clone, clock=FakeClock(NOW), version="test",
                          heartbeat_seconds=3600, rng=random.Random(3))
    return sender, client


def submit(box: Outbox, hub: RealHub, name: str, now: datetime = NOW) -> str:
    item = box.enqueue("complaint", payload_for(name), client_request_id=name, now=now, tracking_prefix=hub.prefix)
    assert item.tracking_code
    return item.tracking_code


def payload_for(name: str) -> dict[str, str]:
    return {**payload(0), "client_request_id": name, "description": f"Lampu jalan mati ({name})"}


def hub_codes(hub: RealHub) -> dict[str, str]:
    with sqlite3.connect(hub.db_path) as db:
        return {str(a): str(b) for a, b in db.execute(
            "SELECT client_request_id, tracking_code FROM report WHERE client_request_id IS NOT NULL")}


def test_heartbeat_lifts_a_new_outbox_above_the_hubs_codes(tmp_path: Path, real_hub: RealHub) -> None:
    old = Outbox(tmp_path / "old.db")
    old.raise_counter(real_hub.prefix, 70_000)  # an old kiosk life that issued codes far ahead of the clock
    codes = [submit(old, real_hub, f"hb-old-{i}") for i in range(3)]
    sender, client = kiosk_sender(old, real_hub)
    assert sender.drain(old, client) == 3
    new = Outbox(tmp_path / "new.db")  # the outbox is lost
    assert sender.send_heartbeat(new, client)
    assert new.counter(real_hub.prefix) == max(parse_code(c).counter for c in codes) + 1
    fresh = submit(new, real_hub, "hb-new")
    assert sender.drain(new, client) == 1
    assert hub_codes(real_hub)["hb-new"] == fresh and fresh not in codes
    who = client.whoami()
    assert who["next_counter"] == parse_code(fresh).counter + 1
    for box in (old, new):
        box.close()
    client.close()


def test_a_clash_is_recoded_and_delivered_not_lost(tmp_path: Path, real_hub: RealHub) -> None:
    old = Outbox(tmp_path / "old.db")
    old.raise_counter(real_hub.prefix, 200_000)
    taken = submit(old, real_hub, "clash-old")
    sender, client = kiosk_sender(old, real_hub)
    assert sender.drain(old, client) == 1
    # A new outbox that issued the same code before it could reach the hub (hub unreachable at the time).
    new = Outbox(tmp_path / "new.db")
    new.raise_counter(real_hub.prefix, parse_code(taken).counter)
    clashing = submit(new, real_hub, "clash-new")
    assert clashing == taken
    clock = FakeClock(NOW)
    sender = OutboxSender(new.for_sender, client.clone, clock=clock, version="test", heartbeat_seconds=3600,
                          rng=random.Random(3))
    assert sender.deliver_due(new, client, clock()) == "retry", "the hub refused the taken code (409)"
    item = new.find_by_client_request_id("clash-new")
    assert item is not None and item.tracking_code != taken and item.state == "pending"
    assert new.get_meta(f"recoded:{taken}") == item.tracking_code
    clock.advance(600)
    assert sender.deliver_due(new, client, clock()) == "sent"
    stored = hub_codes(real_hub)
    assert stored["clash-old"] == taken and stored["clash-new"] == item.tracking_code
    for box in (old, new):
        box.close()
    client.close()
