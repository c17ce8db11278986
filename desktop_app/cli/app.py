"""Parse `returndesk [--db PATH_OR_URL] [--user NAME] [--lang en|zh_CN] COMMAND` and run the command."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app import __version__
from desktop_app.cli.context import (
    EXIT_OK,
    EXIT_REFUSED,
    CliContext,
    default_database,
)
from desktop_app.core.files.output import check_output
from desktop_app.core.i18n import LANGUAGES, UserFacingError, _, set_language
from desktop_app.core.redact import MaskingFormatter, mask_secrets, private_file

EXIT_USAGE = 64
GLOBAL_VALUES = ("--db", "--user", "--lang", "--log")  # global options that take a value


def command_groups() -> tuple[Any, ...]:
    """Return every command group, in the order `returndesk --help` lists them."""
    from desktop_app.cli import (
        backup_cmd,
        customers_cmd,
        documents_cmd,
        import_cmd,
        init_cmd,
        misc_cmd,
        orders_cmd,
        policy_cmd,
        portal_cmd,
        returns_cmd,
        safety_cmd,
        settings_cmd,
        sign_out_cmd,
        users_cmd,
    )

    return (init_cmd, misc_cmd, import_cmd, orders_cmd, returns_cmd, documents_cmd, policy_cmd, settings_cmd,
            users_cmd, customers_cmd, backup_cmd, safety_cmd, portal_cmd, sign_out_cmd)


def group_of(word: str | None) -> Any | None:
    """Return the one command group that owns a command word (None: unknown), loading only that group."""
    if word == "returns":
        from desktop_app.cli import returns_cmd
        return returns_cmd
    if word == "orders":
        from desktop_app.cli import orders_cmd
        return orders_cmd
    if word in ("label", "slip", "instructions", "credit-note", "kit"):
        from desktop_app.cli import documents_cmd
        return documents_cmd
    if word in ("demo", "report", "outbox"):
        from desktop_app.cli import misc_cmd
        return misc_cmd
    if word in ("backup", "restore"):
        from desktop_app.cli import backup_cmd
        return backup_cmd
    if word in ("customer", "migrate-to", "check"):
        from desktop_app.cli import safety_cmd
        return safety_cmd
    if word == "users":
        from desktop_app.cli import users_cmd
        return users_cmd
    if word == "customers":
        from desktop_app.cli import customers_cmd
        return customers_cmd
    if word == "policy":
        from desktop_app.cli import policy_cmd
        return policy_cmd
    if word == "settings":
        from desktop_app.cli import settings_cmd
        return settings_cmd
    if word == "import":
        from desktop_app.cli import import_cmd
        return import_cmd
    if word == "init":
        from desktop_app.cli import init_cmd
        return init_cmd
    if word == "portal":
        from desktop_app.cli import portal_cmd
        return portal_cmd
    if word == "sign-out":
        from desktop_app.cli import sign_out_cmd
        return sign_out_cmd
    return None


def command_word(argv: Sequence[str]) -> str | None:
    """Return the command's first word (`returns` in `--db X returns list`), skipping the global options."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in GLOBAL_VALUES:
            skip = True
        elif arg == "--":
            return None
        elif not arg.startswith("-"):
            return arg
    return None


class UsageError(Exception):
    """The command line itself is wrong (unknown command, missing value)."""


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports a mistake in one line instead of printing usage and exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Return the command-line parser (help texts in the current language).

    With `argv` naming a command, only that command's group is loaded (a quick command imports nothing else);
    without one, or with an unknown word, every group is (for help and for the one-line usage error).
    """
    parser = _Parser(prog="returndesk", description=_("Customer returns for a small online shop."))
    parser.add_argument("--version", action="version", version=f"returndesk {__version__}")
    parser.add_argument("--db", metavar="PATH_OR_URL",
                        help=_("shop database: a SQLite file or a postgresql:// URL"))
    parser.add_argument("--user", metavar="NAME",
                        help=_("who is acting (for commands that change or show the shop's data)"))
    parser.add_argument("--lang", choices=LANGUAGES, help=_("language of messages and output"))
    parser.add_argument("--log", metavar="FILE", help=_("append the details of an unexpected failure to this file "
                                                        "(or set RETURNDESK_LOG); without it no log is written"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    word = command_word(argv or ())
    if argv is not None and word is None and "--version" in argv:
        return parser  # the version is printed before any command would be looked at
    only = group_of(word) if argv is not None else None
    for group in (only,) if only is not None else command_groups():
        group.register(commands)
    return parser


def _early_language(argv: Sequence[str]) -> str:
    """Return the language asked for on the command line or in RETURNDESK_LANG, before full parsing."""
    lang = os.environ.get("RETURNDESK_LANG", "en")
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in LANGUAGES else "en"


def _say(line: str) -> None:
    """Print one line on stderr (newlines folded so that scripts always get exactly one line)."""
    print(mask_secrets(" ".join(line.split())), file=sys.stderr)


def _log_failure(log: str | None, database: str | None) -> str | None:
    """Append the current traceback to the log file asked for and return its path (None: none asked or writable).

    The log is owner-only (0600), never the shop's database or any database, and secrets are masked.
    """
    if not log:
        return None
    try:
        shop = None if database is None or "://" in database else Path(database)
        path = private_file(check_output(log, shop=shop, force=True))
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(message)s"))
        logger = logging.getLogger("returndesk.cli")
        logger.propagate = False
        logger.addHandler(handler)
        try:
            logger.error("command failed: %s\n%s", sys.argv, traceback.format_exc())
        finally:
            logger.removeHandler(handler)
            handler.close()
        return str(path)
    except (OSError, UserFacingError):
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `returndesk` command and return its exit status (0 on success)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _early_language(argv)
    set_language(lang)
    try:
        args = build_parser(argv).parse_args(argv)
    except UsageError as error:
        _say(_("returndesk: {problem} (see returndesk --help)", problem=str(error)))
        return EXIT_USAGE
    if not getattr(args, "handler", None):
        build_parser().print_help()
        return EXIT_OK
    ctx = CliContext(database=args.db or default_database(),
                     user_name=args.user or os.environ.get("RETURNDESK_USER"), lang=lang,
                     lang_given=bool(args.lang or os.environ.get("RETURNDESK_LANG")),
                     customer_messages=True)  # a change to a return queues the customer's message
    try:
        if getattr(args, "reads_customers", False):  # customers' data is shown to signed-in users only
            if getattr(args, "out", None) is not None:
                from desktop_app.cli.outputs import out_path

                out_path(ctx, args)  # a refused --out is said before the shop is even opened
            ctx.sign_in(reading=True)
        status = int(args.handler(ctx, args) or EXIT_OK)
        ctx.daily_backup()
        return status
    except UserFacingError as error:
        _say(error.render(lang))
        return EXIT_REFUSED
    except BrokenPipeError:  # the reader (e.g. `head`) stopped reading: not a failure of the command
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        _say(_("Stopped; nothing more was changed."))
        return 130
    except Exception:
        log = _log_failure(args.log or os.environ.get("RETURNDESK_LOG"), ctx.database)
        _say(_("Something went wrong and the command stopped. Details are in {log}.", log=log) if log else
             _("Something went wrong and the command stopped. Run it again with --log FILE to keep the details."))
        return EXIT_REFUSED
    finally:
        ctx.close()
