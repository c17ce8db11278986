"""The lifecycle verbs: `returns create|approve|receive|inspect|resolve|reject|cancel|reopen|close`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desktop_app.cli import line_args
from desktop_app.cli.context import CliContext
from desktop_app.core.domain.lifecycle_labels import status_label
from desktop_app.core.domain.lifecycle_state import Status
from desktop_app.core.domain.money import money_text
from desktop_app.core.i18n import Message, UserFacingError, _

if TYPE_CHECKING:
    from desktop_app.core.services.returns import ReturnDetail


def register(verbs: Any) -> None:
    """Add the lifecycle verbs under `returns`."""
    _add_create(verbs)
    _add_simple(verbs)
    _add_receive_and_inspect(verbs)
    _add_resolve(verbs)
    _add_reverse_refund(verbs)


def _add_create(verbs: Any) -> None:
    """Add `returns create`."""
    create = verbs.add_parser("create", help=_("create a return from an order"))
    create.add_argument("--order", required=True, metavar="ORDER_NUMBER")
    create.add_argument("--line", action="append", required=True, metavar="SKU:QTY:REASON",
                        help=_("one returned product; repeat for several"))
    create.add_argument("--comment", action="append", default=[],
                        help=_("what the customer said: once for every line, or once per --line in order"))
    create.add_argument("--resolution", default=None, help=_("what the customer asks for, e.g. refund"))
    create.add_argument("--goodwill", default=None, metavar="REASON",
                        help=_("the owner's reason to accept a return outside the policy"))
    create.add_argument("--channel", default="desk", help=_("how the request came in, e.g. email"))
    create.set_defaults(handler=run_create)


def _add_simple(verbs: Any) -> None:
    """Add the verbs that take only the RMA and a note or reason: approve, cancel, close, reject, reopen."""
    for verb, helptext in (("approve", _("approve a requested return")),
                           ("cancel", _("cancel a return before anything arrived")),
                           ("close", _("close a resolved return"))):
        parser = verbs.add_parser(verb, help=helptext)
        parser.add_argument("rma", metavar="RMA")
        parser.add_argument("--note", default=None)
        _if_status(parser)
        parser.set_defaults(handler=run_simple, verb=verb)
    for verb, helptext in (("reject", _("reject a return, saying why")),
                           ("reopen", _("reopen a finished return, saying why"))):
        parser = verbs.add_parser(verb, help=helptext)
        parser.add_argument("rma", metavar="RMA")
        parser.add_argument("--reason", required=True)
        _if_status(parser)
        parser.set_defaults(handler=run_simple, verb=verb)


def _add_receive_and_inspect(verbs: Any) -> None:
    """Add `returns receive` and `returns inspect`."""
    receive = verbs.add_parser("receive", help=_("record items arriving (default: everything requested)"))
    receive.add_argument("rma", metavar="CODE", help=_("the RMA, the label's QR text, a tracking number or a "
                                                       "return kit's code"))
    receive.add_argument("--line", action="append", default=[], metavar="SKU:QTY[:DAMAGED]")
    _if_status(receive)
    receive.set_defaults(handler=run_receive)

    inspect = verbs.add_parser("inspect", help=_("record the inspection of received items"))
    inspect.add_argument("rma", metavar="RMA")
    inspect.add_argument("--line", action="append", default=[], metavar="SKU:CONDITION[:DAMAGED[:fail]]")
    inspect.add_argument("--condition", default="like_new",
                         help=_("condition of every received line not named with --line"))
    _if_status(inspect)
    inspect.set_defaults(handler=run_inspect)


def _add_resolve(verbs: Any) -> None:
    """Add `returns resolve`."""
    resolve = verbs.add_parser("resolve", help=_("resolve lines: refund, store credit, exchange, ..."))
    resolve.add_argument("rma", metavar="RMA")
    resolve.add_argument("--line", action="append", default=[], metavar="SKU:RESOLUTION[:QTY]")
    resolve.add_argument("--all", dest="all_as", metavar="RESOLUTION",
                         help=_("resolve every open line this way"))
    resolve.add_argument("--exchange-sku", default=None, help=_("the item sent out for an exchange"))
    resolve.add_argument("--exchange-rest", default="refund", choices=("refund", "store_credit"),
                         help=_("how a cheaper replacement's difference goes back"))
    resolve.add_argument("--reference", default="", help=_("the payment provider's refund id"))
    resolve.add_argument("--goodwill", default=None, metavar="REASON",
                         help=_("the owner's reason for a refund outside the policy"))
    _if_status(resolve)
    resolve.set_defaults(handler=run_resolve)


def _add_reverse_refund(verbs: Any) -> None:
    """Add `returns reverse-refund` (the owner only)."""
    reverse = verbs.add_parser("reverse-refund", help=_("undo a mistaken refund or store credit (the owner only)"))
    reverse.add_argument("rma", metavar="RMA")
    reverse.add_argument("--line", required=True, metavar="SKU[:QTY]",
                         help=_("the line whose refund to undo (default: every unit refunded or credited)"))
    reverse.add_argument("--reason", required=True, help=_("why the refund is undone"))
    reverse.set_defaults(handler=run_reverse_refund)


def _if_status(parser: Any) -> None:
    """Add `--if-status S`: change the return only if it is still in status S (else refuse, nothing changed)."""
    parser.add_argument("--if-status", dest="if_status", choices=[s.value for s in Status], metavar="S",
                        help=_("change the return only if it is still in this status"))


def _expected(ctx: CliContext, rma: str, if_status: str | None) -> int | None:
    """Return the version the change is based on when --if-status holds; refuse when the return moved on.

    The service compares this version inside its transaction, so a change made by another desk between
    this read and the write is refused too ("changed by NAME at TIME"), never applied on top.
    """
    from desktop_app.core.services import returns

    if if_status is None:
        return None
    detail = returns.get_return(ctx.db, rma)
    status = getattr(detail.status, "value", detail.status)
    if status != if_status:
        raise UserFacingError(Message(
            "{rma} is {status} now, not {expected}: someone changed it meanwhile. Nothing was changed.",
            {"rma": detail.rma, "status": status_label(detail.status), "expected": status_label(Status(if_status))}))
    return detail.version


def _simple(verb: str) -> Callable[..., ReturnDetail]:
    """Return the service of one of the one-step verbs (approve, cancel, close, reject, reopen)."""
    from desktop_app.core.services import returns

    return {"approve": returns.approve, "cancel": returns.cancel, "close": returns.close, "reject": returns.reject,
            "reopen": returns.reopen}[verb]


def _detail(ctx: CliContext, rma: str) -> ReturnDetail:
    from desktop_app.core.services import returns

    return returns.get_return(ctx.db, rma)


def _done(ctx: CliContext, detail: ReturnDetail) -> int:
    print(_("{rma} is now {status}.", rma=detail.rma, status=status_label(Status(detail.status)).render(ctx.lang)))
    return 0


def run_create(ctx: CliContext, args: argparse.Namespace) -> int:
    """Create a return for some lines of an order (lines named by SKU)."""
    from desktop_app.core.services import returns
    from desktop_app.core.services.orders import get_order

    requested = [line_args.requested_line(text) for text in args.line]
    service = ctx.service_context(signed_in=True)
    order = get_order(ctx.db, args.order)
    lines = line_args.order_line_requests(order, requested, line_args.comments_for(args.line, args.comment))
    detail = returns.create_return(service, args.order, lines, resolution=args.resolution,
                                   goodwill_reason=args.goodwill, channel=args.channel)
    print(_("Created return {rma} ({status}).", rma=detail.rma,
            status=status_label(Status(detail.status)).render(ctx.lang)))
    return 0


def run_simple(ctx: CliContext, args: argparse.Namespace) -> int:
    """Approve, cancel, close, reject or reopen one return."""
    service = ctx.service_context(signed_in=True)
    action = _simple(args.verb)
    text = getattr(args, "reason", None) or getattr(args, "note", None)
    return _done(ctx, action(service, args.rma, text, expected_version=_expected(ctx, args.rma, args.if_status)))


def run_receive(ctx: CliContext, args: argparse.Namespace) -> int:
    """Record arriving items; without --line every requested unit not yet received arrives undamaged."""
    from desktop_app.core.services import returns

    service = ctx.service_context(signed_in=True)
    detail = returns.find_scanned(ctx.db, args.rma)  # a kit code or tracking number names its return
    receipts = line_args.receipts(detail, args.line)
    expected = _expected(ctx, detail.rma, args.if_status)
    return _done(ctx, returns.receive(service, detail.rma, receipts, expected_version=expected))


def run_inspect(ctx: CliContext, args: argparse.Namespace) -> int:
    """Record the inspection; without --line every received line passes in the given condition."""
    from desktop_app.core.services import returns

    service = ctx.service_context(signed_in=True)
    detail = _detail(ctx, args.rma)
    findings = line_args.findings(detail, args.line, args.condition)
    expected = _expected(ctx, args.rma, args.if_status)
    return _done(ctx, returns.inspect(service, args.rma, findings, expected_version=expected))


def run_resolve(ctx: CliContext, args: argparse.Namespace) -> int:
    """Resolve the chosen lines as one change: all of them or none, one timeline entry, one message."""
    from desktop_app.core.services import returns

    service = ctx.service_context(signed_in=True)
    detail = _detail(ctx, args.rma)
    plan = line_args.resolutions(detail, args.line, args.all_as)
    expected = _expected(ctx, args.rma, args.if_status)
    if args.goodwill is not None:
        for line_id, _resolution, qty in plan:
            detail = returns.goodwill_refund(service, args.rma, line_id, args.goodwill, qty,
                                     external_reference=args.reference)
        return _done(ctx, detail)
    detail = returns.resolve_lines(service, args.rma, plan, exchange_sku=args.exchange_sku,
                                   exchange_rest=args.exchange_rest, external_reference=args.reference,
                                   expected_version=expected)
    if detail.owner_request is not None:  # above the clerk's limit: asked of the owner, nothing paid yet
        print(_("The refund of {amount} is above your limit; it waits for the owner's approval.",
                amount=money_text(detail.owner_request.amount)))
    return _done(ctx, detail)


def run_reverse_refund(ctx: CliContext, args: argparse.Namespace) -> int:
    """Undo the refund or store credit of some units of one line (the owner; the return goes back to work)."""
    from desktop_app.core.services import returns

    service = ctx.service_context(signed_in=True)
    line_id, qty = line_args.reversal(_detail(ctx, args.rma), args.line)
    return _done(ctx, returns.reverse_refund(service, args.rma, line_id, qty, args.reason))
