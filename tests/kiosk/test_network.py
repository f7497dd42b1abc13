"""Hub down, hub slow, hub answering 500: the citizen always gets a receipt at once; delivery catches up;
the status screen says plainly when the hub cannot be reached."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QElapsedTimer

from kiosk.hub_client import HubClient
from tests.kiosk.conftest import KEY, closed_port
from tests.kiosk.support.fake_hub import FakeHub


def wait_until(qtbot: Any, condition: Callable[[], bool], timeout_ms: int = 8000) -> None:
    qtbot.waitUntil(condition, timeout=timeout_ms)


def tap_to_receipt_ms(k: Any) -> float:
    """File a complaint up to the review, then time the tap on "Kirim" until the receipt is on screen."""
    d = k.driver
    k.app.warmup.join(30)  # the holiday data is loaded in the background at start
    k.window.show_menu()
    d.tap(d.t("menu.complaint"))
    d.tap(d.t("kind.aduan"))
    d.tap("Jalan rusak / berlubang")
    d.next()
    d.fill(d.t("description.field"), "Lubang besar di jalan depan pasar, sudah seminggu.")
    d.next()
    d.tap(d.t("identity.anonim"))
    d.tap(d.t("consent.no"))
    timer = QElapsedTimer()
    timer.start()
    d.next()
    assert d.current() is k.window.screens.receipt
    return float(timer.nsecsElapsed() / 1e6)


def test_hub_down_receipt_at_once_and_offline_notice(make_kiosk: Callable[..., Any]) -> None:
    k = make_kiosk(hub_url=f"http://127.0.0.1:{closed_port()}", start_sender=True)
    samples = []
    for _ in range(3):
        samples.append(tap_to_receipt_ms(k))
        if len(samples) < 3:
            k.driver.tap(k.driver.t("common.done"))
    assert statistics.median(samples) < 300, f"receipt after {samples} ms"
    assert k.app.outbox.stats().pending == 3
    assert k.window.screens.receipt.offline.isVisible()
    assert k.driver.has(k.driver.t("receipt.offline"))


def test_delivery_catches_up_in_the_background(make_kiosk: Callable[..., Any], fake_hub: FakeHub,
                                               qtbot: Any) -> None:
    k = make_kiosk(hub_url=fake_hub.url, start_sender=True)
    wait_until(qtbot, lambda: len(fake_hub.heartbeats()) >= 1)
    fake_hub.behaviour.delay_s = 0.8  # a slow hub does not slow the receipt
    elapsed = tap_to_receipt_ms(k)
    assert elapsed < 300
    code = k.driver.receipt_code()
    wait_until(qtbot, lambda: k.app.outbox.stats().pending == 0)
    assert [r["tracking_code"] for r in fake_hub.rows()] == [code]


def test_hub_answering_500_is_retried_until_it_works(make_kiosk: Callable[..., Any], fake_hub: FakeHub,
                                                     qtbot: Any) -> None:
    fake_hub.behaviour.fail_500 = 2
    k = make_kiosk(hub_url=fake_hub.url, start_sender=True)
    tap_to_receipt_ms(k)
    for _ in range(3):
        wait_until(qtbot, lambda: k.app.outbox.items()[0].attempts >= 1 or not k.app.outbox.stats().pending)
        k.clock.advance(400)  # past the backoff
        k.app.sender.wake()
        time.sleep(0.1)
    wait_until(qtbot, lambda: k.app.outbox.stats().pending == 0)
    assert len(fake_hub.rows()) == 1
    assert k.app.outbox.items()[0].attempts == 2


def status_of(k: Any, qtbot: Any, code: str) -> Any:
    d = k.driver
    status = k.window.screens.status
    if d.current() is not status:
        k.window.show_menu()
        d.tap(d.t("menu.status"))
    d.fill(d.t("status.field"), code)
    with qtbot.waitSignal(status.result_shown, timeout=8000):
        d.tap(d.t("status.check"))
    return status


def test_status_screen_against_the_hub(make_kiosk: Callable[..., Any], fake_hub: FakeHub, qtbot: Any) -> None:
    k = make_kiosk(hub_url=fake_hub.url, hub_client=HubClient(fake_hub.url, KEY, read_timeout=0.5))
    tap_to_receipt_ms(k)
    code = k.driver.receipt_code()
    status = status_of(k, qtbot, code)
    assert status.result.outcome == "queued"  # not sent yet: answered from this kiosk's outbox
    assert k.driver.has(k.driver.t("status.queued"))
    k.app.sender.drain(k.app.outbox, HubClient(fake_hub.url, KEY))
    status = status_of(k, qtbot, code.lower().replace("-", ""))  # sloppy typing is fine
    assert status.result.outcome == "found"
    assert k.driver.has("Status: Diterima") and status.code.text() == code
    assert status_of(k, qtbot, "KS7-2222Z-U").result.outcome in ("not_found", "mistyped")
    fake_hub.behaviour.fail_500 = 1
    assert status_of(k, qtbot, code).result.outcome == "server_error"
    assert k.driver.has(k.driver.t("status.server_error"))
    fake_hub.behaviour.delay_s = 1.5
    status = status_of(k, qtbot, code)
    assert status.result.outcome == "unreachable"
    assert k.driver.has(k.driver.t("status.unreachable"))


def test_status_screen_with_the_hub_down(make_kiosk: Callable[..., Any], qtbot: Any) -> None:
    k = make_kiosk()
    status = status_of(k, qtbot, "KS7-22222-W")
    assert status.result.outcome == "unreachable"
    assert "tidak bisa dihubungi" in status.message.text()


def test_unknown_code_on_the_hub(make_kiosk: Callable[..., Any], fake_hub: FakeHub, qtbot: Any) -> None:
    k = make_kiosk(hub_url=fake_hub.url)
    status = status_of(k, qtbot, "KS7-2222Z-D")
    assert status.result.outcome in ("not_found", "mistyped")


def test_a_re_issued_code_leads_the_citizen_to_the_new_one(make_kiosk: Callable[..., Any], fake_hub: FakeHub,
                                                           qtbot: Any) -> None:
    k = make_kiosk(hub_url=fake_hub.url, hub_client=HubClient(fake_hub.url, KEY, read_timeout=2.0))
    tap_to_receipt_ms(k)
    printed = k.driver.receipt_code()
    item = k.app.outbox.find_by_tracking_code(printed)
    assert item is not None
    old, new = k.app.outbox.recode(item.id, "KS7", k.clock())  # what the sender does on the hub's 409
    assert old == printed and new != printed
    status = status_of(k, qtbot, printed)
    assert (status.result.outcome, status.result.code, status.result.replaced_from) == ("queued", new, printed)
    assert printed in status.message.text() and new in status.message.text()
    k.app.sender.drain(k.app.outbox, HubClient(fake_hub.url, KEY))
    status = status_of(k, qtbot, printed)
    assert status.result.outcome == "found" and status.code.text() == new
    assert k.driver.has(k.driver.t("status.replaced", old=printed, new=new))
