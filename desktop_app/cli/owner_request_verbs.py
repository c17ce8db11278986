"""`returns approve-request|decline-request`: the owner answers a clerk's refund or exchange above their limit."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.context import CliContext
from desktop_app.core.i18n import _


def register(verbs: Any) -> None:
    """Add the owner's answers to a waiting request under `returns`."""
    approve = verbs.add_parser("approve-request",
                               help=_("pay what a clerk asked above their limit, as they chose it (the owner)"))
    approve.add_argument("rma", metavar="RMA")
    approve.set_defaults(handler=run_answer, decline=False, note="")
    decline = verbs.add_parser("decline-request",
                               help=_("turn down what a clerk asked above their limit (the owner)"))
    decline.add_argument("rma", metavar="RMA")
    decline.add_argument("--note", default="", help=_("why, for the timeline"))
    decline.set_defaults(handler=run_answer, decline=True)


def run_answer(ctx: CliContext, args: argparse.Namespace) -> int:
    """Approve or decline the request waiting on a return; the service checks that the user is the owner."""
    from desktop_app.core.services import returns

    service = ctx.service_context(signed_in=True)
    if args.decline:
        detail = returns.decline_refund_request(service, args.rma, args.note)
        print(_("The request on {rma} is declined; its lines stay open.", rma=detail.rma))
    else:
        detail = returns.approve_refund_request(service, args.rma)
        print(_("The request on {rma} is approved and paid.", rma=detail.rma))
    return 0
