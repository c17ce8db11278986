"""The demo shop: every return state, real service trails, consistent stock, the same shop per seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import (
    Customer,
    InventoryMovement,
    Order,
    OrderLine,
    PolicyVersion,
    Product,
    Refund,
    Return,
    ReturnEvent,
    ReturnLine,
)
from desktop_app.core.db.schema import open_database
from desktop_app.core.demo.shop import build_demo
from desktop_app.core.domain.lifecycle_state import Status
from desktop_app.core.i18n import UserFacingError
from desktop_app.core.services.auth import sign_in
from desktop_app.core.services.settings import get_settings
from desktop_app.core.services.startup import check_shop
from tests.helpers.dump import logical_dump

ORDERS = 150


def shop_content(db: Database) -> dict[str, list]:
    """Return the demo's content that does not depend on the wall clock of the build."""
    with db.read() as s:
        return {
            "products": s.execute(select(Product.sku, Product.price_minor, Product.stock)
                                  .order_by(Product.sku)).all(),
            "customers": s.execute(select(Customer.name, Customer.email, Customer.language)
                                   .order_by(Customer.id)).all(),
            "orders": s.execute(select(Order.number, Order.customer_id, Order.total_minor, Order.ordered_at)
                                .order_by(Order.id)).all(),
            "lines": s.execute(select(OrderLine.order_id, OrderLine.sku, OrderLine.quantity,
                                      OrderLine.unit_price_minor, OrderLine.unit_tax_minor)
                               .order_by(OrderLine.id)).all(),
            "returns": s.execute(select(Return.rma, Return.order_id, Return.status)
                                 .order_by(Return.rma)).all(),
            "return_lines": s.execute(select(ReturnLine.sku, ReturnLine.requested_qty, ReturnLine.reason_code,
                                             ReturnLine.resolution).order_by(ReturnLine.id)).all(),
            "refunds": s.execute(select(Refund.amount_minor, Refund.method).order_by(Refund.id)).all(),
        }


def test_the_demo_shop_has_every_state_and_real_trails(database: Database):
    summary = build_demo(database, orders=ORDERS, seed=3)
    assert summary.orders == ORDERS and summary.live_returns >= 2 * len(Status)
    with database.read() as s:
        states = dict(s.execute(select(Return.status, func.count()).group_by(Return.status)).all())
        assert set(states) == {st.value for st in Status}
        assert all(states[st.value] >= 2 for st in Status)
        # every return was judged by the published policy and has its timeline
        policy = s.scalars(select(PolicyVersion).where(PolicyVersion.status == "published")).one()
        assert s.scalar(select(func.count()).select_from(Return)
                        .where(Return.policy_version_id != policy.id)) == 0
        without_events = select(func.count()).select_from(Return).where(
            ~select(ReturnEvent.id).where(ReturnEvent.return_id == Return.id).exists())
        assert s.scalar(without_events) == 0
        # stock is the sum of its movements, and returns moved it
        mismatched = select(func.count()).select_from(Product).where(
            Product.stock != select(func.coalesce(func.sum(InventoryMovement.quantity), 0))
            .where(InventoryMovement.product_id == Product.id).scalar_subquery())
        assert s.scalar(mismatched) == 0
        kinds = set(s.scalars(select(InventoryMovement.kind).distinct()))
        assert {"initial", "restock"} <= kinds
        # refunds never exceed the value of what was returned
        assert s.scalar(select(func.count()).select_from(Refund).where(Refund.amount_minor <= 0)) == 0
        assert s.scalar(select(func.count()).select_from(Customer).where(Customer.name == "王芳")) == 1
        assert s.scalar(select(func.count()).select_from(Product).where(Product.final_sale)) >= 3
    with database.read() as s:  # no return before its order's delivery, no step before the one before it
        assert s.scalar(select(func.count()).select_from(Return).join(Order, Order.id == Return.order_id)
                        .where(Return.requested_at < Order.delivered_at)) == 0
        assert s.scalar(select(func.count()).select_from(Return).where(Return.approved_at < Return.requested_at)) == 0
    assert check_shop(database) == []  # what `returndesk check` runs
    settings = get_settings(database)
    assert (settings.shop_currency, settings.shop_timezone, settings.shop_country) == (
        "EUR", "Europe/Berlin", "DE")
    assert sign_in(database, "owner", "4321").is_owner
    assert not sign_in(database, "clerk", "1234").is_owner


def test_the_same_seed_builds_the_same_shop(tmp_path: Path):
    first, second, other = (open_database(tmp_path / f"{name}.sqlite3") for name in ("a", "b", "c"))
    try:
        build_demo(first, orders=ORDERS, seed=42)
        build_demo(second, orders=ORDERS, seed=42)
        build_demo(other, orders=ORDERS, seed=43)
        assert shop_content(first) == shop_content(second)
        assert shop_content(first)["orders"] != shop_content(other)["orders"]
    finally:
        for db in (first, second, other):
            db.dispose()


def test_the_demo_refuses_a_shop_that_is_not_empty(sqlite_database: Database):
    build_demo(sqlite_database, orders=60, seed=1)
    before = logical_dump(sqlite_database)
    with pytest.raises(UserFacingError, match="already holds a shop"):
        build_demo(sqlite_database, orders=60, seed=1)
    assert logical_dump(sqlite_database) == before


def test_too_few_orders_are_refused_with_a_sentence(sqlite_database: Database):
    before = logical_dump(sqlite_database)
    with pytest.raises(UserFacingError, match="at least 50 orders"):
        build_demo(sqlite_database, orders=10, seed=1)
    assert logical_dump(sqlite_database) == before


def test_the_queue_search_finds_the_bulk_loaded_returns(sqlite_database: Database):
    from desktop_app.core.services.returns import list_returns

    build_demo(sqlite_database, orders=60, seed=2)
    with sqlite_database.read() as s:
        rma, name = s.execute(select(Return.rma, Customer.name).join(Customer, Customer.id == Return.customer_id)
                              .where(Return.status == "closed").order_by(Return.id).limit(1)).one()
    assert rma in {r.rma for r in list_returns(sqlite_database, search=name, limit=None)}
    assert [r.rma for r in list_returns(sqlite_database, search=rma, limit=None)] == [rma]
