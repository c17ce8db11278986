"""What the database already holds, loaded once per import, and the bulk inserts that add to it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import exists, insert, select
from sqlalchemy.orm import Session

from desktop_app.core.db.models import Customer, Order, OrderLine, Product, Return
from desktop_app.core.domain.money import exponent

_QUANTA: dict[str, tuple[Decimal, int]] = {}


def minor_units(amount: Decimal, quantity: int, currency: str) -> int:
    """Return quantity × amount in integer minor units, rounded half-up once per line."""
    quantum = _QUANTA.get(currency)
    if quantum is None:
        digits = exponent(currency)
        quantum = _QUANTA[currency] = (Decimal(1).scaleb(-digits), digits)
    return int((amount * quantity).quantize(quantum[0], rounding=ROUND_HALF_UP).scaleb(quantum[1]))


def import_key(source: str, key: str) -> str:
    """Return the stable key that stops a later export from adding the same return twice."""
    return f"{source[:40]}:{hashlib.sha1(key.encode('utf-8')).hexdigest()}"


def insert_returning_ids(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert many rows in one statement and return their new ids in the same order."""
    if not rows:
        return []
    result = session.execute(insert(model).returning(model.id, sort_by_parameter_order=True), rows)
    return [row[0] for row in result]


def insert_many(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert many rows in one executemany."""
    if rows:
        session.execute(insert(model), rows)


class KnownRows:
    """Keys of rows that existed before this import, so nothing already there is changed."""

    def __init__(self, session: Session, channels: Iterable[str], source: str) -> None:
        self.session = session
        self.products: dict[str, tuple[int, int, str]] = {}
        self.product_keys: dict[str, str] = {}
        for pid, sku, key, price, currency in session.execute(
                select(Product.id, Product.sku, Product.external_key, Product.price_minor, Product.currency)):
            self.products[sku] = (pid, price, currency)
            if key:
                self.product_keys[key] = sku
        self.customers: dict[str, int] = dict(session.execute(
            select(Customer.external_key, Customer.id)
            .where(Customer.external_key.like(f"{source}:%"))).all())
        self.orders: dict[tuple[str, str], tuple[int, int | None, bool]] = {}
        has_lines = exists().where(OrderLine.order_id == Order.id)
        channel_list = sorted(channels)
        for start in range(0, len(channel_list), 500):
            for oid, channel, number, customer, lines in session.execute(
                    select(Order.id, Order.channel, Order.number, Order.customer_id, has_lines)
                    .where(Order.channel.in_(channel_list[start:start + 500]))):
                self.orders[(channel, number)] = (oid, customer, bool(lines))
        self.return_keys: set[str] = set(session.scalars(
            select(Return.import_key).where(Return.import_key.like(f"{source[:40]}:%"))))

    def orders_by_number(self, numbers: set[str]) -> dict[str, list[tuple[int, str, int | None]]]:
        """Return orders of any channel carrying one of these numbers (id, channel, customer)."""
        found: dict[str, list[tuple[int, str, int | None]]] = {}
        items = sorted(numbers)
        for start in range(0, len(items), 500):
            for oid, channel, number, customer in self.session.execute(
                    select(Order.id, Order.channel, Order.number, Order.customer_id)
                    .where(Order.number.in_(items[start:start + 500]))):
                found.setdefault(number, []).append((oid, channel, customer))
        return found

    def lines_of(self, order_ids: set[int]) -> dict[int, list[tuple[int, str, int, int]]]:
        """Return the lines of some orders: (line id, sku, unit price paid in minor units, quantity)."""
        found: dict[int, list[tuple[int, str, int, int]]] = {}
        items = sorted(order_ids)
        for start in range(0, len(items), 500):
            for lid, oid, sku, price, qty in self.session.execute(
                    select(OrderLine.id, OrderLine.order_id, OrderLine.sku, OrderLine.unit_price_minor,
                           OrderLine.quantity).where(OrderLine.order_id.in_(items[start:start + 500]))):
                found.setdefault(oid, []).append((lid, sku, price, qty))
        return found
