"""Resolving the lines of a return: one change, one timeline entry and one message for all the lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.core.db.models import Return
from desktop_app.core.domain import lifecycle
from desktop_app.core.domain.lifecycle import EventSpec, ReturnState
from desktop_app.core.domain.policy import Resolution
from desktop_app.core.i18n import Message
from desktop_app.core.services.base import CurrentUser, InvalidInput, ServiceContext
from desktop_app.core.services.returns.amounts import check_offered, policy_amounts
from desktop_app.core.services.returns.events import append_events, commit_transition
from desktop_app.core.services.returns.exchange import check_rest_to, exchange_paid_back, send_exchange
from desktop_app.core.services.returns.exchange_read import units_done
from desktop_app.core.services.returns.lifecycle import Step, change
from desktop_app.core.services.returns.money import (
    GOES_BACK,
    PAID,
    check_clerk_limit,
    clean_text,
    clerk_limit_problem,
    goes_back,
    line_row,
    pay_refund,
)
from desktop_app.core.services.returns.owner_requests import ask_owner, clear_request
from desktop_app.core.services.returns.state import touch
from desktop_app.core.services.returns.views import ReturnDetail

Plan = Sequence[tuple[int, Resolution | str, int] | tuple[int, Resolution | str, int, str]
                | tuple[int, Resolution | str, int, str, str]]


def _resolution(value: Resolution | str) -> Resolution:
    try:
        return Resolution(value)
    except ValueError:
        raise InvalidInput(Message("{value} is not a resolution ReturnDesk knows.", {"value": value})) from None


def _money_for_line(
    s: Session, r: Return, u: CurrentUser, item: tuple[int, Resolution, int, int], how: tuple[str, str, str | None, str]
) -> dict[str, Any]:
    """Pay, exchange or send back one line's units inside the change; return what the timeline records."""
    line_id, res, qty, done = item
    method, reference, exchange_sku, rest_to = how
    row = line_row(r, line_id)
    if res in PAID:
        amounts = policy_amounts(s, r, row, res, done, qty)
        check_clerk_limit(s, r, u, amounts.total)
        refund = pay_refund(s, r, row, qty, amounts, "store_credit" if res == Resolution.STORE_CREDIT else method,
                      reference, u)
        if refund is not None:
            return {"refund_id": refund.id, "amount_minor": refund.amount_minor,
                    "credit_note": refund.credit_note_number, "method": refund.method}
    elif res == Resolution.EXCHANGE:
        return send_exchange(s, r, row, (exchange_sku or "", qty, done), u, (rest_to, method, reference))
    elif res in GOES_BACK:
        if res == Resolution.REPAIR:
            check_offered(s, r, row, res, qty)
        goes_back(s, r, row, qty, "sent_back", u)
    return {}


Wanted = list[tuple[int, Resolution, int, str]]  # line, resolution, units, its exchange SKU ('' for none)


def _paid_total(s: Session, r: Return, st: ReturnState, wanted: Wanted, exchange: tuple[str | None, str]) -> int:
    """Return what the plan pays out in all (refunds, store credit, keep-it, exchanges' rests), in minor units."""
    exchange_sku, exchange_rest_to = exchange
    paid: dict[int, int] = {}
    total = 0
    for line_id, res, qty, sku in wanted:
        row = line_row(r, line_id)
        done = units_done(s, st, row) + paid.get(line_id, 0)
        if res in PAID:
            total += max(0, policy_amounts(s, r, row, res, done, qty).total)
            paid[line_id] = paid.get(line_id, 0) + qty
        elif res == Resolution.EXCHANGE and (sku or exchange_sku):
            check_rest_to(exchange_rest_to)
            total += exchange_paid_back(s, r, row, (sku or exchange_sku or "", qty, done))
    return total


def _with_wishes(r: Return, wanted: Wanted, exchange_sku: str | None) -> Wanted:
    """Send the item the customer chose (portal exchange choice) on an exchange line the desk names no item for."""
    if exchange_sku:
        return wanted
    return [(line_id, res, qty, sku or (line_row(r, line_id).wanted_sku or "") if res == Resolution.EXCHANGE else sku)
            for line_id, res, qty, sku in wanted]


def _resolve_step(wanted: Wanted, references: list[str], method: str, exchange: tuple[str | None, str]) -> Step:
    """Return the change that resolves the plan; a clerk's refund above their limit goes to the owner instead."""
    exchange_sku, exchange_rest = exchange

    def step(s: Session, r: Return, st: ReturnState, u: CurrentUser) -> None:
        chosen = _with_wishes(r, wanted, exchange_sku)
        transition = lifecycle.resolve_lines(st, chosen, exchange_sku=exchange_sku, is_owner=u.is_owner)
        total = _paid_total(s, r, st, chosen, exchange)
        if clerk_limit_problem(s, r, u, total) is not None:
            plan = {"lines": [[*w[:3], ref, w[3]] for w, ref in zip(chosen, references, strict=True)],
                    "method": method, "exchange_sku": exchange_sku, "exchange_rest": exchange_rest}
            ask_owner(s, r, st, u, plan, total)
            return
        paid: dict[int, int] = {}
        records = []
        for (line_id, res, qty, sku), reference in zip(chosen, references, strict=True):
            done = units_done(s, st, line_row(r, line_id)) + paid.get(line_id, 0)
            records.append(_money_for_line(s, r, u, (line_id, res, qty, done),
                                           (method, reference, sku or exchange_sku, exchange_rest)))
            if res in PAID:
                paid[line_id] = paid.get(line_id, 0) + qty
        clear_request(r)
        commit_transition(s, r, transition, u, _extra(transition, records))

    return step


