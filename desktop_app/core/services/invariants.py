"""The rules a shop database must always satisfy, checked after a crash, at start and by the tests.

Each broken rule becomes one sentence (`Message`); an empty list means every rule holds:
- stock: each product's stock equals the sum of its inventory movements;
- returns: every return has at least one line;
- events: a working (not imported) return has events, and its newest status event ends in its status;
- refunds: per return line the refunded units (net of reversals) stay between zero and the units requested;
  per order line the units refunded across returns never exceed the units bought, and the money refunded
  by the policy (not goodwill, not store credit with its bonus) never exceeds what was paid for it;
- claims: per order line the units asked back in live (not cancelled or rejected) returns never exceed
  the units bought.
"""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import (
    InventoryMovement,
    OrderLine,
    Product,
    Refund,
    Return,
    ReturnEvent,
    ReturnLine,
)
from desktop_app.core.i18n import Message
from desktop_app.core.services.orders import NOT_COUNTED_STATUSES

MAX_EXAMPLES = 5  # sentences per rule; a broken rule on thousands of rows is still a short report


def _stock(session: Session) -> list[Message]:
    moved = (
        select(InventoryMovement.product_id, func.sum(InventoryMovement.quantity).label("total"))
        .group_by(InventoryMovement.product_id)
        .subquery()
    )
    rows = session.execute(
        select(Product.sku, Product.stock, func.coalesce(moved.c.total, 0))
        .outerjoin(moved, moved.c.product_id == Product.id)
        .where(Product.stock != func.coalesce(moved.c.total, 0))
        .order_by(Product.id)
        .limit(MAX_EXAMPLES)
    ).all()
    return [
        Message(
            "The stock of {sku} is {stock} but its movements add up to {moved}.",
            {"sku": sku, "stock": stock, "moved": int(total)},
        )
        for sku, stock, total in rows
    ]


def _returns_without_lines(session: Session) -> list[Message]:
    has_line = select(ReturnLine.id).where(ReturnLine.return_id == Return.id).exists()
    rmas = session.scalars(select(Return.rma).where(~has_line).order_by(Return.id).limit(MAX_EXAMPLES)).all()
    return [Message("The return {rma} has no lines.", {"rma": rma}) for rma in rmas]


def _events(session: Session) -> list[Message]:
    problems: list[Message] = []
    has_event = select(ReturnEvent.id).where(ReturnEvent.return_id == Return.id).exists()
    silent = session.scalars(
        select(Return.rma).where(Return.imported.is_(False), ~has_event).order_by(Return.id).limit(MAX_EXAMPLES)
    ).all()
    problems += [Message("The return {rma} has no events on its timeline.", {"rma": rma}) for rma in silent]
    newest = (
        select(ReturnEvent.return_id, func.max(ReturnEvent.id).label("last_id"))
        .where(ReturnEvent.to_status.is_not(None))
        .group_by(ReturnEvent.return_id)
        .subquery()
    )
    rows = session.execute(
        select(Return.rma, Return.status, ReturnEvent.to_status)
        .join(newest, newest.c.return_id == Return.id)
        .join(ReturnEvent, ReturnEvent.id == newest.c.last_id)
        .where(ReturnEvent.to_status != Return.status)
        .order_by(Return.id)
        .limit(MAX_EXAMPLES)
    ).all()
    problems += [
        Message(
            "The return {rma} is {status} but its last event moved it to {event_status}.",
            {"rma": rma, "status": status, "event_status": to_status},
        )
        for rma, status, to_status in rows
    ]
    return problems


