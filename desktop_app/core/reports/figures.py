"""Key figures of a period: what returns cost and how fast they were handled, with the previous period.

Definitions (the README's "Reports" section repeats them for the owner):
- Counts, units and rates count every return and order whatever its currency; money figures are given per
  currency (never added across currencies), the shop's currency first.
- returns received: returns requested in the period, historical (imported) ones included; rejected and
  cancelled returns are left out of every count. Units returned: units requested on those returns.
- units sold: units on orders placed in the period (cancelled orders left out).
- return rate: of the units sold in the period, the share returned so far (units on working returns of those
  orders' lines, at most each line's quantity) -- by the month the goods were sold, so never above 100 %.
- returns received per unit sold: units returned in the period / units sold in the period (the older,
  period-based figure; a quiet month after a busy one can pass 100 %).
- returned value: the value of the returned units (quantity x price paid, or catalogue price when unknown).
- refund value, restocking fees kept, store credit issued: money movements dated in the period (reversals
  count negative); the refunds are also given without tax (net) and as the tax inside them.
- shop-paid return shipping: prepaid labels of returns approved in the period whose cost is not taken from
  the refund, priced at the policy's label cost for that currency; labels charged to customers: the label
  costs taken from the refunds of returns approved in the period; written-off value: damaged units received.
- exchanges' differences: asked of customers (dearer replacements sent in the period), paid and waived
  (settled in the period), and the rests of cheaper replacements paid back in the period (these are also
  inside the refunds or the store credit issued).
- days from receipt to refund: over refunds in the period, mean and 90th percentile (nearest rank).
- change: relative (+25 %) for counts and money, in percentage points for rates and shares.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import cast

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Order, OrderLine, Refund, Return, ReturnLine, utcnow
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.open_returns import OPEN_RETURN_STATUSES, OVERDUE_RETURN_STATUSES
from desktop_app.core.reports import figures_money as money
from desktop_app.core.reports.amounts import Amounts
from desktop_app.core.reports.figures_money import ENDED as ENDED
from desktop_app.core.reports.period import Period

OPEN = OPEN_RETURN_STATUSES  # the one definition of "open" (the queue filter and status bar use it too)
RATES = ("return_rate", "received_rate", "refunded_within_promise")  # shares 0..1: changes in points
MONEY_FIGURES = (
    "returned_value", "refund_value", "refund_net", "refund_tax", "store_credit_issued", "restocking_fees",
    "shop_paid_shipping", "labels_charged", "written_off_value", "exchange_asked", "exchange_paid", "exchange_waived",
    "exchange_rests",
)


def share(part: int, whole: int) -> Decimal | None:
    """Return part / whole rounded to 4 places, or None when the whole is zero."""
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001")) if whole else None


@dataclass(frozen=True)
class KeyFigures:
    """The owner's numbers for one period: counts over all currencies, money per currency."""

    period: Period
    currency: str  # the shop's currency, listed first in every amount
    returns: int
    units_returned: int
    units_sold: int
    units_sold_returned: int  # of the units sold in the period, how many came back so far
    returned_value: Amounts
    refund_value: Amounts
    store_credit_issued: Amounts
    exchanges: int
    restocking_fees: Amounts
    shop_paid_shipping: Amounts
    written_off_value: Amounts
    labels_charged: Amounts
    refund_tax: Amounts
    refunds_counted: int
    days_to_refund_mean: Decimal | None
    days_to_refund_p90: Decimal | None
    refunded_within_promise: Decimal | None  # share 0..1
    open_returns: int
    overdue_returns: int
    exchange_asked: Amounts  # differences of dearer replacements sent in the period
    exchange_paid: Amounts  # differences customers paid in the period
    exchange_waived: Amounts  # differences the owner waived in the period
    exchange_rests: Amounts  # cheaper replacements' rests paid back in the period (inside refunds/store credit)

    @property
    def refund_net(self) -> Amounts:
        """Return the refunds without the tax inside them."""
        return self.refund_value - self.refund_tax

    @property
    def return_rate(self) -> Decimal | None:
        """Return the share of the units sold in the period that were returned (so far); at most 1."""
        return share(self.units_sold_returned, self.units_sold)

    @property
    def received_rate(self) -> Decimal | None:
        """Return units returned in the period / units sold in the period (can pass 1)."""
        return share(self.units_returned, self.units_sold)

    @property
    def currencies(self) -> tuple[str, ...]:
        """Return every currency some money figure has, the shop's first."""
        found = [self.currency]
        for name in MONEY_FIGURES:
            found += [code for code in cast(Amounts, getattr(self, name)).currencies if code not in found]
        return tuple(found)


