"""`returndesk backup --out F` and `returndesk restore F`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.context import CliContext
from desktop_app.core.db.backup import backup_to
from desktop_app.core.i18n import _
from desktop_app.core.services.backups import restore_backup
from desktop_app.core.services.startup import DamagedShop, recover_from_backup


def register(commands: Any) -> None:
    """Add the backup and restore commands."""
    backup = commands.add_parser("backup", help=_("copy the shop database to a file"))
    backup.add_argument("--out", required=True, type=Path, metavar="FILE")
    backup.set_defaults(handler=run_backup)
    restore = commands.add_parser("restore", help=_("replace the shop database with a backup"))
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.set_defaults(handler=run_restore)


def run_backup(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write a consistent copy of the shop database."""
    path = backup_to(ctx.db, args.out)
    print(_("Backup written to {path}.", path=str(path or args.out)))
    return 0


def run_restore(ctx: CliContext, args: argparse.Namespace) -> int:
    """Replace the shop database with a backup (the owner only; the current state is kept first)."""
    try:
        service = ctx.service_context(signed_in=True)
    except DamagedShop as damaged:  # nobody can sign in to a damaged file; recovering it needs no sign-in
        safety = recover_from_backup(damaged.path, args.file)
    else:
        safety = restore_backup(service, args.file)
    ctx.close()
    if safety is not None:
        print(_("The database as it was before is kept in {path}.", path=str(safety)))
    print(_("Restored the shop from {path}.", path=str(args.file)))
    return 0
