"""Refunds are slices of what a line was paid, so every unit refunded returns exactly the line's money."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.domain.eligibility import PurchasedLine, ReturnRequest, evaluate
from desktop_app.core.domain.money import Money, allocate, unit_slice
from desktop_app.core.domain.policy import PolicyRules, Resolution

POLICY = PolicyRules(country="DE", currency="EUR", window_days=30, restocking_fee_percent=Decimal(10),
                     allowed_resolutions=(Resolution.REFUND, Resolution.STORE_CREDIT))
ON = date(2026, 3, 10)


@pytest.mark.parametrize(("total", "currency", "qty", "start", "count", "expected"), [
    ("14.65", "EUR", 2, 0, 2, "14.65"),   # 2 x 7.33 with a 0.01 discount: exactly what was paid
    ("14.65", "EUR", 2, 0, 1, "7.33"),    # the leftover cent goes to the first unit
    ("14.65", "EUR", 2, 1, 1, "7.32"),
    ("27.46", "EUR", 3, 0, 3, "27.46"),   # 3 x 9.1533
    ("27.46", "EUR", 3, 1, 2, "18.30"),
    ("100", "JPY", 3, 0, 2, "67"),
    ("1.000", "KWD", 3, 2, 1, "0.333"),
    ("-10.00", "EUR", 3, 0, 1, "-3.34"),
    ("5.00", "EUR", 2, 1, 5, "2.50"),     # a slice never reaches past the last unit
    ("5.00", "EUR", 0, 0, 1, "0.00"),
])
def test_unit_slice_table(total, currency, qty, start, count, expected):
    assert unit_slice(Money.of(total, currency), qty, start, count) == Money.of(expected, currency)


LINE = PurchasedLine(order_line_id=1, sku="CUP", category=None, currency="EUR", unit_price_paid=Decimal("7.33"),
                     unit_tax=Decimal("1.17"), quantity=2, already_returned_qty=0, order_date=date(2026, 3, 1),
                     delivered_date=None, paid_total=Decimal("14.65"), tax_total=Decimal("2.34"))


def test_the_issue_order_refunds_exactly_what_was_paid():
    whole = evaluate(POLICY, LINE, ReturnRequest(2, "defective", None, ON, Resolution.REFUND))
    first = evaluate(POLICY, LINE, ReturnRequest(1, "defective", None, ON, Resolution.REFUND))
    second = evaluate(POLICY, LINE, ReturnRequest(1, "defective", None, ON, Resolution.REFUND, units_before=1))
    assert whole.refund() == Money.of("14.65", "EUR")
    assert (first.refund(), second.refund()) == (Money.of("7.33", "EUR"), Money.of("7.32", "EUR"))
    assert whole.refund_tax_share == first.refund_tax_share + second.refund_tax_share == Money.of("2.34", "EUR")


def test_without_an_exact_total_the_unit_price_times_quantity_is_the_line_money():
    line = replace(LINE, paid_total=None, tax_total=None, unit_price_paid=Decimal("9.1533"), quantity=3)
    d = evaluate(POLICY, line, ReturnRequest(3, "defective", None, ON, Resolution.REFUND))
    assert d.refund() == Money.of("27.46", "EUR")


@st.composite
def orders(draw):
    """An order of 1-4 lines with sub-cent unit prices, an order discount allocated over the lines, and returns."""
    qtys = draw(st.lists(st.integers(1, 9), min_size=1, max_size=4))
    prices = [draw(st.integers(1, 200_0000)) for _ in qtys]  # in 1/10000 of a euro
    gross = [Money(Decimal(p) * q / 10000, "EUR").quantized() for p, q in zip(prices, qtys, strict=True)]
    total = sum((g for g in gross), Money.zero("EUR"))
    discount = Money.from_minor(draw(st.integers(0, total.to_minor())), "EUR")
    paid = [g - d for g, d in zip(gross, allocate(discount, gross), strict=True)]
    splits = [draw(st.lists(st.integers(1, q), max_size=q)) for q in qtys]
    reason = draw(st.sampled_from(["defective", "changed_mind"]))
    return qtys, paid, splits, reason


@settings(max_examples=300, deadline=None)
@given(orders())
def test_partial_refunds_of_a_line_never_exceed_its_paid_total_and_all_units_equal_it(order):
    qtys, paid, splits, reason = order
    for qty, line_paid, split in zip(qtys, paid, splits, strict=True):
        unit = Money(line_paid.amount / qty, "EUR").quantized().amount  # the rounded unit price as stored
        line = replace(LINE, quantity=qty, paid_total=line_paid.amount, unit_price_paid=unit,
                       unit_tax=Decimal(0), tax_total=Decimal(0))
        before, refunded = 0, Money.zero("EUR")
        for units in split:
            units = min(units, qty - before)
            if units <= 0:
                break
            d = evaluate(POLICY, line, ReturnRequest(units, reason, None, ON, Resolution.REFUND, units_before=before))
            assert d.eligible
            refunded += d.refund()
            before += units
        assert refunded <= line_paid
        if before == qty and reason == "defective":  # no fee: every unit refunded is exactly the line's money
            assert refunded == line_paid
