"""The ``bsm`` command: one entry point for every program and administration task of Bale Sandi Maya.

Each subcommand imports its program only when it runs, so ``bsm --help`` is instant and the kiosk never loads
the wall (and vice versa).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from bsm import commands

DESCRIPTION = """\
Bale Sandi Maya - the command center of Diskominfo Kota Serang.

Every command reads the configuration file (--config, $BSM_CONFIG or bsm.toml in the user's config folder) and
takes the database from $BSM_DATABASE_URL when it is set, e.g. sqlite:////var/lib/bsm/bsm.db or
postgresql+psycopg://user@host/bsm, so hub, walls, editor and scripts point at one database the same way.
"""

Handler = Callable[[argparse.Namespace], int]


MAX_SECONDS = 7 * 24 * 3600


def seconds(text: str) -> float:
    """An ``argparse`` type: a finite number of seconds from 0 to a week (``inf``, ``nan`` and -1 are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text[:40]!r}") from None
    if not 0 <= value <= MAX_SECONDS:  # also false for nan
        raise argparse.ArgumentTypeError(f"must be 0..{MAX_SECONDS} seconds, got {text[:40]!r}")
    return value


def _add(sub: Any, name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    p.set_defaults(handler=handler)
    return p


def _db_commands(sub: Any) -> None:
    db = sub.add_parser("db", help="Database maintenance.", description="Database maintenance.")
    dbsub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    _add(dbsub, "upgrade", "Create or upgrade every table to the newest schema (safe to run again).",
         commands.db_upgrade)
    _add(dbsub, "current", "Show the schema revision the database is at.", commands.db_current)


def _seed_command(sub: Any) -> None:
    p = _add(sub, "seed", "Load the Kota Serang reference data (6 kecamatan, 67 kelurahan, 34 OPD, services); "
             "with --demo also 90 days of believable demo activity.", commands.seed)
    p.add_argument("--demo", action="store_true", help="also generate demo reports, calls, SKM, PPID, cameras")
    p.add_argument("--seed", type=int, default=20261125, help="random seed of the demo data (default %(default)s)")
    p.add_argument("--days", type=int, default=90, help="days of demo history (default %(default)s)")
    p.add_argument("--reports", type=int, default=20000, help="number of demo reports (default %(default)s)")
    p.add_argument("--camera-base-url", default="http://127.0.0.1:8554",
                   help="where the demo camera server runs (default %(default)s)")


def _key_commands(sub: Any) -> None:
    kk = sub.add_parser("kiosk-key", help="Issue, list and revoke kiosk keys.",
                        description="Issue, list and revoke kiosk keys. A key is printed once; only its hash is kept.")
    kks = kk.add_subparsers(dest="key_command", required=True, metavar="ACTION")
    p = _add(kks, "add", "Register a kiosk in a kelurahan and print its new key once.", commands.kiosk_key_add)
    p.add_argument("--kelurahan", required=True, help="Kemendagri code, e.g. 36.73.01.1001")
    p.add_argument("--name", default="", help="a label, e.g. 'Kiosk Kantor Kelurahan Cipare'")
    _add(kks, "list", "List kiosks and their keys (prefix, state, last heartbeat).", commands.kiosk_key_list)
    p = _add(kks, "revoke", "Revoke a kiosk key by id or prefix.", commands.key_revoke)
    p.add_argument("ident", help="key id or prefix")

    sk = sub.add_parser("staff-key", help="Issue, list and revoke staff keys (admin, OPD operator).",
                        description="Staff keys authorise status updates. A key is printed once.")
    sks = sk.add_subparsers(dest="key_command", required=True, metavar="ACTION")
    p = _add(sks, "add", "Issue a staff key and print it once.", commands.staff_key_add)
    p.add_argument("--role", required=True, choices=["admin", "opd_operator"])
    p.add_argument("--opd", default=None, help="OPD slug; required for opd_operator (e.g. dpupr)")
    p.add_argument("--name", default="", help="who holds the key")
    _add(sks, "list", "List staff keys.", commands.staff_key_list)
    p = _add(sks, "revoke", "Revoke a staff key by id or prefix.", commands.key_revoke)
    p.add_argument("ident", help="key id or prefix")

    ck = sub.add_parser("channel-key", help="Issue, list and revoke keys of delivering channels "
                        "(Rabeg, PPID website, Siaga 112 import, Open311 clients).",
                        description="Keys for the channels that deliver to the hub. A key is printed once.")
    cks = ck.add_subparsers(dest="key_command", required=True, metavar="ACTION")
    p = _add(cks, "add", "Issue a channel key and print it once.", commands.channel_key_add)
    p.add_argument("--name", required=True, help="e.g. rabeg, ppid-web, siaga112")
    _add(cks, "list", "List channel keys.", commands.channel_key_list)
    p = _add(cks, "revoke", "Revoke a channel key by id or prefix.", commands.key_revoke)
    p.add_argument("ident", help="key id or prefix")


def _wall_tile_command(sub: Any) -> None:
    from common.layouts.kinds import default_kinds  # Qt-free and small: the help lists the kinds

    p = _add(sub, "wall-tile", "Show one wall tile kind alone in a window, with fake data (no database needed).",
             commands.wall_tile)
    p.add_argument("kind", help=f"tile kind: {', '.join(default_kinds().kinds())}")
    p.add_argument("--settings", default=None, metavar="JSON",
                   help='the tile\'s settings as a JSON object, e.g. \'{"color_by": "category"}\'')
    p.add_argument("--size", default=None, metavar="WxH",
                   help="window size in pixels (default 960x540, a ticker 1920x135)")
    p.add_argument("--output-height", type=int, default=None, metavar="PX",
                   help="height of the output the tile is a part of; sets the smallest text (default 1080, "
                        "576 with --public: the videotron)")
    p.add_argument("--public", action="store_true", help="as on a public output (the videotron)")
    p.add_argument("--language", choices=("id", "en"), default="id", help="language of the texts (default id)")
    p.add_argument("--camera-url", default=None, metavar="URL",
                   help="camera kinds: a real stream (RTSP, HTTP MJPEG, file) instead of the test picture")
    p.add_argument("--snapshot", default=None, metavar="FILE", help="write a PNG of the tile and exit")
    p.add_argument("--exit-after", type=seconds, default=None, metavar="SECONDS",
                   help="quit after SECONDS (the snapshot is taken then; default 3 with --snapshot)")


def _program_commands(sub: Any) -> None:
    p = _add(sub, "hub", "Run the intake service (Open311 GeoReport v2 and extensions) over HTTP.", commands.hub)
    p.add_argument("--host", default=None, help="address to listen on (default from config: 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default from config: 8311)")
    p.add_argument("--no-site-watch", action="store_true", help="do not check the OPD websites")
    p = _add(sub, "wall", "Run the TV wall / videotron program: one full-screen window per output of this node.",
             commands.wall)
    p.add_argument("--node", default=None, help="the wall node (PC) name whose outputs to drive")
    p.add_argument("--snapshot", default=None, metavar="DIR", help="write one PNG per output into DIR")
    p.add_argument("--exit-after", type=seconds, default=None, metavar="SECONDS", help="quit after SECONDS")
    p.add_argument("--windowed", action="store_true", help="normal windows instead of full screen (testing)")
    p.add_argument("--language", choices=("id", "en"), default=None,
                   help="language of the wall's texts (default from config wall.language: id)")
    _add(sub, "wall-editor", "Open the layout editor for technicians (outputs, layouts, presets).",
         commands.wall_editor)
    _wall_tile_command(sub)
    p = _add(sub, "kiosk", "Run the touch kiosk for walk-in citizens.", commands.kiosk)
    p.add_argument("--windowed", action="store_true", help="a normal window instead of full screen (testing)")
    lay = sub.add_parser("layout", help="Import or export wall layouts as JSON.",
                         description="Import or export wall layouts as JSON files.")
    lays = lay.add_subparsers(dest="layout_command", required=True, metavar="ACTION")
    p = _add(lays, "import", "Validate a layout JSON file and save it as a new version.", commands.layout_import)
    p.add_argument("file")
    p = _add(lays, "export", "Print the current version of a layout as JSON.", commands.layout_export)
    p.add_argument("name")
    _add(lays, "list", "List layouts and their current versions.", commands.layout_list)


def build_parser() -> argparse.ArgumentParser:
    """The complete argument parser of ``bsm``."""
    parser = argparse.ArgumentParser(prog="bsm", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default=None, help="configuration file (TOML)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _db_commands(sub)
    _seed_command(sub)
    _key_commands(sub)
    _program_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``bsm``; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except commands.UserError as exc:
        print(f"bsm: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
