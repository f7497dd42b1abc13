"""Start-up: the technician screen names exactly what is missing; the prefix comes from the hub once; run()."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common.config import REPO_ROOT
from kiosk.setup_check import PREFIX_META_KEY
from tests.kiosk.conftest import KELURAHAN, KEY, closed_port, make_config
from tests.kiosk.support.fake_hub import FakeHub


def test_unconfigured_kiosk_shows_the_technician_screen(make_kiosk: Callable[..., Any], tmp_path: Path) -> None:
    config = make_config(tmp_path, "", kelurahan="", api_key="", tracking_prefix="", printer="lpt1")
    k = make_kiosk(config=config)
    w = k.window
    assert k.driver.current() is w.screens.technician
    keys = {p.key for p in w.screens.technician.problems}
    assert keys == {"kiosk.kelurahan", "kiosk.hub_url", "kiosk.api_key", "kiosk.printer"}
    texts = " ".join(p.message_id for p in w.screens.technician.problems)
    assert "bsm kiosk-key add --kelurahan" in texts
    assert k.driver.has("kiosk.api_key") and k.driver.has(k.driver.t("tech.quit"))
    assert not k.app.sender.status().running


def test_unknown_kelurahan_and_bad_key_are_named(make_kiosk: Callable[..., Any], tmp_path: Path) -> None:
    config = make_config(tmp_path, "10.0.0.1:8311", kelurahan="36.73.99.9999", api_key="secret",
                         tracking_prefix="K0")
    k = make_kiosk(config=config)
    messages = {p.key: p.message_en for p in k.window.screens.technician.problems}
    assert "not a Kota Serang kelurahan" in messages["kiosk.kelurahan"]
    assert "http://" in messages["kiosk.hub_url"]
    assert "bsm_kiosk_" in messages["kiosk.api_key"]
    assert "K0" in messages["kiosk.tracking_prefix"]


def test_prefix_is_learned_from_the_hub_once_then_works_offline(make_kiosk: Callable[..., Any], tmp_path: Path,
                                                                 fake_hub: FakeHub) -> None:
    config = make_config(tmp_path, fake_hub.url, tracking_prefix="")
    k = make_kiosk(config=config)
    assert k.app.problems == [] and k.app.tracking_prefix == "KS7"
    assert k.app.outbox.get_meta(PREFIX_META_KEY) == "KS7"
    k.app.stop()
    offline = make_config(tmp_path, "http://127.0.0.1:9", tracking_prefix="")
    k2 = make_kiosk(config=offline)
    assert k2.app.problems == [] and k2.app.tracking_prefix == "KS7"


def test_prefix_unknown_and_hub_down_then_retry(make_kiosk: Callable[..., Any], tmp_path: Path) -> None:
    port = closed_port()
    config = make_config(tmp_path, f"http://127.0.0.1:{port}", tracking_prefix="",
                         outbox_path=str(tmp_path / "fresh.db"))
    k = make_kiosk(config=config)  # the hub is not running yet
    assert [p.key for p in k.app.problems] == ["kiosk.tracking_prefix"]
    assert "whoami" in k.app.problems[0].message_en
    hub = FakeHub(tmp_path / "late.db", api_key=KEY, prefix="ZZ", port=port).start()
    try:
        k.driver.tap(k.driver.t("tech.retry"))
        assert k.app.problems == [] and k.app.tracking_prefix == "ZZ"
        assert k.driver.current() is k.window.screens.attract
    finally:
        hub.stop()


def test_run_starts_shows_and_quits_in_its_own_process(tmp_path: Path, fake_hub: FakeHub) -> None:
    """``kiosk.main.run`` as ``bsm kiosk --windowed`` would call it (own process: it runs the Qt event loop)."""
    config = tmp_path / "bsm.toml"
    config.write_text(f"""data_dir = "{tmp_path / 'data'}"
[kiosk]
kelurahan = "{KELURAHAN}"
hub_url = "{fake_hub.url}"
api_key = "{KEY}"
tracking_prefix = "KS7"
outbox_path = "{tmp_path / 'outbox.db'}"
""", encoding="utf-8")
    code = ("import argparse, sys; from common.config import load_config; from kiosk.main import run; "
            f"sys.exit(run(load_config({str(config)!r}), argparse.Namespace(windowed=True, config=None, "
            "exit_after=1.5)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert (tmp_path / "outbox.db").exists() and (tmp_path / "data" / "kiosk.log").exists()
    assert fake_hub.heartbeats(), "the sender started and reported to the hub"
