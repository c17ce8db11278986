"""Breakdowns of a period's returns by reason, category, product, channel and customer, and a 12-month trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Customer, Order, OrderLine, Product, Return, ReturnLine
from desktop_app.core.reports.amounts import Amounts
from desktop_app.core.reports.figures import ENDED, returned_of_sold, returns_and_units, share, units_sold_between
from desktop_app.core.reports.figures_money import returned_value
from desktop_app.core.reports.period import Period, last_months

DIMENSIONS = ("reason", "category", "product", "channel", "customer")


@dataclass(frozen=True)
class BreakdownRow:
    """One group of a breakdown: its key, returns and units (all currencies), their value per currency, sales."""

    key: str
    label: str
    returns: int
    units: int
    values: Amounts
    units_sold: int | None
    sold_returned: int | None = None  # of the group's units sold in the period, how many came back so far

    @property
    def return_rate(self) -> Decimal | None:
        """Return the share of the group's units sold in the period that came back, when sales are known."""
        if not self.units_sold or self.sold_returned is None:
            return None
        return share(self.sold_returned, self.units_sold)


@dataclass(frozen=True)
class TrendPoint:
    """One month of the trend."""

    month: str
    units_sold: int
    units_returned: int
    returned_value: Amounts
    sold_returned: int = 0  # of the month's units sold, how many came back so far

    @property
    def return_rate(self) -> Decimal | None:
        """Return the share of the month's units sold that came back (by the month the goods were sold)."""
        return share(self.sold_returned, self.units_sold)


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


def _sales_key(dimension: str) -> Any:
    """Return the column grouping sales for a dimension, or None when sales have no meaningful split."""
    if dimension == "product":
        return OrderLine.sku
    if dimension == "category":
        return _category_column()
    if dimension == "channel":
        return Order.channel
    return None


def _sold_by(session: Session, dimension: str, start: datetime, end: datetime) -> dict[str, tuple[int, int]]:
    """Units sold in the period per product, category or channel, and how many of them came back so far."""
    key = _sales_key(dimension)
    if key is None:
        return {}
    sold_rows = session.execute(
        select(key, func.sum(OrderLine.quantity)).select_from(Order)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .outerjoin(Product, Product.id == OrderLine.product_id)
        .where(Order.ordered_at >= start, Order.ordered_at < end, Order.status != "cancelled")
        .group_by(key)
    ).all()
    per_line = (
        select(key.label("key"), OrderLine.quantity.label("bought"), func.sum(ReturnLine.requested_qty).label("back"))
        .select_from(ReturnLine).join(Return, Return.id == ReturnLine.return_id)
        .join(OrderLine, OrderLine.id == ReturnLine.order_line_id).join(Order, Order.id == OrderLine.order_id)
        .outerjoin(Product, Product.id == OrderLine.product_id)
        .where(Order.ordered_at >= start, Order.ordered_at < end, Order.status != "cancelled",
               Return.status.not_in(ENDED), ReturnLine.unexpected.is_(False))
        .group_by(key, OrderLine.id, OrderLine.quantity)
    ).subquery()
    capped = case((per_line.c.back > per_line.c.bought, per_line.c.bought), else_=per_line.c.back)
    back = dict(session.execute(select(per_line.c.key, func.sum(capped)).group_by(per_line.c.key)).all())
    return {str(k or ""): (int(v or 0), int(back.get(k) or 0)) for k, v in sold_rows}


def _merge_currencies(rows: Any) -> list[tuple[str, str, int, int, dict[str, int]]]:
    """Merge (key, label, currency, returns, units, value) rows into one row per key with value per currency."""
    merged: dict[str, list[Any]] = {}
    for key, label, code, count, units, value in rows:
        text = str(key if key is not None else "")
        entry = merged.setdefault(text, [text, "", 0, 0, {}])
        entry[1] = entry[1] or str(label or "")
        entry[2] += int(count)
        entry[3] += int(units or 0)
        entry[4][str(code)] = entry[4].get(str(code), 0) + int(value or 0)
    return [tuple(entry) for entry in merged.values()]


def breakdown_in(
    session: Session, period: Period, currency: str, dimension: str, limit: int | None = None
) -> list[BreakdownRow]:
    """Group the period's returned units by one dimension (every currency), largest value first."""
    start, end = period.utc_bounds()
    key, label = _group_column(dimension)
    query = (
        select(key, label, Return.currency, func.count(func.distinct(Return.id)), func.sum(ReturnLine.requested_qty),
               func.sum(ReturnLine.value_minor))
        .select_from(Return).join(ReturnLine, ReturnLine.return_id == Return.id)
        .outerjoin(Product, Product.id == ReturnLine.product_id)
        .outerjoin(OrderLine, OrderLine.id == ReturnLine.order_line_id)
        .where(Return.requested_at >= start, Return.requested_at < end,
               Return.status.not_in(ENDED), ReturnLine.unexpected.is_(False))
    )
    if dimension == "customer":
        query = query.outerjoin(Customer, Customer.id == Return.customer_id)
    rows = session.execute(query.group_by(key, Return.currency)).all()
    sold = _sold_by(session, dimension, start, end)
    result = [
        BreakdownRow(
            key=k, label=lab, returns=count, units=units, values=Amounts.from_minor(values, currency),
            units_sold=sold.get(k, (0, 0))[0] if sold else None, sold_returned=sold.get(k, (0, 0))[1] if sold else None,
        )
        for k, lab, count, units, values in _merge_currencies(rows)
    ]
    result.sort(key=lambda row: (-row.values.items[0].amount, -row.units, row.key))
    return result[:limit] if limit else result


def breakdown(
    db: Database, period: Period, currency: str, dimension: str, limit: int | None = None
) -> list[BreakdownRow]:
    """Group the period's returns by one dimension in one read snapshot."""
    with db.read() as session:
        return breakdown_in(session, period, currency, dimension, limit)


def trend_point_in(session: Session, month: Period, currency: str) -> TrendPoint:
    """Units sold, units returned, returned value per currency and units sold that came back, of one month."""
    start, end = month.utc_bounds()
    _returns, units = returns_and_units(session, start, end)
    return TrendPoint(month.label, units_sold_between(session, start, end), units,
                      Amounts.from_minor(returned_value(session, start, end), currency),
                      returned_of_sold(session, start, end))


def trend_in(session: Session, last_month: Period, currency: str, months: int = 12) -> list[TrendPoint]:
    """Units sold, units returned, returned value per currency and the return rate of each month."""
    return [trend_point_in(session, month, currency) for month in last_months(last_month, months)]


def trend(db: Database, last_month: Period, currency: str, months: int = 12) -> list[TrendPoint]:
    """Return the monthly trend in one read snapshot."""
    with db.read() as session:
        return trend_in(session, last_month, currency, months)


def return_ids_for(db: Database, period: Period, dimension: str, key: str) -> list[int]:
    """Return the working returns behind one breakdown row, every currency (the window opens them in the queue)."""
    start, end = period.utc_bounds()
    column, _label = _group_column(dimension)
    with db.read() as session:
        query = (
            select(func.distinct(Return.id)).select_from(Return)
            .join(ReturnLine, ReturnLine.return_id == Return.id)
            .outerjoin(Product, Product.id == ReturnLine.product_id)
            .outerjoin(OrderLine, OrderLine.id == ReturnLine.order_line_id)
            .where(Return.requested_at >= start, Return.requested_at < end,
                   Return.imported.is_(False), column == (int(key) if dimension == "customer" else key))
        )
        return sorted(session.execute(query).scalars().all())
