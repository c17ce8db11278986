"""The returns lifecycle (DESIGN capability 3) as pure functions: state + action -> Transition or refusal.

Every action returns the new `ReturnState` and the `EventSpec`s the services append to the timeline;
nothing is ever edited in place, mistakes are undone by compensating events (reversals).
Receipt events carry `restock_qty` (received minus damaged) for the services' inventory movement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from desktop_app.core.domain.lifecycle_labels import status_label
from desktop_app.core.domain.lifecycle_resolve import (
    one_event,
    override_goodwill,
    resolve_line,
    resolve_lines,
    reverse_refund,
)
from desktop_app.core.domain.lifecycle_state import (
    END_STATUSES,
    OPEN_STATUSES,
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
from desktop_app.core.domain.policy import Condition
from desktop_app.core.i18n import N_

__all__ = [
    "END_STATUSES",
    "OPEN_STATUSES",
    "EventSpec",
    "LineState",
    "ReturnState",
    "Status",
    "Transition",
    "add_unexpected_item",
    "allowed_actions",
    "approve",
    "cancel",
    "close",
    "create",
    "inspect",
    "override_goodwill",
    "receive",
    "reject",
    "reopen",
    "resolve_line",
    "resolve_lines",
    "reverse_receipt",
    "reverse_refund",
    "status_label",
]

_RECEIVING = (Status.APPROVED, Status.PARTIALLY_RECEIVED)
_HOLDING = (Status.PARTIALLY_RECEIVED, Status.RECEIVED, Status.INSPECTED, Status.RESOLVED)


def _check_not_beyond_bought(line: LineState) -> None:
    if line.requested_qty > line.returnable_qty:
        raise refuse(
            N_("Line {line}: {requested} units asked for, but only {left} of the {bought} bought are "
                     "not already in another return."), line=line.shown, requested=line.requested_qty,
                     left=line.returnable_qty, bought=line.purchased_qty)


def create(lines: Sequence[LineState], note: str | None = None) -> Transition:
    """Open a new return in `requested` for some lines of one order."""
    if not lines:
        raise refuse(N_("Choose at least one line to return."))
    for line in lines:
        require_positive(line.requested_qty)
        _check_not_beyond_bought(line)
    state = ReturnState(Status.REQUESTED, tuple(lines))
    data = {"lines": {line.line_id: line.requested_qty for line in lines}}
    return Transition(state, (EventSpec("created", None, Status.REQUESTED, note, data),))


def _move(state: ReturnState, to: Status, kind: str, note: str | None = None,
          data: dict[str, Any] | None = None) -> Transition:
    return Transition(replace(state, status=to), (EventSpec(kind, state.status, to, note, data or {}),))


def approve(state: ReturnState, note: str | None = None) -> Transition:
    """Approve a requested return so its parcel can be received."""
    require_status(state, (Status.REQUESTED,))
    for line in state.lines:
        _check_not_beyond_bought(line)
    return _move(state, Status.APPROVED, "approved", note)


def reject(state: ReturnState, note: str) -> Transition:
    """Refuse a return before anything arrived; the reason is mandatory."""
    note = require_reason(note)
    require_status(state, (Status.REQUESTED, Status.APPROVED))
    if state.anything_received:
        raise refuse(N_("Items of this return have arrived; resolve it (for example send them back) instead "
                     "of rejecting it."))
    return _move(state, Status.REJECTED, "rejected", note)


def cancel(state: ReturnState, note: str | None = None) -> Transition:
    """Cancel a return; only possible before anything is received."""
    if state.anything_received:
        raise refuse(N_("A return cannot be cancelled once items have been received."))
    require_status(state, (Status.REQUESTED, Status.APPROVED))
    return _move(state, Status.CANCELLED, "cancelled", note)


def receive(state: ReturnState, receipts: Mapping[int, tuple[int, int]]) -> Transition:
    """Record units arriving: line id -> (quantity, of which damaged)."""
    require_status(state, _RECEIVING)
    if not receipts:
        raise refuse(N_("Scan or enter at least one received item."))
    new = state
    events: list[EventSpec] = []
    for line_id, (qty, damaged) in receipts.items():
        line = new.line(line_id)
        require_positive(qty)
        if damaged < 0 or damaged > qty:
            raise refuse(N_("The damaged quantity must be between 0 and the {qty} units received."), qty=qty)
        if line.received_qty + qty > line.requested_qty:
            raise refuse(
                N_("Line {line}: {qty} more units would exceed the {requested} requested. Record the "
                         "extra units as an unexpected item."), line=line.shown, qty=qty,
                         requested=line.requested_qty)
        new = new.with_line(replace(line, received_qty=line.received_qty + qty,
                                    damaged_qty=line.damaged_qty + damaged))
        events.append(EventSpec("received", state.status, None, None,
                                {"line_id": line_id, "qty": qty, "damaged_qty": damaged,
                                 "restock_qty": qty - damaged}))
    new = replace(new, status=progress_status(new))
    return Transition(new, (one_event(state, new, events),))


def add_unexpected_item(state: ReturnState, line_id: int, qty: int, damaged_qty: int = 0,
                        purchased_qty: int = 0, note: str | None = None) -> Transition:
    """Record units that arrived without being requested as a new line, flagged for the owner.

    `line_id` is the new return line the services created for the item (it may point to the same order
    line as a requested one). Unexpected units never move stock here: the owner decides what happens.
    """
    require_status(state, (Status.APPROVED, Status.PARTIALLY_RECEIVED, Status.RECEIVED, Status.INSPECTED))
    require_positive(qty)
    if damaged_qty < 0 or damaged_qty > qty:
        raise refuse(N_("The damaged quantity must be between 0 and the {qty} units received."), qty=qty)
    if any(item.line_id == line_id for item in state.lines):
        raise refuse(N_("Line {line} is already on this return; record the unexpected item as a new line."),
                     line=line_id)
    line = LineState(line_id=line_id, purchased_qty=purchased_qty, received_qty=qty,
                     damaged_qty=damaged_qty, unexpected=True)
    new = state.with_line(line)
    to = progress_status(new)
    new = replace(new, status=to)
    return Transition(new, (EventSpec("unexpected_item", state.status, to, note,
                                      {"line_id": line_id, "qty": qty, "damaged_qty": damaged_qty,
                                       "restock_qty": 0, "needs_owner": True}),))


def inspect(state: ReturnState, findings: Mapping[int, tuple[Condition, int, bool]]) -> Transition:
    """Record inspection: line id -> (condition, damaged units, passed)."""
    require_status(state, (Status.PARTIALLY_RECEIVED, Status.RECEIVED, Status.INSPECTED))
    if not findings:
        raise refuse(N_("Enter the inspection result of at least one line."))
    new = state
    events: list[EventSpec] = []
    for line_id, (condition, damaged, passed) in findings.items():
        line = new.line(line_id)
        if line.received_qty <= 0:
            raise refuse(
                N_("Line {line} has not been received yet, so it cannot be inspected."), line=line.shown)
        if damaged < 0 or damaged > line.received_qty:
            raise refuse(N_("The damaged quantity must be between 0 and the {qty} units received."),
                         qty=line.received_qty)
        restock_change = 0 if line.unexpected else line.damaged_qty - damaged
        new = new.with_line(replace(line, inspected=True, passed=bool(passed), damaged_qty=damaged,
                                    condition=Condition(condition)))
        events.append(EventSpec("inspected", state.status, None, None,
                                {"line_id": line_id, "condition": Condition(condition).value,
                                 "damaged_qty": damaged, "passed": bool(passed),
                                 "restock_qty": restock_change}))
    to = state.status if state.status == Status.PARTIALLY_RECEIVED else progress_status(new)
    new = replace(new, status=to)
    return Transition(new, tuple(replace(e, to_status=to) for e in events))


def reverse_receipt(state: ReturnState, line_id: int, qty: int, reason: str) -> Transition:
    """Undo a mistaken receipt with a compensating event (stock goes back out for undamaged units)."""
    reason = require_reason(reason)
    require_status(state, _HOLDING)
    require_positive(qty)
    line = state.line(line_id)
    free = line.received_qty - line.resolved_qty
    if qty > free:
        raise refuse(N_("Only {free} received units of line {line} are not yet resolved; reverse the refund "
                     "first."), free=max(0, free), line=line.shown)
    received = line.received_qty - qty
    damaged = min(line.damaged_qty, received)
    undamaged_removed = qty - (line.damaged_qty - damaged)
    new = state.with_line(replace(line, received_qty=received, damaged_qty=damaged,
                                  inspected=line.inspected and received > 0))
    to = progress_status(new)
    new = replace(new, status=to)
    return Transition(new, (EventSpec("receipt_reversed", state.status, to, reason,
                                      {"line_id": line_id, "qty": qty,
                                       "restock_qty": 0 if line.unexpected else -undamaged_removed}),))


def reopen(state: ReturnState, reason: str) -> Transition:
    """Reopen a closed, rejected or cancelled return (the reason is kept on the timeline)."""
    reason = require_reason(reason)
    require_status(state, (Status.CLOSED, Status.RESOLVED, Status.REJECTED, Status.CANCELLED))
    if state.status in (Status.REJECTED, Status.CANCELLED):
        to = Status.REQUESTED
    else:
        to = progress_status(state)
        if to == Status.RESOLVED:
            received = [item for item in state.lines if item.received_qty > 0]
            if not received:
                to = Status.APPROVED
            elif all(item.inspected for item in received):
                to = Status.INSPECTED
            else:
                to = Status.RECEIVED
    return _move(state, to, "reopened", reason)


def close(state: ReturnState, note: str | None = None, is_owner: bool = False) -> Transition:
    """Close a resolved return; the owner may close an unfinished one with a note."""
    if state.status == Status.RESOLVED:
        return _move(state, Status.CLOSED, "closed", note)
    require_status(state, OPEN_STATUSES)
    if not is_owner:
        raise refuse(N_("Only a resolved return can be closed; the owner can close it early with a note."))
    return _move(state, Status.CLOSED, "closed", require_reason(note))


def allowed_actions(state: ReturnState) -> set[str]:
    """Return the names of the actions the rules allow now (for the window's buttons)."""
    s = state.status
    out: set[str] = set()
    if s == Status.REQUESTED:
        out |= {"approve", "reject", "cancel"}
    if s == Status.APPROVED:
        out |= {"reject", "cancel", "receive", "add_unexpected_item", "resolve_line", "override_goodwill"}
        if state.anything_received:
            out -= {"reject", "cancel"}
    if s == Status.PARTIALLY_RECEIVED:
        out |= {"receive", "add_unexpected_item", "inspect", "resolve_line", "override_goodwill",
                "reverse_receipt"}
    if s in (Status.RECEIVED, Status.INSPECTED):
        out |= {"add_unexpected_item", "inspect", "resolve_line", "override_goodwill", "reverse_receipt"}
    if any(item.paid_out_qty > 0 for item in state.lines) and s in (*_HOLDING, Status.CLOSED):
        out.add("reverse_refund")
    if s == Status.RESOLVED:
        out.add("close")
    elif s in OPEN_STATUSES:
        out.add("close")  # owner only, with a note
    if s in END_STATUSES or s == Status.RESOLVED:
        out.add("reopen")
    return out
