"""`returndesk orders list [--json]`, `orders show ORDER_NUMBER [--json]` and `orders set-delivered ORDER DATE`."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli import shapes
from desktop_app.cli.context import CliContext, print_json, print_table
from desktop_app.cli.listing import add_listing, limit_of
from desktop_app.core.i18n import _


def register(commands: Any) -> None:
    """Add the orders commands."""
    orders = commands.add_parser("orders", help=_("orders imported or created in the shop"))
    verbs = orders.add_subparsers(dest="orders_verb", metavar="ACTION", required=True)
    listing = verbs.add_parser("list", help=_("list recent orders"))
    add_listing(listing)
    listing.set_defaults(handler=run_list, reads_customers=True)
    show = verbs.add_parser("show", help=_("one order with its lines, customer and returns"))
    show.add_argument("number", metavar="ORDER_NUMBER")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show, reads_customers=True)
    delivered = verbs.add_parser("set-delivered", help=_("record the day an order reached the customer"))
    delivered.add_argument("number", metavar="ORDER_NUMBER")
    delivered.add_argument("day", metavar="DATE", help=_("the delivery day, e.g. 2026-12-01"))
    delivered.add_argument("--channel", default=None, help=_("the sales channel when the number is in several"))
    delivered.set_defaults(handler=run_set_delivered)


def run_list(ctx: CliContext, args: argparse.Namespace) -> int:
    """List orders, newest first."""
    from desktop_app.core.services.orders import list_orders

    orders = list_orders(ctx.db, limit=limit_of(args))
    if args.json:
        print_json([shapes.order_summary(o) for o in orders])
        return 0
    print_table([_("Order"), _("Date"), _("Customer"), _("Total")],
                [[o.number, shapes.local_day(o.ordered_at), o.customer_name, shapes.money_text(o.total)]
                 for o in orders], ctx.lang)
    return 0


def run_show(ctx: CliContext, args: argparse.Namespace) -> int:
    """Show one order."""
    from desktop_app.core.services.orders import get_order

    order = get_order(ctx.db, args.number)
    data = shapes.order_detail(order)
    if args.json:
        print_json(data)
        return 0
    print(_("Order {number} of {day}: {customer}", number=data["number"],
            day=shapes.local_day(order.ordered_at), customer=order.ship_to.name))
    print_table([_("SKU"), _("Product"), _("Qty"), _("Unit price")],
                [[ln.sku, ln.name, ln.quantity, shapes.money_text(ln.unit_price)] for ln in order.lines],
                ctx.lang)
    for ret in data["returns"]:
        print(_("Return {rma}", rma=ret["rma"]))
    return 0


def run_set_delivered(ctx: CliContext, args: argparse.Namespace) -> int:
    """Record an order's delivery day; the return window counts from it when the policy says so."""
    from desktop_app.core.services.deliveries import parse_day, set_delivered

    order = set_delivered(ctx.service_context(signed_in=True), args.number, args.day, args.channel)
    print(_("Order {number} was delivered on {day}.", number=order.number,
            day=parse_day(args.day).isoformat()))
    return 0
