"""Returns lifecycle: the happy path, one test per guard, overrides, reversals, reopen, allowed actions."""

import pytest

from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.lifecycle import (
    LineState,
    ReturnState,
    Status,
    add_unexpected_item,
    allowed_actions,
    approve,
    cancel,
    close,
    create,
    inspect,
    override_goodwill,
    receive,
    reject,
    reopen,
    resolve_line,
    reverse_receipt,
    reverse_refund,
)
from desktop_app.core.domain.policy import Condition, Resolution


def approved(*lines):
    """Return an approved return for lines given as (line_id, purchased, requested)."""
    return approve(create([LineState(i, bought, requested_qty=req) for i, bought, req in lines]).state).state


def received(*lines):
    """Return a return whose lines all arrived undamaged."""
    state = approved(*lines)
    return receive(state, {i: (req, 0) for i, _b, req in lines}).state


def refused(fn, *args, **kwargs):
    """Return the English text of the refusal an action raises."""
    with pytest.raises(RuleViolation) as err:
        fn(*args, **kwargs)
    assert err.value.render("zh_CN") != err.value.render("en")  # every refusal is translated
    return err.value.render("en")


def test_happy_path_to_closed_with_events():
    t = create([LineState(1, 3, requested_qty=2)], note="by phone")
    assert t.state.status == Status.REQUESTED and t.events[0].kind == "created"
    state = approve(t.state).state
    t = receive(state, {1: (1, 0)})
    assert t.state.status == Status.PARTIALLY_RECEIVED
    t = receive(t.state, {1: (1, 0)})
    assert t.state.status == Status.RECEIVED
    t = inspect(t.state, {1: (Condition.LIKE_NEW, 0, True)})
    assert t.state.status == Status.INSPECTED
    t = resolve_line(t.state, 1, Resolution.REFUND, 2)
    assert t.state.status == Status.RESOLVED and t.state.line(1).refunded_qty == 2
    assert (t.events[0].from_status, t.events[0].to_status) == (Status.INSPECTED, Status.RESOLVED)
    assert close(t.state).state.status == Status.CLOSED


def test_resolution_is_per_line_and_the_return_resolves_when_all_lines_do():
    state = received((1, 1, 1), (2, 1, 1))
    state = resolve_line(state, 1, Resolution.STORE_CREDIT, 1).state
    assert state.status == Status.RECEIVED and state.line(1).credited_qty == 1
    state = resolve_line(state, 2, Resolution.EXCHANGE, 1, exchange_sku="TEE-L").state
    assert state.status == Status.RESOLVED and state.line(2).exchange_sku == "TEE-L"


# --- one test per guard -------------------------------------------------------------------------------

def test_guard_cancel_only_before_anything_is_received():
    assert cancel(approved((1, 2, 2))).state.status == Status.CANCELLED
    state = receive(approved((1, 2, 2)), {1: (1, 0)}).state
    assert refused(cancel, state) == "A return cannot be cancelled once items have been received."


def test_guard_never_returned_beyond_what_was_bought_across_returns():
    line = LineState(1, purchased_qty=3, returned_elsewhere_qty=2, requested_qty=2)
    assert "only 1 of the 3 bought" in refused(create, [line])
    assert create([LineState(1, 3, returned_elsewhere_qty=2, requested_qty=1)]).state.status == Status.REQUESTED
    # a sibling return approved in the meantime is caught again at approval
    state = ReturnState(Status.REQUESTED, (line,))
    assert "only 1 of the 3 bought" in refused(approve, state)


def test_guard_receiving_more_than_requested_hints_at_an_unexpected_item():
    state = approved((1, 5, 2))
    message = refused(receive, state, {1: (3, 0)})
    assert "Record the extra units as an unexpected item." in message


def test_guard_damaged_units_never_restock():
    t = receive(approved((1, 5, 3)), {1: (3, 1)})
    assert t.events[0].data["restock_qty"] == 2
    t = inspect(t.state, {1: (Condition.DAMAGED, 2, True)})
    assert t.events[0].data["restock_qty"] == -1  # one more unit found damaged leaves stock again
    assert t.state.line(1).restockable_qty == 1
    assert refused(receive, approved((1, 5, 3)), {1: (1, 2)}).startswith("The damaged quantity must be")


def test_guard_exchange_needs_an_outgoing_item():
    state = received((1, 1, 1))
    assert refused(resolve_line, state, 1, Resolution.EXCHANGE, 1) == \
        "An exchange needs the item to send out: choose its SKU."
    assert refused(resolve_line, state, 1, Resolution.EXCHANGE, 1, exchange_sku="  ")


