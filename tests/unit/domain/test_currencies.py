"""A return is judged in its order's currency, with the policy's amounts for that currency."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from desktop_app.core.domain.eligibility import PurchasedLine, ReturnRequest, evaluate
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import CurrencyAmounts, PolicyRules, Resolution, ShippingPayer
from desktop_app.core.domain.policy_checks import validate_rules

POLICY = PolicyRules(country="DE", currency="EUR", window_days=30, return_shipping_payer=ShippingPayer.CUSTOMER,
                     return_shipping_cost=Decimal("4.95"), keep_it_below=Decimal(5), restocking_fee_flat=Decimal(1),
                     allowed_resolutions=(Resolution.REFUND, Resolution.KEEP_IT),
                     currency_amounts=(CurrencyAmounts("USD", Decimal("6.00"), Decimal(6), Decimal("1.50")),
                                       CurrencyAmounts("JPY", Decimal(800), Decimal(700), Decimal(0))))
LINE = PurchasedLine(order_line_id=1, sku="TEE", category=None, currency="USD", unit_price_paid=Decimal("30.00"),
                     unit_tax=Decimal(0), quantity=1, already_returned_qty=0, order_date=date(2026, 3, 1),
                     delivered_date=date(2026, 3, 3))
ON = date(2026, 3, 10)


@pytest.mark.parametrize(("currency", "expected"), [
    ("EUR", CurrencyAmounts("EUR", Decimal("4.95"), Decimal(5), Decimal(1))),
    ("usd", CurrencyAmounts("USD", Decimal("6.00"), Decimal(6), Decimal("1.50"))),
    ("GBP", None),
])
def test_amounts_for_a_currency(currency, expected):
    assert POLICY.amounts_for(currency) == expected


def test_a_policy_without_amounts_needs_none_per_currency():
    free = replace(POLICY, return_shipping_cost=Decimal(0), keep_it_below=Decimal(0), restocking_fee_flat=Decimal(0),
                   currency_amounts=())
    assert free.amounts_for("GBP") == CurrencyAmounts("GBP")


@pytest.mark.parametrize(("currency", "price", "refund", "charge"), [
    ("USD", "30.00", "22.50", "6.00"),   # 30.00 - 1.50 flat fee - 6.00 label, all in dollars
    ("EUR", "30.00", "24.05", "4.95"),
    ("JPY", "3000", "2200", "800"),
])
def test_a_return_is_judged_and_refunded_in_its_order_currency(currency, price, refund, charge):
    line = replace(LINE, currency=currency, unit_price_paid=Decimal(price))
    d = evaluate(POLICY, line, ReturnRequest(1, "changed_mind", None, ON, Resolution.REFUND))
    assert d.eligible
    assert d.refund() == Money.of(refund, currency) and d.shipping_charge == Money.of(charge, currency)


def test_keep_it_limit_is_per_currency():
    cheap = replace(LINE, unit_price_paid=Decimal("5.50"))  # under the USD limit 6, over the EUR limit 5
    assert evaluate(POLICY, cheap, ReturnRequest(1, "changed_mind", None, ON)).keep_it
    assert not evaluate(POLICY, replace(cheap, currency="EUR"), ReturnRequest(1, "changed_mind", None, ON)).keep_it


def test_a_missing_currency_is_refused_with_a_clear_sentence():
    d = evaluate(POLICY, replace(LINE, currency="GBP"), ReturnRequest(1, "changed_mind", None, ON))
    assert not d.eligible
    [sentence] = [m for m in d.refusals if "GBP" in m.render("en")]
    assert "the policy has no amounts in GBP" in sentence.render("en")
    assert sentence.render("zh_CN") != sentence.render("en")


@pytest.mark.parametrize(("amounts", "problem"), [
    ((CurrencyAmounts("XXX"),), "not a currency code"),
    ((CurrencyAmounts("USD"), CurrencyAmounts("usd")), "given twice"),
    ((CurrencyAmounts("EUR"),), "given twice"),
    ((CurrencyAmounts("USD", Decimal(-1)),), "cannot be negative"),
])
def test_bad_currency_amounts_are_refused(amounts, problem):
    problems = [m.render("en") for m in validate_rules(replace(POLICY, currency_amounts=amounts))]
    assert any(problem in p for p in problems)


def test_currency_amounts_survive_a_round_trip():
    assert PolicyRules.from_dict(POLICY.to_dict()).currency_amounts == POLICY.currency_amounts
    assert validate_rules(POLICY) == []