def _refunded_units(session: Session) -> list[Message]:
    net = func.coalesce(func.sum(Refund.quantity), 0)
    rows = session.execute(
        select(Return.rma, ReturnLine.id, ReturnLine.requested_qty, net)
        .join(Refund, Refund.return_line_id == ReturnLine.id)
        .join(Return, Return.id == ReturnLine.return_id)
        .group_by(Return.rma, ReturnLine.id, ReturnLine.requested_qty)
        .having(or_(net < 0, net > ReturnLine.requested_qty))
        .order_by(ReturnLine.id)
        .limit(MAX_EXAMPLES)
    ).all()
    return [
        Message(
            "Line {line} of return {rma} has {refunded} units refunded but {requested} requested.",
            {"rma": rma, "line": line_id, "refunded": int(units), "requested": requested},
        )
        for rma, line_id, requested, units in rows
    ]


def _order_line_refunds(session: Session) -> list[Message]:
    original = aliased(Refund)
    by_policy = and_(original.goodwill_reason == "", original.method != "store_credit")
    units = func.coalesce(func.sum(Refund.quantity), 0)
    cash = func.coalesce(func.sum(Refund.amount_minor), 0)
    paid = (
        func.coalesce(OrderLine.paid_minor, OrderLine.quantity * OrderLine.unit_price_minor)
        + OrderLine.shipping_share_minor
    )
    base = (
        select(OrderLine.id, OrderLine.quantity, paid.label("paid"), units.label("units"))
        .join(ReturnLine, ReturnLine.order_line_id == OrderLine.id)
        .join(Refund, Refund.return_line_id == ReturnLine.id)
        .join(original, original.id == func.coalesce(Refund.reverses_id, Refund.id))
    )
    too_many = session.execute(
        base.group_by(OrderLine.id, OrderLine.quantity, paid)
        .having(units > OrderLine.quantity)
        .order_by(OrderLine.id)
        .limit(MAX_EXAMPLES)
    ).all()
    problems = [
        Message(
            "Order line {line} was bought {bought} times but {refunded} units were refunded.",
            {"line": line_id, "bought": bought, "refunded": int(refunded)},
        )
        for line_id, bought, _paid, refunded in too_many
    ]
    too_much = session.execute(
        select(OrderLine.id, paid.label("paid"), cash.label("cash"))
        .join(ReturnLine, ReturnLine.order_line_id == OrderLine.id)
        .join(Refund, Refund.return_line_id == ReturnLine.id)
        .join(original, original.id == func.coalesce(Refund.reverses_id, Refund.id))
        .where(by_policy)
        .group_by(OrderLine.id, paid)
        .having(cash > paid)
        .order_by(OrderLine.id)
        .limit(MAX_EXAMPLES)
    ).all()
    problems += [
        Message(
            "Order line {line} was paid {paid} (minor units) but {refunded} was refunded.",
            {"line": line_id, "paid": int(total_paid), "refunded": int(refunded)},
        )
        for line_id, total_paid, refunded in too_much
    ]
    return problems


def _claims_beyond_bought(session: Session) -> list[Message]:
    """Units of an order line asked back across live returns never exceed the units bought."""
    asked = func.sum(ReturnLine.requested_qty)
    rows = session.execute(
        select(OrderLine.id, OrderLine.quantity, asked)
        .join(ReturnLine, ReturnLine.order_line_id == OrderLine.id)
        .join(Return, Return.id == ReturnLine.return_id)
        .where(ReturnLine.unexpected.is_(False), Return.status.not_in(NOT_COUNTED_STATUSES))
        .group_by(OrderLine.id, OrderLine.quantity)
        .having(asked > OrderLine.quantity)
        .order_by(OrderLine.id)
        .limit(MAX_EXAMPLES)
    ).all()
    return [
        Message(
            "Order line {line} was bought {bought} times but {asked} units are asked back in returns.",
            {"line": line_id, "bought": bought, "asked": int(total)},
        )
        for line_id, bought, total in rows
    ]


CHECKS = (_stock, _returns_without_lines, _events, _refunded_units, _order_line_refunds, _claims_beyond_bought)


def check_invariants(db: Database) -> list[Message]:
    """Return one sentence per broken rule (at most a few per rule); an empty list means all hold."""
    problems: list[Message] = []
    with db.read() as session:
        for check in CHECKS:
            problems.extend(check(session))
    return problems
