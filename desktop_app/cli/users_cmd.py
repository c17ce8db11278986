"""`returndesk users list|add|set-pin|disable`: who may sign in (the owner only, as in the window)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING, Any

from desktop_app.cli import shapes
from desktop_app.cli.context import CliContext, print_json, print_table
from desktop_app.cli.listing import add_listing, limit_of
from desktop_app.core.domain.money import Money
from desktop_app.core.i18n import Message, UserFacingError, _

if TYPE_CHECKING:
    from desktop_app.core.services import users


def register(commands: Any) -> None:
    """Add the users commands."""
    group = commands.add_parser("users", help=_("the people who sign in (the owner only)"))
    verbs = group.add_subparsers(dest="users_verb", metavar="ACTION", required=True)
    listing = verbs.add_parser("list", help=_("list every user, owners first"))
    add_listing(listing)
    listing.set_defaults(handler=run_list)
    add = verbs.add_parser("add", help=_("add a clerk or an owner (PIN from RETURNDESK_NEW_PIN or asked)"))
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", default="clerk", help=_("clerk or owner"))
    add.add_argument("--display-name", default="", help=_("the name shown on the timeline"))
    add.add_argument("--language", default="en", help=_("the user's language: en or zh_CN"))
    add.set_defaults(handler=run_add)
    pin = verbs.add_parser("set-pin", help=_("give a user a new PIN and lift a lockout (RETURNDESK_NEW_PIN or "
                                            "asked)"))
    pin.add_argument("name", metavar="NAME")
    pin.set_defaults(handler=run_set_pin)
    disable = verbs.add_parser("disable", help=_("stop a user from signing in; their history stays"))
    disable.add_argument("name", metavar="NAME")
    disable.set_defaults(handler=run_disable)


def _find(ctx: CliContext, name: str) -> users.UserInfo:
    """Return the user with this sign-in name (any letter case), or refuse naming the users there are."""
    from desktop_app.core.services import users

    everyone = users.list_users(ctx.service_context(signed_in=True))
    for user in everyone:
        if user.name.casefold() == name.strip().casefold():
            return user
    raise UserFacingError(Message("There is no user {name}. The users are: {names}.",
                                  {"name": name, "names": ", ".join(u.name for u in everyone)}))


def _new_pin(name: str) -> str:
    """Return the new PIN from RETURNDESK_NEW_PIN, or ask for it twice in a terminal."""
    pin = os.environ.get("RETURNDESK_NEW_PIN")
    if pin is not None:
        return pin
    if not sys.stdin.isatty():
        raise UserFacingError(Message("No new PIN given: set RETURNDESK_NEW_PIN or run the command in a terminal "
                                      "to be asked for it."))
    pin = getpass.getpass(_("New PIN for {name}: ", name=name))
    if getpass.getpass(_("The same PIN again: ")) != pin:
        raise UserFacingError(Message("The two PINs differ; nothing was changed."))
    return pin


def _row(user: users.UserInfo, currency: str) -> dict[str, Any]:
    limit = None if user.refund_limit_minor is None else Money.from_minor(user.refund_limit_minor, currency)
    return {"name": user.name, "display_name": user.display_name, "role": user.role, "language": user.language,
            "active": user.active, "refund_limit": shapes.money(limit), "locked_until": user.locked_until,
            "created_at": user.created_at, "short_pin": user.short_pin}


def run_list(ctx: CliContext, args: argparse.Namespace) -> int:
    """List the users (owner)."""
    from desktop_app.core.services import users
    from desktop_app.core.services.auth import PIN_DIGITS
    from desktop_app.core.services.settings import get_settings

    found = users.list_users(ctx.service_context(signed_in=True))
    currency = get_settings(ctx.db).shop_currency
    rows = [_row(u, currency) for u in found[:limit_of(args)]]
    if args.json:
        print_json(rows)
        return 0
    print_table([_("User"), _("Name"), _("Role"), _("Active"), _("PIN")],
                [[r["name"], r["display_name"], r["role"], _("yes") if r["active"] else _("no"),
                  _("short: give a new one") if r["short_pin"] else ""] for r in rows], ctx.lang)
    short = [r["name"] for r in rows if r["short_pin"]]
    if short:
        print(_("{names} still sign in with a PIN shorter than {digits} digits: give them a new one with "
                "`returndesk users set-pin NAME`.", names=", ".join(short), digits=PIN_DIGITS))
    return 0


def run_add(ctx: CliContext, args: argparse.Namespace) -> int:
    """Add a user with a first PIN (owner)."""
    from desktop_app.core.services import users

    service = ctx.service_context(signed_in=True)
    added = users.add_user(service, args.name, _new_pin(args.name), args.role.strip().lower(),
                           args.display_name, args.language)
    print(_("Added {name} as {role}.", name=added.name, role=added.role))
    return 0


def run_set_pin(ctx: CliContext, args: argparse.Namespace) -> int:
    """Give a user a new PIN (owner)."""
    from desktop_app.core.services import users

    user = _find(ctx, args.name)
    users.reset_secret(ctx.service_context(signed_in=True), user.id, _new_pin(user.name), user.version)
    print(_("{name} has a new PIN.", name=user.name))
    return 0


def run_disable(ctx: CliContext, args: argparse.Namespace) -> int:
    """Stop a user from signing in (owner; never the last owner)."""
    from desktop_app.core.services import users

    user = _find(ctx, args.name)
    users.deactivate(ctx.service_context(signed_in=True), user.id, user.version)
    print(_("{name} can no longer sign in.", name=user.name))
    return 0
