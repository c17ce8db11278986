"""An order paid in another currency is judged and refunded in that currency, by the policy's amounts for it."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from decimal import Decimal

import pytest

from desktop_app.core.db.models import Order, OrderLine, utcnow
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import CurrencyAmounts, ShippingPayer
from desktop_app.core.services import policies
from desktop_app.core.services import returns as svc
from tests.integration.services.returns_shop import RULES, build_shop, dump

USD = CurrencyAmounts("USD", return_shipping_cost=Decimal("6.00"), keep_it_below=Decimal(0))


def _publish(shop, amounts: tuple[CurrencyAmounts, ...]) -> None:
    rules = dataclasses.replace(RULES, return_shipping_payer=ShippingPayer.CUSTOMER,
                                return_shipping_cost=Decimal("4.95"), restocking_fee_percent=Decimal(0),
                                currency_amounts=amounts)
    policies.publish(shop.owner, policies.save_draft(shop.owner, rules, title="currencies").id)


@pytest.fixture
def shop(database):
    """The test shop plus order 2001 paid in US dollars: one jacket at $80.00."""
    shop = build_shop(database)
    now = utcnow()
    with database.write() as s:
        order = Order(number="2001", channel="shop", ordered_at=now - timedelta(days=5),
                      delivered_at=now - timedelta(days=2), currency="USD", total_minor=8000)
        order.lines = [OrderLine(position=1, product_id=shop.products["TEE-L"], sku="TEE-L", name="Jacket",
                                 category="general", quantity=1, unit_price_minor=8000)]
        s.add(order)
        s.flush()
        shop.order_lines["2001/TEE-L"] = order.lines[0].id
    return shop


def test_a_dollar_order_is_refunded_in_dollars_less_the_dollar_label(shop):
    _publish(shop, (USD,))
    created = svc.create_return(shop.owner, "2001", [(shop.order_lines["2001/TEE-L"], 1, "changed_mind", "",
                                                       "like_new")])
    assert created.currency == "USD" and created.shipping_charge == Money.of("6.00", "USD")
    line = created.lines[0].id
    svc.approve(shop.owner, created.rma)
    svc.receive(shop.owner, created.rma, {line: (1, 0)})

    asked = svc.resolve_line(shop.clerk, created.rma, line, "refund", 1)  # the clerks' limit is in EUR
    assert asked.owner_request is not None and not asked.refunds
    assert asked.owner_request.amount == Money.of("74.00", "USD")

    done = svc.approve_refund_request(shop.owner, created.rma)
    assert [r.amount for r in done.refunds] == [Money.of("74.00", "USD")]


def test_without_dollar_amounts_the_return_is_refused_in_one_sentence(shop):
    _publish(shop, ())
    before = dump(shop.db)
    with pytest.raises(RuleViolation) as refused:
        svc.create_return(shop.clerk, "2001", [(shop.order_lines["2001/TEE-L"], 1, "changed_mind", "", "like_new")])
    assert "the policy has no amounts in USD" in refused.value.render("en")
    assert dump(shop.db) == before
