"""A customer who pays for the return label pays it once per return, however many lines it has."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from desktop_app.core.domain.policy import ShippingPayer
from desktop_app.core.services import policies
from desktop_app.core.services import returns as svc
from tests.integration.services.returns_shop import RULES, build_shop


@pytest.fixture
def shop(database):
    shop = build_shop(database)
    paid_label = dataclasses.replace(RULES, return_shipping_payer=ShippingPayer.CUSTOMER,
                                     return_shipping_cost=Decimal("5.00"), restocking_fee_percent=Decimal(0))
    draft = policies.save_draft(shop.owner, paid_label, title="v2: customer pays the label")
    policies.publish(shop.owner, draft.id)
    return shop


def test_two_lines_pay_one_label(shop):
    created = svc.create_return(shop.owner, "1001", [
        (shop.order_lines["1001/MUG-1"], 1, "changed_mind", "", "like_new"),
        (shop.order_lines["1001/TEE-M"], 1, "changed_mind", "", "like_new"),
    ])

    assert created.shipping_charge.amount == Decimal("5.00")
    first, second = created.lines
    explained = [" ".join(m.render("en") for m in line.explanation) for line in created.lines]
    assert "its cost of 5,00\xa0€ is taken from the refund" in explained[0]  # as the German shop writes it
    assert "charged once per return" in explained[1]

    svc.approve(shop.owner, created.rma)
    svc.receive(shop.owner, created.rma, {first.id: (1, 0), second.id: (1, 0)})
    svc.resolve_line(shop.owner, created.rma, first.id, "refund", 1)
    detail = svc.resolve_line(shop.owner, created.rma, second.id, "refund", 1)

    refunded = sum((refund.amount.amount for refund in detail.refunds), Decimal(0))
    assert refunded == Decimal("11.99") + Decimal("25.00") - Decimal("5.00")


def test_a_single_line_return_pays_the_label(shop):
    created = svc.create_return(shop.owner, "1001", [(shop.order_lines["1001/TEE-M"], 1, "changed_mind", "", None)])
    assert created.shipping_charge.amount == Decimal("5.00")
