"""ESC/POS receipts, captured through python-escpos's File device into a plain file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from common.rules.deadlines import DeadlinePolicy
from common.rules.working_days import WorkingCalendar
from kiosk.i18n import I18n
from kiosk.printer import PrinterSpecError, ReceiptPrinter, ascii_text, device_factory
from kiosk.receipt import ReceiptFactory, code_from_scan, status_url

NOW = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
FACTORY = ReceiptFactory(DeadlinePolicy(), WorkingCalendar(), "https://layanan.serangkota.go.id")


def ppid_receipt():  # type: ignore[no-untyped-def]
    return FACTORY.ppid(client_request_id="p", issued_at=NOW, tracking_code="KS7-22223-S", kelurahan_name="Cipare",
                        routed_to="DPUPR", nik="3673014107900001", phone="+6281234567890")


@pytest.mark.parametrize("width", [58, 80])
def test_ppid_receipt_bytes(tmp_path: Path, width: int) -> None:
    device = tmp_path / "printer.bin"
    factory = device_factory(f"file:{device}")
    assert factory is not None
    ReceiptPrinter(factory, width_mm=width).print_receipt(ppid_receipt(), I18n("id"))
    data = device.read_bytes()
    assert b"KS7-22223-S" in data
    assert b"\x1d(k" in data and b"https://layanan.serangkota.go.id/status/KS7-22223-S" in data  # native QR
    assert b"3673********0001" in data and b"3673014107900001" not in data
    assert b"+62 812-****-890" in data and b"81234567890" not in data
    assert b"\x1dV" in data  # cut
    assert b"112" in data
    longest = max(len(line) for line in data.split(b"\n") if b"\x1b" not in line and b"\x1d" not in line)
    assert longest <= {58: 32, 80: 48}[width]


def test_complaint_receipt_in_english_with_deadline(tmp_path: Path) -> None:
    receipt = FACTORY.complaint(client_request_id="c", issued_at=NOW, tracking_code="KS7-22222-W",
                                kelurahan_name="Cipare", report_kind="aduan", category=("Sampah", "Rubbish"),
                                routed_to="DLH", phone="")
    device = tmp_path / "p.bin"
    ReceiptPrinter(device_factory(f"file:{device}"), width_mm=80).print_receipt(receipt, I18n("en"))  # type: ignore[arg-type]
    data = device.read_bytes()
    assert b"Your Complaint has been received" in data and b"Rubbish" in data
    assert b"checked by Friday, 6 March 2026" in data  # 3 working days after Tuesday 3 March


def test_skm_receipt_has_no_code(tmp_path: Path) -> None:
    receipt = FACTORY.skm(client_request_id="s", issued_at=NOW, kelurahan_name="Cipare", routed_to="Kel. Cipare")
    device = tmp_path / "p.bin"
    ReceiptPrinter(device_factory(f"file:{device}"), width_mm=58).print_receipt(receipt, I18n("id"))  # type: ignore[arg-type]
    assert b"\x1d(k" not in device.read_bytes()


def test_device_errors_surface_to_the_caller(tmp_path: Path) -> None:
    factory = device_factory(f"file:{tmp_path / 'missing-dir' / 'lp0'}")
    with pytest.raises(Exception):  # noqa: B017 - whatever escpos raises, the screen shows "not printed"
        ReceiptPrinter(factory, width_mm=80).print_receipt(ppid_receipt(), I18n("id"))  # type: ignore[arg-type]


def test_printer_specs() -> None:
    assert device_factory("") is None
    for spec in ("dummy", "file:/dev/usb/lp0", "usb:0x04b8:0x0202", "network:10.0.0.9:9100", "serial:/dev/ttyS0"):
        assert device_factory(spec) is not None
    for bad in ("lpt1", "file:", "usb:"):
        with pytest.raises(PrinterSpecError):
            device_factory(bad)
    with pytest.raises(ValueError):
        ReceiptPrinter(lambda: None, width_mm=72)


def test_ascii_text_and_links() -> None:
    assert ascii_text("Kelurahan Pagéragung — 🚧") == "Kelurahan Pageragung - "
    assert status_url("https://x/", "KS7-22222-W") == "https://x/status/KS7-22222-W"
    assert code_from_scan("https://x/status/KS7-22222-W?utm=1") == "KS7-22222-W"
    assert code_from_scan(" ks7-22222-w ") == "ks7-22222-w"
