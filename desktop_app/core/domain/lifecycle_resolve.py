"""Per-line resolutions of a return, the owner's goodwill override, and refund reversal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from desktop_app.core.domain.lifecycle_state import (
    MONEY_RESOLUTIONS,
    EventSpec,
    LineState,
    ReturnState,
    Status,
    Transition,
    progress_status,
    refuse,
    require_positive,
    require_reason,
    require_status,
)
from desktop_app.core.domain.policy import Resolution
from desktop_app.core.i18n import N_

_WORKING = (Status.APPROVED, Status.PARTIALLY_RECEIVED, Status.RECEIVED, Status.INSPECTED)


def _resolution_limit(state: ReturnState, line: LineState, resolution: Resolution, goodwill: bool,
                      exchange_sku: str | None) -> int:
    """Refuse a resolution the line's receipt or inspection does not allow; return how many units it may cover."""
    if resolution == Resolution.KEEP_IT:
        limit = line.target_qty
    elif goodwill:
        limit = max(line.requested_qty, line.received_qty)
    else:
        if line.received_qty <= 0:
            raise refuse(N_("Line {line} has not been received yet; only keep-it can be granted without the "
                         "item."), line=line.shown)
        limit = line.received_qty
    if state.status == Status.APPROVED and resolution != Resolution.KEEP_IT and not goodwill:
        raise refuse(
            N_("Line {line} has not been received yet; only keep-it can be granted without the item."),
                     line=line.shown)

    if resolution == Resolution.SEND_BACK:
        if line.passed is not False:
            raise refuse(N_("Items are sent back only after they failed inspection."))
    elif line.passed is False and not goodwill and resolution in MONEY_RESOLUTIONS | {Resolution.EXCHANGE}:
        raise refuse(
            N_("Line {line} failed inspection: send it back, or the owner can grant a goodwill refund "
                     "with a reason."), line=line.shown)
    if resolution == Resolution.EXCHANGE and not (exchange_sku and exchange_sku.strip()):
        raise refuse(N_("An exchange needs the item to send out: choose its SKU."))
    return limit


def resolve_line(state: ReturnState, line_id: int, resolution: Resolution, qty: int,
                 exchange_sku: str | None = None, goodwill_reason: str | None = None,
                 is_owner: bool = False) -> Transition:
    """Give `qty` units of a line a resolution; the return is resolved when all its lines are."""
    resolution = Resolution(resolution)
    require_status(state, (*_WORKING, Status.RESOLVED))  # resolved: the quantity guards explain the refusal
    require_positive(qty)
    line = state.line(line_id)
    goodwill = goodwill_reason is not None
    if goodwill:
        goodwill_reason = require_reason(goodwill_reason)
        if not is_owner:
            raise refuse(N_("Only the owner can grant a goodwill refund."))

    limit = _resolution_limit(state, line, resolution, goodwill, exchange_sku)
    if resolution in MONEY_RESOLUTIONS and line.paid_out_qty + qty > limit:
        if line.paid_out_qty > 0:
            raise refuse(N_("{qty} units of line {line} would be paid for twice: {done} are already refunded "
                         "or credited."), qty=qty, line=line.shown, done=line.paid_out_qty)
        raise refuse(N_("Only {limit} units of line {line} can be refunded."), limit=limit, line=line.shown)
    if line.resolved_qty + qty > max(limit, line.target_qty):
        raise refuse(N_("Only {left} units of line {line} still need a resolution."),
                     left=max(0, line.target_qty - line.resolved_qty), line=line.shown)

    refunded = line.refunded_qty + (qty if resolution in (Resolution.REFUND, Resolution.KEEP_IT) else 0)
    credited = line.credited_qty + (qty if resolution == Resolution.STORE_CREDIT else 0)
    new_line = replace(line, resolution=resolution, resolved_qty=line.resolved_qty + qty,
                       refunded_qty=refunded, credited_qty=credited,
                       exchange_sku=exchange_sku.strip() if exchange_sku else line.exchange_sku)
    new = state.with_line(new_line)
    to = progress_status(new)
    if to != Status.RESOLVED:
        to = state.status
    new = replace(new, status=to)
    data = {"line_id": line_id, "resolution": resolution.value, "qty": qty,
            "exchange_sku": new_line.exchange_sku if resolution == Resolution.EXCHANGE else None,
            "goodwill": goodwill, "without_receipt": line.received_qty == 0}
    kind = "goodwill_refund" if goodwill else "line_resolved"
    return Transition(new, (EventSpec(kind, state.status, to, goodwill_reason, data),))


