"""Domain first, Qt as adapter: the kiosk's core modules import no Qt, and importing them does no work."""

from __future__ import annotations

import subprocess
import sys

from common.config import REPO_ROOT

QT_FREE = ["kiosk.outbox", "kiosk.sender", "kiosk.hub_client", "kiosk.forms", "kiosk.receipt", "kiosk.printer",
           "kiosk.camera", "kiosk.idle", "kiosk.theme", "kiosk.i18n", "kiosk.catalog", "kiosk.submission",
           "kiosk.setup_check", "kiosk.status_lookup"]


def test_core_modules_do_not_import_qt_or_the_wall() -> None:
    code = ("import sys, importlib\n"
            f"for name in {QT_FREE!r}: importlib.import_module(name)\n"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'wall', 'cv2'))]\n"
            "print(','.join(bad))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"imported: {done.stdout}"


def test_every_category_has_its_pictogram() -> None:
    from common.config import default_assets_dir
    from kiosk.catalog import load_catalog

    icons = default_assets_dir() / "icons"
    missing = [s.icon for s in load_catalog(default_assets_dir()).services if not (icons / f"{s.icon}.svg").is_file()]
    assert missing == []
    for svg in icons.glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert text.startswith("<svg") and 'viewBox="0 0 96 96"' in text, svg.name
