"""The price difference of an exchange: table cases and properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.exchange import exchange_money
from desktop_app.core.domain.money import Money


@pytest.mark.parametrize(("credit", "unit", "qty", "pays", "back"), [
    ("107.10", "159.00", 1, "51.90", "0.00"),   # the boots of the issue: the customer pays the difference
    ("25.00", "8.00", 1, "0.00", "17.00"),      # cheaper: the rest comes back
    ("25.00", "25.00", 1, "0.00", "0.00"),      # even swap
    ("14.65", "7.33", 2, "0.01", "0.00"),       # two units at the rounded price cost a cent more than was paid
    ("0.00", "3.00", 1, "3.00", "0.00"),
])
def test_difference(credit, unit, qty, pays, back):
    money = exchange_money(Money.of(credit, "EUR"), Money.of(unit, "EUR"), qty)
    assert money.customer_pays.amount == Decimal(pays) and money.paid_back.amount == Decimal(back)


def test_refusals():
    with pytest.raises(RuleViolation, match="priced in USD"):
        exchange_money(Money.of("1", "EUR"), Money.of("1", "USD"), 1)
    with pytest.raises(RuleViolation):
        exchange_money(Money.of("1", "EUR"), Money.of("1", "EUR"), 0)
    with pytest.raises(RuleViolation):
        exchange_money(Money.of("1", "EUR"), Money.of("-1", "EUR"), 1)


minor = st.integers(min_value=0, max_value=10**9)


@given(credit=minor, unit=minor, qty=st.integers(min_value=1, max_value=50),
       currency=st.sampled_from(["EUR", "JPY", "KWD"]))
def test_never_pays_back_more_than_the_credit_and_settles_exactly(credit, unit, qty, currency):
    money = exchange_money(Money.from_minor(credit, currency), Money.from_minor(unit, currency), qty)
    assert Money.zero(currency) <= money.paid_back <= money.credit
    assert money.customer_pays.amount >= 0
    assert money.customer_pays.amount == 0 or money.paid_back.amount == 0  # one side owes, never both
    # what the customer ends up paying for the replacement is its price, to the minor unit
    assert (money.credit + money.customer_pays - money.paid_back) == money.price
    assert money.price.to_minor() == unit * qty
