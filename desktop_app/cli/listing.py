"""What every listing command takes: `--limit N` (0, the default: all) and `--json`."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.line_args import count
from desktop_app.core.i18n import _


def add_listing(parser: Any) -> None:
    """Add `--limit` and `--json` to a listing command."""
    parser.add_argument("--limit", type=count, default=0, metavar="N",
                        help=_("list at most N rows (0, the default: all)"))
    parser.add_argument("--json", action="store_true", help=_("print a JSON array (see docs/cli-json.md)"))


def limit_of(args: argparse.Namespace) -> int | None:
    """Return the limit a service takes: None for all."""
    return int(args.limit) or None
