"""A small shop whose October 2026 figures are known by hand (see the comments for each number)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop_app.core.db.models import (
    Customer,
    Order,
    OrderLine,
    PolicyVersion,
    Product,
    Refund,
    Return,
    ReturnLine,
    Setting,
    StoreCreditEntry,
)


def at(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A UTC time in 2026."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def known_shop(database):
    """October 2026 (Europe/Berlin): 11 units sold, 5 counted returns with 7 units worth €196.00."""
    with database.write() as s:
        s.add_all([
            Setting(key="shop.name", value="Lindenhof Textil"),
            Setting(key="shop.currency", value="EUR"),
            Setting(key="shop.timezone", value="Europe/Berlin"),
            Setting(key="shop.address", value=["Lindenstraße 5", "10117 Berlin"]),
        ])
        shirt = Product(sku="SHIRT", name="Linen shirt", category="Shirts", price_minor=4000, currency="EUR")
        mug = Product(sku="MUG", name="Stoneware mug", category="Home", price_minor=1200, currency="EUR")
        anna = Customer(name="Anna Schmidt", email="anna@example.de")
        wang = Customer(name="王芳", email="wang@example.cn", language="zh_CN")
        s.add_all([shirt, mug, anna, wang])
        s.flush()
        policy = PolicyVersion(number=1, status="published", rules={"return_shipping_cost": "6.50"})
        s.add(policy)
        s.flush()

        def order(number, when, lines, status="fulfilled", channel="shop"):
            o = Order(number=number, ordered_at=when, currency="EUR", status=status, channel=channel,
                      customer_id=anna.id)
            o.lines = [OrderLine(sku=p.sku, name=p.name, category=p.category, product_id=p.id, quantity=q,
                                 unit_price_minor=p.price_minor) for p, q in lines]
            s.add(o)

        order("O1", at(10, 3), [(shirt, 3), (mug, 2)])
        order("O2", at(10, 8), [(mug, 5)])
        order("O3", at(10, 9), [(shirt, 10)], status="cancelled")  # cancelled: not sold
        order("O4", at(10, 31, 22, 30), [(shirt, 1)])  # 23:30 in Berlin on 31 October: October
        order("O5", at(10, 31, 23, 30), [(mug, 9)])  # 00:30 on 1 November in Berlin: November
        order("O6", at(9, 30, 21, 30), [(shirt, 2)])  # 23:30 on 30 September in Berlin: September
        order("O7", at(9, 12), [(mug, 4)])
        s.flush()

        def ret(rma, status, requested, lines, **extra):
            extra.setdefault("customer_id", anna.id)
            r = Return(rma=rma, status=status, currency="EUR", requested_at=requested,
                       policy_version_id=policy.id, label_prepaid=extra.pop("label_prepaid", False), **extra)
            r.lines = [ReturnLine(sku=p.sku, name=p.name, product_id=p.id, requested_qty=q, value_minor=v,
                                  reason_code=reason, **line_extra) for p, q, v, reason, line_extra in lines]
            s.add(r)
            s.flush()
            return r

        r1 = ret("R-000001", "resolved", at(10, 2), [(shirt, 2, 8000, "wrong_size",
                 {"received_qty": 2, "damaged_qty": 1, "refunded_qty": 2, "resolution": "refund"})],
                 received_at=at(10, 10), due_at=at(10, 20), resolved_at=at(10, 12))
        ret("R-000002", "closed", at(10, 4), [(mug, 1, 1200, "", {})], imported=True, channel="amazon",
            customer_id=None)
        ret("R-000003", "rejected", at(10, 5), [(shirt, 1, 4000, "changed_mind", {})])
        ret("R-000004", "approved", at(10, 5), [(mug, 2, 2400, "defective", {})], approved_at=at(10, 5, 14),
            due_at=at(10, 7), label_prepaid=True, customer_id=wang.id)
        ret("R-000005", "resolved", at(10, 6), [(shirt, 1, 4000, "wrong_size",
            {"received_qty": 1, "resolution": "exchange", "exchange_sku": "SHIRT"})],
            received_at=at(10, 15), resolved_at=at(10, 20))
        r6 = ret("R-000006", "resolved", at(10, 1), [(shirt, 1, 4000, "defective",
                 {"received_qty": 1, "refunded_qty": 1, "resolution": "refund"})],
                 received_at=at(10, 1, 13), due_at=at(10, 15), resolved_at=at(10, 25, 13))
        ret("R-000007", "closed", at(9, 15), [(mug, 1, 1200, "wrong_size", {})])

        s.add_all([
            Refund(return_id=r1.id, amount_minor=3800, fee_minor=200, currency="EUR", created_at=at(10, 12)),
            Refund(return_id=r6.id, amount_minor=4000, currency="EUR", created_at=at(10, 25, 13)),
            StoreCreditEntry(customer_id=anna.id, amount_minor=2000, currency="EUR", created_at=at(10, 20)),
            StoreCreditEntry(customer_id=anna.id, amount_minor=-500, currency="EUR", created_at=at(10, 22)),
        ])
    return database
