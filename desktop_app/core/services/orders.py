"""Orders as sold: list, search, and the detail a return starts from (prices paid, units already returned)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Customer, Order, OrderLine, Return, ReturnLine
from desktop_app.core.domain.money import Money
from desktop_app.core.i18n import Message
from desktop_app.core.services.base import InvalidInput, NotFound

NOT_COUNTED_STATUSES = ("cancelled", "rejected")


@dataclass(frozen=True)
class Address:
    """A postal address as printed on a label, line by line."""

    name: str
    street: str
    postcode: str
    city: str
    region: str
    country: str

    def lines(self) -> tuple[str, ...]:
        """Return the non-empty lines of the address."""
        town = " ".join(part for part in (self.postcode, self.city) if part)
        parts = (self.name, *self.street.splitlines(), town, self.region, self.country)
        return tuple(p.strip() for p in parts if p and p.strip())


@dataclass(frozen=True)
class CustomerInfo:
    """A customer's contact details (empty once erased)."""

    id: int
    name: str
    email: str | None
    phone: str | None
    language: str
    address: Address
    erased: bool


@dataclass(frozen=True)
class OrderSummary:
    """One row of the orders list."""

    id: int
    number: str
    channel: str
    ordered_at: datetime
    customer_name: str
    customer_email: str | None
    total: Money
    item_count: int
    status: str
    return_count: int


@dataclass(frozen=True)
class OrderLineInfo:
    """One bought line: unit price actually paid and its tax, and units already in returns."""

    id: int
    position: int
    product_id: int | None
    sku: str
    name: str
    category: str
    quantity: int
    unit_price: Money
    unit_tax: Money
    shipping_share: Money
    returned_qty: int

    @property
    def returnable_qty(self) -> int:
        """Return how many units may still be asked back across all returns."""
        return max(0, self.quantity - self.returned_qty)


@dataclass(frozen=True)
class OrderReturnInfo:
    """A return of the order, as listed on the order."""

    id: int
    rma: str
    status: str
    requested_at: datetime
    imported: bool


@dataclass(frozen=True)
class OrderDetail:
    """An order with its lines, customer, shipping address and returns."""

    id: int
    number: str
    channel: str
    status: str
    ordered_at: datetime
    delivered_at: datetime | None
    currency: str
    customer: CustomerInfo | None
    ship_to: Address
    carrier: str
    tracking_number: str
    shipping: Money
    discount: Money
    total: Money
    lines: tuple[OrderLineInfo, ...]
    returns: tuple[OrderReturnInfo, ...]


def already_returned(session: Session, order_line_ids: Iterable[int],
                     exclude_return_id: int | None = None) -> dict[int, int]:
    """Return units of each order line asked back in returns that were not cancelled or rejected."""
    ids = list(order_line_ids)
    if not ids:
        return {}
    query = (select(ReturnLine.order_line_id, func.coalesce(func.sum(ReturnLine.requested_qty), 0))
             .join(Return, Return.id == ReturnLine.return_id)
             .where(ReturnLine.order_line_id.in_(ids), ReturnLine.unexpected.is_(False),
                    Return.status.not_in(NOT_COUNTED_STATUSES))
             .group_by(ReturnLine.order_line_id))
    if exclude_return_id is not None:
        query = query.where(Return.id != exclude_return_id)
    counts = {line_id: 0 for line_id in ids}
    counts.update({cast(int, line_id): int(qty) for line_id, qty in session.execute(query)})
    return counts


def customer_info(customer: Customer) -> CustomerInfo:
    """Return the plain view of a customer row."""
    return CustomerInfo(
        id=customer.id, name=customer.name, email=customer.email, phone=customer.phone,
        language=customer.language,
        address=Address(customer.name, customer.street, customer.postcode, customer.city, customer.region,
                        customer.country),
        erased=customer.erased_at is not None)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def _summaries(session: Session, query: Select[*tuple[Any, ...]]) -> list[OrderSummary]:
    rows = session.execute(query).all()
    ids = [order.id for order, _customer in rows]
    items = dict(session.execute(select(OrderLine.order_id, func.sum(OrderLine.quantity))
                                 .where(OrderLine.order_id.in_(ids)).group_by(OrderLine.order_id)).all())
    returns = dict(session.execute(select(Return.order_id, func.count(Return.id))
                                   .where(Return.order_id.in_(ids)).group_by(Return.order_id)).all())
    return [OrderSummary(id=o.id, number=o.number, channel=o.channel, ordered_at=o.ordered_at,
                         customer_name=c.name if c else o.ship_name, customer_email=c.email if c else None,
                         total=Money.from_minor(o.total_minor, o.currency),
                         item_count=int(items.get(o.id, 0)), status=o.status,
                         return_count=int(returns.get(o.id, 0)))
            for o, c in rows]


