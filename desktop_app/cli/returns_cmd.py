"""`returndesk returns list|search|show`: the queue (or imported returns), a search and one return."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli import exchange_verbs, owner_request_verbs, returns_records, returns_verbs, shapes
from desktop_app.cli.context import CliContext, print_json, print_table
from desktop_app.cli.line_args import count
from desktop_app.cli.listing import add_listing, limit_of
from desktop_app.core.domain.lifecycle_state import Status
from desktop_app.core.i18n import Message, UserFacingError, _


def register(commands: Any) -> None:
    """Add `returns` with its list, show and lifecycle verbs."""
    returns = commands.add_parser("returns", help=_("the returns queue and every step of a return"))
    verbs = returns.add_subparsers(dest="returns_verb", metavar="ACTION", required=True)
    listing = verbs.add_parser("list", help=_("list returns, newest first"))
    listing.add_argument("--status", metavar="S", help=_("only returns in this status"))
    listing.add_argument("--imported", action="store_true",
                         help=_("list the historical returns that imports added instead of the queue"))
    listing.add_argument("--batch", type=count, metavar="ID", help=_("only the returns of this import batch"))
    add_listing(listing)
    listing.set_defaults(handler=run_list, search=None, reads_customers=True)
    search = verbs.add_parser("search", help=_("find returns by RMA, order, customer, e-mail, SKU or tracking"))
    search.add_argument("search", metavar="TEXT")
    search.add_argument("--status", metavar="S", help=_("only returns in this status"))
    add_listing(search)
    search.set_defaults(handler=run_list, imported=False, batch=None, reads_customers=True)
    show = verbs.add_parser("show", help=_("one return with its lines, timeline and policy decision"))
    show.add_argument("rma", metavar="RMA")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show, reads_customers=True)
    returns_verbs.register(verbs)
    returns_records.register(verbs)
    exchange_verbs.register(verbs)
    owner_request_verbs.register(verbs)


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
    """List returns, newest first: every status, or one; with a search text only those it finds."""
    from desktop_app.core.services.returns import list_returns

    status = status_of(args.status)
    if args.search is not None and not args.search.strip():
        raise UserFacingError(Message("Say what to search for: an RMA, order number, name, e-mail, SKU or "
                                      "tracking number."))
    items = list_returns(ctx.db, status=None if status is None else status.value, search=args.search,
                         limit=limit_of(args), imported=args.imported, batch=args.batch)
    if args.json:
        print_json([shapes.return_summary(r) for r in items])
        return 0
    print_table([_("RMA"), _("Status"), _("Order"), _("Customer"), _("Requested")],
                [[r.rma, shapes.status_text(r.status), r.order_number, r.customer_name,
                  shapes.local_day(r.requested_at)] for r in items], ctx.lang)
    return 0


def run_show(ctx: CliContext, args: argparse.Namespace) -> int:
    """Show one return: lines, events, the policy version it was judged by and the explanation."""
    from desktop_app.core.services.returns import get_return

    detail = get_return(ctx.db, args.rma)
    data = shapes.return_detail(detail)
    if args.json:
        print_json(data)
        return 0
    shapes.print_return(data, ctx.lang)
    return 0
