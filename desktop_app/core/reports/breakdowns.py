"""Breakdowns of a period's returns by reason, category, product, channel and customer, and a 12-month trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Customer, Order, OrderLine, Product, Return, ReturnLine
from desktop_app.core.domain.money import Money
from desktop_app.core.reports.figures import ENDED, returns_and_units, units_sold_between
from desktop_app.core.reports.period import Period, last_months

DIMENSIONS = ("reason", "category", "product", "channel", "customer")


@dataclass(frozen=True)
class BreakdownRow:
    """One group of a breakdown: its key, how many returns and units, their value, and the return rate."""

    key: str
    label: str
    returns: int
    units: int
    value: Money
    units_sold: int | None

    @property
    def return_rate(self) -> Decimal | None:
        """Return units / units sold for this group, when sales are known."""
        if not self.units_sold:
            return None
        return (Decimal(self.units) / Decimal(self.units_sold)).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class TrendPoint:
    """One month of the trend."""

    month: str
    units_sold: int
    units_returned: int
    returned_value: Money

    @property
    def return_rate(self) -> Decimal | None:
        """Return units returned / units sold for the month."""
        if not self.units_sold:
            return None
        return (Decimal(self.units_returned) / Decimal(self.units_sold)).quantize(Decimal("0.0001"))


def _category_column() -> ColumnElement[Any]:
    return func.coalesce(func.nullif(Product.category, ""), func.nullif(OrderLine.category, ""), "")


def _group_column(dimension: str) -> tuple[Any, Any]:
    """Return (key column, label column) for a dimension."""
    if dimension == "reason":
        return ReturnLine.reason_code, ReturnLine.reason_code
    if dimension == "category":
        column = _category_column()
        return column, column
    if dimension == "product":
        return ReturnLine.sku, func.max(ReturnLine.name)
    if dimension == "channel":
        return Return.channel, Return.channel
    if dimension == "customer":
        return func.coalesce(Return.customer_id, 0), func.max(func.coalesce(Customer.name, ""))
    raise ValueError(f"unknown breakdown {dimension}")


def _sold_by(session: Session, dimension: str, start: datetime, end: datetime, currency: str) -> dict[str, int]:
    """Units sold in the period per product or category (other dimensions have no meaningful sales split)."""
    key: Any
    if dimension == "product":
        key = OrderLine.sku
    elif dimension == "category":
        key = _category_column()
    elif dimension == "channel":
        key = Order.channel
    else:
        return {}
    rows = session.execute(
        select(key, func.sum(OrderLine.quantity)).select_from(Order)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .outerjoin(Product, Product.id == OrderLine.product_id)
        .where(Order.ordered_at >= start, Order.ordered_at < end, Order.currency == currency,
               Order.status != "cancelled")
        .group_by(key)
    ).all()
    return {str(k or ""): int(v or 0) for k, v in rows}


def breakdown_in(
    session: Session, period: Period, currency: str, dimension: str, limit: int | None = None
) -> list[BreakdownRow]:
    """Group the period's returned units by one dimension, largest value first."""
    start, end = period.utc_bounds()
    key, label = _group_column(dimension)
    query = (
        select(key, label, func.count(func.distinct(Return.id)), func.sum(ReturnLine.requested_qty),
               func.sum(ReturnLine.value_minor))
        .select_from(Return).join(ReturnLine, ReturnLine.return_id == Return.id)
        .outerjoin(Product, Product.id == ReturnLine.product_id)
        .outerjoin(OrderLine, OrderLine.id == ReturnLine.order_line_id)
        .where(Return.requested_at >= start, Return.requested_at < end, Return.currency == currency,
               Return.status.not_in(ENDED), ReturnLine.unexpected.is_(False))
    )
    if dimension == "customer":
        query = query.outerjoin(Customer, Customer.id == Return.customer_id)
    rows = session.execute(query.group_by(key)).all()
    sold = _sold_by(session, dimension, start, end, currency)
    result = [
        BreakdownRow(
            key=str(k if k is not None else ""), label=str(lab or ""), returns=int(count),
            units=int(units or 0), value=Money.from_minor(int(value or 0), currency),
            units_sold=sold.get(str(k or "")) if sold else None,
        )
        for k, lab, count, units, value in rows
    ]
    result.sort(key=lambda row: (-row.value.amount, -row.units, row.key))
    return result[:limit] if limit else result


def breakdown(
    db: Database, period: Period, currency: str, dimension: str, limit: int | None = None
) -> list[BreakdownRow]:
    """Group the period's returns by one dimension in one read snapshot."""
    with db.read() as session:
        return breakdown_in(session, period, currency, dimension, limit)


def trend_in(session: Session, last_month: Period, currency: str, months: int = 12) -> list[TrendPoint]:
    """Units sold, units returned and returned value for each of the months ending with `last_month`."""
    points = []
    for month in last_months(last_month, months):
        start, end = month.utc_bounds()
        _returns, units, value = returns_and_units(session, start, end, currency)
        points.append(TrendPoint(month.label, units_sold_between(session, start, end, currency), units,
                                 Money.from_minor(value, currency)))
    return points


def trend(db: Database, last_month: Period, currency: str, months: int = 12) -> list[TrendPoint]:
    """Return the monthly trend in one read snapshot."""
    with db.read() as session:
        return trend_in(session, last_month, currency, months)


def return_ids_for(db: Database, period: Period, currency: str, dimension: str, key: str) -> list[int]:
    """Return the working returns behind one breakdown row (so the window can open them in the queue)."""
    start, end = period.utc_bounds()
    column, _label = _group_column(dimension)
    with db.read() as session:
        query = (
            select(func.distinct(Return.id)).select_from(Return)
            .join(ReturnLine, ReturnLine.return_id == Return.id)
            .outerjoin(Product, Product.id == ReturnLine.product_id)
            .outerjoin(OrderLine, OrderLine.id == ReturnLine.order_line_id)
            .where(Return.requested_at >= start, Return.requested_at < end, Return.currency == currency,
                   Return.imported.is_(False), column == (int(key) if dimension == "customer" else key))
        )
        return sorted(session.execute(query).scalars().all())
