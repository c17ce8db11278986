"""`returndesk demo`, `report monthly|figures` and `outbox list|send`."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.context import CliContext, print_json, print_table
from desktop_app.cli.line_args import count
from desktop_app.cli.listing import add_listing, limit_of
from desktop_app.cli.outputs import add_out, out_path
from desktop_app.cli.progress import terminal_progress
from desktop_app.core.i18n import Message, UserFacingError, _


def register(commands: Any) -> None:
    """Add the demo, report and outbox commands."""
    demo = commands.add_parser("demo", help=_("fill an empty database with a realistic demo shop"))
    demo.add_argument("--orders", type=count, default=5000, help=_("how many orders to create"))
    demo.add_argument("--seed", type=int, default=7, help=_("the same seed gives the same shop"))
    demo.add_argument("--start-over", action="store_true",
                      help=_("empty a demo shop whose building was stopped half-way and build it again"))
    demo.set_defaults(handler=run_demo)

    report = commands.add_parser("report", help=_("monthly numbers for the accountant"))
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    monthly = kinds.add_parser("monthly", help=_("the monthly summary as PDF, CSV or XLSX"))
    monthly.add_argument("--month", metavar="YYYY-MM", help=_("the month to report on (default: last month)"))
    add_out(monthly)
    monthly.set_defaults(handler=run_monthly, reads_customers=True)
    figures = kinds.add_parser("figures", help=_("print the key figures of a month, as the Reports tab shows them"))
    figures.add_argument("--month", metavar="YYYY-MM", help=_("the month to report on (default: last month)"))
    figures.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))
    figures.set_defaults(handler=run_figures)

    outbox = commands.add_parser("outbox", help=_("customer messages waiting to be sent"))
    verbs = outbox.add_subparsers(dest="outbox_verb", metavar="ACTION", required=True)
    listing = verbs.add_parser("list", help=_("list the messages in the outbox, newest first"))
    add_listing(listing)
    listing.set_defaults(handler=run_outbox_list, reads_customers=True)
    send = verbs.add_parser("send", help=_("send the waiting messages now"))
    send.set_defaults(handler=run_outbox_send)


def run_demo(ctx: CliContext, args: argparse.Namespace) -> int:
    """Build the demo shop in an empty database."""
    from desktop_app.core.demo.shop import build_demo

    ctx.allow_new = True
    summary = build_demo(ctx.db, orders=args.orders, seed=args.seed, start_over=args.start_over,
                         progress=terminal_progress(_("Building the demo shop")))
    print(_("Demo shop ready: {orders} orders, {returns} returns. Sign in as owner (PIN 4321) or "
            "clerk (PIN 1234).", orders=summary.orders, returns=summary.returns))
    return 0


FIRST_YEAR, LAST_YEAR = 1970, 2200  # the summary also reads the 12 months before and the month after


def _month(text: str) -> tuple[int, int]:
    """Return (year, month) of `YYYY-MM`, or refuse with a sentence."""
    try:
        year, month = (int(part) for part in text.split("-"))
        if not 1 <= month <= 12 or not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(text)
    except ValueError:
        raise UserFacingError(Message("Give the month as YYYY-MM between {first} and {last}, for example 2026-03.",
                                      {"first": FIRST_YEAR, "last": LAST_YEAR})) from None
    return year, month


def _month_asked(ctx: CliContext, args: argparse.Namespace) -> str:
    """Return the month asked for as YYYY-MM, or the last full month in the shop's time zone."""
    from desktop_app.core.reports.period import last_full_month
    from desktop_app.core.services.settings import get_settings

    if args.month is None:
        return last_full_month(get_settings(ctx.db).shop_timezone).label
    year, month = _month(args.month)
    return f"{year:04d}-{month:02d}"


def run_monthly(ctx: CliContext, args: argparse.Namespace) -> int:
    """Write the monthly summary in the format the file name asks for."""
    from desktop_app.core.reports.export import export_summary
    from desktop_app.core.reports.monthly import build_monthly_summary

    out_path(ctx, args)
    month = _month_asked(ctx, args)
    suffix = args.out.suffix.lower()
    if suffix not in (".pdf", ".csv", ".xlsx"):
        raise UserFacingError(Message("The summary can be written as .pdf, .csv or .xlsx."))
    export_summary(build_monthly_summary(ctx.db, month), args.out, lang=ctx.lang)
    print(_("Wrote {path}.", path=str(args.out)))
    return 0


def run_figures(ctx: CliContext, args: argparse.Namespace) -> int:
    """Print a month's key figures: the same rows, words and values as the Reports tab and the exports."""
    from desktop_app.core.reports.monthly import build_monthly_summary
    from desktop_app.core.reports.summary_rows import change_text, figure_rows, value_text

    summary = build_monthly_summary(ctx.db, _month_asked(ctx, args))
    rows = list(figure_rows(summary, ctx.lang))
    if args.json:
        print_json({"month": summary.period.label, "currencies": list(summary.currencies), "figures": [
            {"key": r.key, "currency": r.currency, "value": r.now, "previous": r.before, "change": r.change,
             "change_kind": None if r.change is None else "difference" if r.in_points else "relative"}
            for r in rows]})
        return 0
    print(_("Key figures of {month}", month=summary.period.label))
    print_table([_("Figure"), _("This month"), _("Previous month"), _("Change")],
                [[r.title, value_text(r, r.now, ctx.lang), value_text(r, r.before, ctx.lang), change_text(r, ctx.lang)]
                 for r in rows], ctx.lang)
    return 0


def run_outbox_list(ctx: CliContext, args: argparse.Namespace) -> int:
    """List the outbox."""
    from desktop_app.core.notify.outbox import list_outbox

    messages = list_outbox(ctx.db, limit=limit_of(args))
    if args.json:
        print_json([{"id": m.id, "rma": m.rma, "event": m.event, "channel": m.channel, "language": m.language,
                     "to": m.to_address, "subject": m.subject, "state": m.state, "attempts": m.attempts,
                     "last_error": m.last_error, "created_at": m.created_at, "sent_at": m.sent_at,
                     "next_attempt_at": m.next_attempt_at} for m in messages])
        return 0
    print_table([_("RMA"), _("Message"), _("To"), _("State")],
                [[m.rma, m.event, m.to_address, m.state] for m in messages], ctx.lang)
    return 0


def run_outbox_send(ctx: CliContext, _args: argparse.Namespace) -> int:
    """Send what is waiting in the outbox, once."""
    from desktop_app.core.notify.attachments import attachment_builder
    from desktop_app.core.notify.overdue import queue_overdue_apologies
    from desktop_app.core.notify.secrets import load_password
    from desktop_app.core.notify.sender import load_smtp_config, send_due

    ctx.sign_in()
    queue_overdue_apologies(ctx.db)  # late returns get their apology first
    config = load_smtp_config(ctx.db)
    report = send_due(ctx.db, config, load_password(config.username) if config.username else None,
                      attachment_builder=attachment_builder(ctx.db))
    print(_("Sent {sent}, will retry {retrying}, failed {failed}.", sent=len(report.sent),
            retrying=len(report.retrying), failed=len(report.failed)))
    return 0
