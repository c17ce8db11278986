"""Products to fix and customers to watch: return rates smoothed for small samples, unusual behaviour.

Products: a product's rate counts, of its units sold in the period, those that came back so far (by the month
of sale, like the key figures' return rate, so it never passes 100 %). The raw rate of a product sold four
times says little, so each product's rate is shrunk toward
its category's rate with a Beta prior worth `PRIOR_UNITS` units sold (empirical Bayes):
    smoothed = (returned + PRIOR_UNITS x category rate) / (sold + PRIOR_UNITS)
Products with fewer than `MIN_SOLD` units sold are listed apart as "too few sales to judge".

Customers: flagged for the owner's review (never blocked) when, over the period, they returned at least
`MIN_CUSTOMER_RETURNS` times and either their unit return rate is at least twice the shop's and above 50 %,
or the value they returned is in the top 2 % of customers who returned anything in that currency
(values are kept per currency, never added together).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Customer, Order, OrderLine, Product, Return, ReturnLine
from desktop_app.core.reports.amounts import Amounts
from desktop_app.core.reports.figures import ENDED
from desktop_app.core.reports.period import Period
from desktop_app.core.services.settings import load_settings

PRIOR_UNITS = Decimal(20)
MIN_SOLD = 5
MIN_CUSTOMER_RETURNS = 3
RATE = Decimal("0.0001")


@dataclass(frozen=True)
class ProductToFix:
    """A product's returns in a period: raw and smoothed rate, its category's rate, the main reasons."""

    sku: str
    name: str
    category: str
    units_sold: int
    units_returned: int
    raw_rate: Decimal
    smoothed_rate: Decimal
    category_rate: Decimal
    main_reasons: tuple[tuple[str, int], ...]
    enough_sales: bool


@dataclass(frozen=True)
class CustomerToWatch:
    """A customer whose returns stand out, with the reason they were flagged."""

    customer_id: int
    name: str
    email: str
    units_bought: int
    units_returned: int
    returns: int
    returned_value: Amounts  # per currency, never added together
    rate: Decimal | None
    why: str  # "rate" or "value"


def smoothed_rate(returned: int, sold: int, prior_rate: Decimal, prior_units: Decimal = PRIOR_UNITS) -> Decimal:
    """Shrink a product's return rate toward the prior rate by `prior_units` imaginary units sold."""
    return ((Decimal(returned) + prior_units * prior_rate) / (Decimal(sold) + prior_units)).quantize(RATE)


def _sales(session: Session, period: Period) -> dict[str, tuple[str, str, int]]:
    start, end = period.utc_bounds()
    category = func.coalesce(func.nullif(Product.category, ""), func.nullif(OrderLine.category, ""), "")
    rows = session.execute(
        select(OrderLine.sku, func.max(OrderLine.name), func.max(category), func.sum(OrderLine.quantity))
        .select_from(Order).join(OrderLine, OrderLine.order_id == Order.id)
        .outerjoin(Product, Product.id == OrderLine.product_id)
        .where(Order.ordered_at >= start, Order.ordered_at < end, Order.status != "cancelled")
        .group_by(OrderLine.sku)
    ).all()
    return {sku: (name or "", cat or "", int(units or 0)) for sku, name, cat, units in rows}


def _returned(session: Session, period: Period) -> dict[str, dict[str, int]]:
    """Units per SKU and reason of the period's sales that came back so far (by the month of sale)."""
    start, end = period.utc_bounds()
    rows = session.execute(
        select(OrderLine.sku, ReturnLine.reason_code, func.sum(ReturnLine.requested_qty))
        .select_from(ReturnLine).join(Return, Return.id == ReturnLine.return_id)
        .join(OrderLine, OrderLine.id == ReturnLine.order_line_id).join(Order, Order.id == OrderLine.order_id)
        .where(Order.ordered_at >= start, Order.ordered_at < end, Order.status != "cancelled",
               Return.status.not_in(ENDED), ReturnLine.unexpected.is_(False))
        .group_by(OrderLine.sku, ReturnLine.reason_code)
    ).all()
    result: dict[str, dict[str, int]] = {}
    for sku, reason, units in rows:
        result.setdefault(sku, {})[reason or ""] = int(units or 0)
    return result


