"""A return as its customer sees it: status, items and a timeline of the events meant for them.

Internal notes, who at the shop did what, money details of other lines and attachments never appear;
the one note shown is the shop's reason for a rejection, which the customer's e-mail carries too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Customer, Order, Product, Return, ReturnEvent
from desktop_app.core.domain.lifecycle import Status, status_label
from desktop_app.core.domain.policy import Resolution, resolution_label
from desktop_app.core.i18n import Message
from desktop_app.core.services.returns.deadlines import approval_business_days
from desktop_app.core.services.returns.records import load_return
from desktop_app.core.services.settings import load_settings

LABEL_STATUSES = (Status.APPROVED.value, Status.PARTIALLY_RECEIVED.value)
_EVENT_TEXT = {
    "created": Message("We received your return request."),
    "approved": Message("Your return was approved: print the label and send the parcel."),
    "received": Message("Your parcel arrived at the shop."),
    "cancelled": Message("The return was cancelled."),
    "closed": Message("Your return is complete."),
    "reopened": Message("The shop is looking at your return again."),
}


@dataclass(frozen=True)
class TimelineEntry:
    """One step a customer may see: when (UTC) and what happened, in words for them."""

    at: datetime
    text: Message
    note: str = ""


@dataclass(frozen=True)
class CustomerStatus:
    """What the status page shows about one return."""

    rma: str
    status: str
    status_label: Message
    order_number: str
    items: tuple[tuple[str, int], ...]
    timeline: tuple[TimelineEntry, ...]
    label_ready: bool
    approval_days: int
    shop_name: str
    shop_email: str
    shop_timezone: str
    language: str
    exchanges: tuple[tuple[str, str], ...] = ()  # (item sent back, item the customer asked for instead)


def _exchanges(session: Session, ret: Return) -> tuple[tuple[str, str], ...]:
    wanted = {line.wanted_sku for line in ret.lines if line.wanted_sku}
    names = dict(session.execute(select(Product.sku, Product.name).where(Product.sku.in_(wanted))).all()) \
        if wanted else {}
    return tuple((line.name or line.sku, names.get(line.wanted_sku) or line.wanted_sku)
                 for line in ret.lines if line.wanted_sku)


def _entry(event: ReturnEvent) -> TimelineEntry | None:
    data = event.data or {}
    if event.kind in _EVENT_TEXT:
        return TimelineEntry(event.created_at, _EVENT_TEXT[event.kind])
    if event.kind == "rejected":
        return TimelineEntry(event.created_at, Message("The shop could not accept this return."), event.note or "")
    if event.kind in ("line_resolved", "goodwill_refund"):
        try:
            resolution = Resolution(str(data.get("resolution")))
        except ValueError:
            return None
        return TimelineEntry(event.created_at, Message("Done for {qty} item(s): {resolution}.",
                                                       {"qty": data.get("qty", ""),
                                                        "resolution": resolution_label(resolution)}))
    return None


def customer_status(db: Database, rma: str) -> CustomerStatus:
    """Return the customer's view of a return (the caller has checked the signed link)."""
    with db.read() as session:
        ret = load_return(session, rma)
        order = session.get(Order, ret.order_id) if ret.order_id else None
        customer = session.get(Customer, ret.customer_id) if ret.customer_id else None
        events = session.scalars(select(ReturnEvent).where(ReturnEvent.return_id == ret.id)
                                 .order_by(ReturnEvent.created_at, ReturnEvent.id))
        timeline = tuple(entry for entry in map(_entry, events) if entry is not None)
        shop = load_settings(session)
        return CustomerStatus(
            rma=ret.rma, status=ret.status, status_label=status_label(Status(ret.status)),
            order_number=order.number if order else "",
            items=tuple((line.name or line.sku, line.requested_qty) for line in ret.lines if not line.unexpected),
            timeline=timeline, label_ready=ret.status in LABEL_STATUSES,
            approval_days=approval_business_days(session), shop_name=shop.shop_name, shop_email=shop.shop_email,
            shop_timezone=shop.shop_timezone, language=customer.language if customer else shop.shop_language,
            exchanges=_exchanges(session, ret))
