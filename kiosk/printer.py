"""Paper receipts on an ESC/POS thermal printer (python-escpos); Qt-free.

``[kiosk] printer`` names the device:

* ``""``: no printer (the receipt stays on screen only);
* ``file:/dev/usb/lp0``: a printer that is a device file (also how tests capture the bytes in a plain file);
* ``usb:0x04b8:0x0202``: USB vendor and product id;
* ``network:192.168.1.50`` or ``network:192.168.1.50:9100``;
* ``serial:/dev/ttyUSB0``;
* ``dummy``: build the bytes and drop them (development).

``[kiosk] printer_width_mm`` is 58 (32 columns) or 80 (48 columns). The QR code is printed natively by the
printer (``GS ( k``), which every current ESC/POS receipt printer supports. Personal data is printed only masked
(NIK ``3673********0001``, phone ``+62 812-****-789``), never names, addresses or the complaint text.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Callable
from typing import Any

from kiosk.i18n import I18n
from kiosk.receipt import Receipt, receipt_details, receipt_next_steps, receipt_title

Device = Any  # an escpos.escpos.Escpos instance (python-escpos is untyped)
COLUMNS = {58: 32, 80: 48}


class PrinterSpecError(ValueError):
    """The ``printer`` setting is not one of the known forms."""


def device_factory(spec: str) -> Callable[[], Device] | None:
    """A function that opens the configured printer, or None for no printer."""
    spec = spec.strip()
    if not spec:
        return None
    kind, _, rest = spec.partition(":")
    if kind == "dummy":
        return _dummy
    if kind == "file" and rest:
        return lambda: _file(rest)
    if kind == "usb" and rest:
        vendor, _, product = rest.partition(":")
        return lambda: _usb(int(vendor, 16), int(product, 16))
    if kind == "network" and rest:
        host, _, port = rest.partition(":")
        return lambda: _network(host, int(port or 9100))
    if kind == "serial" and rest:
        return lambda: _serial(rest)
    raise PrinterSpecError(f"printer {spec!r}: use file:PATH, usb:VID:PID, network:HOST[:PORT], serial:DEV or dummy")


def _dummy() -> Device:
    from escpos.printer import Dummy

    return Dummy()


def _file(path: str) -> Device:
    from escpos.printer import File

    printer = File(devfile=path, auto_flush=False)
    printer.open()
    return printer


def _usb(vendor: int, product: int) -> Device:
    from escpos.printer import Usb

    return Usb(vendor, product)


def _network(host: str, port: int) -> Device:
    from escpos.printer import Network

    return Network(host, port=port, timeout=5)


def _serial(path: str) -> Device:
    from escpos.printer import Serial

    return Serial(devfile=path)


def ascii_text(text: str) -> str:
    """Printer-safe text: accents folded (é -> e), anything else outside ASCII dropped."""
    text = text.replace("\u2014", "-").replace("\u2013", "-").replace("\u2026", "...").replace("\u00b7", "-")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


class ReceiptPrinter:
    """Prints :class:`~kiosk.receipt.Receipt` objects on one printer."""

    def __init__(self, factory: Callable[[], Device], *, width_mm: int = 80) -> None:
        """``factory`` opens the device for each receipt (a printer that was off comes back by itself)."""
        if width_mm not in COLUMNS:
            raise ValueError(f"printer width must be 58 or 80 mm, got {width_mm}")
        self._factory = factory
        self.columns = COLUMNS[width_mm]
        self.width_mm = width_mm

    def print_receipt(self, receipt: Receipt, i18n: I18n) -> None:
        """Print one receipt and cut. Raises whatever the device raises (the caller shows "not printed")."""
        device = self._factory()
        try:
            self._write(device, receipt, i18n)
            device.cut()
        finally:
            close = getattr(device, "close", None)
            if callable(close):
                close()

    def _lines(self, text: str) -> list[str]:
        return textwrap.wrap(ascii_text(text), self.columns) or [""]

    def _write(self, device: Device, receipt: Receipt, i18n: I18n) -> None:
        device.set(align="center", bold=True, normal_textsize=True)
        device.textln("PEMERINTAH KOTA SERANG")
        device.set(align="center", bold=False, normal_textsize=True)
        device.textln(ascii_text("Bale Sandi Maya - " + i18n.t("app.title")))
        device.textln("-" * self.columns)
        for line in self._lines(receipt_title(receipt, i18n)):
            device.textln(line)
        if receipt.tracking_code:
            device.ln()
            device.textln(ascii_text(i18n.t("receipt.code")))
            device.set(align="center", bold=True, double_width=self.columns >= 32, double_height=True)
            device.textln(receipt.tracking_code)
            device.set(align="center", bold=False, normal_textsize=True)
        if receipt.status_url:
            device.qr(receipt.status_url, size=6 if self.width_mm == 80 else 4, native=True, center=False)
            device.textln(ascii_text(i18n.t("receipt.qr")))
            for line in textwrap.wrap(receipt.status_url, self.columns, break_long_words=True):
                device.textln(line)
        device.set(align="left", bold=False, normal_textsize=True)
        device.textln("-" * self.columns)
        for label, value in receipt_details(receipt, i18n):
            for line in self._lines(f"{label}: {value}"):
                device.textln(line)
        device.ln()
        device.set(align="left", bold=True, normal_textsize=True)
        device.textln(ascii_text(i18n.t("receipt.next")))
        device.set(align="left", bold=False, normal_textsize=True)
        for line in self._lines(receipt_next_steps(receipt, i18n)):
            device.textln(line)
        device.ln()
        device.set(align="center", bold=True, normal_textsize=True)
        for line in self._lines(i18n.t("emergency")):
            device.textln(line)
        device.ln(2)