def test_guard_a_second_refund_of_the_same_units_is_refused():
    state = resolve_line(received((1, 2, 2)), 1, Resolution.REFUND, 2).state
    with pytest.raises(RuleViolation) as err:
        resolve_line(state, 1, Resolution.REFUND, 1)
    assert err.value.msgid.startswith("{qty} units of line {line} would be paid for twice")
    assert err.value.values == {"qty": 1, "line": "#1", "done": 2}  # a line without a SKU: its id
    assert "重复付款" in err.value.render("zh_CN")
    # store credit on top of a refund is a second payment too
    state = resolve_line(received((1, 2, 2)), 1, Resolution.REFUND, 1).state
    assert "paid for twice" in refused(resolve_line, state, 1, Resolution.STORE_CREDIT, 2)


def test_guard_refund_needs_the_item_unless_keep_it():
    state = approved((1, 1, 1))
    assert "only keep-it can be granted" in refused(resolve_line, state, 1, Resolution.REFUND, 1)


def test_guard_failed_inspection_blocks_refund_but_allows_send_back():
    state = inspect(received((1, 1, 1)), {1: (Condition.USED, 0, False)}).state
    assert "failed inspection" in refused(resolve_line, state, 1, Resolution.REFUND, 1)
    t = resolve_line(state, 1, Resolution.SEND_BACK, 1)
    assert t.state.status == Status.RESOLVED and t.state.line(1).refunded_qty == 0


def test_guard_send_back_only_after_failed_inspection():
    assert refused(resolve_line, received((1, 1, 1)), 1, Resolution.SEND_BACK, 1) == \
        "Items are sent back only after they failed inspection."


def test_guard_wrong_status_is_refused_with_the_status_name():
    state = create([LineState(1, 1, requested_qty=1)]).state
    assert refused(receive, state, {1: (1, 0)}) == "This cannot be done while the return is requested."
    closed = close(resolve_line(received((1, 1, 1)), 1, Resolution.REFUND, 1).state).state
    assert refused(approve, closed) == "This cannot be done while the return is closed."


def test_guard_quantities_must_be_positive_and_lines_must_exist():
    state = received((1, 2, 2))
    assert refused(resolve_line, state, 1, Resolution.REFUND, 0) == "The quantity must be at least 1."
    assert refused(resolve_line, state, 9, Resolution.REFUND, 1) == "This return has no line 9."


def test_guard_reasons_are_mandatory_for_reject_reverse_reopen_and_goodwill():
    state = approved((1, 1, 1))
    assert refused(reject, state, " ") == "Give a reason: it is kept on the return's timeline."
    assert refused(reverse_receipt, received((1, 1, 1)), 1, 1, "")
    assert refused(override_goodwill, received((1, 1, 1)), 1, "")
    assert refused(reopen, cancel(state).state, "")


def test_guard_reject_only_before_items_arrived():
    assert reject(approved((1, 1, 1)), "outside policy").state.status == Status.REJECTED
    state = ReturnState(Status.APPROVED, (LineState(1, 2, requested_qty=2, received_qty=1),))
    assert "instead of rejecting it" in refused(reject, state, "no")


def test_guard_close_only_when_resolved_unless_owner():
    state = received((1, 1, 1))
    assert "owner can close it early" in refused(close, state)
    assert close(state, note="customer withdrew", is_owner=True).state.status == Status.CLOSED


# --- overrides, unexpected items, keep-it, reversals, reopen ----------------------------------------

def test_keep_it_without_receipt_from_approved():
    t = resolve_line(approved((1, 1, 1)), 1, Resolution.KEEP_IT, 1)
    assert t.state.status == Status.RESOLVED
    assert t.events[0].data["without_receipt"] is True and t.state.line(1).refunded_qty == 1


def test_goodwill_refund_is_owner_only_with_a_reason():
    state = inspect(received((1, 1, 1)), {1: (Condition.DAMAGED, 1, False)}).state
    assert refused(override_goodwill, state, 1, "loyal customer", is_owner=False) == \
        "Only the owner can grant a goodwill refund."
    t = override_goodwill(state, 1, "loyal customer")
    assert t.events[0].kind == "goodwill_refund" and t.events[0].note == "loyal customer"
    assert t.state.line(1).refunded_qty == 1 and t.state.status == Status.RESOLVED
    assert "paid for twice" in refused(override_goodwill, t.state, 1, "again")


