"""Issue, list, verify and revoke API keys (kiosks, channels, staff). Only hashes are stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.clock import Clock
from common.domain.enums import Channel, KeyKind, StaffRole
from common.domain.models import ApiKey, AuditEntry, Kelurahan, Kiosk, Opd, TrackingCounter
from common.rules.privacy import generate_api_key, parse_key_prefix, verify_api_key
from common.rules.tracking import next_prefix
from common.services.codes import RESERVED_PREFIXES


class KeyIssueError(ValueError):
    """A key operation was refused (unknown kelurahan, unknown OPD, bad role...)."""


@dataclass(frozen=True)
class NewKey:
    """A freshly issued key: ``plaintext`` is shown once and never stored."""

    id: int
    plaintext: str
    prefix: str
    tracking_prefix: str | None


def _audit(session: Session, now: datetime, actor: str, action: str, key: ApiKey, **detail: object) -> None:
    session.add(
        AuditEntry(at=now, actor=actor, action=action, entity="api_key", entity_id=str(key.id), detail=detail)
    )


def add_kiosk_key(session: Session, clock: Clock, kelurahan_kode: str, name: str = "", actor: str = "cli") -> NewKey:
    """Register a kiosk in a kelurahan and issue its key and its offline tracking-code prefix."""
    kel = session.get(Kelurahan, kelurahan_kode)
    if kel is None:
        raise KeyIssueError(
            f"unknown kelurahan code {kelurahan_kode!r} (run 'bsm seed' first; codes look like 36.73.01.1001)"
        )
    now = clock()
    issued = generate_api_key(KeyKind.KIOSK.value)
    key = ApiKey(kind=KeyKind.KIOSK, name=name or f"Kiosk {kel.nama}", prefix=issued.prefix,
                 key_hash=issued.hash, created_at=now)
    session.add(key)
    session.flush()
    # Hub-issued prefixes (channels, counters) are taken too: a kiosk sharing one would collide with the hub.
    taken = set(session.scalars(select(Kiosk.tracking_prefix)))
    taken |= RESERVED_PREFIXES | set(session.scalars(select(TrackingCounter.prefix)))
    prefix = next_prefix(taken)
    session.add(Kiosk(api_key_id=key.id, kelurahan_kode=kel.kode, name=key.name, tracking_prefix=prefix,
                      created_at=now))
    _audit(session, now, actor, "kiosk_key.add", key, kelurahan=kel.kode, tracking_prefix=prefix)
    session.flush()
    return NewKey(key.id, issued.plaintext, issued.prefix, prefix)


def add_staff_key(
    session: Session, clock: Clock, role: StaffRole, opd_slug: str | None, name: str = "", actor: str = "cli"
) -> NewKey:
    """Issue a staff key; an OPD operator key must name its OPD, an admin key must not."""
    if role is StaffRole.OPD_OPERATOR:
        if not opd_slug or session.get(Opd, opd_slug) is None:
            raise KeyIssueError(f"role opd_operator needs --opd with a known OPD slug (got {opd_slug!r})")
    elif opd_slug:
        raise KeyIssueError("an admin key is not limited to one OPD: omit --opd")
    return _add_plain_key(session, clock, KeyKind.STAFF, name or f"staff {role.value}", actor, role, opd_slug)


def add_channel_key(session: Session, clock: Clock, name: str, actor: str = "cli") -> NewKey:
    """Issue a key for a delivering channel (Rabeg app, PPID website, Siaga 112 import, Open311 client)."""
    if not name.strip():
        raise KeyIssueError("a channel key needs a --name (e.g. 'rabeg')")
    return _add_plain_key(session, clock, KeyKind.CHANNEL, name.strip(), actor, None, None)


def _add_plain_key(
    session: Session, clock: Clock, kind: KeyKind, name: str, actor: str, role: StaffRole | None, opd: str | None
) -> NewKey:
    now = clock()
    issued = generate_api_key(kind.value)
    key = ApiKey(kind=kind, name=name, prefix=issued.prefix, key_hash=issued.hash, role=role, opd_slug=opd,
                 created_at=now)
    session.add(key)
    session.flush()
    _audit(session, now, actor, f"{kind.value}_key.add", key, role=role.value if role else None, opd=opd)
    return NewKey(key.id, issued.plaintext, issued.prefix, None)


def list_keys(session: Session, kind: KeyKind | None = None) -> list[ApiKey]:
    """All keys (revoked ones included), oldest first."""
    stmt = select(ApiKey).order_by(ApiKey.id)
    if kind is not None:
        stmt = stmt.where(ApiKey.kind == kind)
    return list(session.scalars(stmt))


def revoke_key(session: Session, clock: Clock, ident: str, actor: str = "cli") -> ApiKey:
    """Revoke a key by its id or its public prefix; idempotent."""
    stmt = select(ApiKey).where(ApiKey.prefix == ident)
    key = session.scalars(stmt).first()
    if key is None and ident.isdigit():
        key = session.get(ApiKey, int(ident))
    if key is None:
        raise KeyIssueError(f"no key with id or prefix {ident!r}")
    if key.revoked_at is None:
        key.revoked_at = clock()
        _audit(session, key.revoked_at, actor, "key.revoke", key)
    return key


def authenticate(session: Session, plaintext: str | None, clock: Clock | None = None) -> ApiKey | None:
    """The live key matching ``plaintext``, or None (unknown, forged, malformed or revoked)."""
    if not plaintext:
        return None
    prefix = parse_key_prefix(plaintext)
    if prefix is None:
        return None
    key = session.scalars(select(ApiKey).where(ApiKey.prefix == prefix)).first()
    if key is None or key.revoked_at is not None or not verify_api_key(plaintext, key.key_hash):
        return None
    if clock is not None:
        key.last_used_at = clock()
    return key


@dataclass(frozen=True, slots=True)
class KeyIdentity:
    """A detached, immutable snapshot of an authenticated key: safe to cache and to share between threads."""

    id: int
    kind: KeyKind
    name: str
    role: StaffRole | None
    opd_slug: str | None
    kiosk_id: int | None = None
    kiosk_kelurahan: str | None = None
    kiosk_prefix: str | None = None

    @property
    def actor(self) -> str:
        """How the key appears in status history and the audit log (never a person's personal data)."""
        return f"{self.kind.value}:{self.id}:{self.name}"[:100]

    def channel(self) -> Channel:
        """The intake channel of submissions made with this key (channel keys are named after their channel)."""
        if self.kind is KeyKind.KIOSK:
            return Channel.KIOSK
        name = self.name.lower()
        for needle, channel in _CHANNEL_NAMES:
            if needle in name:
                return channel
        return Channel.OPEN311


_CHANNEL_NAMES: tuple[tuple[str, Channel], ...] = (
    ("rabeg", Channel.RABEG),
    ("ppid", Channel.PPID_WEB),
    ("medsos", Channel.MEDSOS),
    ("sosmed", Channel.MEDSOS),
    ("112", Channel.CALL112),
    ("siaga", Channel.CALL112),
)


def identify(session: Session, plaintext: str | None, clock: Clock | None = None) -> KeyIdentity | None:
    """Authenticate ``plaintext`` (see :func:`authenticate`) and return a detached snapshot of the key."""
    key = authenticate(session, plaintext, clock)
    if key is None:
        return None
    kiosk = key.kiosk
    return KeyIdentity(
        id=key.id, kind=key.kind, name=key.name, role=key.role, opd_slug=key.opd_slug,
        kiosk_id=kiosk.id if kiosk else None,
        kiosk_kelurahan=kiosk.kelurahan_kode if kiosk else None,
        kiosk_prefix=kiosk.tracking_prefix if kiosk else None,
    )
