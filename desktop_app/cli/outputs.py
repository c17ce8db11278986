"""The `--out FILE [--force]` pair every writing command shares, checked before anything is written."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.context import CliContext
from desktop_app.core.files.output import check_output
from desktop_app.core.i18n import _


def add_out(parser: Any) -> None:
    """Add `--out FILE` and `--force` (replace an existing file; never a database) to a command."""
    parser.add_argument("--out", required=True, type=Path, metavar="FILE")
    parser.add_argument("--force", action="store_true",
                        help=_("replace FILE if it exists (never the shop's database, a backup or any database)"))


def shop_file(ctx: CliContext) -> Path | None:
    """Return the shop's SQLite file (None for a server), without opening it."""
    from desktop_app.core.db.engine import normalise_url

    if "://" in ctx.database and not ctx.database.startswith("sqlite:"):
        return None
    url = normalise_url(ctx.database)
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def out_path(ctx: CliContext, args: argparse.Namespace) -> Path:
    """Return `--out` once it is known that the file may be written there, or refuse with a sentence."""
    return check_output(args.out, shop=shop_file(ctx), force=args.force)
