"""A headless kiosk that files submissions by itself through the real screens (offscreen), for the kill test.

    python -m kiosk.tools.scripted --hub-url http://127.0.0.1:8311 --api-key KEY --kelurahan 36.73.01.1002 \\
        --prefix KS7 --outbox /tmp/outbox.db --submissions 1000 --seed 7

It builds the real kiosk (same outbox, sender, screens), prints ``READY``, then repeatedly walks a random flow
(complaint typed key by key on the on-screen keyboard, PPID request, survey) and, once the receipt is on screen
(that is, after the outbox commit returned), prints ``RECEIPTED <kind> <client_request_id> <code or ->``,
line-buffered. With ``--drain`` it finally waits until the outbox is empty and prints ``DRAINED``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

from common.config import Config, KioskSection, load_config


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default=None, help="a bsm.toml (the options below override it)")
    parser.add_argument("--hub-url")
    parser.add_argument("--api-key")
    parser.add_argument("--kelurahan")
    parser.add_argument("--prefix")
    parser.add_argument("--outbox")
    parser.add_argument("--data-dir")
    parser.add_argument("--submissions", type=int, default=10)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--type-delay-ms", type=float, default=4.0, help="pause between key taps")
    parser.add_argument("--drain", action="store_true", help="wait until everything was delivered")
    parser.add_argument("--drain-timeout", type=float, default=60.0)
    return parser.parse_args(argv)


def make_config(args: argparse.Namespace) -> Config:
    """The configuration file (if any) with the command-line overrides."""
    base = load_config(args.config, env={}) if args.config else Config()
    kiosk = base.kiosk.model_dump()
    for option, key in (("hub_url", "hub_url"), ("api_key", "api_key"), ("kelurahan", "kelurahan"),
                        ("prefix", "tracking_prefix"), ("outbox", "outbox_path")):
        value = getattr(args, option)
        if value:
            kiosk[key] = value
    kiosk["heartbeat_seconds"] = max(5, int(kiosk.get("heartbeat_seconds", 60)))
    data_dir = args.data_dir or base.data_dir
    return base.model_copy(update={"kiosk": KioskSection(**kiosk), "data_dir": data_dir})


def say(line: str) -> None:
    """One line to the parent process, flushed at once."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def walk_once(driver: object, rng: random.Random, delay_s: float) -> None:
    """One random submission through the screens, up to the receipt."""
    from kiosk.tools.driver import KioskDriver

    assert isinstance(driver, KioskDriver)
    driver.window.show_menu()
    choice = rng.random()
    if choice < 0.6:
        words = " ".join(rng.choice(["jalan", "rusak", "lubang", "besar", "sampah", "banjir", "lampu", "mati",
                                     "depan", "sekolah", "pasar"]) for _ in range(rng.randint(2, 6)))
        driver.complaint(description=f"Laporan {words}.", consent=rng.random() < 0.5, typing_delay_s=delay_s)
    elif choice < 0.8:
        driver.ppid()
    else:
        driver.skm(tuple(rng.randint(1, 4) for _ in range(9)))


def drain(kiosk: object, driver: object, timeout: float) -> int:
    """Wait until the sender emptied the outbox; 0 when it did."""
    from kiosk.app import KioskApp
    from kiosk.tools.driver import KioskDriver

    assert isinstance(kiosk, KioskApp) and isinstance(driver, KioskDriver)
    deadline = time.monotonic() + timeout
    while kiosk.outbox.stats().pending and time.monotonic() < deadline:
        driver.pump(50)
    pending = kiosk.outbox.stats().pending
    say("DRAINED" if not pending else f"PENDING {pending}")
    return 0 if not pending else 1


def run(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args = parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build
    from kiosk.tools.driver import KioskDriver

    app = QApplication.instance() or QApplication([])
    config = make_config(args)
    Path(config.kiosk.outbox_path or ".").parent.mkdir(parents=True, exist_ok=True)
    kiosk = build(config)
    if kiosk.problems:
        for problem in kiosk.problems:
            say(f"PROBLEM {problem.key}: {problem.message_en}")
        return 2
    kiosk.window.resize(1080, 1920)
    kiosk.start(show=True)
    driver = KioskDriver(kiosk.window)
    rng = random.Random(args.seed)
    say("READY")
    for _ in range(args.submissions):
        walk_once(driver, rng, args.type_delay_ms / 1000)
        receipt = kiosk.window.screens.receipt.receipt
        if receipt is None:
            say("NO-RECEIPT")
            continue
        say(f"RECEIPTED {receipt.kind} {receipt.client_request_id} {receipt.tracking_code or '-'}")
        driver.tap(driver.t("common.done"))
    code = drain(kiosk, driver, args.drain_timeout) if args.drain else 0
    kiosk.stop()
    app.processEvents()
    return code


if __name__ == "__main__":
    raise SystemExit(run())
