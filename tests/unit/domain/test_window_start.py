"""What the return window counts from: delivery, the order date, or the order date plus assumed transit days."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from desktop_app.core.domain.eligibility import PurchasedLine, ReturnRequest, deadline_for, evaluate
from desktop_app.core.domain.policy import PolicyRules, WindowStart
from desktop_app.core.domain.policy_checks import validate_rules as validate

POLICY = PolicyRules(country="DE", currency="EUR", window_days=14, assumed_transit_days=4)
LINE = PurchasedLine(order_line_id=1, sku="TEE", category=None, currency="EUR", unit_price_paid=Decimal("20"),
                     unit_tax=Decimal(0), quantity=1, already_returned_qty=0, order_date=date(2026, 3, 2),
                     delivered_date=date(2026, 3, 9))


@pytest.mark.parametrize(("start", "delivered", "transit", "window_start", "last", "sentence"), [
    (WindowStart.DELIVERY, date(2026, 3, 9), 4, date(2026, 3, 9), date(2026, 3, 23),
     "The window counts from delivery, 2026-03-09."),
    (WindowStart.DELIVERY, None, 4, date(2026, 3, 6), date(2026, 3, 20),
     "The delivery date is not known, so the window counts from the order date 2026-03-02 plus 4 days in "
     "transit: 2026-03-06."),
    (WindowStart.DELIVERY, None, 0, date(2026, 3, 2), date(2026, 3, 16),
     "The delivery date is not known, so the window counts from the order date 2026-03-02 plus 0 days in "
     "transit: 2026-03-02."),
    (WindowStart.ORDER, date(2026, 3, 9), 4, date(2026, 3, 2), date(2026, 3, 16),
     "The window counts from the order date, 2026-03-02."),
])
def test_window_start_table(start, delivered, transit, window_start, last, sentence):
    policy = replace(POLICY, window_start=start, assumed_transit_days=transit)
    line = replace(LINE, delivered_date=delivered)
    assert deadline_for(policy, line) == (window_start, last)
    decision = evaluate(policy, line, ReturnRequest(1, "defective", None, date(2026, 3, 12)))
    assert sentence in [m.render("en") for m in decision.explanation]
    assert decision.window_start_date == window_start


def test_a_late_delivery_keeps_a_request_inside_the_window():
    on = date(2026, 3, 20)
    by_order = evaluate(replace(POLICY, window_start=WindowStart.ORDER), LINE, ReturnRequest(1, "defective", None, on))
    by_delivery = evaluate(POLICY, LINE, ReturnRequest(1, "defective", None, on))
    assert not by_order.eligible and by_delivery.eligible


@pytest.mark.parametrize(("days", "ok"), [(0, True), (60, True), (-1, False), (61, False)])
def test_assumed_transit_days_are_checked(days, ok):
    assert (validate(replace(POLICY, assumed_transit_days=days)) == []) == ok


def test_assumed_transit_days_survive_a_round_trip():
    assert PolicyRules.from_dict(POLICY.to_dict()).assumed_transit_days == 4
