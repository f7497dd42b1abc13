"""Render every kiosk screen and flow page, in both orientations, to PNG files for review.

    QT_QPA_PLATFORM=offscreen python -m kiosk.tools.screenshots --out /tmp/bsm-kiosk-shots

No hub is needed (it points at an unreachable address); a synthetic camera image stands in for the webcam.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from common.config import Config, KioskSection
from kiosk.camera import Frame, StaticFrameSource
from kiosk.status_lookup import StatusResult
from kiosk.tools.driver import KioskDriver

DEMO_KEY = "bsm_kiosk_0123abcd_" + "x" * 32


def demo_frame() -> Frame:
    """A plain synthetic "street" picture."""
    frame = np.full((720, 1280, 3), (190, 200, 205), dtype=np.uint8)
    frame[420:, :] = (90, 90, 95)
    frame[520:600, 500:800] = (40, 40, 45)
    return frame


def demo_config(data_dir: str) -> Config:
    """A complete configuration against an address where no hub listens."""
    return Config(data_dir=data_dir, kiosk=KioskSection(
        kelurahan="36.73.01.1002", hub_url="http://127.0.0.1:9", api_key=DEMO_KEY, tracking_prefix="KS7"))


FOUND = {"tracking_code": "KS7-22222-W", "type": "report", "status": "didisposisi",
         "status_label_id": "Didisposisikan ke OPD", "status_label_en": "Assigned to an agency",
         "due_at": "2026-12-04T16:59:59+00:00", "opd": "dpupr",
         "history": [{"status": "diterima", "at": "2026-11-25T03:00:00+00:00", "note": None},
                     {"status": "terverifikasi", "at": "2026-11-26T02:00:00+00:00", "note": "Lokasi dicek"},
                     {"status": "didisposisi", "at": "2026-11-26T04:30:00+00:00", "note": "Ke DPUPR"}]}


def overflow(driver: KioskDriver) -> list[str]:
    """Screens or flow pages that got less room than they need (their layout would squeeze)."""
    from kiosk.screens.base import FlowScreenWidget

    problems = []
    screen = driver.current()
    widgets = [screen]
    if isinstance(screen, FlowScreenWidget):
        widgets.append(screen.current_step)
    for widget in widgets:
        need, got = widget.minimumSizeHint(), widget.size()
        if need.height() > got.height() or need.width() > got.width():
            problems.append(f"{type(widget).__name__} needs {need.width()}x{need.height()}, "
                            f"has {got.width()}x{got.height()}")
    return problems


class ShotTaker:
    """Saves numbered screenshots of the kiosk window."""

    def __init__(self, driver: KioskDriver, out: Path, prefix: str) -> None:
        """Write into ``out`` with file names starting with ``prefix``."""
        self.driver, self.out, self.prefix, self.n = driver, out, prefix, 0

    def __call__(self, name: str) -> None:
        """Save one screenshot."""
        self.driver.pump()
        self.n += 1
        for problem in overflow(self.driver):
            print(f"{self.prefix}-{self.n:02d}-{name}: {problem}")
        self.driver.window.grab().save(str(self.out / f"{self.prefix}-{self.n:02d}-{name}.png"))


def walk_complaint(d: KioskDriver, shot: Callable[[str], None]) -> None:
    """Every page of the complaint flow."""
    d.window.show_menu()
    shot("menu")
    d.tap(d.t("menu.complaint"))
    shot("complaint-kind")
    d.tap(d.t("kind.aduan"))
    shot("complaint-category")
    d.choose("Jalan rusak / berlubang")
    shot("complaint-location")
    d.tap_map("36.73.01.1002")
    d.find(d.t("location.rt")).setFocus()
    shot("complaint-location-keyboard")
    d.next()
    d.fill(d.t("description.field"), "Jalan berlubang besar di depan SD, sudah dua minggu. 🚧")
    shot("complaint-description")
    d.next()
    d.pump(400)
    shot("complaint-photo-live")
    d.tap(d.t("photo.take"))
    shot("complaint-photo-taken")
    d.next()
    shot("complaint-identity")
    d.tap(d.t("identity.anonim"))
    shot("complaint-consent")
    d.tap(d.t("consent.yes"))
    d.fill(d.t("field.name"), "Siti Aminah")
    d.fill(d.t("field.phone"), "0812 34ab")
    d.next()
    shot("complaint-contact-error")
    d.fill(d.t("field.phone"), "0812 3456 7890")
    d.next()
    shot("complaint-review")
    d.next()
    shot("complaint-receipt")


def walk_ppid(d: KioskDriver, shot: Callable[[str], None]) -> None:
    """Every page of the PPID flow, with one NIK error."""
    d.window.show_menu()
    d.tap(d.t("menu.ppid"))
    shot("ppid-consent")
    d.tap(d.t("ppid.consent.yes"))
    d.fill(d.t("field.full_name"), "Budi Santoso")
    d.fill(d.t("field.nik"), "3673017213900001")
    d.next()
    shot("ppid-identity-nik-error")
    d.fill(d.t("field.nik"), "3673014107900001")
    d.next()
    shot("ppid-address")
    d.fill(d.t("field.address"), "Jl. Mayor Syafei No. 1, RT 001/RW 002, Cipare")
    d.next()
    shot("ppid-contact")
    d.fill(d.t("field.phone_ppid"), "081234567890")
    d.next()
    shot("ppid-proxy")
    d.tap(d.t("ppid.proxy.other"))
    shot("ppid-proxy-details")
    d.fill(d.t("field.proxy_name"), "Andi Wijaya")
    d.fill(d.t("field.power_of_attorney_ref"), "SK-12/2026")
    d.next()
    shot("ppid-information")
    walk_ppid_request(d, shot)


def walk_ppid_request(d: KioskDriver, shot: Callable[[str], None]) -> None:
    """The second half of the PPID flow: what, why, where, how, review, receipt."""
    d.fill(d.t("field.information"), "Data anggaran perbaikan jalan Kecamatan Serang tahun 2025.")
    d.next()
    shot("ppid-purpose")
    d.fill(d.t("field.purpose"), "Untuk tugas kuliah")
    d.next()
    shot("ppid-opd")
    d.tap(d.t("common.next_page"))
    shot("ppid-opd-page2")
    d.choose("DPUPR")
    shot("ppid-obtain")
    d.tap(d.t("obtain.hardcopy"))
    shot("ppid-delivery")
    d.tap(d.t("delivery.email"))
    shot("ppid-delivery-email-error")
    d.tap(d.t("delivery.ambil"))
    shot("ppid-review")
    d.next()
    shot("ppid-receipt")


def walk_skm(d: KioskDriver, shot: Callable[[str], None]) -> None:
    """The survey's target page, the OPD list, one question and the review."""
    from common.rules.skm import ELEMENTS

    d.window.show_menu()
    d.tap(d.t("menu.skm"))
    shot("skm-target")
    d.tap(d.t("skm.target.other"))
    shot("skm-opd")
    d.choose("Dinkes")
    shot("skm-q1")
    for element in ELEMENTS:
        d.tap(element.answers_id[2])
    shot("skm-review")
    d.next()
    shot("skm-thanks")


