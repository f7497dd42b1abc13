"""Is this kiosk configured? Each missing or wrong setting becomes a :class:`SetupProblem` that says the fix.

Qt-free. The tracking prefix may come from the configuration, from the outbox (remembered from an earlier
``whoami``), or from the hub's ``GET /api/v1/kiosk/whoami`` (asked once at start when it is not known yet).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common.config import KioskSection
from common.rules.privacy import parse_key_prefix
from common.rules.tracking import ALPHABET, PREFIX_MAX_LENGTH, PREFIX_MIN_LENGTH
from kiosk.catalog import KioskCatalog
from kiosk.printer import PrinterSpecError, device_factory

PREFIX_META_KEY = "tracking_prefix"


@dataclass(frozen=True, slots=True)
class SetupProblem:
    """One configuration problem: the setting, and what to do in both languages."""

    key: str
    message_id: str
    message_en: str


def _valid_prefix(prefix: str) -> bool:
    return PREFIX_MIN_LENGTH <= len(prefix) <= PREFIX_MAX_LENGTH and all(c in ALPHABET for c in prefix)


def check_basics(kiosk: KioskSection, catalog: KioskCatalog) -> list[SetupProblem]:
    """Problems visible from the configuration alone."""
    problems: list[SetupProblem] = []
    add_key = "jalankan 'bsm kiosk-key add --kelurahan KODE' di server hub"
    add_key_en = "run 'bsm kiosk-key add --kelurahan CODE' on the hub server"
    if not kiosk.kelurahan:
        problems.append(SetupProblem("kiosk.kelurahan", f"belum diisi: {add_key}, lalu salin kelurahan ke bsm.toml",
                                     f"is empty: {add_key_en}, then copy kelurahan into bsm.toml"))
    elif catalog.kelurahan_by_code(kiosk.kelurahan) is None:
        problems.append(SetupProblem("kiosk.kelurahan", f"'{kiosk.kelurahan}' bukan kode kelurahan Kota Serang "
                                     "(contoh 36.73.01.1002)", f"'{kiosk.kelurahan}' is not a Kota Serang kelurahan "
                                     "code (e.g. 36.73.01.1002)"))
    if not kiosk.hub_url:
        problems.append(SetupProblem("kiosk.hub_url", "belum diisi: alamat hub, contoh http://10.0.0.5:8311",
                                     "is empty: the hub address, e.g. http://10.0.0.5:8311"))
    elif not kiosk.hub_url.startswith(("http://", "https://")):
        problems.append(SetupProblem("kiosk.hub_url", "harus diawali http:// atau https://",
                                     "must start with http:// or https://"))
    if not kiosk.api_key:
        problems.append(SetupProblem("kiosk.api_key", f"belum diisi: {add_key}, lalu salin api_key yang dicetak",
                                     f"is empty: {add_key_en}, then copy the printed api_key"))
    elif parse_key_prefix(kiosk.api_key) is None:
        problems.append(SetupProblem("kiosk.api_key", "bukan kunci kios yang valid (bentuk bsm_kiosk_...)",
                                     "is not a valid kiosk key (bsm_kiosk_...)"))
    if kiosk.tracking_prefix and not _valid_prefix(kiosk.tracking_prefix):
        problems.append(SetupProblem("kiosk.tracking_prefix", f"'{kiosk.tracking_prefix}' tidak valid: 2-4 karakter "
                                     f"dari {ALPHABET}", f"'{kiosk.tracking_prefix}' is invalid: 2-4 of {ALPHABET}"))
    try:
        device_factory(kiosk.printer)
    except (PrinterSpecError, ValueError) as exc:
        problems.append(SetupProblem("kiosk.printer", str(exc), str(exc)))
    return problems


def check_outbox_path(path: Path) -> SetupProblem | None:
    """The outbox folder must be writable."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return SetupProblem("kiosk.outbox_path", f"folder tidak bisa dibuat: {exc}", f"cannot create folder: {exc}")
    if not os.access(folder, os.W_OK):
        return SetupProblem("kiosk.outbox_path", f"folder {folder} tidak bisa ditulisi", f"{folder} is not writable")
    return None


def resolve_prefix(kiosk: KioskSection, remembered: str | None,
                   whoami: Callable[[], dict[str, Any]]) -> tuple[str | None, SetupProblem | None]:
    """The tracking prefix to use, asking the hub only when neither the config nor the outbox knows it."""
    if kiosk.tracking_prefix:
        return kiosk.tracking_prefix, None
    if remembered and _valid_prefix(remembered):
        return remembered, None
    try:
        answer = whoami()
    except Exception as exc:  # any failure to learn it is reported to the technician
        return None, SetupProblem("kiosk.tracking_prefix", f"kosong, dan hub tidak bisa ditanya (whoami): {exc}. "
                                  "Isi dari keluaran 'bsm kiosk-key add'.", f"is empty and the hub could not be "
                                  f"asked (whoami): {exc}. Copy it from the output of 'bsm kiosk-key add'.")
    prefix = str(answer.get("tracking_prefix", ""))
    if not _valid_prefix(prefix):
        return None, SetupProblem("kiosk.tracking_prefix", f"hub memberi prefiks tidak valid {prefix!r}",
                                  f"the hub gave an invalid prefix {prefix!r}")
    return prefix, None
