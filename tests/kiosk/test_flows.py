"""Walk-throughs of every flow as a citizen taps them, in both orientations, down to the outbox and receipt."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from common.rules.skm import ELEMENTS
from common.rules.tracking import parse_code
from kiosk.camera import StaticFrameSource
from tests.kiosk.conftest import PREFIX, street_frame


def test_complaint_with_photo_and_contact(make_kiosk: Callable[..., Any], orientation: str) -> None:
    k = make_kiosk(orientation=orientation, camera=lambda: StaticFrameSource([street_frame()]))
    d, w = k.driver, k.window
    w.show_menu()
    d.complaint(photo=True, consent=True)
    assert d.current() is w.screens.receipt
    code = d.receipt_code()
    assert parse_code(code).prefix == PREFIX
    item = k.app.outbox.find_by_tracking_code(code)
    assert item is not None and item.state == "pending" and item.photo and item.photo[:2] == b"\xff\xd8"
    assert item.payload["service_code"] == "jalan-rusak" and item.payload["kind"] == "aduan"
    assert item.payload["confidentiality"] == "anonim" and item.payload["phone"] == "+6281234567890"
    assert item.payload["location_text"] == "Kel. Cipare, RT 003 / RW 005"
    assert d.has(f"{d.t('receipt.code')}: {code}")
    assert w.screens.receipt.qr.accessibleName().endswith(f"/status/{code}")
    assert "Kamis, 5 Maret 2026" not in w.screens.receipt.next_steps.text()
    assert "Jumat, 6 Maret 2026" in w.screens.receipt.next_steps.text()  # 3 working days after Tue 3 Mar
    d.tap(d.t("common.done"))
    assert d.current() is w.screens.attract


def test_complaint_without_camera_skips_the_photo_page_and_without_consent_sends_no_identity(
        make_kiosk: Callable[..., Any], orientation: str) -> None:
    k = make_kiosk(orientation=orientation)
    d, w = k.driver, k.window
    w.show_menu()
    d.tap(d.t("menu.complaint"))
    d.tap(d.t("kind.pendapat"))
    d.tap("Saran dan pendapat umum")
    d.tap_map("36.73.01.1003")  # Sumur Pecung, next door
    d.next()
    d.fill(d.t("description.field"), "Mohon taman kota diberi lampu tambahan.")
    d.next()
    assert d.has(d.t("identity.publik")), "no camera: straight from the story to the identity question"
    d.tap(d.t("identity.rahasia"))
    d.tap(d.t("consent.no"))
    assert d.has(d.t("review.q")) or w.screens.complaint.current_step is w.screens.complaint.review_step
    d.next()
    item = k.app.outbox.find_by_tracking_code(d.receipt_code())
    assert item is not None
    assert item.payload["kelurahan"] == "36.73.01.1003" and "lat" in item.payload and "long" in item.payload
    assert not {"first_name", "last_name", "phone", "email"} & set(item.payload)
    assert item.payload["confidentiality"] == "rahasia" and item.photo is None


def test_back_and_forward_keep_answers_and_progress_counts_applicable_pages(
        make_kiosk: Callable[..., Any]) -> None:
    k = make_kiosk()
    d, w = k.driver, k.window
    flow = w.screens.complaint
    w.show_menu()
    d.tap(d.t("menu.complaint"))
    assert flow._progress_label.text() == "Langkah 1 dari 7"  # no camera; contact page not yet applicable
    d.tap(d.t("kind.aduan"))
    d.tap(d.t("common.back"))
    assert flow.kind_step.buttons[0].isChecked()
    d.tap(d.t("common.back"))
    assert d.current() is w.screens.menu


def test_ppid_walkthrough(make_kiosk: Callable[..., Any], orientation: str) -> None:
    k = make_kiosk(orientation=orientation)
    d, w = k.driver, k.window
    w.show_menu()
    d.ppid()
    assert d.current() is w.screens.receipt
    code = d.receipt_code()
    item = k.app.outbox.find_by_tracking_code(code)
    assert item is not None and item.kind == "ppid"
    assert item.payload["applicant"]["nik"] == "3673014107900001"
    assert item.payload["delivery_method"] == "email" and item.payload["obtain_method"] == "softcopy"
    text = w.screens.receipt.next_steps.text()
    assert "Selasa, 17 Maret 2026" in text and "10 hari kerja" in text and "7 hari kerja" in text


def test_ppid_shows_the_deadline_before_sending_and_refuses_email_delivery_without_email(
        make_kiosk: Callable[..., Any]) -> None:
    k = make_kiosk()
    d, w = k.driver, k.window
    flow = w.screens.ppid
    w.show_menu()
    d.tap(d.t("menu.ppid"))
    d.tap(d.t("ppid.consent.yes"))
    d.fill(d.t("field.full_name"), "Budi")
    d.fill(d.t("field.nik"), "3673014107900001")
    d.next()
    d.fill(d.t("field.address"), "Jl. Ahmad Yani 10")
    d.next()
    d.fill(d.t("field.phone_ppid"), "081234567890")
    d.next()
    d.tap(d.t("ppid.proxy.other"))
    d.fill(d.t("field.proxy_name"), "Andi Wijaya")
    d.next()
    assert flow.current_step is flow.proxy_details_step, "power of attorney reference is required"
    d.fill(d.t("field.power_of_attorney_ref"), "SK 12/2026")
    d.next()
    d.fill(d.t("field.information"), "Salinan dokumen RPJMD tahun 2025-2029")
    d.next()
    d.fill(d.t("field.purpose"), "Penelitian")
    d.next()
    d.tap(d.t("common.next_page"))
    d.tap("DPUPR")
    d.tap(d.t("obtain.melihat"))
    d.tap(d.t("delivery.email"))
    assert flow.current_step is flow.delivery_step
    assert d.has("Untuk dikirim lewat e-mail, isi alamat e-mail dulu")
    d.tap(d.t("delivery.pos"))
    assert flow.current_step is flow.review_step
    assert d.has("Kuasa: Andi Wijaya (SK 12/2026)")
    assert "Selasa, 17 Maret 2026" in flow.review_step._note.text()
    d.next()
    item = k.app.outbox.find_by_tracking_code(d.receipt_code())
    assert item is not None and item.payload["opd"] == "dpupr"
    assert item.payload["applicant"]["power_of_attorney_ref"] == "SK 12/2026"


def test_skm_for_this_office_and_for_another_opd(make_kiosk: Callable[..., Any], orientation: str) -> None:
    k = make_kiosk(orientation=orientation)
    d, w = k.driver, k.window
    w.show_menu()
    d.skm((1, 2, 3, 4, 4, 3, 2, 1, 4))
    assert d.current() is w.screens.receipt and d.receipt_code() == ""
    first = k.app.outbox.items()[-1]
    assert first.kind == "skm" and first.payload["answers"] == [1, 2, 3, 4, 4, 3, 2, 1, 4]
    assert first.payload["opd"] is None and first.tracking_code is None
    d.tap(d.t("common.done"))
    w.show_menu()
    d.tap(d.t("menu.skm"))
    d.tap(d.t("skm.target.other"))
    d.tap("Dinkes")
    for index, element in enumerate(ELEMENTS):
        assert d.has(element.answers_id[0]), f"element {index + 1} shows its own wording"
        d.tap(element.answers_id[3])
    d.next()
    assert k.app.outbox.items()[-1].payload["opd"] == "dinkes"


def test_english_walkthrough(make_kiosk: Callable[..., Any]) -> None:
    k = make_kiosk()
    d, w = k.driver, k.window
    w.show_menu()
    d.tap(w.topbar.language_button.accessibleName())
    assert d.has("File a Complaint / Report / Suggestion / Opinion")
    d.complaint(category="Damaged road / pothole", consent=False)
    assert w.screens.receipt.title.text() == "Your Complaint has been received"


def test_typing_on_the_on_screen_keyboard(make_kiosk: Callable[..., Any]) -> None:
    k = make_kiosk()
    d, w = k.driver, k.window
    w.show_menu()
    d.tap(d.t("menu.complaint"))
    d.tap(d.t("kind.aduan"))
    d.tap("Jalan rusak / berlubang")
    d.next()
    assert w.keyboard.isVisible() and w.keyboard.mode == "text"
    d.tap(d.t("keyboard.shift"))
    d.tap("J")  # shift shows capitals for one letter
    for key in "alan":
        d.tap(key)
    d.tap(d.t("keyboard.space"))
    for key in "rusak":
        d.tap(key)
    d.tap(d.t("keyboard.backspace"))
    assert w.screens.complaint.description_step.value("description") == "Jalan rusa"
    counter = w.screens.complaint.description_step.counters["description"]
    assert counter.text() == "10 / 4.000 huruf"
    d.tap(d.t("keyboard.hide"))
    assert not w.keyboard.isVisible()
    w.screens.complaint.go_back()
    d.tap_widget(w.screens.complaint.location_step.rt)
    assert w.keyboard.isVisible() and w.keyboard.mode == "numeric"
    d.tap("7")
    assert w.screens.complaint.location_step.rt.text() == "7"