Value = Decimal | int | Money | None


@dataclass(frozen=True)
class FigureChange:
    """A figure now and in the previous period; a money figure is one currency's amounts."""

    name: str
    current: Value
    previous: Value
    currency: str | None = None

    @property
    def in_points(self) -> bool:
        """Return True when the figure is a rate, so its change is given in percentage points."""
        return self.name in RATES

    @property
    def change(self) -> Decimal | None:
        """Return the change: relative (0.25 = +25 %), or for rates the difference (0.012 = +1.2 points)."""
        now, before = _number(self.current), _number(self.previous)
        if now is None or before is None:
            return None
        if self.in_points:
            return (now - before).quantize(Decimal("0.0001"))
        if before == 0:
            return None
        return ((now - before) / before).quantize(Decimal("0.0001"))


def _number(value: Value) -> Decimal | None:
    if value is None:
        return None
    return value.amount if isinstance(value, Money) else Decimal(value)


def returns_and_units(session: Session, start: datetime, end: datetime) -> tuple[int, int]:
    """Return how many returns were requested in the period and their units (every currency)."""
    row = session.execute(
        select(func.count(func.distinct(Return.id)), func.coalesce(func.sum(ReturnLine.requested_qty), 0))
        .select_from(Return).join(ReturnLine, ReturnLine.return_id == Return.id)
        .where(Return.requested_at >= start, Return.requested_at < end, Return.status.not_in(ENDED),
               ReturnLine.unexpected.is_(False))
    ).one()
    return int(row[0]), int(row[1])


def units_sold_between(session: Session, start: datetime, end: datetime) -> int:
    """Return the units on orders placed in the period (cancelled orders left out, every currency)."""
    return int(session.execute(
        select(func.coalesce(func.sum(OrderLine.quantity), 0)).select_from(Order)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .where(Order.ordered_at >= start, Order.ordered_at < end, Order.status != "cancelled")
    ).scalar_one())