def walk_status_and_rest(d: KioskDriver, shot: Callable[[str], None]) -> None:
    """Status (typed, queued, found, unreachable), overlays, themes, technician screen, attract."""
    d.window.show_menu()
    d.tap(d.t("menu.status"))
    d.find(d.t("status.field")).setFocus()
    shot("status-keyboard")
    d.window.screens.status.show_result(StatusResult("found", "KS7-22222-W", FOUND))
    shot("status-found")
    d.window.screens.status.show_result(StatusResult("unreachable", "KS7-22222-W"))
    shot("status-unreachable")
    d.window.start("complaint")
    d.tap(d.t("kind.laporan"))
    d.tap(d.window.topbar.home_button.accessibleName())
    shot("confirm-start-over")
    d.window.confirm_overlay.hide()
    d.window.idle_overlay.set_seconds(14)
    d.window.idle_overlay.cover()
    shot("idle-warning")
    d.window.idle_overlay.hide()
    d.window.show_menu()
    d.tap(d.t("topbar.contrast"))
    shot("menu-high-contrast")
    d.tap(d.t("topbar.large_text"))
    shot("menu-high-contrast-large")
    d.tap(d.t("menu.complaint"))
    shot("complaint-kind-high-contrast-large")
    d.tap(d.t("kind.saran"))
    shot("complaint-category-high-contrast-large")
    d.window.show_attract()
    shot("attract")
    d.tap(d.window.topbar.language_button.accessibleName())
    d.window.show_menu()
    shot("menu-english")
    d.window.show_technician([])


def render(out: Path) -> list[Path]:
    """Render everything; returns the files written."""
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build
    from kiosk.setup_check import SetupProblem

    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    for orientation, size in (("portrait", (1080, 1920)), ("landscape", (1920, 1080))):
        with tempfile.TemporaryDirectory() as data_dir:
            kiosk = build(demo_config(data_dir), camera=lambda: StaticFrameSource([demo_frame()]))
            kiosk.window.resize(*size)
            kiosk.window.show()
            driver = KioskDriver(kiosk.window)
            shot = ShotTaker(driver, out, orientation)
            for walk in (walk_complaint, walk_ppid, walk_skm, walk_status_and_rest):
                walk(driver, shot)
            kiosk.window.show_technician([SetupProblem("kiosk.api_key", "belum diisi: jalankan 'bsm kiosk-key add "
                                                       "--kelurahan KODE' di server hub", "is empty")])
            shot("technician")
            kiosk.stop()
    app.processEvents()
    return sorted(out.glob("*.png"))


def main() -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="/tmp/bsm-kiosk-shots")
    args = parser.parse_args()
    files = render(Path(args.out))
    print(f"{len(files)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