def one_event(before: ReturnState, after: ReturnState, events: Sequence[EventSpec]) -> EventSpec:
    """Merge the per-line events of one change into one timeline entry listing every line."""
    if len(events) == 1:
        return replace(events[0], from_status=before.status, to_status=after.status)
    lines = [dict(e.data) for e in events]
    kinds = {e.kind for e in events}
    data: dict[str, Any] = {"lines": lines, "line_ids": [d.get("line_id") for d in lines]}
    for key in ("qty", "damaged_qty", "restock_qty"):
        if any(key in d for d in lines):
            data[key] = sum(int(d.get(key) or 0) for d in lines)
    resolutions = {d.get("resolution") for d in lines if "resolution" in d}
    if resolutions:
        data["resolution"] = resolutions.pop() if len(resolutions) == 1 else "mixed"
    kind = kinds.pop() if len(kinds) == 1 else events[0].kind
    return EventSpec(kind, before.status, after.status, events[0].note, data)


def resolve_lines(state: ReturnState, plan: Sequence[tuple[int, Resolution, int] | tuple[int, Resolution, int, str]],
                  exchange_sku: str | None = None, is_owner: bool = False) -> Transition:
    """Resolve several lines (line, resolution, units[, its exchange SKU]) as one change with one timeline entry."""
    if not plan:
        raise refuse(N_("Choose at least one line to resolve."))
    new, events = state, list[EventSpec]()
    for item in plan:
        line_id, resolution, qty = item[0], item[1], item[2]
        sku = (item[3] if len(item) > 3 else None) or exchange_sku
        step = resolve_line(new, line_id, resolution, qty, exchange_sku=sku, is_owner=is_owner)
        new = step.state
        events.extend(step.events)
    return Transition(new, (one_event(state, new, events),))


def override_goodwill(state: ReturnState, line_id: int, reason: str, qty: int | None = None,
                      is_owner: bool = True) -> Transition:
    """Owner's goodwill refund outside the policy; the reason is mandatory."""
    reason = require_reason(reason)
    line = state.line(line_id)
    if qty is None:
        qty = max(line.requested_qty, line.received_qty) - line.paid_out_qty
        if qty <= 0:
            raise refuse(N_("{qty} units of line {line} would be paid for twice: {done} are already refunded "
                         "or credited."), qty=line.paid_out_qty, line=line.shown, done=line.paid_out_qty)
    return resolve_line(state, line_id, Resolution.REFUND, qty, goodwill_reason=reason, is_owner=is_owner)


def reverse_refund(state: ReturnState, line_id: int, qty: int, reason: str) -> Transition:
    """Undo a mistaken refund or credit with a compensating event; the return goes back to work."""
    reason = require_reason(reason)
    require_status(state, (*_WORKING, Status.RESOLVED, Status.CLOSED))
    require_positive(qty)
    line = state.line(line_id)
    if qty > line.paid_out_qty:
        raise refuse(N_("Only {done} units of line {line} were refunded or credited."),
                     done=line.paid_out_qty, line=line.shown)
    from_refund = min(qty, line.refunded_qty)
    from_credit = qty - from_refund
    resolved = max(0, line.resolved_qty - qty)
    new_line = replace(line, refunded_qty=line.refunded_qty - from_refund,
                       credited_qty=line.credited_qty - from_credit, resolved_qty=resolved,
                       resolution=line.resolution if resolved else None)
    new = state.with_line(new_line)
    to = progress_status(new)
    new = replace(new, status=to)
    return Transition(new, (EventSpec("refund_reversed", state.status, to, reason,
                                      {"line_id": line_id, "qty": qty, "refund_qty": from_refund,
                                       "credit_qty": from_credit}),))