def test_unexpected_item_is_flagged_for_the_owner_and_not_restocked():
    state = receive(approved((1, 1, 1)), {1: (1, 0)}).state
    t = add_unexpected_item(state, 55, 1, purchased_qty=0, note="extra sock in the box")
    assert t.state.line(55).unexpected and t.state.line(55).received_qty == 1
    assert t.events[0].data["needs_owner"] is True and t.events[0].data["restock_qty"] == 0


def test_reverse_receipt_is_a_compensating_event():
    state = receive(approved((1, 3, 3)), {1: (3, 1)}).state
    t = reverse_receipt(state, 1, 1, "scanned twice")
    assert t.state.line(1).received_qty == 2 and t.state.status == Status.PARTIALLY_RECEIVED
    assert t.events[0].kind == "receipt_reversed" and t.events[0].data["restock_qty"] == -1
    t = reverse_receipt(t.state, 1, 2, "wrong parcel")
    assert t.state.status == Status.APPROVED and t.state.line(1).damaged_qty == 0
    assert t.events[0].data["restock_qty"] == -1  # one undamaged unit leaves stock, the damaged one never entered


def test_reverse_receipt_refused_for_resolved_units():
    state = resolve_line(received((1, 1, 1)), 1, Resolution.REFUND, 1).state
    assert "reverse the refund first" in refused(reverse_receipt, state, 1, 1, "oops")


def test_reverse_refund_reopens_the_work_and_allows_a_correct_refund():
    state = close(resolve_line(received((1, 2, 2)), 1, Resolution.REFUND, 2).state).state
    t = reverse_refund(state, 1, 1, "refunded the wrong amount")
    assert t.events[0].kind == "refund_reversed" and t.state.line(1).refunded_qty == 1
    assert t.state.status == Status.RECEIVED
    assert resolve_line(t.state, 1, Resolution.REFUND, 1).state.status == Status.RESOLVED
    assert refused(reverse_refund, t.state, 1, 2, "too many") == \
        "Only 1 units of line #1 were refunded or credited."


def test_a_refusal_names_the_line_by_its_sku():
    lines = [LineState(7, 2, requested_qty=2, sku="MUG-1"), LineState(8, 1, requested_qty=1, sku="TEE-M")]
    state = receive(approve(create(lines).state).state, {7: (2, 0)}).state
    assert refused(inspect, state, {8: (Condition.LIKE_NEW, 0, True)}) == (
        "Line TEE-M has not been received yet, so it cannot be inspected.")
    assert refused(resolve_line, state, 8, Resolution.REFUND, 1) == (
        "Line TEE-M has not been received yet; only keep-it can be granted without the item.")


@pytest.mark.parametrize(("start", "expected"), [
    ("closed", Status.INSPECTED), ("cancelled", Status.REQUESTED), ("rejected", Status.REQUESTED),
])
def test_reopen(start, expected):
    if start == "closed":
        state = inspect(received((1, 1, 1)), {1: (Condition.LIKE_NEW, 0, True)}).state
        state = close(resolve_line(state, 1, Resolution.REFUND, 1).state).state
    elif start == "cancelled":
        state = cancel(approved((1, 1, 1))).state
    else:
        state = reject(approved((1, 1, 1)), "late").state
    t = reopen(state, "customer called back")
    assert t.state.status == expected and t.events[0].note == "customer called back"


@pytest.mark.parametrize(("status", "expected"), [
    (Status.REQUESTED, {"approve", "reject", "cancel", "close"}),  # close: owner only, with a note
    (Status.APPROVED, {"reject", "cancel", "receive", "add_unexpected_item", "resolve_line",
                       "override_goodwill", "close"}),
    (Status.RECEIVED, {"add_unexpected_item", "inspect", "resolve_line", "override_goodwill",
                       "reverse_receipt", "close"}),
    (Status.CANCELLED, {"reopen"}),
    (Status.REJECTED, {"reopen"}),
])
def test_allowed_actions_for_the_buttons(status, expected):
    lines = (LineState(1, 1, requested_qty=1, received_qty=1 if status == Status.RECEIVED else 0),)
    assert allowed_actions(ReturnState(status, lines)) == expected


def test_allowed_actions_offer_reverse_refund_only_after_a_refund():
    state = resolve_line(received((1, 1, 1)), 1, Resolution.REFUND, 1).state
    assert {"close", "reopen", "reverse_refund"} <= allowed_actions(state)
    assert "reverse_refund" not in allowed_actions(received((1, 1, 1)))
