"""Receiving or resolving several lines is one change with one timeline entry; return shipping is decided once."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from desktop_app.core.domain.eligibility import PurchasedLine, ReturnRequest, evaluate_return
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.lifecycle import LineState, Status, approve, create, receive, resolve_lines
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import PolicyRules, Resolution, ShippingPayer
from desktop_app.core.domain.shipping import ReturnShipping, decide_shipping, shipping_sentence, stored_shipping


def _received(*lines):
    state = approve(create([LineState(i, bought, requested_qty=req) for i, bought, req in lines]).state).state
    return receive(state, {i: (req, 0) for i, _b, req in lines})


def test_receiving_three_lines_is_one_event_listing_each_line():
    t = _received((1, 2, 2), (2, 1, 1), (3, 3, 2))
    [event] = t.events
    assert event.kind == "received" and event.to_status == Status.RECEIVED
    assert [d["line_id"] for d in event.data["lines"]] == [1, 2, 3] and event.data["restock_qty"] == 5


def test_receiving_one_line_keeps_the_plain_event():
    [event] = _received((1, 2, 2)).events
    assert "lines" not in event.data and event.data == {"line_id": 1, "qty": 2, "damaged_qty": 0, "restock_qty": 2}


@pytest.mark.parametrize(("plan", "resolution", "status"), [
    ([(1, Resolution.REFUND, 2), (2, Resolution.REFUND, 1)], "refund", Status.RESOLVED),
    ([(1, Resolution.REFUND, 2), (2, Resolution.STORE_CREDIT, 1)], "mixed", Status.RESOLVED),
    ([(1, Resolution.REFUND, 1)], "refund", Status.RECEIVED),
])
def test_resolving_lines_is_one_event(plan, resolution, status):
    state = _received((1, 2, 2), (2, 1, 1)).state
    t = resolve_lines(state, plan)
    [event] = t.events
    assert event.kind == "line_resolved" and event.data["resolution"] == resolution
    assert (event.from_status, event.to_status, t.state.status) == (Status.RECEIVED, status, status)


def test_a_refused_line_refuses_the_whole_change():
    state = _received((1, 2, 2), (2, 1, 1)).state
    with pytest.raises(RuleViolation):
        resolve_lines(state, [(1, Resolution.REFUND, 2), (2, Resolution.REFUND, 5)])
    with pytest.raises(RuleViolation):
        resolve_lines(state, [])


POLICY = PolicyRules(country="DE", currency="EUR", window_days=30, return_shipping_payer=ShippingPayer.CUSTOMER,
                     return_shipping_cost=Decimal("4.95"), keep_it_below=Decimal(5),
                     allowed_resolutions=(Resolution.REFUND, Resolution.KEEP_IT))
LINE = PurchasedLine(order_line_id=1, sku="TEE", category=None, currency="EUR", unit_price_paid=Decimal("25.00"),
                     unit_tax=Decimal(0), quantity=2, already_returned_qty=0, order_date=date(2026, 3, 1),
                     delivered_date=None)
CHEAP = replace(LINE, unit_price_paid=Decimal("3.00"))


def _mode(policy, *pairs):
    judged = evaluate_return(policy, [(line, ReturnRequest(1, reason, None, date(2026, 3, 5)))
                                      for line, reason in pairs])
    charge = sum(d.shipping_charge.to_minor() for d, _paid in judged)
    return decide_shipping([d for d, _paid in judged]), charge


@pytest.mark.parametrize(("policy", "pairs", "mode"), [
    (POLICY, [(LINE, "changed_mind")], ReturnShipping.DEDUCTED),
    (POLICY, [(LINE, "changed_mind"), (LINE, "changed_mind")], ReturnShipping.DEDUCTED),
    (replace(POLICY, return_shipping_cost=Decimal(0)), [(LINE, "changed_mind")], ReturnShipping.OWN_COST),
    (replace(POLICY, return_shipping_cost=Decimal(0)), [(LINE, "changed_mind"), (LINE, "defective")],
     ReturnShipping.SHOP_PAYS),
    (replace(POLICY, return_shipping_payer=ShippingPayer.SHOP), [(LINE, "changed_mind")], ReturnShipping.SHOP_PAYS),
    (POLICY, [(LINE, "defective")], ReturnShipping.SHOP_PAYS),
    (POLICY, [(CHEAP, "changed_mind")], ReturnShipping.NO_PARCEL),
    (POLICY, [(CHEAP, "changed_mind"), (LINE, "changed_mind")], ReturnShipping.DEDUCTED),
])
def test_return_shipping_is_decided_once_per_return(policy, pairs, mode):
    decided, charge = _mode(policy, *pairs)
    assert decided == mode
    assert charge == (495 if mode == ReturnShipping.DEDUCTED else 0)  # charged once, only with a prepaid label
    assert stored_shipping(decided.label_prepaid, charge, mode == ReturnShipping.NO_PARCEL) == mode


@pytest.mark.parametrize("mode", list(ReturnShipping))
def test_every_shipping_sentence_exists_in_both_languages(mode):
    sentence = shipping_sentence(mode, Money.of("4.95", "EUR"))
    assert sentence.render("en") != sentence.render("zh_CN")
    assert ("4.95" in sentence.render("en")) == (mode == ReturnShipping.DEDUCTED)