def _base_query(limit: int | None, offset: int) -> Select[*tuple[Any, ...]]:
    query = (select(Order, Customer).outerjoin(Customer, Customer.id == Order.customer_id)
             .order_by(Order.ordered_at.desc(), Order.id.desc()).offset(max(0, offset)))
    return query if limit is None else query.limit(max(1, limit))


def list_orders(db: Database, search: str | None = None, limit: int | None = 100,
                offset: int = 0) -> list[OrderSummary]:
    """Return orders newest first, optionally only those matching a number, e-mail or name (limit None: all)."""
    query = _base_query(limit, offset)
    if search and search.strip():
        pattern = _like(search.strip())
        query = query.where(or_(func.lower(Order.number).like(pattern, escape="\\"),
                                func.lower(Customer.email).like(pattern, escape="\\"),
                                func.lower(Customer.name).like(pattern, escape="\\"),
                                func.lower(Order.ship_name).like(pattern, escape="\\")))
    with db.read() as session:
        return _summaries(session, query)


def find_orders(db: Database, text: str, limit: int = 20) -> list[OrderSummary]:
    """Return orders whose number, customer e-mail or customer name contains the text (for completion)."""
    if not (text or "").strip():
        return []
    return list_orders(db, search=text, limit=limit)


def _find_order(session: Session, number: str, channel: str | None) -> Order:
    query = select(Order).where(Order.number == (number or "").strip())
    if channel:
        query = query.where(Order.channel == channel)
    found = list(session.scalars(query.order_by(Order.channel)))
    if not found:
        raise NotFound(Message("There is no order with the number {number}.", {"number": number}))
    if len(found) > 1:
        raise InvalidInput(Message("Order {number} exists in several sales channels ({channels}); "
                                   "say which one.",
                                   {"number": number, "channels": ", ".join(o.channel for o in found)}))
    return found[0]


def find_order_for_change(session: Session, number: str, channel: str | None = None) -> Order:
    """Return an order (locked for update where the database can) to change it, or refuse in one sentence."""
    order = _find_order(session, number, channel)
    session.refresh(order, with_for_update=True)
    return order


def ship_address(order: Any) -> Address:
    """Return where an order (a row or anything with its ship_* columns) was sent."""
    return Address(order.ship_name, order.ship_street, order.ship_postcode, order.ship_city, order.ship_region,
                   order.ship_country)


def order_detail(session: Session, order: Order) -> OrderDetail:
    """Return the full view of an order inside an open session."""
    money = order.currency
    counts = already_returned(session, [line.id for line in order.lines])
    lines = tuple(OrderLineInfo(
        id=line.id, position=line.position, product_id=line.product_id, sku=line.sku, name=line.name,
        category=line.category, quantity=line.quantity,
        unit_price=Money.from_minor(line.unit_price_minor, money),
        unit_tax=Money.from_minor(line.unit_tax_minor, money),
        shipping_share=Money.from_minor(line.shipping_share_minor, money), returned_qty=counts[line.id],
    ) for line in order.lines)
    returns = tuple(OrderReturnInfo(id=r.id, rma=r.rma, status=r.status, requested_at=r.requested_at,
                                    imported=r.imported)
                    for r in session.scalars(select(Return).where(Return.order_id == order.id)
                                             .order_by(Return.requested_at, Return.id)))
    customer = session.get(Customer, order.customer_id) if order.customer_id else None
    return OrderDetail(
        id=order.id, number=order.number, channel=order.channel, status=order.status,
        ordered_at=order.ordered_at, delivered_at=order.delivered_at, currency=money,
        customer=customer_info(customer) if customer else None,
        ship_to=ship_address(order),
        carrier=order.carrier, tracking_number=order.tracking_number,
        shipping=Money.from_minor(order.shipping_minor, money),
        discount=Money.from_minor(order.discount_minor, money),
        total=Money.from_minor(order.total_minor, money), lines=lines, returns=returns)


def get_order(db: Database, number: str, channel: str | None = None) -> OrderDetail:
    """Return an order by its number (and sales channel when the number exists in several)."""
    with db.read() as session:
        return order_detail(session, _find_order(session, number, channel))


def get_order_by_id(db: Database, order_id: int) -> OrderDetail:
    """Return an order by its database id."""
    with db.read() as session:
        order = session.get(Order, order_id)
        if order is None:
            raise NotFound(Message("There is no order number {id}.", {"id": order_id}))
        return order_detail(session, order)


def customer_of(db: Database, number: str, channel: str | None = None) -> CustomerInfo | None:
    """Return the customer who placed an order, or None when the order names no customer."""
    with db.read() as session:
        order = _find_order(session, number, channel)
        customer = session.get(Customer, order.customer_id) if order.customer_id else None
        return customer_info(customer) if customer else None