def products_to_fix(db: Database, period: Period, limit: int = 25) -> list[ProductToFix]:
    """Rank products by smoothed return rate, highest first; too-small samples go last."""
    with db.read() as session:
        sales = _sales(session, period)
        returned = _returned(session, period)
    by_category: dict[str, list[int]] = {}
    for sku, (_name, category, sold) in sales.items():
        totals = by_category.setdefault(category, [0, 0])
        totals[0] += sold
        totals[1] += min(sum(returned.get(sku, {}).values()), sold)
    shop_sold = sum(t[0] for t in by_category.values())
    shop_rate = Decimal(sum(t[1] for t in by_category.values())) / Decimal(shop_sold) if shop_sold else Decimal(0)
    products = []
    for sku, (name, category, sold) in sales.items():
        reasons = returned.get(sku, {})
        units = min(sum(reasons.values()), sold)  # never more than were sold: a rate stays at most 100 %
        cat_sold, cat_returned = by_category[category]
        category_rate = (Decimal(cat_returned) / Decimal(cat_sold)).quantize(RATE) if cat_sold else shop_rate
        products.append(ProductToFix(
            sku=sku, name=name, category=category, units_sold=sold, units_returned=units,
            raw_rate=(Decimal(units) / Decimal(sold)).quantize(RATE) if sold else Decimal(0),
            smoothed_rate=smoothed_rate(units, sold, category_rate), category_rate=category_rate,
            main_reasons=tuple(sorted(reasons.items(), key=lambda item: (-item[1], item[0]))[:3]),
            enough_sales=sold >= MIN_SOLD,
        ))
    products.sort(key=lambda p: (not p.enough_sales, -p.smoothed_rate, -p.units_returned, p.sku))
    return products[:limit]


def customers_to_watch(db: Database, period: Period, limit: int = 50) -> list[CustomerToWatch]:
    """List customers whose returns are unusual in rate or value, for the owner to look at."""
    start, end = period.utc_bounds()
    with db.read() as session:
        bought = dict(session.execute(
            select(Order.customer_id, func.sum(OrderLine.quantity)).join(OrderLine, OrderLine.order_id == Order.id)
            .where(Order.ordered_at >= start, Order.ordered_at < end, Order.status != "cancelled",
                   Order.customer_id.is_not(None))
            .group_by(Order.customer_id)
        ).all())
        rows = session.execute(
            select(Return.customer_id, func.max(Customer.name), func.max(Customer.email), Return.currency,
                   func.count(func.distinct(Return.id)), func.sum(ReturnLine.requested_qty),
                   func.sum(ReturnLine.value_minor))
            .join(ReturnLine, ReturnLine.return_id == Return.id)
            .join(Customer, Customer.id == Return.customer_id)
            .where(Return.requested_at >= start, Return.requested_at < end, Return.status.not_in(ENDED),
                   Customer.erased_at.is_(None))
            .group_by(Return.customer_id, Return.currency)
        ).all()
        shop_currency = load_settings(session).shop_currency
    people: dict[int, list[Any]] = {}  # customer -> [name, email, returns, units, {currency: value}]
    for customer_id, name, email, currency, count, units, value in rows:
        entry = people.setdefault(cast(int, customer_id), [name or "", email or "", 0, 0, {}])
        entry[2], entry[3] = entry[2] + int(count), entry[3] + int(units or 0)
        entry[4][str(currency)] = int(value or 0)
    total_bought = sum(int(v or 0) for v in bought.values())
    total_returned = sum(entry[3] for entry in people.values())
    shop_rate = Decimal(total_returned) / Decimal(total_bought) if total_bought else Decimal(0)
    cuts = _value_cuts([entry[4] for entry in people.values()])
    flagged = []
    for customer_id, (name, email, count, units, values) in people.items():
        units_bought = int(bought.get(customer_id) or 0)
        rate = (Decimal(units) / Decimal(units_bought)).quantize(RATE) if units_bought else None
        if count < MIN_CUSTOMER_RETURNS:
            continue
        why = None
        if rate is not None and rate >= max(2 * shop_rate, Decimal("0.5")):
            why = "rate"
        elif any(code in cuts and value >= cuts[code] for code, value in values.items()):
            why = "value"
        if why:
            flagged.append(CustomerToWatch(customer_id, name, email, units_bought, units, count,
                                           Amounts.from_minor(values, shop_currency), rate, why))
    flagged.sort(key=lambda c: (-(c.rate or 0), -c.returned_value.items[0].amount))
    return flagged[:limit]


def _value_cuts(values: list[dict[str, int]]) -> dict[str, int]:
    """Return, per currency, the value at the top 2 % of customers who returned in it (with 50 or more)."""
    by_currency: dict[str, list[int]] = {}
    for per_customer in values:
        for code, value in per_customer.items():
            by_currency.setdefault(code, []).append(value)
    return {code: sorted(found)[int(len(found) * 0.98)] for code, found in by_currency.items() if len(found) >= 50}
