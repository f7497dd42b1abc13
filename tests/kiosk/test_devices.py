"""Printer, webcam and voice as the screens use them: present, absent or failing."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import segno

from kiosk.camera import CameraFeed, StaticFrameSource, decode_qr, encode_jpeg
from kiosk.printer import ReceiptPrinter, device_factory
from tests.kiosk.conftest import street_frame


def qr_frame(text: str) -> np.ndarray:
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=8, border=4)
    image = cv2.imdecode(np.frombuffer(buffer.getvalue(), dtype=np.uint8), cv2.IMREAD_COLOR)
    canvas = np.full((600, 800, 3), 255, dtype=np.uint8)
    canvas[50:50 + image.shape[0], 100:100 + image.shape[1]] = image
    return canvas


class FakeSpeaker:
    available = True

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def say(self, text: str, language: str) -> None:
        self.said.append((text, language))


def test_receipt_is_printed_with_masked_data(make_kiosk: Callable[..., Any], tmp_path: Path, qtbot: Any) -> None:
    device = tmp_path / "lp0"
    k = make_kiosk(printer=ReceiptPrinter(device_factory(f"file:{device}"), width_mm=58))  # type: ignore[arg-type]
    k.window.show_menu()
    k.driver.ppid()
    receipt = k.window.screens.receipt
    qtbot.waitUntil(lambda: receipt.print_state == "printed")
    assert k.driver.has(k.driver.t("receipt.printed"))
    data = device.read_bytes()
    assert k.driver.receipt_code().encode() in data and b"3673********0001" in data
    assert b"3673014107900001" not in data and b"Budi" not in data
    device.unlink()
    k.driver.tap(k.driver.t("receipt.reprint"))
    qtbot.waitUntil(lambda: receipt.print_state == "printed" and device.exists())


def test_a_broken_printer_never_blocks_the_receipt(make_kiosk: Callable[..., Any], tmp_path: Path,
                                                   qtbot: Any) -> None:
    broken = ReceiptPrinter(device_factory(f"file:{tmp_path / 'no' / 'such' / 'lp0'}"), width_mm=80)  # type: ignore[arg-type]
    k = make_kiosk(printer=broken)
    k.window.show_menu()
    k.driver.complaint(consent=False)
    assert k.driver.current() is k.window.screens.receipt
    qtbot.waitUntil(lambda: k.window.screens.receipt.print_state == "failed")
    assert k.driver.has(k.driver.t("receipt.print_failed"))


def test_no_printer_no_print_status(make_kiosk: Callable[..., Any]) -> None:
    k = make_kiosk()
    k.window.show_menu()
    k.driver.complaint(consent=False)
    assert k.window.screens.receipt.print_state == "none"
    assert not k.driver.has(k.driver.t("receipt.reprint"))


def test_status_by_showing_the_receipt_qr_to_the_webcam(make_kiosk: Callable[..., Any], qtbot: Any) -> None:
    frames = [street_frame(), qr_frame("http://127.0.0.1:8311/status/KS7-22222-W")]
    k = make_kiosk(camera=lambda: StaticFrameSource(frames))
    d = k.driver
    k.window.show_menu()
    d.tap(d.t("menu.status"))
    status = k.window.screens.status
    with qtbot.waitSignal(status.result_shown, timeout=10_000):
        d.tap(d.t("status.scan"))
    assert status.code.text() == "KS7-22222-W"
    assert not status.preview.isVisible(), "the camera is released after the scan"


def test_a_camera_that_does_not_open(make_kiosk: Callable[..., Any], qtbot: Any) -> None:
    k = make_kiosk(camera=lambda: StaticFrameSource([street_frame()], available=False))
    d = k.driver
    k.window.show_menu()
    d.tap(d.t("menu.complaint"))
    d.tap(d.t("kind.aduan"))
    d.tap("Jalan rusak / berlubang")
    d.next()
    d.fill(d.t("description.field"), "Lubang di jalan depan masjid.")
    d.next()
    qtbot.waitUntil(lambda: d.has(d.t("photo.unavailable")))
    assert not d.find(d.t("photo.take")).isEnabled()
    d.next()
    assert k.window.screens.complaint.current_step is k.window.screens.complaint.identity_step


def test_camera_helpers() -> None:
    assert decode_qr(qr_frame("KS7-22222-W")) == "KS7-22222-W"
    assert decode_qr(street_frame()) is None
    big = np.zeros((2000, 3000, 3), dtype=np.uint8)
    jpeg = encode_jpeg(big)
    decoded = cv2.imdecode(np.frombuffer(jpeg, dtype=np.uint8), cv2.IMREAD_COLOR)
    assert max(decoded.shape[:2]) == 1280
    feed = CameraFeed(lambda: StaticFrameSource([street_frame()]))
    feed.start()
    for _ in range(100):
        if feed.latest()[1] is not None:
            break
        import time

        time.sleep(0.02)
    assert feed.latest()[1] is not None
    feed.stop()
    assert feed.latest()[1] is None


def test_spoken_prompts_follow_the_screens(make_kiosk: Callable[..., Any]) -> None:
    speaker = FakeSpeaker()
    k = make_kiosk(tts=speaker)
    d, w = k.driver, k.window
    w.show_menu()
    d.tap(d.t("topbar.speech"))
    assert speaker.said[-1] == ("Apa yang ingin Anda lakukan?", "id")
    d.tap(d.t("menu.complaint"))
    assert speaker.said[-1] == ("Apa yang ingin Anda sampaikan?", "id")
    d.tap(w.topbar.language_button.accessibleName())
    assert speaker.said[-1] == ("What do you want to tell us?", "en")


def test_no_voice_no_voice_button(make_kiosk: Callable[..., Any]) -> None:
    k = make_kiosk()
    k.window.show_menu()
    assert not k.driver.has(k.driver.t("topbar.speech"))
