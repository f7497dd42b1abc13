"""Hostile input in every field, through the real screens: too long, emoji, right-to-left, HTML, bad NIK dates,
letters in phone numbers. Nothing crashes, nothing renders as HTML, every refusal is explained."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtTest import QTest

from tests.kiosk.conftest import KioskHarness

LONG = "a" * 4001
EMOJI = "Jalan rusak parah 🚧🚧 👨‍👩‍👧 di depan sekolah"
RTL = "الطريق مكسور أمام المدرسة منذ أسبوع"
HTML = "<img src=x onerror=alert(1)> jalan rusak sekali"


def open_description(k: KioskHarness) -> None:
    d = k.driver
    k.window.show_menu()
    d.tap(d.t("menu.complaint"))
    d.tap(d.t("kind.aduan"))
    d.tap("Jalan rusak / berlubang")
    d.next()


def test_description_too_long_html_control_chars_are_refused_with_a_reason(make_kiosk: Callable[..., Any]) -> None:
    k = make_kiosk()
    d, flow = k.driver, k.window.screens.complaint
    open_description(k)
    d.fill(d.t("description.field"), LONG)
    counter = flow.description_step.counters["description"]
    assert "4.001 / 4.000" in counter.text() and "kurangi 1" in counter.text() and counter.property("role") == "error"
    d.next()
    assert flow.current_step is flow.description_step
    assert d.has("maksimal 4000 karakter")
    d.fill(d.t("description.field"), HTML)
    d.next()
    assert d.has("Teks tidak boleh berisi HTML")
    d.fill(d.t("description.field"), "Jalan rusak\x07 sekali parah")
    d.next()
    assert d.has("Teks berisi karakter kontrol U+0007")
    d.fill(d.t("description.field"), "pendek")
    d.next()
    assert d.has("Tulis minimal 10 huruf") and flow.current_step is flow.description_step


@pytest.mark.parametrize("text", [EMOJI, RTL, "x" * 4000])
def test_emoji_rtl_and_exactly_4000_characters_are_accepted_and_shown_as_plain_text(
        make_kiosk: Callable[..., Any], text: str) -> None:
    k = make_kiosk()
    d, flow = k.driver, k.window.screens.complaint
    open_description(k)
    d.fill(d.t("description.field"), text)
    d.next()
    assert flow.current_step is flow.identity_step
    d.tap(d.t("identity.publik"))
    d.tap(d.t("consent.no"))
    values = [w for w in d.visible() if w.accessibleName().startswith(d.t("review.description") + ": ")]
    assert len(values) == 1 and values[0].textFormat().name == "PlainText"
    d.next()
    item = k.app.outbox.find_by_tracking_code(d.receipt_code())
    assert item is not None and item.payload["description"] == text


def test_html_in_every_text_field_never_renders(make_kiosk: Callable[..., Any]) -> None:
    k = make_kiosk()
    d, flow = k.driver, k.window.screens.complaint
    open_description(k)
    flow.go_back()
    d.fill(d.t("location.landmark"), "<b>pasar</b>")
    d.next()
    assert d.has("Teks tidak boleh berisi HTML")
    d.fill(d.t("location.landmark"), "")
    rt = d.find(d.t("location.rt"))
    QTest.keyClicks(rt, "3a")  # typed: the field takes digits only
    assert rt.text() == "3"
    d.fill(d.t("location.rt"), "3a")  # pasted: refused on "Lanjut" with a reason
    d.next()
    assert d.has("Isi dengan angka 1 sampai 999")
    d.fill(d.t("location.rt"), "")
    d.next()
    d.fill(d.t("description.field"), "Jalan berlubang besar sekali di sini")
    d.next()
    d.tap(d.t("identity.anonim"))
    d.tap(d.t("consent.yes"))
    d.fill(d.t("field.name"), "<script>x</script>")
    d.fill(d.t("field.phone"), "0812 34ab 5678")
    d.fill(d.t("field.email"), "budi@<evil>.com")
    d.next()
    assert d.has("Nama tidak boleh berisi karakter '<'")
    assert d.has("Nomor telepon tidak boleh berisi huruf")
    assert d.has("Bagian sebelum @ tidak valid") or d.has("Domain e-mail tidak valid")
    d.fill(d.t("field.name"), RTL.split()[0] + " " + "محمد")
    d.fill(d.t("field.phone"), "+62 812-3456-7890")
    d.fill(d.t("field.email"), "")
    d.next()
    assert flow.current_step is flow.review_step


def test_ppid_hostile_fields(make_kiosk: Callable[..., Any]) -> None:
    k = make_kiosk()
    d = k.driver
    k.window.show_menu()
    d.tap(d.t("menu.ppid"))
    d.tap(d.t("ppid.consent.yes"))
    d.fill(d.t("field.full_name"), "Budi 🙂")
    d.fill(d.t("field.nik"), "3673013113900001")  # 31 November: no such day
    d.next()
    assert d.has("Nama tidak boleh berisi karakter '🙂'") and d.has("Tanggal lahir dalam NIK tidak valid")
    nik = d.find(d.t("field.nik"))
    nik.clear()
    QTest.keyClicks(nik, "3673abc")
    assert nik.text() == "3673", "only digits can be typed into the NIK"
    d.fill(d.t("field.nik"), "36730171139000ab")
    d.next()
    assert d.has("NIK harus 16 angka")
    d.fill(d.t("field.full_name"), "Siti Aminah")
    d.fill(d.t("field.nik"), "3673015107900001")  # a woman born 11 July 1990 (day + 40)
    d.next()
    contact_and_request_pages(k)


def contact_and_request_pages(k: KioskHarness) -> None:
    d, flow = k.driver, k.window.screens.ppid
    d.fill(d.t("field.address"), LONG[:301])
    d.next()
    assert d.has("maksimal 300 karakter")
    d.fill(d.t("field.address"), RTL)
    d.next()
    d.fill(d.t("field.phone_ppid"), "08l2 3456 7890")  # a lower-case L
    d.fill(d.t("field.email_ppid"), "<a href=x>me</a>")
    d.next()
    assert flow.current_step is flow.contact_step
    d.fill(d.t("field.phone_ppid"), "")
    d.fill(d.t("field.email_ppid"), "")
    d.next()
    assert d.has("Isi nomor HP atau e-mail (salah satu)")
    d.fill(d.t("field.email_ppid"), "siti@example.id")
    d.next()
    assert flow.current_step is flow.proxy_step
    d.tap(d.t("ppid.proxy.self"))
    d.fill(d.t("field.information"), EMOJI)
    d.next()
    d.fill(d.t("field.purpose"), HTML)
    d.next()
    assert d.has("Teks tidak boleh berisi HTML")


def test_status_code_field_refuses_garbage_plainly(make_kiosk: Callable[..., Any]) -> None:
    k = make_kiosk()
    d, status = k.driver, k.window.screens.status
    k.window.show_menu()
    d.tap(d.t("menu.status"))
    for text, words in (("<script>", "tidak dipakai"), ("KS7-22222-X", "Kode salah ketik"),
                        ("🙂" * 5, "tidak dipakai"), ("K", "Panjang kode")):
        d.fill(d.t("status.field"), text)
        d.tap(d.t("status.check"))
        assert status.result is not None and status.result.outcome == "mistyped"
        assert words in status.message.text()
