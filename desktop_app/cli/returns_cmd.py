"""`returndesk returns list [--status S] [--imported [--batch ID]] [--json]` and `returns show RMA [--json]`."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli import returns_verbs, shapes
from desktop_app.cli.context import CliContext, print_json, print_table
from desktop_app.cli.line_args import count
from desktop_app.core.domain.lifecycle_state import Status
from desktop_app.core.i18n import Message, UserFacingError, _
from desktop_app.core.services.returns import get_return, list_returns


def register(commands: Any) -> None:
    """Add `returns` with its list, show and lifecycle verbs."""
    returns = commands.add_parser("returns", help=_("the returns queue and every step of a return"))
    verbs = returns.add_subparsers(dest="returns_verb", metavar="ACTION", required=True)
    listing = verbs.add_parser("list", help=_("list returns, newest first"))
    listing.add_argument("--status", metavar="S", help=_("only returns in this status"))
    listing.add_argument("--limit", type=count, default=1000, help=_("how many returns at most (0: all)"))
    listing.add_argument("--imported", action="store_true",
                         help=_("list the historical returns that imports added instead of the queue"))
    listing.add_argument("--batch", type=count, metavar="ID", help=_("only the returns of this import batch"))
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)
    show = verbs.add_parser("show", help=_("one return with its lines, timeline and policy decision"))
    show.add_argument("rma", metavar="RMA")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)
    returns_verbs.register(verbs)


def status_of(text: str | None) -> Status | None:
    """Return the status named on the command line, or refuse an unknown one listing the valid ones."""
    if text is None:
        return None
    try:
        return Status(text.strip().lower())
    except ValueError:
        raise UserFacingError(Message("There is no status {status}. Choose one of: {choices}.",
                                      {"status": text, "choices": ", ".join(s.value for s in Status)})
                              ) from None


def run_list(ctx: CliContext, args: argparse.Namespace) -> int:
    """List returns in the queue (and, with --status closed, the finished ones)."""
    status = status_of(args.status)
    items = list_returns(ctx.db, status=None if status is None else status.value,
                         limit=args.limit or None, imported=args.imported, batch=args.batch)
    if args.json:
        print_json([shapes.return_summary(r) for r in items])
        return 0
    print_table([_("RMA"), _("Status"), _("Order"), _("Customer"), _("Requested")],
                [[r.rma, shapes.status_text(r.status), r.order_number, r.customer_name,
                  shapes.local_day(r.requested_at)] for r in items], ctx.lang)
    return 0


def run_show(ctx: CliContext, args: argparse.Namespace) -> int:
    """Show one return: lines, events, the policy version it was judged by and the explanation."""
    detail = get_return(ctx.db, args.rma)
    data = shapes.return_detail(detail)
    if args.json:
        print_json(data)
        return 0
    shapes.print_return(data, ctx.lang)
    return 0
