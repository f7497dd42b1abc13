"""Handlers of the ``bsm`` subcommands. Each imports what it needs when it runs."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from common.config import Config


class UserError(Exception):
    """A problem the user can fix (bad configuration, unknown code...); printed without a traceback."""


def load(args: argparse.Namespace) -> Config:
    """Load and validate the configuration named by ``--config`` (or the defaults)."""
    from common.config import ConfigError, load_config

    try:
        return load_config(args.config)
    except ConfigError as exc:
        raise UserError(str(exc)) from exc


@contextmanager
def session_scope(config: Config) -> Iterator[Session]:
    """A session on the configured database, committed on success, rolled back on error."""
    from sqlalchemy.exc import OperationalError

    from common.db.engine import make_engine, make_session_factory

    engine = make_engine(config.database_url())
    try:
        with make_session_factory(engine)() as session:
            try:
                yield session
                session.commit()
            except OperationalError as exc:
                session.rollback()
                raise UserError(f"database error: {exc.orig} (did you run 'bsm db upgrade'?)") from exc
            except Exception:
                session.rollback()
                raise
    finally:
        engine.dispose()


def db_upgrade(args: argparse.Namespace) -> int:
    """``bsm db upgrade``."""
    from common.db.engine import make_engine
    from common.db.migrate import current_revision, upgrade

    config = load(args)
    engine = make_engine(config.database_url())
    try:
        upgrade(engine)
        print(f"database {engine.url.render_as_string(hide_password=True)} at revision {current_revision(engine)}")
    finally:
        engine.dispose()
    return 0


def db_current(args: argparse.Namespace) -> int:
    """``bsm db current``."""
    from common.db.engine import make_engine
    from common.db.migrate import current_revision

    engine = make_engine(load(args).database_url())
    try:
        print(current_revision(engine) or "empty (run 'bsm db upgrade')")
    finally:
        engine.dispose()
    return 0


def seed(args: argparse.Namespace) -> int:
    """``bsm seed [--demo]``."""
    from common.clock import utc_now
    from common.reference.loader import load_reference
    from common.reference.seed import seed_reference

    config = load(args)
    with session_scope(config) as session:
        counts = seed_reference(session, load_reference(config.assets_path()))
        print(f"reference data: {counts.kecamatan} kecamatan, {counts.kelurahan} kelurahan, "
              f"{counts.opd} OPD, {counts.service} services added (existing rows kept)")
    if args.demo:
        from common.demo.generate import DemoOptions, generate_demo

        try:
            options = DemoOptions(seed=args.seed, days=args.days, reports=args.reports,
                                  camera_base_url=args.camera_base_url)
        except ValueError as exc:
            raise UserError(f"bad demo option: {exc}") from exc
        with session_scope(config) as session:
            summary = generate_demo(session, config, options, now=utc_now())
        print(summary)
    return 0


def _print_new_key(kind: str, plaintext: str, extra: str = "") -> None:
    print(f"New {kind} key (shown once; store it now, only its hash is kept):\n\n    {plaintext}\n{extra}")


def kiosk_key_add(args: argparse.Namespace) -> int:
    """``bsm kiosk-key add --kelurahan CODE``."""
    from common.clock import utc_now
    from common.services.keys import KeyIssueError, add_kiosk_key

    config = load(args)
    with session_scope(config) as session:
        try:
            new = add_kiosk_key(session, utc_now, args.kelurahan, args.name)
        except KeyIssueError as exc:
            raise UserError(str(exc)) from exc
    _print_new_key("kiosk", new.plaintext,
                   f"Put it in the kiosk's bsm.toml:\n\n[kiosk]\nkelurahan = \"{args.kelurahan}\"\n"
                   f"api_key = \"{new.plaintext}\"\ntracking_prefix = \"{new.tracking_prefix}\"\n")
    return 0


def _list_keys(args: argparse.Namespace, kind: str) -> int:
    from common.domain.enums import KeyKind
    from common.services.keys import list_keys

    with session_scope(load(args)) as session:
        keys = list_keys(session, KeyKind(kind))
        if not keys:
            print(f"no {kind} keys")
        for k in keys:
            state = f"revoked {k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "active"
            extra = ""
            if k.kiosk is not None:
                hb = k.kiosk.last_heartbeat_at
                extra = (f" kelurahan={k.kiosk.kelurahan_kode} prefix={k.kiosk.tracking_prefix}"
                         f" heartbeat={hb:%Y-%m-%d %H:%M} UTC" if hb else
                         f" kelurahan={k.kiosk.kelurahan_kode} prefix={k.kiosk.tracking_prefix} heartbeat=never")
            role = f" role={k.role.value}" if k.role else ""
            opd = f" opd={k.opd_slug}" if k.opd_slug else ""
            print(f"{k.id:>4}  {k.prefix}  {state:<24} {k.name}{role}{opd}{extra}")
    return 0


def kiosk_key_list(args: argparse.Namespace) -> int:
    """``bsm kiosk-key list``."""
    return _list_keys(args, "kiosk")


def staff_key_list(args: argparse.Namespace) -> int:
    """``bsm staff-key list``."""
    return _list_keys(args, "staff")


def channel_key_list(args: argparse.Namespace) -> int:
    """``bsm channel-key list``."""
    return _list_keys(args, "channel")


def key_revoke(args: argparse.Namespace) -> int:
    """``bsm *-key revoke ID|PREFIX``."""
    from common.clock import utc_now
    from common.services.keys import KeyIssueError, revoke_key

    with session_scope(load(args)) as session:
        try:
            key = revoke_key(session, utc_now, args.ident)
        except KeyIssueError as exc:
            raise UserError(str(exc)) from exc
        print(f"key {key.id} ({key.prefix}) revoked")
    return 0


def staff_key_add(args: argparse.Namespace) -> int:
    """``bsm staff-key add --role ROLE [--opd SLUG]``."""
    from common.clock import utc_now
    from common.domain.enums import StaffRole
    from common.services.keys import KeyIssueError, add_staff_key

    with session_scope(load(args)) as session:
        try:
            new = add_staff_key(session, utc_now, StaffRole(args.role), args.opd, args.name)
        except KeyIssueError as exc:
            raise UserError(str(exc)) from exc
    _print_new_key("staff", new.plaintext)
    return 0


def channel_key_add(args: argparse.Namespace) -> int:
    """``bsm channel-key add --name NAME``."""
    from common.clock import utc_now
    from common.services.keys import KeyIssueError, add_channel_key

    with session_scope(load(args)) as session:
        try:
            new = add_channel_key(session, utc_now, args.name)
        except KeyIssueError as exc:
            raise UserError(str(exc)) from exc
    _print_new_key("channel", new.plaintext, "Open311 clients send it as the api_key field.\n")
    return 0


def hub(args: argparse.Namespace) -> int:
    """``bsm hub``: serve until interrupted."""
    from hub.app import run

    return run(load(args), host=args.host, port=args.port, site_watch=not args.no_site_watch)


def wall(args: argparse.Namespace) -> int:
    """``bsm wall``."""
    from wall.main import run

    return run(load(args), args)


def wall_editor(args: argparse.Namespace) -> int:
    """``bsm wall-editor``."""
    from wall.editor.main import run

    return run(load(args), args)


def wall_tile(args: argparse.Namespace) -> int:
    """``bsm wall-tile KIND``: needs no configuration and no database."""
    from wall.tile_runner import run

    return run(args)


def kiosk(args: argparse.Namespace) -> int:
    """``bsm kiosk``."""
    from kiosk.main import run

    return run(load(args), args)


def _layout_errors() -> type[Exception]:
    from common.layouts.store import LayoutError

    return LayoutError


def _layout_error_text(exc: Exception) -> str:
    problems = getattr(exc, "problems", None) or []
    lines = [str(exc)]
    for p in problems:
        where = f"[{p.tile_id}] " if getattr(p, "tile_id", None) else ""
        lines.append(f"  - {where}{getattr(p, 'message_id', p)} / {getattr(p, 'message_en', '')}")
    return "\n".join(lines)


def layout_import(args: argparse.Namespace) -> int:
    """``bsm layout import FILE``."""
    from common.layouts.store import import_layout_file

    with session_scope(load(args)) as session:
        try:
            print(import_layout_file(session, args.file, author=_author()))
        except _layout_errors() as exc:
            raise UserError(_layout_error_text(exc)) from exc
    return 0


def layout_export(args: argparse.Namespace) -> int:
    """``bsm layout export NAME``."""
    from common.layouts.store import export_layout

    with session_scope(load(args)) as session:
        try:
            body = export_layout(session, args.name)
        except _layout_errors() as exc:
            raise UserError(_layout_error_text(exc)) from exc
    json.dump(body, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


def layout_list(args: argparse.Namespace) -> int:
    """``bsm layout list``."""
    from common.layouts.store import list_layouts

    with session_scope(load(args)) as session:
        lines = list_layouts(session)
    print("\n".join(lines) if lines else "no layouts (run 'bsm seed --demo' or 'bsm layout import FILE')")
    return 0


def _author() -> str:
    """Who is saving: the OS user, so the audit log names a person."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"