def returned_of_sold(session: Session, start: datetime, end: datetime) -> int:
    """Return how many of the units sold in the period came back so far (at most each line's quantity)."""
    per_line = (
        select(OrderLine.quantity.label("bought"), func.sum(ReturnLine.requested_qty).label("back"))
        .select_from(ReturnLine)
        .join(Return, Return.id == ReturnLine.return_id)
        .join(OrderLine, OrderLine.id == ReturnLine.order_line_id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(Order.ordered_at >= start, Order.ordered_at < end, Order.status != "cancelled",
               Return.status.not_in(ENDED), ReturnLine.unexpected.is_(False))
        .group_by(OrderLine.id, OrderLine.quantity)
    ).subquery()
    capped = case((per_line.c.back > per_line.c.bought, per_line.c.bought), else_=per_line.c.back)
    return int(session.execute(select(func.coalesce(func.sum(capped), 0))).scalar_one() or 0)


def _exchanges(session: Session, start: datetime, end: datetime) -> int:
    return int(session.execute(
        select(func.count(ReturnLine.id)).join(Return, Return.id == ReturnLine.return_id)
        .where(ReturnLine.resolution == "exchange", Return.resolved_at >= start, Return.resolved_at < end)
    ).scalar_one())


def _refund_speed(
    session: Session, start: datetime, end: datetime
) -> tuple[int, Decimal | None, Decimal | None, Decimal | None]:
    rows = session.execute(
        select(Refund.created_at, Return.received_at, Return.due_at)
        .join(Return, Return.id == Refund.return_id)
        .where(Refund.created_at >= start, Refund.created_at < end,
               Refund.amount_minor > 0, Refund.reverses_id.is_(None), Return.received_at.is_not(None))
    ).all()
    if not rows:
        return 0, None, None, None
    days = sorted(max((refunded - cast(datetime, received)).total_seconds(), 0) / 86400
                  for refunded, received, _due in rows)
    within = sum(1 for refunded, _received, due in rows if due is not None and refunded <= due)
    mean = Decimal(str(sum(days) / len(days))).quantize(Decimal("0.1"))
    p90 = Decimal(str(days[max(math.ceil(0.9 * len(days)) - 1, 0)])).quantize(Decimal("0.1"))
    return len(rows), mean, p90, share(within, len(rows))


def open_and_overdue(session: Session, now: datetime) -> tuple[int, int]:
    """Return today's open returns and how many of them are overdue (never kept: they change by the hour)."""
    row = session.execute(
        select(
            func.count(Return.id),
            func.coalesce(func.sum(case(((Return.due_at < now) & Return.status.in_(OVERDUE_RETURN_STATUSES), 1),
                                        else_=0)), 0),
        ).where(Return.imported.is_(False), Return.status.in_(OPEN))
    ).one()
    return int(row[0]), int(row[1])


def key_figures_in(
    session: Session, period: Period, currency: str, now: datetime | None = None, live: tuple[int, int] | None = None
) -> KeyFigures:
    """Compute the key figures of a period inside an open session; `currency` is the shop's (listed first).

    `live` gives today's (open, overdue) returns when the caller counted them already.
    """
    start, end = period.utc_bounds()
    returns, units = returns_and_units(session, start, end)
    refunds, fees, refund_tax = money.refund_money(session, start, end)
    counted, mean, p90, within = _refund_speed(session, start, end)
    open_count, overdue = live if live is not None else open_and_overdue(session, now or utcnow())
    asked, paid, waived, rests = money.exchange_money(session, start, end)

    def amounts(minor: dict[str, int]) -> Amounts:
        return Amounts.from_minor(minor, currency)

    return KeyFigures(
        period=period, currency=currency, returns=returns, units_returned=units,
        units_sold=units_sold_between(session, start, end),
        units_sold_returned=returned_of_sold(session, start, end),
        returned_value=amounts(money.returned_value(session, start, end)),
        refund_value=amounts(refunds), refund_tax=amounts(refund_tax),
        store_credit_issued=amounts(money.store_credit(session, start, end)),
        exchanges=_exchanges(session, start, end), restocking_fees=amounts(fees),
        shop_paid_shipping=amounts(money.shop_paid_shipping(session, start, end, currency)),
        written_off_value=amounts(money.written_off(session, start, end)),
        labels_charged=amounts(money.labels_charged(session, start, end)),
        refunds_counted=counted, days_to_refund_mean=mean, days_to_refund_p90=p90,
        refunded_within_promise=within, open_returns=open_count, overdue_returns=overdue,
        exchange_asked=amounts(asked), exchange_paid=amounts(paid), exchange_waived=amounts(waived),
        exchange_rests=amounts(rests),
    )


def key_figures(db: Database, period: Period, currency: str, now: datetime | None = None) -> KeyFigures:
    """Compute the key figures of a period in one read snapshot."""
    with db.read() as session:
        return key_figures_in(session, period, currency, now)


COMPARED = (
    "returns", "units_returned", "units_sold", "return_rate", "received_rate", "returned_value", "refund_value",
    "refund_net", "refund_tax", "store_credit_issued", "exchanges", "exchange_asked", "exchange_paid",
    "exchange_waived", "exchange_rests", "restocking_fees", "shop_paid_shipping",
    "labels_charged", "written_off_value", "days_to_refund_mean", "days_to_refund_p90", "refunded_within_promise",
)


def compare(current: KeyFigures, previous: KeyFigures) -> list[FigureChange]:
    """Pair each figure with its value in the previous period; money figures once per currency."""
    currencies = list(current.currencies) + [c for c in previous.currencies if c not in current.currencies]
    changes: list[FigureChange] = []
    for name in COMPARED:
        if name not in MONEY_FIGURES:
            changes.append(FigureChange(name, getattr(current, name), getattr(previous, name)))
            continue
        now, before = cast(Amounts, getattr(current, name)), cast(Amounts, getattr(previous, name))
        changes += [FigureChange(name, now.of(code), before.of(code), code) for code in currencies]
    return changes
