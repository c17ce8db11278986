"""`returndesk settings show [--json]` and `returndesk settings set KEY VALUE`."""

from __future__ import annotations

import argparse
import getpass
import os
from typing import Any

from desktop_app.cli.context import CliContext, print_json, print_table
from desktop_app.core.i18n import Message, UserFacingError, _


def register(commands: Any) -> None:
    """Add the settings commands."""
    settings = commands.add_parser("settings", help=_("the shop's settings"))
    verbs = settings.add_subparsers(dest="settings_verb", metavar="ACTION", required=True)
    show = verbs.add_parser("show", help=_("show every shop setting"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)
    change = verbs.add_parser("set", help=_("change one shop setting (the owner only)"))
    change.add_argument("key", metavar="KEY")
    change.add_argument("value", metavar="VALUE")
    change.set_defaults(handler=run_set)
    secret = verbs.add_parser("set-password", help=_("store the mail server's password (the owner only; "
                                                     "from RETURNDESK_SMTP_PASSWORD or asked)"))
    secret.set_defaults(handler=run_set_password)


def run_show(ctx: CliContext, args: argparse.Namespace) -> int:
    """Print the shop's settings."""
    from desktop_app.core.services.settings import settings_as_dict

    values = settings_as_dict(ctx.db)
    if args.json:
        print_json(values)
        return 0
    print_table([_("Setting"), _("Value")], [[k, v] for k, v in sorted(values.items())], ctx.lang)
    return 0


def run_set(ctx: CliContext, args: argparse.Namespace) -> int:
    """Change one setting; the service checks the key, the value and the role."""
    from desktop_app.core.services.settings import set_setting

    set_setting(ctx.service_context(signed_in=True), args.key, args.value)
    print(_("{key} is now {value}.", key=args.key, value=args.value))
    return 0


def run_set_password(ctx: CliContext, _args: argparse.Namespace) -> int:
    """Store the SMTP password in the keyring (or the private file) and say where it went."""
    from desktop_app.core.notify.secrets import save_password
    from desktop_app.core.services.base import require_owner
    from desktop_app.core.services.settings import settings_as_dict

    require_owner(ctx.service_context(signed_in=True), Message("change the shop settings"))
    account = str(settings_as_dict(ctx.db).get("smtp.username") or "")
    if not account:
        raise UserFacingError(Message("Set smtp.username first; the password belongs to that user."))
    password = os.environ.get("RETURNDESK_SMTP_PASSWORD") or getpass.getpass(_("Mail server password: "))
    if not password:
        raise UserFacingError(Message("No password was given; nothing was changed."))
    where = save_password(account, password)
    print(_("The password is kept in this computer's keyring.") if where == "keyring" else
          _("This computer has no keyring: the password is kept in a file only you can read, "
            "but it is not encrypted."))
    return 0
