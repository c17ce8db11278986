"""Refunding every unit of a line pays back exactly what the customer paid for it, split however it is."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desktop_app.core.db.models import Order, OrderLine, Refund, utcnow
from desktop_app.core.services import returns as svc
from tests.integration.services.returns_shop import build_shop


@pytest.fixture
def shop(database):
    """The test shop plus order 1003: 2 cups at 7.33 with a 0.01 discount, so the customer paid 14.65."""
    shop = build_shop(database)
    now = utcnow()
    with database.write() as s:
        order = Order(number="1003", channel="shop", ordered_at=now - timedelta(days=4), currency="EUR",
                      discount_minor=1, total_minor=1465)
        order.lines = [OrderLine(position=1, product_id=shop.products["MUG-1"], sku="MUG-1", name="Cup",
                                 category="general", quantity=2, unit_price_minor=733, unit_tax_minor=117,
                                 paid_minor=1465, tax_minor=234)]
        s.add(order)
        s.flush()
        shop.order_lines["1003/MUG-1"] = order.lines[0].id
    return shop


def _refunded(db, line_id: int) -> tuple[int, int]:
    with db.read() as s:
        from desktop_app.core.db.models import ReturnLine

        row = s.execute(select(func.sum(Refund.amount_minor), func.sum(Refund.tax_minor))
                        .join(ReturnLine, ReturnLine.id == Refund.return_line_id)
                        .where(ReturnLine.order_line_id == line_id)).one()
        return int(row[0] or 0), int(row[1] or 0)


def _received(shop, units: int) -> tuple[str, int]:
    created = svc.create_return(shop.owner, "1003", [(shop.order_lines["1003/MUG-1"], units, "defective", "", None)])
    line = created.lines[0].id
    svc.approve(shop.owner, created.rma)
    svc.receive(shop.owner, created.rma, {line: (units, 0)})
    return created.rma, line


def test_one_unit_at_a_time_pays_back_exactly_the_line(shop):
    rma, line = _received(shop, 2)
    first = svc.resolve_line(shop.owner, rma, line, "refund", 1)
    second = svc.resolve_line(shop.owner, rma, line, "refund", 1)

    assert [r.amount.amount for r in first.refunds] == [Decimal("7.33")]
    assert sorted(r.amount.amount for r in second.refunds) == [Decimal("7.32"), Decimal("7.33")]
    assert _refunded(shop.db, shop.order_lines["1003/MUG-1"]) == (1465, 234)


def test_two_returns_of_the_same_line_add_up_to_what_was_paid(shop):
    rma_a, line_a = _received(shop, 1)
    svc.resolve_line(shop.owner, rma_a, line_a, "refund", 1)
    rma_b, line_b = _received(shop, 1)
    svc.resolve_line(shop.owner, rma_b, line_b, "refund", 1)

    assert _refunded(shop.db, shop.order_lines["1003/MUG-1"]) == (1465, 234)


def test_a_goodwill_refund_of_both_units_is_the_paid_total(shop):
    rma, line = _received(shop, 2)
    svc.goodwill_refund(shop.owner, rma, line, "Customer was promised a full refund", 2)

    assert _refunded(shop.db, shop.order_lines["1003/MUG-1"]) == (1465, 234)
