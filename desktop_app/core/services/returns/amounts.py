"""What a resolution pays for some units of a return line, by the policy version the return was judged under.

The eligibility rules are evaluated for the units paid so far and for those units plus the new ones: the
difference is this payment, so flat fees and rounding are charged exactly once however a line is split.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core.db.models import Order, OrderLine, Product, Refund, Return, ReturnLine
from desktop_app.core.domain.eligibility import Decision, ReturnRequest, evaluate
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.money import Money, unit_slice
from desktop_app.core.domain.policy import Condition, Resolution, resolution_label
from desktop_app.core.i18n import Message
from desktop_app.core.i18n.country_forms import all_in_country
from desktop_app.core.services.base import InvalidInput
from desktop_app.core.services.purchases import purchased_line
from desktop_app.core.services.returns.deadlines import shop_calendar, shop_country
from desktop_app.core.services.returns.exchange_read import exchanged_units
from desktop_app.core.services.returns.policy_lookup import policy_rules_of
from desktop_app.core.services.returns.snapshot import sentences


class Amounts:
    """What one payment is made of, in minor units."""

    def __init__(self, total: int = 0, tax: int = 0, shipping: int = 0, fee: int = 0, charge: int = 0) -> None:
        self.total, self.tax, self.shipping, self.fee, self.charge = total, tax, shipping, fee, charge


def paid_elsewhere(session: Session, ret: Return, row: ReturnLine) -> int:
    """Return the units of this line's order line paid out (net of reversals) or exchanged on other returns."""
    if row.order_line_id is None:
        return 0
    units = session.scalar(
        select(func.coalesce(func.sum(Refund.quantity), 0))
        .join(ReturnLine, ReturnLine.id == Refund.return_line_id)
        .where(ReturnLine.order_line_id == row.order_line_id, ReturnLine.return_id != ret.id)
    )
    return max(0, int(units or 0)) + exchanged_units(session, row, other_returns=True)


def _decision(
    session: Session, ret: Return, row: ReturnLine, units: int, resolution: Resolution, before: int = 0
) -> Decision:
    rules = policy_rules_of(session, ret.policy_version_id)
    ol = session.get(OrderLine, row.order_line_id)
    assert rules is not None and ol is not None  # a customer's return records its policy and order line
    order = session.get(Order, ol.order_id)
    assert order is not None
    calendar = shop_calendar(session, rules.country)
    purchased = purchased_line(order, ol, calendar)
    request = ReturnRequest(
        quantity=units,
        reason_code=row.reason_code,
        condition=Condition(row.condition) if row.condition else None,
        request_date=calendar.local_date(ret.requested_at),
        resolution=resolution,
        label_already_paid=bool((row.decision or {}).get("label_already_paid")),
        units_before=before,
    )
    return evaluate(rules, purchased, request, calendar)


def full_price(session: Session, ret: Return, row: ReturnLine, qty: int, done: int = 0) -> Amounts:
    """Return the price paid for `qty` more units with their tax share (no fee): used outside the policy.

    The units are the next slice of the line's paid money after `done` units of this return and those paid
    on other returns, so paying every unit of a line returns exactly what was paid for it.
    """
    ol = session.get(OrderLine, row.order_line_id) if row.order_line_id else None
    if ol is None:
        product = session.get(Product, row.product_id) if row.product_id else None
        if product is None:
            raise InvalidInput(
                Message("Line {line} was not part of the order; enter the amount to refund.",
                        {"line": row.sku or row.id})
            )
        return Amounts(product.price_minor * qty)
    start = done + paid_elsewhere(session, ret, row)
    paid = unit_slice(Money.from_minor(ol.paid_total_minor, ret.currency), ol.quantity, start, qty)
    tax = unit_slice(Money.from_minor(ol.tax_total_minor, ret.currency), ol.quantity, start, qty)
    return Amounts(paid.to_minor(), tax.to_minor())


def policy_amounts(
    session: Session, ret: Return, row: ReturnLine, resolution: Resolution, done: int, qty: int
) -> Amounts:
    """Return what `qty` more units pay by the recorded policy, after `done` units were paid already."""
    if not (row.decision or {}).get("eligible") or row.order_line_id is None:
        return full_price(session, ret, row, qty, done)
    elsewhere = paid_elsewhere(session, ret, row)
    after = _decision(session, ret, row, done + qty, resolution, elsewhere)
    if not after.eligible:
        raise RuleViolation(
            sentences([*all_in_country(after.refusals, shop_country(session)),
                       Message("The owner can grant a goodwill refund with a reason.")])
        )
    if resolution not in after.refund_by_resolution:
        raise RuleViolation(
            Message(
                "This policy does not offer {resolution} for this line.",
                {"resolution": resolution_label(resolution)},
            )
        )
    if done:
        before = _decision(session, ret, row, done, resolution, elsewhere)
        b = (
            before.refund(resolution).to_minor(),
            before.refund_tax(resolution).to_minor(),
            before.original_shipping_refund.to_minor(),
            before.restocking_fee.to_minor(),
            before.shipping_charge.to_minor(),
        )
    else:
        b = (0, 0, 0, 0, 0)
    return Amounts(
        after.refund(resolution).to_minor() - b[0],
        after.refund_tax(resolution).to_minor() - b[1],
        after.original_shipping_refund.to_minor() - b[2],
        after.restocking_fee.to_minor() - b[3],
        after.shipping_charge.to_minor() - b[4],
    )


def check_offered(session: Session, ret: Return, row: ReturnLine, resolution: Resolution, qty: int) -> None:
    """Refuse an exchange or repair the recorded policy does not offer for this line (owner-accepted lines pass)."""
    if row.order_line_id is not None and (row.decision or {}).get("eligible"):
        policy_amounts(session, ret, row, resolution, 0, qty)
