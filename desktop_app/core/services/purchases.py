"""An order line as the eligibility rules see it: price paid, tax, dates and shipping share."""

from __future__ import annotations

from desktop_app.core.db.models import Order, OrderLine
from desktop_app.core.domain.calendar import BusinessCalendar
from desktop_app.core.domain.eligibility import PurchasedLine
from desktop_app.core.domain.money import Money


def purchased_line(order: Order, ol: OrderLine, calendar: BusinessCalendar, already_returned: int = 0) -> PurchasedLine:
    """Describe an order line as bought, with local order and delivery dates in the shop's calendar."""
    return PurchasedLine(
        order_line_id=ol.id,
        sku=ol.sku,
        category=ol.category or None,
        currency=order.currency,
        unit_price_paid=Money.from_minor(ol.unit_price_minor, order.currency).amount,
        unit_tax=Money.from_minor(ol.unit_tax_minor, order.currency).amount,
        quantity=ol.quantity,
        already_returned_qty=already_returned,
        order_date=calendar.local_date(order.ordered_at),
        delivered_date=calendar.local_date(order.delivered_at) if order.delivered_at else None,
        shipping_paid_share=Money.from_minor(ol.shipping_share_minor, order.currency).amount,
        paid_total=Money.from_minor(ol.paid_total_minor, order.currency).amount,
        tax_total=Money.from_minor(ol.tax_total_minor, order.currency).amount,
    )
