"""Key figures of a period: what returns cost and how fast they were handled, with the previous period.

Definitions (the README's "Reports" section repeats them for the owner):
- returns: returns requested in the period, historical (imported) ones included; rejected and cancelled
  returns are left out of every count.
- units returned: units requested on those returns; units sold: units on orders placed in the period
  (cancelled orders left out); return rate = units returned / units sold.
- returned value: the value of the returned units (quantity x price paid, or catalogue price when unknown).
- refund value, restocking fees kept, store credit issued: money movements dated in the period (reversals
  count negative); the refunds are also given without tax (net) and as the tax inside them.
- shop-paid return shipping: prepaid labels of returns approved in the period whose cost is not taken from
  the refund, priced at the policy's label cost; labels charged to customers: the label costs taken from
  the refunds of returns approved in the period; written-off value: damaged units received in the period.
- days from receipt to refund: over refunds in the period, mean and 90th percentile (nearest rank).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import cast

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import (
    Order,
    OrderLine,
    PolicyVersion,
    Refund,
    Return,
    ReturnLine,
    StoreCreditEntry,
    utcnow,
)
from desktop_app.core.domain.money import Money
from desktop_app.core.reports.period import Period

ENDED = ("rejected", "cancelled")
OPEN = ("requested", "approved", "partially_received", "received", "inspected")


@dataclass(frozen=True)
class KeyFigures:
    """The owner's numbers for one period, amounts as Money in the shop's currency."""

    period: Period
    currency: str
    returns: int
    units_returned: int
    units_sold: int
    returned_value: Money
    refund_value: Money
    store_credit_issued: Money
    exchanges: int
    restocking_fees: Money
    shop_paid_shipping: Money
    written_off_value: Money
    labels_charged: Money
    refund_tax: Money
    refunds_counted: int
    days_to_refund_mean: Decimal | None
    days_to_refund_p90: Decimal | None
    refunded_within_promise: Decimal | None  # share 0..1
    open_returns: int
    overdue_returns: int

    @property
    def refund_net(self) -> Money:
        """Return the refunds without the tax inside them."""
        return self.refund_value - self.refund_tax

    @property
    def return_rate(self) -> Decimal | None:
        """Return units returned / units sold, or None when nothing was sold."""
        if not self.units_sold:
            return None
        return (Decimal(self.units_returned) / Decimal(self.units_sold)).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class FigureChange:
    """A figure now and in the previous period."""

    name: str
    current: Decimal | int | Money | None
    previous: Decimal | int | Money | None

    @property
    def change(self) -> Decimal | None:
        """Return the relative change (0.25 = +25 %), or None when there is nothing to compare with."""
        now, before = _number(self.current), _number(self.previous)
        if now is None or before is None or before == 0:
            return None
        return ((now - before) / before).quantize(Decimal("0.0001"))


def _number(value: Decimal | int | Money | None) -> Decimal | None:
    if value is None:
        return None
    return value.amount if isinstance(value, Money) else Decimal(value)


def _money(minor: int | None, currency: str) -> Money:
    return Money.from_minor(int(minor or 0), currency)


def _counted_returns(start: datetime, end: datetime, currency: str) -> ColumnElement[bool]:
    """Condition for returns that count in a period: requested in it, in the currency, not ended."""
    return and_(
        Return.requested_at >= start, Return.requested_at < end, Return.currency == currency,
        Return.status.not_in(ENDED),
    )


def returns_and_units(session: Session, start: datetime, end: datetime, currency: str) -> tuple[int, int, int]:
    row = session.execute(
        select(
            func.count(func.distinct(Return.id)),
            func.coalesce(func.sum(ReturnLine.requested_qty), 0),
            func.coalesce(func.sum(ReturnLine.value_minor), 0),
        ).select_from(Return).join(ReturnLine, ReturnLine.return_id == Return.id)
        .where(_counted_returns(start, end, currency), ReturnLine.unexpected.is_(False))
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def units_sold_between(session: Session, start: datetime, end: datetime, currency: str) -> int:
    return int(session.execute(
        select(func.coalesce(func.sum(OrderLine.quantity), 0)).select_from(Order)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .where(Order.ordered_at >= start, Order.ordered_at < end, Order.currency == currency,
               Order.status != "cancelled")
    ).scalar_one())


def _refund_money(session: Session, start: datetime, end: datetime, currency: str) -> tuple[int, int, int]:
    """Return the refunds (tax included), the fees kept and the tax inside the refunds, in minor units."""
    row = session.execute(
        select(func.coalesce(func.sum(Refund.amount_minor), 0), func.coalesce(func.sum(Refund.fee_minor), 0),
               func.coalesce(func.sum(Refund.tax_minor), 0))
        .where(Refund.created_at >= start, Refund.created_at < end, Refund.currency == currency)
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def _store_credit(session: Session, start: datetime, end: datetime, currency: str) -> int:
    return int(session.execute(
        select(func.coalesce(func.sum(StoreCreditEntry.amount_minor), 0))
        .where(StoreCreditEntry.created_at >= start, StoreCreditEntry.created_at < end,
               StoreCreditEntry.currency == currency, StoreCreditEntry.amount_minor > 0)
    ).scalar_one())


def _exchanges(session: Session, start: datetime, end: datetime, currency: str) -> int:
    return int(session.execute(
        select(func.count(ReturnLine.id)).join(Return, Return.id == ReturnLine.return_id)
        .where(ReturnLine.resolution == "exchange", Return.resolved_at >= start, Return.resolved_at < end,
               Return.currency == currency)
    ).scalar_one())


def _written_off(session: Session, start: datetime, end: datetime, currency: str) -> int:
    damaged_value = (ReturnLine.damaged_qty * ReturnLine.value_minor) // ReturnLine.requested_qty
    value = session.execute(
        select(func.coalesce(func.sum(damaged_value), 0))
        .join(Return, Return.id == ReturnLine.return_id)
        .where(Return.received_at >= start, Return.received_at < end, Return.currency == currency,
               ReturnLine.damaged_qty > 0, ReturnLine.requested_qty > 0)
    ).scalar_one()
    return int(value or 0)


def _shop_paid_shipping(session: Session, start: datetime, end: datetime, currency: str) -> int:
    rows = session.execute(
        select(Return.policy_version_id, func.count(Return.id))
        .where(Return.approved_at >= start, Return.approved_at < end, Return.currency == currency,
               Return.label_prepaid.is_(True), Return.shipping_charge_minor == 0, Return.imported.is_(False))
        .group_by(Return.policy_version_id)
    ).all()
    total = 0
    for version_id, count in rows:
        version = session.get(PolicyVersion, version_id) if version_id else None
        cost = Decimal(str((version.rules if version else {}).get("return_shipping_cost", "0") or "0"))
        total += Money(cost, currency).to_minor() * int(count)
    return total


def _labels_charged(session: Session, start: datetime, end: datetime, currency: str) -> int:
    """Return the label costs taken from refunds of returns approved in the period (prepaid, charged once)."""
    value = session.execute(
        select(func.coalesce(func.sum(Return.shipping_charge_minor), 0))
        .where(Return.approved_at >= start, Return.approved_at < end, Return.currency == currency,
               Return.label_prepaid.is_(True), Return.shipping_charge_minor > 0, Return.imported.is_(False))
    ).scalar_one()
    return int(value or 0)


def _refund_speed(
    session: Session, start: datetime, end: datetime, currency: str
) -> tuple[int, Decimal | None, Decimal | None, Decimal | None]:
    rows = session.execute(
        select(Refund.created_at, Return.received_at, Return.due_at)
        .join(Return, Return.id == Refund.return_id)
        .where(Refund.created_at >= start, Refund.created_at < end, Refund.currency == currency,
               Refund.amount_minor > 0, Refund.reverses_id.is_(None), Return.received_at.is_not(None))
    ).all()
    if not rows:
        return 0, None, None, None
    days = sorted(max((refunded - cast(datetime, received)).total_seconds(), 0) / 86400
                  for refunded, received, _due in rows)
    within = sum(1 for refunded, _received, due in rows if due is not None and refunded <= due)
    mean = Decimal(str(sum(days) / len(days))).quantize(Decimal("0.1"))
    p90 = Decimal(str(days[max(math.ceil(0.9 * len(days)) - 1, 0)])).quantize(Decimal("0.1"))
    share = (Decimal(within) / Decimal(len(rows))).quantize(Decimal("0.0001"))
    return len(rows), mean, p90, share


def _open_and_overdue(session: Session, now: datetime) -> tuple[int, int]:
    row = session.execute(
        select(
            func.count(Return.id),
            func.coalesce(func.sum(case((Return.due_at < now, 1), else_=0)), 0),
        ).where(Return.imported.is_(False), Return.status.in_(OPEN))
    ).one()
    return int(row[0]), int(row[1])


def key_figures_in(session: Session, period: Period, currency: str, now: datetime | None = None) -> KeyFigures:
    """Compute the key figures of a period inside an open session."""
    start, end = period.utc_bounds()
    returns, units, value = returns_and_units(session, start, end, currency)
    refunds, fees, refund_tax = _refund_money(session, start, end, currency)
    counted, mean, p90, within = _refund_speed(session, start, end, currency)
    open_count, overdue = _open_and_overdue(session, now or utcnow())
    return KeyFigures(
        period=period, currency=currency, returns=returns, units_returned=units,
        units_sold=units_sold_between(session, start, end, currency), returned_value=_money(value, currency),
        refund_value=_money(refunds, currency), refund_tax=_money(refund_tax, currency),
        store_credit_issued=_money(_store_credit(session, start, end, currency), currency),
        exchanges=_exchanges(session, start, end, currency), restocking_fees=_money(fees, currency),
        shop_paid_shipping=_money(_shop_paid_shipping(session, start, end, currency), currency),
        written_off_value=_money(_written_off(session, start, end, currency), currency),
        labels_charged=_money(_labels_charged(session, start, end, currency), currency),
        refunds_counted=counted, days_to_refund_mean=mean, days_to_refund_p90=p90,
        refunded_within_promise=within, open_returns=open_count, overdue_returns=overdue,
    )


def key_figures(db: Database, period: Period, currency: str, now: datetime | None = None) -> KeyFigures:
    """Compute the key figures of a period in one read snapshot."""
    with db.read() as session:
        return key_figures_in(session, period, currency, now)


COMPARED = (
    "returns", "units_returned", "units_sold", "return_rate", "returned_value", "refund_value", "refund_net",
    "refund_tax",
    "store_credit_issued", "exchanges", "restocking_fees", "shop_paid_shipping", "labels_charged",
    "written_off_value",
    "days_to_refund_mean", "days_to_refund_p90", "refunded_within_promise",
)


def compare(current: KeyFigures, previous: KeyFigures) -> list[FigureChange]:
    """Pair each figure with its value in the previous period."""
    return [FigureChange(name, getattr(current, name), getattr(previous, name)) for name in COMPARED]
