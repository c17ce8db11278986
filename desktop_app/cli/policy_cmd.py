"""`returndesk policy show [--json]` and `returndesk policy export --out F.{html,md,pdf} [--lang]`."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli import shapes
from desktop_app.cli.context import CliContext, print_json
from desktop_app.cli.outputs import add_out, out_path
from desktop_app.core.documents.policy import export_policy
from desktop_app.core.i18n import LANGUAGES, Message, UserFacingError, _
from desktop_app.core.services.policies import PolicyVersionInfo, current_policy
from desktop_app.core.services.settings import get_settings


def register(commands: Any) -> None:
    """Add the policy commands."""
    policy = commands.add_parser("policy", help=_("the published return policy"))
    verbs = policy.add_subparsers(dest="policy_verb", metavar="ACTION", required=True)
    show = verbs.add_parser("show", help=_("show the published policy"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)
    export = verbs.add_parser("export", help=_("write the customer-facing policy text"))
    add_out(export)
    export.add_argument("--lang", dest="text_lang", choices=LANGUAGES, default=None)
    export.set_defaults(handler=run_export)


def _current(ctx: CliContext) -> PolicyVersionInfo:
    """Return the published policy version, or refuse when none is published."""
    return current_policy(ctx.db)


def run_show(ctx: CliContext, args: argparse.Namespace) -> int:
    """Print the published policy: its number and rules."""
    version = _current(ctx)
    if args.json:
        print_json({"number": version.number, "published_at": version.published_at,
                    "title": version.title, "rules": version.rules.to_dict()})
        return 0
    print(_("Policy version {number}, published {when}", number=version.number,
            when=shapes.local_time(version.published_at)))
    for key, value in version.rules.to_dict().items():
        print(f"  {key}: {value}")
    return 0


def run_export(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write the policy text as HTML, Markdown or PDF in English or Chinese."""
    out_path(ctx, args)
    suffix = args.out.suffix.lower()
    if suffix not in (".html", ".md", ".pdf"):
        raise UserFacingError(Message("The policy can be written as .html, .md or .pdf."))
    version = _current(ctx)
    shop = get_settings(ctx.db)
    export_policy(version.rules, args.out, lang=args.text_lang or ctx.lang, version=version.number,
                  shop_name=shop.shop_name, contact=shop.shop_email, logo=shop.shop_logo)
    print(_("Wrote {path}.", path=str(args.out)))
    return 0
