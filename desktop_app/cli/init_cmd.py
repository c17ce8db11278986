"""`returndesk init --shop-name NAME --currency EUR --country DE [--time-zone Z] [--language L] --owner NAME`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from desktop_app.cli.context import CliContext
from desktop_app.core.i18n import Message, UserFacingError, _


def register(commands: Any) -> None:
    """Add the init command."""
    parser = commands.add_parser("init", help=_("create an empty shop: its owner, settings and starting policy"))
    parser.add_argument("--shop-name", required=True, metavar="NAME", help=_("the shop's name"))
    parser.add_argument("--currency", required=True, metavar="CODE", help=_("the shop's currency, such as EUR"))
    parser.add_argument("--country", required=True, metavar="CODE", help=_("the shop's country, such as DE"))
    parser.add_argument("--time-zone", default="", metavar="ZONE", help=_("such as Europe/Berlin"))
    parser.add_argument("--language", default="en", metavar="LANG", help=_("en or zh_CN"))
    parser.add_argument("--owner", required=True, metavar="NAME", help=_("the owner's user name"))
    parser.add_argument("--pin", metavar="PIN", help=_("the owner's PIN (else RETURNDESK_PIN or a prompt)"))
    parser.set_defaults(handler=run_init)


def _pin(args: argparse.Namespace) -> str:
    """Return the owner's PIN from --pin, RETURNDESK_PIN or a prompt typed twice."""
    pin = args.pin or os.environ.get("RETURNDESK_PIN")
    if pin:
        return str(pin)
    if not sys.stdin.isatty():
        raise UserFacingError(Message("No PIN given: use --pin, set RETURNDESK_PIN or run the command in a "
                                      "terminal to be asked for it."))
    first = getpass.getpass(_("New PIN for {name}: ", name=args.owner))
    if getpass.getpass(_("The same PIN again: ")) != first:
        raise UserFacingError(Message("The two PINs are not the same. Nothing was changed."))
    return first


def run_init(ctx: CliContext, args: argparse.Namespace) -> int:
    """Create the shop database (if needed), its first owner, settings and the country's legal policy."""
    from desktop_app.core.services.shop_setup import ShopSetup, check_setup, set_up_shop

    setup = ShopSetup(owner=args.owner, pin=_pin(args), language=args.language, shop_name=args.shop_name,
                      currency=args.currency, country=args.country, time_zone=args.time_zone)
    check_setup(setup)  # before the database file is created
    ctx.allow_new = True
    set_up_shop(ctx.db, setup)
    print(_("The shop {name} is ready in {path}. Sign in as {owner}; import orders with `returndesk import FILE "
            "--profile NAME`.", name=args.shop_name, path=ctx.database, owner=args.owner))
    return 0
