"""`returndesk customers flag|unflag`: the owner's flag that sends every request of a customer to a person."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.context import CliContext
from desktop_app.core.i18n import _


def register(commands: Any) -> None:
    """Add the customers commands."""
    group = commands.add_parser("customers", help=_("flag customers whose requests a person must review"))
    verbs = group.add_subparsers(dest="customers_verb", metavar="ACTION", required=True)
    flag = verbs.add_parser("flag", help=_("flag a customer: their requests are never approved at once"))
    flag.add_argument("customer", metavar="CUSTOMER", help=_("the customer's e-mail address or number"))
    flag.add_argument("--reason", required=True, help=_("why (shown to whoever reviews their requests)"))
    flag.set_defaults(handler=run_flag)
    unflag = verbs.add_parser("unflag", help=_("take the flag off a customer"))
    unflag.add_argument("customer", metavar="CUSTOMER", help=_("the customer's e-mail address or number"))
    unflag.set_defaults(handler=run_unflag)


def run_flag(ctx: CliContext, args: argparse.Namespace) -> int:
    """Flag a customer (owner only)."""
    from desktop_app.core.services import customers

    flag = customers.flag_customer(ctx.service_context(signed_in=True), args.customer, args.reason)
    print(_("{name} (customer {number}) is flagged: their requests wait for a person.",
            name=flag.name or flag.email or "", number=flag.customer_id))
    return 0


def run_unflag(ctx: CliContext, args: argparse.Namespace) -> int:
    """Take the flag off a customer (owner only)."""
    from desktop_app.core.services import customers

    flag = customers.unflag_customer(ctx.service_context(signed_in=True), args.customer)
    print(_("{name} (customer {number}) is no longer flagged.", name=flag.name or flag.email or "",
            number=flag.customer_id))
    return 0
