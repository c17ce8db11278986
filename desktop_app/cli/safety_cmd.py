"""`returndesk customer export|erase`, `returndesk migrate-to URL` and `returndesk check`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from desktop_app.cli.context import EXIT_REFUSED, CliContext, to_json
from desktop_app.cli.outputs import add_out, out_path
from desktop_app.core.files.output import write_text_atomic
from desktop_app.core.i18n import Message, UserFacingError, _


def register(commands: Any) -> None:
    """Add the customer, migrate-to and check commands."""
    customer = commands.add_parser("customer", help=_("a customer's personal data (GDPR, PIPL)"))
    verbs = customer.add_subparsers(dest="customer_verb", metavar="ACTION", required=True)
    export = verbs.add_parser("export", help=_("write everything held about a customer to a JSON file"))
    export.add_argument("email", metavar="EMAIL")
    add_out(export)
    export.set_defaults(handler=run_export)
    erase = verbs.add_parser("erase", help=_("erase a customer's personal data; the figures stay"))
    erase.add_argument("email", metavar="EMAIL")
    erase.add_argument("--yes", action="store_true", help=_("confirm: erasing cannot be undone"))
    erase.set_defaults(handler=run_erase)
    move = commands.add_parser("migrate-to", help=_("copy this shop to an empty PostgreSQL database"))
    move.add_argument("url", metavar="POSTGRESQL_URL")
    move.set_defaults(handler=run_migrate_to)
    check = commands.add_parser("check", help=_("check the shop database and its rules"))
    check.set_defaults(handler=run_check)


def _owner(ctx: CliContext, action: Message) -> Any:
    """Sign in and refuse anyone but the owner."""
    from desktop_app.core.services.base import PermissionDenied

    user = ctx.sign_in()
    if not user.is_owner:
        raise PermissionDenied(Message("Only the owner can {action}.", {"action": action}))
    return user


def _write_json(path: Path, data: Any) -> None:
    """Write a JSON file whole (a temporary file renamed), readable by its owner only: it is personal data."""
    write_text_atomic(path, json.dumps(to_json(data), ensure_ascii=False, indent=2, sort_keys=True), private=True)


def run_export(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write everything held about a customer to a JSON file (owner; logged)."""
    from desktop_app.core.services.privacy import export_customer

    out_path(ctx, args)
    data = export_customer(ctx.service_context(signed_in=True), args.email)
    _write_json(args.out, data)
    print(_("Wrote everything held about {email} to {path}.", email=data["email"], path=str(args.out)))
    return 0


def run_erase(ctx: CliContext, args: argparse.Namespace) -> int:
    """Erase a customer's personal data, keeping the figures (owner; logged; needs --yes)."""
    from desktop_app.core.services.privacy import erase_customer

    if not args.yes:
        raise UserFacingError(Message("Erasing cannot be undone: add --yes to confirm. Nothing was changed."))
    result = erase_customer(ctx.service_context(signed_in=True), args.email)
    print(_("Erased the personal data of {count} customer record(s): {orders} orders and {returns} returns "
            "keep their figures; {files} attachments deleted.", count=result.customers, orders=result.orders,
            returns=result.returns, files=result.attachments_deleted))
    return 0


def run_migrate_to(ctx: CliContext, args: argparse.Namespace) -> int:
    """Copy this SQLite shop to an empty PostgreSQL database and verify the copy (owner)."""
    from desktop_app.core.db.migrate_to import migrate_to

    path = ctx.db.sqlite_path
    if path is None:
        raise UserFacingError(Message("This shop is already on a database server."))
    _owner(ctx, Message("move the shop to a server"))
    ctx.close()
    report = migrate_to(str(path), args.url)
    print(_("Copied {rows} rows in {tables} tables to {server} and checked every row. Connect each desk to "
            "the server with --db URL (or RETURNDESK_DB); keep the file as a backup.",
            rows=report.total, tables=len(report.rows), server=report.target))
    return 0


def run_check(ctx: CliContext, _args: argparse.Namespace) -> int:
    """Check the database (SQLite's integrity check) and ReturnDesk's rules; list what is wrong."""
    from desktop_app.core.services.startup import check_shop

    problems = check_shop(ctx.db)
    for problem in problems:
        print(problem.render(ctx.lang))
    if problems:
        return EXIT_REFUSED
    print(_("The database is intact and every rule holds."))
    return 0
