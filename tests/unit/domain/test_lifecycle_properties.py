"""Random sequences of lifecycle actions keep the guards' invariants (hypothesis)."""

from collections import defaultdict

from hypothesis import event as record
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.domain import lifecycle as lc
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.lifecycle import LineState, Status
from desktop_app.core.domain.policy import Condition, Resolution

qty = st.sampled_from([1, 1, 1, 2, 2, 0, 3])
line_id = st.sampled_from([1, 1, 2, 2, 9])
ARGS = {
    "approve": st.tuples(),
    "reject": st.tuples(st.sampled_from(["late", ""])),
    "cancel": st.tuples(),
    "receive": st.tuples(line_id, qty, st.sampled_from([0, 0, 1])),
    "add_unexpected_item": st.tuples(st.sampled_from([1, 50, 51]), qty, st.sampled_from([0, 1])),
    "inspect": st.tuples(line_id, st.sampled_from(list(Condition)), st.sampled_from([0, 0, 1]), st.booleans()),
    "resolve_line": st.tuples(line_id, st.sampled_from(list(Resolution)), qty, st.sampled_from([None, "SKU-2"]),
                              st.sampled_from([None, None, "goodwill"]), st.booleans()),
    "override_goodwill": st.tuples(line_id, st.sampled_from(["kind", ""]), st.booleans()),
    "reverse_receipt": st.tuples(line_id, qty, st.just("mistake")),
    "reverse_refund": st.tuples(line_id, qty, st.just("mistake")),
    "reopen": st.tuples(st.just("again")),
    "close": st.tuples(st.sampled_from([None, "done"]), st.booleans()),
}


def apply(state, name, args):
    """Run one action with its arguments against a state."""
    if name == "receive":
        return lc.receive(state, {args[0]: (args[1], args[2])})
    if name == "inspect":
        return lc.inspect(state, {args[0]: (args[1], args[2], args[3])})
    if name == "resolve_line":
        lid, res, q, sku, goodwill, owner = args
        return lc.resolve_line(state, lid, res, q, exchange_sku=sku, goodwill_reason=goodwill, is_owner=owner)
    if name == "override_goodwill":
        return lc.override_goodwill(state, args[0], args[1], is_owner=args[2])
    if name == "close":
        return lc.close(state, note=args[0], is_owner=args[1])
    return getattr(lc, name)(state, *args)


@settings(max_examples=300)
@given(st.integers(min_value=1, max_value=3), st.integers(min_value=0, max_value=2), st.data())
def test_invariants_hold_after_any_sequence_of_allowed_actions(bought, elsewhere, data):
    state = lc.create([LineState(1, bought + elsewhere, returned_elsewhere_qty=elsewhere, requested_qty=bought),
                       LineState(2, 1, requested_qty=1)]).state
    restocked: dict[int, int] = defaultdict(int)
    for _ in range(30):
        name = data.draw(st.sampled_from(sorted(lc.allowed_actions(state))), label="action")
        args = data.draw(ARGS[name], label=name)
        before = state
        try:
            t = apply(state, name, args)
        except RuleViolation as refusal:
            assert refusal.render("en") and refusal.msgid  # a sentence, never a crash
            continue
        state = t.state
        record(t.events[0].kind)
        assert t.events and t.events[0].from_status == before.status
        for ev in t.events:
            if "restock_qty" in ev.data:
                restocked[ev.data["line_id"]] += ev.data["restock_qty"]
        if name == "cancel":
            assert not before.anything_received  # cancel only before anything is received
        for line in state.lines:
            assert 0 <= line.damaged_qty <= line.received_qty
            assert line.paid_out_qty <= max(line.requested_qty, line.received_qty)  # never paid twice
            assert min(line.resolved_qty, line.refunded_qty, line.credited_qty) >= 0
            if not line.unexpected:
                assert line.received_qty <= line.requested_qty <= line.returnable_qty  # never beyond bought
                assert restocked[line.line_id] == line.received_qty - line.damaged_qty  # damaged never stock
            else:
                assert restocked[line.line_id] == 0
        if state.status == Status.RESOLVED:
            assert all(line.is_resolved for line in state.lines)
