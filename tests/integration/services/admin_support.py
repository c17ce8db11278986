"""Shared setup for the people, settings, catalogue, orders and policy service tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import (
    Base,
    Customer,
    Order,
    OrderLine,
    Product,
    Return,
    ReturnLine,
)
from desktop_app.core.services.auth import create_first_owner
from desktop_app.core.services.base import ServiceContext
from desktop_app.core.services.users import add_user

OWNER_PIN = "432100"
CLERK_PIN = "123400"


@pytest.fixture
def shop(database: Database) -> Database:
    """An empty shop database at the newest schema: a SQLite file, then a live PostgreSQL database."""
    return database


def owner_and_clerk(db: Database) -> tuple[ServiceContext, ServiceContext]:
    """Create the first owner and one clerk; return a context for each."""
    owner = create_first_owner(db, "owner", OWNER_PIN, "Olga Owner")
    owner_ctx = ServiceContext(db, owner)
    clerk = add_user(owner_ctx, "clerk", CLERK_PIN, "clerk", "Carl Clerk")
    from desktop_app.core.services.auth import sign_in

    return owner_ctx, ServiceContext(db, sign_in(db, clerk.name, CLERK_PIN))


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Return the logical content of every table, to show a refused change altered nothing."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.read() as session:
        for table in Base.metadata.sorted_tables:
            rows = session.execute(select(table)).all()
            out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def seed_order(db: Database) -> dict[str, int]:
    """Write one customer, two products and a two-line EUR order; return their ids."""
    at = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
    with db.write() as s:
        mug = Product(sku="MUG-1", name="Blue mug", category="kitchen", price_minor=1299, currency="EUR",
                      stock=5)
        tee = Product(sku="TEE-M", name="T-shirt M", category="clothing", price_minor=2500, currency="EUR",
                      stock=2)
        anna = Customer(name="Anna Schmidt", email="anna@example.com", street="Hauptstr. 1", city="Berlin",
                        postcode="10115", country="DE")
        s.add_all([mug, tee, anna])
        s.flush()
        order = Order(number="1001", channel="shop", customer_id=anna.id, ordered_at=at, currency="EUR",
                      shipping_minor=490, discount_minor=0, total_minor=3 * 1199 + 2500 + 490,
                      ship_name="Anna Schmidt", ship_street="Hauptstr. 1", ship_city="Berlin",
                      ship_postcode="10115", ship_country="DE", delivered_at=at.replace(day=4))
        order.lines = [
            OrderLine(position=1, product_id=mug.id, sku="MUG-1", name="Blue mug", category="kitchen",
                      quantity=3, unit_price_minor=1199, unit_tax_minor=191),
            OrderLine(position=2, product_id=tee.id, sku="TEE-M", name="T-shirt M", category="clothing",
                      quantity=1, unit_price_minor=2500, unit_tax_minor=399),
        ]
        s.add(order)
        s.flush()
        other = Order(number="1002", channel="shop", customer_id=None, ordered_at=at.replace(day=5),
                      currency="EUR", total_minor=1199, ship_name="李雷")
        other.lines = [OrderLine(position=1, product_id=mug.id, sku="MUG-1", name="Blue mug", quantity=1,
                                 unit_price_minor=1199)]
        s.add(other)
        s.flush()
        return {"mug": mug.id, "tee": tee.id, "customer": anna.id, "order": order.id,
                "mug_line": order.lines[0].id, "tee_line": order.lines[1].id, "other": other.id}


def add_return(db: Database, ids: dict[str, int], rma: str, status: str, mug_qty: int,
               imported: bool = False) -> None:
    """Write a return of some mugs of order 1001 directly (the returns service is tested elsewhere)."""
    with db.write() as s:
        ret = Return(rma=rma, order_id=ids["order"], customer_id=ids["customer"], status=status,
                     currency="EUR", imported=imported)
        ret.lines = [ReturnLine(order_line_id=ids["mug_line"], product_id=ids["mug"], sku="MUG-1",
                                requested_qty=mug_qty, reason_code="changed_mind")]
        s.add(ret)
