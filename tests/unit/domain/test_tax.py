"""Tax on refunds: rates, tax inside and on top, and the tax share of fees, shipping and label charges."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.domain.eligibility import PurchasedLine, ReturnRequest, evaluate
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import PolicyRules, Resolution, ShippingPayer
from desktop_app.core.domain.tax import (
    default_rate_ppm,
    prices_include_tax_by_default,
    rate_in_name,
    refund_parts,
    refund_tax,
    share_at_line_rate,
    tax_inside,
    tax_on_top,
)
from tests.unit.domain.test_eligibility_properties import cases


def eur(text: str) -> Money:
    return Money.of(text, "EUR")


@pytest.mark.parametrize(("gross", "rate", "inside"), [
    (11900, 190000, 1900), (10000, 190000, 1597), (10700, 70000, 700), (1, 190000, 0), (6, 190000, 1),
    (-11900, 190000, -1900), (5000, 0, 0), (12345, 255000, 2508), (100, 55000, 5),
])
def test_tax_inside_a_tax_inclusive_amount(gross, rate, inside):
    assert tax_inside(gross, rate) == inside


@pytest.mark.parametrize(("net", "rate", "on_top"), [
    (10000, 80000, 800), (10000, 88750, 888), (1, 190000, 0), (3, 190000, 1), (999, 0, 0),
])
def test_tax_added_to_a_net_amount(net, rate, on_top):
    assert tax_on_top(net, rate) == on_top


@pytest.mark.parametrize(("name", "ppm"), [
    ("DE MwSt 19%", 190000), ("VAT 20 %", 200000), ("TVA 5,5%", 55000), ("CA State Tax 8.875%", 88750),
    ("Sales tax", None), ("", None), ("VAT 100%", None),
])
def test_the_rate_a_tax_name_states(name, ppm):
    assert rate_in_name(name) == ppm


@pytest.mark.parametrize(("country", "ppm", "included"), [
    ("DE", 190000, True), ("FR", 200000, True), ("GB", 200000, True), ("UK", 200000, True),
    ("CN", 130000, True), ("FI", 255000, True), ("US", None, False), ("CA", None, False), ("", None, True),
])
def test_country_defaults(country, ppm, included):
    assert (default_rate_ppm(country), prices_include_tax_by_default(country)) == (ppm, included)


@pytest.mark.parametrize(("amount", "paid", "tax", "share"), [
    ("4.95", "119.00", "19.00", "0.79"), ("2.00", "19.99", "3.19", "0.32"), ("3.00", "0", "0", "0.00"),
    ("3.00", "10.00", "0", "0.00"), ("0", "119.00", "19.00", "0.00"),
])
def test_a_fee_or_shipping_carries_tax_at_its_lines_rate(amount, paid, tax, share):
    assert share_at_line_rate(eur(amount), eur(paid), eur(tax)) == eur(share)


def test_the_refund_tax_stays_between_zero_and_the_refund():
    assert refund_tax(eur("1.00"), eur("3.19"), eur("0"), eur("0")) == eur("1.00")
    assert refund_tax(eur("5.00"), eur("0.10"), eur("0"), eur("0.80")) == eur("0")
    assert refund_tax(eur("0"), eur("3.19"), eur("0"), eur("0")) == eur("0")


POLICY = PolicyRules(country="DE", currency="EUR", window_days=30, restocking_fee_percent=Decimal(10),
                     restocking_fee_flat=Decimal(0), return_shipping_payer=ShippingPayer.CUSTOMER,
                     return_shipping_cost=Decimal("5.95"), refund_original_shipping=True,
                     allowed_resolutions=(Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.KEEP_IT),
                     store_credit_bonus_percent=Decimal(10), keep_it_below=Decimal(0))
LINE = PurchasedLine(order_line_id=1, sku="MUG", category=None, currency="EUR", unit_price_paid=Decimal("59.50"),
                     unit_tax=Decimal("9.50"), quantity=2, already_returned_qty=0, order_date=date(2026, 3, 1),
                     delivered_date=None, shipping_paid_share=Decimal("5.95"), paid_total=Decimal("119.00"),
                     tax_total=Decimal("19.00"))


@pytest.mark.parametrize(("reason", "qty", "policy", "refund", "tax"), [
    # the shop's fault: goods 119.00 (tax 19.00) + shipping 5.95 (tax 0.95)
    ("defective", 2, POLICY, "124.95", "19.95"),
    # changed mind: less 10 % fee 11.90 (tax 1.90) and the label 5.95 (tax 0.95)
    ("changed_mind", 2, POLICY, "107.10", "17.10"),
    # one unit: goods 59.50 (9.50) + shipping 2.98 (0.48) - fee 5.95 (0.95) - label 5.95 (0.95)
    ("changed_mind", 1, POLICY, "50.58", "8.08"),
    # a policy that keeps the original shipping: the goods' own tax less the fee's and label's
    ("changed_mind", 2, replace(POLICY, refund_original_shipping=False), "101.15", "16.15"),
])
def test_refund_tax_table(reason, qty, policy, refund, tax):
    d = evaluate(policy, LINE, ReturnRequest(qty, reason, None, date(2026, 3, 5), Resolution.REFUND))
    assert (d.refund(), d.refund_tax()) == (eur(refund), eur(tax))
    assert d.refund_tax_share == d.refund_tax(Resolution.REFUND)
    # store credit's bonus is a voucher, not money paid back: it carries no tax
    assert d.refund_tax(Resolution.STORE_CREDIT) == d.refund_tax()


@settings(max_examples=300, deadline=None)
@given(cases(), st.integers(min_value=0, max_value=1000))
def test_net_plus_tax_is_the_refund_and_tax_never_above_it(case, tax_per_mille):
    policy, line, request = case
    paid = line.line_paid
    line = replace(line, tax_total=(paid.amount * tax_per_mille / 1000).quantize(Decimal("0.01")))
    d = evaluate(policy, line, request)
    for res, amount in d.refund_by_resolution.items():
        tax = d.refund_tax(res)
        net = amount - tax
        assert Decimal(0) <= tax.amount <= amount.amount and net.amount >= 0
        assert net + tax == amount and tax.amount == tax.amount.quantize(Decimal("0.01"))
        assert amount.amount <= paid.amount + line.shipping_paid_share + \
            (amount.amount if res == Resolution.STORE_CREDIT else 0)


@pytest.mark.parametrize(("refund", "kept", "parts"), [
    # goods, refunded shipping, fee and label kept: each part's tax at the line's rate, goods take the rest
    (("23.69", "3.78"), ("5.95", "2.50", "4.76"),
     [("goods", "25.00", "3.99"), ("shipping", "5.95", "0.95"), ("fee", "-2.50", "-0.40"),
      ("label", "-4.76", "-0.76")]),
    (("25.00", "3.99"), ("0", "0", "0"), [("goods", "25.00", "3.99")]),
    # a reversal is the same split with the signs turned
    (("-23.69", "-3.78"), ("-5.95", "-2.50", "-4.76"),
     [("goods", "-25.00", "-3.99"), ("shipping", "-5.95", "-0.95"), ("fee", "2.50", "0.40"),
      ("label", "4.76", "0.76")]),
])
def test_a_refund_splits_into_parts_that_add_up(refund, kept, parts):
    split = refund_parts(eur(refund[0]), eur(refund[1]), tuple(eur(k) for k in kept), eur("25.00"), eur("3.99"))
    assert [(p.kind, p.gross, p.tax) for p in split] == [(k, eur(g), eur(t)) for k, g, t in parts]
    assert sum((p.gross for p in split), eur("0")) == eur(refund[0])
    assert sum((p.tax for p in split), eur("0")) == eur(refund[1])
