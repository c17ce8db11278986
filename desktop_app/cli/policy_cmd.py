"""`returndesk policy show|export|import|publish|currency-amounts`: the published policy, its text, new drafts,
and the amounts for orders in another currency."""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli import shapes
from desktop_app.cli.context import CliContext, print_json
from desktop_app.cli.outputs import add_out, out_path
from desktop_app.core.domain.policy import CurrencyAmounts
from desktop_app.core.i18n import LANGUAGES, Message, UserFacingError, _

if TYPE_CHECKING:
    from desktop_app.core.services.policies import PolicyVersionInfo


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
    draft = verbs.add_parser("import", help=_("save a policy draft from a TOML file: the rules it names over the "
                                              "published ones (the owner only)"))
    draft.add_argument("file", type=Path, metavar="FILE.toml")
    draft.add_argument("--title", default="", help=_("the draft's title"))
    draft.set_defaults(handler=run_import)
    publish = verbs.add_parser("publish", help=_("publish a draft; new returns are judged by it (the owner only)"))
    publish.add_argument("draft", nargs="?", type=int, metavar="DRAFT_ID",
                         help=_("the draft to publish (default: the only draft)"))
    publish.set_defaults(handler=run_publish)
    amounts = verbs.add_parser("currency-amounts",
                               help=_("publish the policy's money amounts for orders in another currency"))
    amounts.add_argument("currency", metavar="CURRENCY")
    amounts.add_argument("--label-cost", default="0", help=_("the return label cost taken from a refund"))
    amounts.add_argument("--keep-it-below", default="0", help=_("items below this amount may be kept"))
    amounts.add_argument("--flat-fee", default="0", help=_("the flat restocking fee"))
    amounts.add_argument("--auto-approve-max", default="0",
                         help=_("requests refunding at most this are approved at once"))
    amounts.add_argument("--auto-keep-it-max", default="0",
                         help=_("keep-it requests refunding at most this are approved at once"))
    amounts.set_defaults(handler=run_currency_amounts)


def _current(ctx: CliContext) -> PolicyVersionInfo:
    """Return the published policy version, or refuse when none is published."""
    from desktop_app.core.services.policies import current_policy

    return current_policy(ctx.db)


def _version_json(version: PolicyVersionInfo) -> dict[str, Any]:
    """Return the JSON shape of one policy version (docs/cli-json.md)."""
    return {"id": version.id, "number": version.number, "status": version.status, "title": version.title,
            "note": version.note, "published_at": version.published_at, "rules": version.rules.to_dict()}


def run_show(ctx: CliContext, args: argparse.Namespace) -> int:
    """Print the published policy: its number and rules."""
    version = _current(ctx)
    if args.json:
        print_json(_version_json(version))
        return 0
    print(_("Policy version {number}, published {when}", number=version.number,
            when=shapes.local_time(version.published_at)))
    for key, value in version.rules.to_dict().items():
        print(f"  {key}: {value}")
    return 0


def run_export(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write the policy text as HTML, Markdown or PDF in English or Chinese."""
    from desktop_app.core.documents.policy import export_policy
    from desktop_app.core.services.settings import get_settings

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


def run_import(ctx: CliContext, args: argparse.Namespace) -> int:
    """Save a draft from a TOML file and say what keeps it from being published, if anything."""
    from desktop_app.core.services import policies, policy_files

    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UserFacingError(Message("{path} could not be read: {reason}",
                                      {"path": str(args.file), "reason": getattr(error, "strerror", None)
                                       or str(error)})) from None
    draft = policy_files.draft_from_toml(ctx.service_context(signed_in=True), text, args.title)
    print(_("Saved policy draft {id}. Publish it with `returndesk policy publish {id}`.", id=draft.id))
    for problem in policies.validate_draft(draft.rules):
        print(_("Not yet publishable: {problem}", problem=problem.render(ctx.lang)))
    return 0


def run_publish(ctx: CliContext, args: argparse.Namespace) -> int:
    """Publish a draft under the next version number."""
    from desktop_app.core.services import policies

    service = ctx.service_context(signed_in=True)
    draft_id = args.draft
    if draft_id is None:
        drafts = [v for v in policies.list_versions(ctx.db) if v.is_draft]
        if len(drafts) != 1:
            raise UserFacingError(Message("Say which draft to publish: {drafts}.",
                                          {"drafts": ", ".join(str(d.id) for d in drafts)}) if drafts else
                                  Message("There is no policy draft to publish."))
        draft_id = drafts[0].id
    version = policies.publish(service, draft_id)
    print(_("Published policy version {number}; new returns are judged by it.", number=version.number))
    return 0


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        raise UserFacingError(Message("{value} is not an amount such as 12.50.", {"value": text})) from None
    if not value.is_finite():
        raise UserFacingError(Message("{value} is not an amount such as 12.50.", {"value": text}))
    return value


def run_currency_amounts(ctx: CliContext, args: argparse.Namespace) -> int:
    """Publish a new policy version with the label cost, keep-it limit and flat fee for one other currency."""
    from desktop_app.core.services import policies

    service = ctx.service_context(signed_in=True)
    amounts = CurrencyAmounts(args.currency.strip().upper(), _amount(args.label_cost), _amount(args.keep_it_below),
                              _amount(args.flat_fee), _amount(args.auto_approve_max),
                              _amount(args.auto_keep_it_max))
    rules = _current(ctx).rules.with_amounts(amounts)
    problems = policies.validate_draft(rules)
    if problems:
        raise policies.PolicyProblems(problems)  # refused before anything is saved
    draft = policies.save_draft(service, rules, title=f"{amounts.currency}")
    published = policies.publish(service, draft.id)
    print(_("Policy version {number} is published with amounts in {currency}.", number=published.number,
            currency=amounts.currency))
    return 0
