"""The delivery date of an order, typed at the desk or by the command when the import did not carry it."""

from __future__ import annotations

from datetime import date, datetime, time

from desktop_app.core.i18n import Message
from desktop_app.core.services.admin_common import writing
from desktop_app.core.services.base import InvalidInput, ServiceContext, require_user
from desktop_app.core.services.orders import OrderDetail, find_order_for_change, order_detail
from desktop_app.core.services.returns.deadlines import shop_calendar


def parse_day(value: date | str) -> date:
    """Return a calendar day from a date or a YYYY-MM-DD text, or refuse in one sentence."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(Message("{value} is not a date such as 2026-12-01.", {"value": value})) from None


def set_delivered(ctx: ServiceContext, order_number: str, day: date | str, channel: str | None = None) -> OrderDetail:
    """Record the day an order reached the customer (the shop's calendar); the return window may count from it."""
    require_user(ctx)
    when = parse_day(day)
    with writing(ctx.db) as session:
        order = find_order_for_change(session, order_number.strip(), channel)
        calendar = shop_calendar(session)
        ordered = calendar.local_date(order.ordered_at)
        if when < ordered:
            raise InvalidInput(Message("The delivery date {date} is before the order date {order_date}.",
                                       {"date": when.isoformat(), "order_date": ordered.isoformat()}))
        if when > calendar.today():
            raise InvalidInput(Message("The delivery date {date} is in the future.", {"date": when.isoformat()}))
        order.delivered_at = calendar.to_utc(datetime.combine(when, time(12, 0)))
        session.flush()
        return order_detail(session, order)
