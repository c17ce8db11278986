"""`returndesk backup --out F [--force]` and `returndesk restore F`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.context import CliContext
from desktop_app.cli.outputs import add_out, out_path, shop_file
from desktop_app.core.db.sqlite_file import FileKind, inspect_file
from desktop_app.core.i18n import Message, _

UNUSABLE = (FileKind.NOT_SQLITE, FileKind.EMPTY_FILE, FileKind.DAMAGED)


def register(commands: Any) -> None:
    """Add the backup and restore commands."""
    backup = commands.add_parser("backup", help=_("copy the shop database to a file (the owner)"))
    add_out(backup)
    backup.set_defaults(handler=run_backup)
    restore = commands.add_parser("restore", help=_("replace the shop database with a backup"))
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.set_defaults(handler=run_restore)


def run_backup(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write a consistent, checked copy of the shop database (the owner only: it holds every customer)."""
    from desktop_app.core.db.backup import backup_to
    from desktop_app.core.services.base import require_owner

    out = out_path(ctx, args)
    require_owner(ctx.service_context(signed_in=True), Message("back up the shop"))
    path = backup_to(ctx.db, out)
    print(_("Backup written to {path} and checked: SQLite's integrity check passed.", path=str(path or out)))
    return 0


def _unusable_shop(ctx: CliContext) -> Path | None:
    """Return the shop file when it is damaged or no database at all (written over by another program)."""
    path = shop_file(ctx)
    if path is None or not path.is_file() or inspect_file(path).kind not in UNUSABLE:
        return None
    return path


def run_restore(ctx: CliContext, args: argparse.Namespace) -> int:
    """Replace the shop database with a backup (the owner only; the current state is kept first)."""
    from desktop_app.core.services.backups import restore_backup
    from desktop_app.core.services.startup import DamagedShop, recover_from_backup

    unusable = _unusable_shop(ctx)
    if unusable is not None:  # nobody can sign in to a file that is not a database; recovering needs no sign-in
        safety = recover_from_backup(unusable, args.file)
    else:
        try:
            service = ctx.service_context(signed_in=True)
        except DamagedShop as damaged:
            safety = recover_from_backup(damaged.path, args.file)
        else:
            safety = restore_backup(service, args.file)
    ctx.close()
    if safety is not None:
        print(_("The database as it was before is kept in {path}.", path=str(safety)))
    print(_("Restored the shop from {path}.", path=str(args.file)))
    return 0
