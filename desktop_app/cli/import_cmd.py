"""`returndesk import FILE --profile NAME_OR_PATH [--dry-run]`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.context import CliContext
from desktop_app.cli.progress import terminal_progress
from desktop_app.core.i18n import Message, UserFacingError, _


def register(commands: Any) -> None:
    """Add the import command."""
    parser = commands.add_parser("import", help=_("import orders and returns from a shop export"))
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("--profile", required=True, metavar="NAME_OR_PATH",
                        help=_("shopify, woocommerce, etsy, ebay, amazon-fba-returns or a TOML file"))
    parser.add_argument("--dry-run", action="store_true", help=_("check the file and change nothing"))
    parser.set_defaults(handler=run_import)


def run_import(ctx: CliContext, args: argparse.Namespace) -> int:
    """Check the file, then import it whole (or only report with --dry-run)."""
    from desktop_app.core.imports.writer import import_file

    if not args.file.is_file():
        raise UserFacingError(Message("There is no file at {path}.", {"path": str(args.file)}))
    user = None if args.dry_run else ctx.sign_in()
    r = import_file(ctx.db, args.file, args.profile, user, dry_run=args.dry_run,
                    progress=terminal_progress(_("Importing")))
    for line in r.summary_lines():
        print(line.render(ctx.lang))
    return 0
