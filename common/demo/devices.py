"""Demo keys and kiosks, made with the real key service, and the two files that hand the live keys over.

Channel keys (Rabeg, PPID web, social media, Open311, Siaga 112 import) are the keys the demo submissions came
in with; their plaintexts are discarded (only hashes are ever stored). Twelve historical kiosks (two per
kecamatan) report heartbeats, three of them stale so the wall shows offline kelurahan. One more "live" kiosk and
one admin staff key are meant to be used: their plaintexts go to ``demo-kiosk.toml`` and ``demo-staff-key.txt``
in the data directory (mode 0600), because a key is shown only once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import tomli_w
from sqlalchemy import func, select

from common.config import Config
from common.demo.context import DemoContext
from common.domain.enums import Channel, KeyKind, StaffRole
from common.domain.models import ApiKey, InfoRequest, Kiosk, Report, SkmResponse
from common.services.keys import KeyIdentity, NewKey, add_channel_key, add_kiosk_key, add_staff_key

DEMO_ACTOR = "demo"
CHANNEL_KEY_NAMES: dict[Channel, str] = {
    Channel.RABEG: "demo rabeg",
    Channel.PPID_WEB: "demo ppid web",
    Channel.MEDSOS: "demo medsos",
    Channel.OPEN311: "demo open311",
    Channel.CALL112: "demo siaga112 import",
}
# (kelurahan code, hours since the last heartbeat or None when online, queue length when offline)
KIOSK_PLACES: tuple[tuple[str, float | None, int], ...] = (
    ("36.73.01.1002", None, 0),  # Cipare
    ("36.73.01.1003", None, 0),  # Sumur Pecung
    ("36.73.02.1001", None, 0),  # Kasemen
    ("36.73.02.1007", 74.0, 7),  # Banten: offline for three days (network outage)
    ("36.73.03.1001", None, 0),  # Walantaka
    ("36.73.03.1008", 5.0, 2),  # Kalodran: offline since this morning
    ("36.73.04.1001", None, 0),  # Curug
    ("36.73.04.1005", 26.0, 4),  # Cilaku: offline since yesterday
    ("36.73.05.1001", None, 0),  # Cipocok Jaya
    ("36.73.05.1002", None, 0),  # Karundang
    ("36.73.06.1001", None, 0),  # Taktakan
    ("36.73.06.1005", None, 0),  # Kalanganyar
)
OFFLINE_KIOSKS = sum(1 for _, hours, _ in KIOSK_PLACES if hours is not None)
LIVE_KIOSK_KELURAHAN = "36.73.01.1004"  # Kota Baru, next to the command centre
KIOSK_VERSION = "0.1.0"


@dataclass(frozen=True)
class Devices:
    """The keys the demo made: per-channel identities, kiosks, and the two live keys (plaintext, shown once)."""

    channels: dict[Channel, KeyIdentity]
    kiosks: tuple[KeyIdentity, ...]
    last_seen: dict[int, datetime]
    """Last heartbeat per kiosk key id: an offline kiosk has delivered nothing since (it waits in its outbox)."""
    live_kiosk: NewKey
    staff: NewKey


def _identity(new: NewKey, kind: KeyKind, name: str, kiosk: Kiosk | None = None) -> KeyIdentity:
    return KeyIdentity(
        id=new.id, kind=kind, name=name, role=None, opd_slug=None,
        kiosk_id=kiosk.id if kiosk else None,
        kiosk_kelurahan=kiosk.kelurahan_kode if kiosk else None,
        kiosk_prefix=kiosk.tracking_prefix if kiosk else None,
    )


def _kiosk_row(ctx: DemoContext, key_id: int) -> Kiosk:
    return ctx.session.scalars(select(Kiosk).where(Kiosk.api_key_id == key_id)).one()


def _historical_kiosk(
    ctx: DemoContext, kode: str, offline_hours: float | None, queue: int
) -> tuple[KeyIdentity, datetime]:
    created = ctx.start - timedelta(days=14)
    name = f"Kios Kel. {ctx.catalog.kelurahan[kode].nama}"
    new = add_kiosk_key(ctx.session, lambda: created, kode, name, actor=DEMO_ACTOR)
    kiosk = _kiosk_row(ctx, new.id)
    rng = ctx.rng(f"kiosk:{kode}")
    if offline_hours is None:
        seen = ctx.now - timedelta(seconds=rng.randint(5, 55))
    else:
        seen = ctx.now - timedelta(hours=offline_hours, minutes=rng.randint(0, 50))
        kiosk.queue_length = queue
        kiosk.oldest_pending_at = seen + timedelta(minutes=rng.randint(10, 90))
    kiosk.last_heartbeat_at = seen
    kiosk.version = KIOSK_VERSION
    return _identity(new, KeyKind.KIOSK, name, kiosk), seen


def create_devices(ctx: DemoContext) -> Devices:
    """Issue the channel keys, the kiosks and the live keys through :mod:`common.services.keys`."""
    created = ctx.start - timedelta(days=30)
    channels = {}
    for channel, name in CHANNEL_KEY_NAMES.items():
        new = add_channel_key(ctx.session, lambda: created, name, actor=DEMO_ACTOR)
        identity = _identity(new, KeyKind.CHANNEL, name)
        if identity.channel() is not channel:
            raise RuntimeError(f"key name {name!r} must map to channel {channel}")
        channels[channel] = identity
    kiosks = [_historical_kiosk(ctx, kode, hours, queue) for kode, hours, queue in KIOSK_PLACES]
    live = add_kiosk_key(ctx.session, lambda: ctx.now, LIVE_KIOSK_KELURAHAN, "Kios demo (langsung)",
                         actor=DEMO_ACTOR)
    staff = add_staff_key(ctx.session, lambda: ctx.now, StaffRole.ADMIN, None, "demo admin", actor=DEMO_ACTOR)
    ctx.session.flush()
    return Devices(channels, tuple(k for k, _ in kiosks), {k.id: seen for k, seen in kiosks}, live, staff)


def mark_keys_used(ctx: DemoContext, devices: Devices) -> None:
    """Set ``last_used_at`` as authentication would have: a kiosk's at its last heartbeat, a channel key's at the
    last submission it delivered."""
    for kiosk in devices.kiosks:
        key = ctx.session.get(ApiKey, kiosk.id)
        if key is not None:
            key.last_used_at = devices.last_seen[kiosk.id]
    for identity in devices.channels.values():
        latest = [
            ctx.session.scalar(select(func.max(column)).where(source == identity.id))
            for column, source in (
                (Report.received_at, Report.source_key_id),
                (InfoRequest.received_at, InfoRequest.source_key_id),
                (SkmResponse.submitted_at, SkmResponse.source_key_id),
            )
        ]
        key = ctx.session.get(ApiKey, identity.id)
        if key is not None:
            key.last_used_at = max((t for t in latest if t is not None), default=None)


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to a file only its owner can read (created 0600 before any secret is written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        os.chmod(path, 0o600)  # an existing file keeps its old mode on open(): tighten it before writing
        handle.write(text)


def write_demo_files(config: Config, devices: Devices, now: datetime) -> tuple[Path, Path]:
    """Write the live kiosk's configuration and the admin key; return both paths."""
    data = config.data_path()
    kiosk_path, staff_path = data / "demo-kiosk.toml", data / "demo-staff-key.txt"
    kiosk_doc = {
        "kiosk": {
            "kelurahan": LIVE_KIOSK_KELURAHAN,
            "hub_url": config.hub.public_base_url,
            "api_key": devices.live_kiosk.plaintext,
            "tracking_prefix": devices.live_kiosk.tracking_prefix or "",
        }
    }
    header = f"# Demo kiosk written by 'bsm seed --demo' on {now:%Y-%m-%d %H:%M} UTC. Keep it secret.\n"
    _write_private(kiosk_path, header + tomli_w.dumps(kiosk_doc))
    _write_private(staff_path, devices.staff.plaintext + "\n")
    return kiosk_path, staff_path