def resolve_lines(
    ctx: ServiceContext,
    rma: str,
    plan: Plan,
    *,
    method: str = "original_payment",
    external_reference: str = "",
    exchange_sku: str | None = None,
    exchange_rest: str = "refund",
    expected_version: int | None = None,
) -> ReturnDetail:
    """Resolve lines (id, resolution, units[, reference[, exchange SKU]]) in one transaction, entry and message.

    An exchange sends its line's SKU (else `exchange_sku`) out: a higher price leaves a payment due, a lower
    one is paid back as `exchange_rest` ("refund" or "store_credit"). A clerk's resolution that pays out more
    than their limit is not refused: it waits on the return for the owner (ReturnDetail.owner_request,
    approve_refund_request).
    """
    wanted = [(int(item[0]), _resolution(item[1]), int(item[2]),
               str(item[4]).strip() if len(item) > 4 and item[4] else "") for item in plan]
    method = clean_text(method, 32, Message("The method")) or "original_payment"
    references = [clean_text(str(item[3]) if len(item) > 3 else external_reference, 128,
                             Message("The refund reference")) for item in plan]
    return change(ctx, rma, expected_version, _resolve_step(wanted, references, method,
                                                            (exchange_sku, exchange_rest)))


def approve_refund_request(ctx: ServiceContext, rma: str, expected_version: int | None = None) -> ReturnDetail:
    """Owner: pay the resolution a clerk asked for above their limit, exactly as the clerk chose it."""

    def step(s: Session, r: Return, st: ReturnState, u: CurrentUser) -> None:
        req = r.owner_request
        if not req:
            raise InvalidInput(Message("{rma} has no refund waiting for the owner.", {"rma": r.rma}))
        lines = req.get("lines") or []
        wanted = [(int(a), _resolution(b), int(c), str(rest[1]) if len(rest) > 1 else "") for a, b, c, *rest in lines]
        references = [str(rest[0]) if rest else "" for _a, _b, _c, *rest in lines]
        exchange = (req.get("exchange_sku"), str(req.get("exchange_rest") or "refund"))
        _resolve_step(wanted, references, str(req.get("method") or "original_payment"), exchange)(s, r, st, u)

    return change(ctx, rma, expected_version, step, owner_action=Message("approve a refund above the clerks' limit"))


def decline_refund_request(ctx: ServiceContext, rma: str, note: str = "",
                           expected_version: int | None = None) -> ReturnDetail:
    """Owner: turn down a clerk's waiting refund; the lines stay open for another resolution."""
    text = clean_text(note, 2000, Message("The note"))

    def step(s: Session, r: Return, st: ReturnState, u: CurrentUser) -> None:
        if not r.owner_request:
            raise InvalidInput(Message("{rma} has no refund waiting for the owner.", {"rma": r.rma}))
        clear_request(r)
        touch(r, u)
        append_events(s, r, (EventSpec("refund_request_declined", st.status, st.status, text, {}),), u)

    return change(ctx, rma, expected_version, step, owner_action=Message("decline a refund request"))


def _extra(transition: lifecycle.Transition, records: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the money the one timeline entry records: each line's payment and the whole change's."""
    ids = [rec["refund_id"] for rec in records if rec.get("refund_id")]
    total = sum(int(rec.get("amount_minor") or 0) for rec in records)
    if len(records) == 1:
        return {**records[0], "refund_ids": ids}
    lines = transition.events[0].data.get("lines") or []
    for line, rec in zip(lines, records, strict=False):
        line.update(rec)
    return {"refund_ids": ids, "amount_minor": total, "lines": lines}


def resolve_line(
    ctx: ServiceContext,
    rma: str,
    line_id: int,
    resolution: Resolution | str,
    qty: int,
    *,
    method: str = "original_payment",
    external_reference: str = "",
    exchange_sku: str | None = None,
    exchange_rest: str = "refund",
    expected_version: int | None = None,
) -> ReturnDetail:
    """Give units of one line their resolution: refund, store credit, exchange, repair, keep-it or send back."""
    return resolve_lines(ctx, rma, [(line_id, resolution, qty)], method=method,
                         external_reference=external_reference, exchange_sku=exchange_sku,
                         exchange_rest=exchange_rest, expected_version=expected_version)
