"""`returns exchange-quote|exchange-paid|exchange-waive`: price an exchange and settle its difference."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from desktop_app.cli import line_args, shapes
from desktop_app.cli.context import CliContext, print_json, print_table
from desktop_app.core.i18n import Message, UserFacingError, _

if TYPE_CHECKING:  # the returns services load when a verb runs, not for every command
    from desktop_app.core.services.returns import ExchangeQuote, ReturnDetail


def register(verbs: Any) -> None:
    """Add the exchange verbs under `returns`."""
    quote = verbs.add_parser("exchange-quote", help=_("what an exchange costs: the items to choose from, or one"))
    quote.add_argument("rma", metavar="RMA")
    quote.add_argument("--line", required=True, metavar="SKU[:QTY]", help=_("the returned line to exchange"))
    quote.add_argument("--sku", default=None, help=_("the item to send out (default: list the choices)"))
    quote.add_argument("--json", action="store_true")
    quote.set_defaults(handler=run_quote, reads_customers=True)
    paid = verbs.add_parser("exchange-paid", help=_("record that the customer paid an exchange's difference"))
    paid.add_argument("rma", metavar="RMA")
    paid.add_argument("--reference", required=True, help=_("the payment's reference"))
    paid.add_argument("--exchange", type=line_args.count, default=None, metavar="ID",
                      help=_("which exchange (default: the only one waiting for payment)"))
    paid.set_defaults(handler=run_settle, waive=False)
    waive = verbs.add_parser("exchange-waive", help=_("let an exchange ship without the difference (the owner)"))
    waive.add_argument("rma", metavar="RMA")
    waive.add_argument("--note", default="", help=_("why the difference is waived"))
    waive.add_argument("--exchange", type=line_args.count, default=None, metavar="ID",
                       help=_("which exchange (default: the only one waiting for payment)"))
    waive.set_defaults(handler=run_settle, waive=True, reference="")


def _quote_row(q: ExchangeQuote) -> dict[str, Any]:
    return {"sku": q.sku, "name": q.name, "quantity": q.quantity, "stock": q.stock,
            "credit": shapes.money(q.credit), "price": shapes.money(q.price),
            "difference": shapes.money(q.difference), "customer_pays": shapes.money(q.customer_pays),
            "paid_back": shapes.money(q.paid_back)}


def run_quote(ctx: CliContext, args: argparse.Namespace) -> int:
    """Print what exchanging a line costs for one item, or for every item that could go out instead."""
    from desktop_app.core.services import returns

    detail = returns.get_return(ctx.db, args.rma)
    line_id, qty = line_args.reversal(detail, args.line)
    line = next(ln for ln in detail.lines if ln.id == line_id)
    qty = qty or max(1, line.received_qty or line.requested_qty)
    skus = [args.sku] if args.sku else [c.sku for c in returns.exchange_choices(ctx.db, line.sku)]
    quotes = [returns.quote_exchange(ctx.db, args.rma, line_id, sku, qty) for sku in skus]
    if args.json:
        print_json([_quote_row(q) for q in quotes])
        return 0
    headers = [_("SKU"), _("Name"), _("In stock"), _("Price"), _("Customer pays"), _("Paid back")]
    print_table(headers, [[q.sku, q.name, q.stock, shapes.money_text(q.price), shapes.money_text(q.customer_pays),
                           shapes.money_text(q.paid_back)] for q in quotes], ctx.lang)
    return 0


def _waiting(detail: ReturnDetail, exchange_id: int | None) -> int:
    """Return the exchange to settle: the one named, or the only one waiting for payment."""
    if exchange_id is not None:
        return exchange_id
    due = [x.id for x in detail.exchanges if x.status == "payment_due"]
    if len(due) != 1:
        raise UserFacingError(Message("Return {rma} has {count} exchanges waiting for payment; name one with "
                                      "--exchange ID.", {"rma": detail.rma, "count": len(due)}))
    return due[0]


def run_settle(ctx: CliContext, args: argparse.Namespace) -> int:
    """Record the payment of an exchange's difference, or waive it; the replacement may then ship."""
    from desktop_app.core.services import returns

    service = ctx.service_context(signed_in=True)
    exchange_id = _waiting(returns.get_return(ctx.db, args.rma), args.exchange)
    detail = returns.settle_exchange(service, args.rma, exchange_id, reference=args.reference,
                                     waive=args.waive, note=getattr(args, "note", ""))
    done = next(x for x in detail.exchanges if x.id == exchange_id)
    print(_("The exchange of {sku} for {rma} may ship now.", sku=done.sku, rma=detail.rma))
    return 0
