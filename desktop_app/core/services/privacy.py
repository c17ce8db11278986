"""A customer's personal data: export everything held about them, or erase it while the figures stay (GDPR, PIPL).

Both are owner-only and written to the shop's privacy log (the `privacy.log` row of the settings table, so it
travels with backups and a move to a server). Erasure blanks names, contact details, addresses, tracking
numbers, customers' comments, timeline notes from calls and chats, message texts, and deletes attachments;
orders, lines, amounts, refunds, store credit, stock and events stay, so reports keep adding up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Result, delete, func, or_, select, update
from sqlalchemy.orm import Session

from desktop_app.core.db.models import (
    Attachment,
    Customer,
    Order,
    OrderLine,
    OutgoingMessage,
    Refund,
    Return,
    ReturnEvent,
    ReturnLine,
    Setting,
    StoreCreditEntry,
    utcnow,
)
from desktop_app.core.domain.money import Money
from desktop_app.core.i18n import Message
from desktop_app.core.services.admin_common import writing
from desktop_app.core.services.base import InvalidInput, NotFound, ServiceContext, require_owner

LOG_KEY = "privacy.log"
FINISHED = ("closed", "rejected", "cancelled")
_log = logging.getLogger("returndesk.privacy")


@dataclass(frozen=True)
class ErasureResult:
    """What an erasure touched."""

    customers: int
    orders: int
    returns: int
    attachments_deleted: int
    messages_blanked: int


def _changed(result: Result[Any]) -> int:
    """Return how many rows an UPDATE or DELETE changed."""
    return cast(CursorResult[Any], result).rowcount


def _email(text: str) -> str:
    """Return a normalised e-mail address, or refuse one that cannot be an address."""
    value = (text or "").strip().lower()
    if "@" not in value or len(value) > 256 or any(ch.isspace() or ord(ch) < 32 for ch in value):
        raise InvalidInput(Message("{value} is not an e-mail address.", {"value": (text or "")[:80]}))
    return value


def _customers(session: Session, email: str) -> list[Customer]:
    """Return every customer with this address (imports from several channels may hold several)."""
    found = list(session.scalars(select(Customer).where(func.lower(Customer.email) == email).order_by(Customer.id)))
    if not found:
        raise NotFound(Message("No customer has the e-mail address {email}.", {"email": email}))
    return found


def _amount(minor: int, currency: str) -> str:
    """Return an amount as a decimal string in its currency's units."""
    return str(Money.from_minor(minor, currency).amount)


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _order(session: Session, order: Order) -> dict[str, Any]:
    lines = session.scalars(select(OrderLine).where(OrderLine.order_id == order.id).order_by(OrderLine.position))
    return {
        "number": order.number, "channel": order.channel, "ordered_at": _time(order.ordered_at),
        "delivered_at": _time(order.delivered_at), "currency": order.currency,
        "total": _amount(order.total_minor, order.currency),
        "ship_to": {"name": order.ship_name, "street": order.ship_street, "city": order.ship_city,
                    "postcode": order.ship_postcode, "region": order.ship_region, "country": order.ship_country},
        "carrier": order.carrier, "tracking_number": order.tracking_number,
        "lines": [{"sku": ol.sku, "name": ol.name, "quantity": ol.quantity,
                   "unit_price": _amount(ol.unit_price_minor, order.currency)} for ol in lines],
    }


def _return(session: Session, ret: Return) -> dict[str, Any]:
    lines = session.scalars(select(ReturnLine).where(ReturnLine.return_id == ret.id).order_by(ReturnLine.id))
    events = session.scalars(select(ReturnEvent).where(ReturnEvent.return_id == ret.id).order_by(ReturnEvent.id))
    refunds = session.scalars(select(Refund).where(Refund.return_id == ret.id).order_by(Refund.id))
    files = session.execute(select(Attachment.filename, Attachment.kind, Attachment.size, Attachment.created_at)
                            .where(Attachment.return_id == ret.id).order_by(Attachment.id))
    return {
        "rma": ret.rma, "status": ret.status, "channel": ret.channel, "requested_at": _time(ret.requested_at),
        "closed_at": _time(ret.closed_at), "carrier": ret.carrier, "tracking_number": ret.tracking_number,
        "lines": [{"sku": rl.sku, "name": rl.name, "requested": rl.requested_qty, "received": rl.received_qty,
                   "reason": rl.reason_code, "comment": rl.customer_comment, "condition": rl.condition,
                   "resolution": rl.resolution} for rl in lines],
        "timeline": [{"at": _time(e.created_at), "kind": e.kind, "from": e.from_status, "to": e.to_status,
                      "note": e.note} for e in events],
        "refunds": [{"at": _time(r.created_at), "amount": _amount(r.amount_minor, r.currency),
                     "currency": r.currency, "method": r.method, "credit_note": r.credit_note_number}
                    for r in refunds],
        "attachments": [{"filename": f, "kind": k, "size": s, "at": _time(t)} for f, k, s, t in files],
    }


def _messages_of(customer_id: int, return_ids: list[int]) -> Any:
    """Return the condition selecting a customer's messages (by customer or by one of their returns)."""
    return or_(OutgoingMessage.customer_id == customer_id, OutgoingMessage.return_id.in_(return_ids or [-1]))


def _customer(session: Session, c: Customer) -> dict[str, Any]:
    orders = list(session.scalars(select(Order).where(Order.customer_id == c.id).order_by(Order.ordered_at)))
    returns = list(session.scalars(select(Return).where(Return.customer_id == c.id).order_by(Return.id)))
    credit = session.scalars(select(StoreCreditEntry).where(StoreCreditEntry.customer_id == c.id)
                             .order_by(StoreCreditEntry.id))
    messages = session.scalars(select(OutgoingMessage).where(_messages_of(c.id, [r.id for r in returns]))
                               .order_by(OutgoingMessage.id))
    return {
        "name": c.name, "email": c.email, "phone": c.phone, "language": c.language,
        "address": {"street": c.street, "city": c.city, "postcode": c.postcode, "region": c.region,
                    "country": c.country},
        "customer_number": c.external_key, "created_at": _time(c.created_at), "erased_at": _time(c.erased_at),
        "flagged": {"reason": c.flag_reason, "at": _time(c.flagged_at)} if c.flag_reason is not None else None,
        "orders": [_order(session, o) for o in orders],
        "returns": [_return(session, r) for r in returns],
        "store_credit": [{"at": _time(e.created_at), "amount": _amount(e.amount_minor, e.currency),
                          "currency": e.currency, "note": e.note} for e in credit],
        "messages": [{"at": _time(m.created_at), "event": m.event, "channel": m.channel, "to": m.to_address,
                      "subject": m.subject, "body": m.body, "state": m.state, "sent_at": _time(m.sent_at)}
                     for m in messages],
    }


def _record(session: Session, user_id: int, action: str, customer_ids: list[int]) -> None:
    """Append one entry to the shop's privacy log (who, when, what, which customer records)."""
    row = session.get(Setting, LOG_KEY, with_for_update=True)
    entry = {"at": utcnow().isoformat(), "user_id": user_id, "action": action, "customers": customer_ids}
    if row is None:
        session.add(Setting(key=LOG_KEY, value=[entry], updated_by=user_id, updated_at=utcnow()))
    else:
        row.value = [*(row.value or []), entry]
        row.updated_by, row.updated_at = user_id, utcnow()
    _log.info("privacy %s of customers %s by user %s", action, customer_ids, user_id)


def export_customer(ctx: ServiceContext, email: str) -> dict[str, Any]:
    """Return everything held about the customer(s) with this e-mail address as JSON-ready data (owner)."""
    user = require_owner(ctx, Message("export a customer's personal data"))
    address = _email(email)
    with writing(ctx.db) as session:
        customers = _customers(session, address)
        data = {"exported_at": utcnow().isoformat(), "email": address,
                "customers": [_customer(session, c) for c in customers]}
        _record(session, user.id, "export", [c.id for c in customers])
    return data


def erase_customer(ctx: ServiceContext, email: str) -> ErasureResult:
    """Erase the personal data of the customer(s) with this address, keeping every figure (owner)."""
    user = require_owner(ctx, Message("erase a customer's personal data"))
    address = _email(email)
    with writing(ctx.db) as session:
        customers = _customers(session, address)
        ids = [c.id for c in customers]
        returns = list(session.scalars(select(Return).where(Return.customer_id.in_(ids)).with_for_update()))
        open_rmas = [r.rma for r in returns if r.status not in FINISHED]
        if open_rmas:
            raise InvalidInput(Message(
                "This customer still has open returns ({rmas}). Close, reject or cancel them first; "
                "nothing was erased.", {"rmas": ", ".join(open_rmas[:10])}))
        return_ids = [r.id for r in returns]
        now = utcnow()
        for c in customers:
            c.name, c.email, c.phone, c.external_key = "", None, None, None
            c.street = c.city = c.postcode = c.region = ""
            c.flag_reason = c.flagged_at = c.flagged_by = None  # the owner's words about a person go too
            c.erased_at = now
        orders = _changed(session.execute(
            update(Order).where(Order.customer_id.in_(ids)).values(
                ship_name="", ship_street="", ship_city="", ship_postcode="", ship_region="", tracking_number="")
        ))
        for r in returns:
            r.tracking_number = ""  # the version goes up: a desk showing the old one is told
        session.execute(update(ReturnLine).where(ReturnLine.return_id.in_(return_ids or [-1]))
                        .values(customer_comment=""))
        session.execute(update(ReturnEvent).where(ReturnEvent.return_id.in_(return_ids or [-1]),
                                                  ReturnEvent.kind == "note").values(note=""))
        files = _changed(session.execute(delete(Attachment).where(Attachment.return_id.in_(return_ids or [-1]))))
        blanked = 0
        for c in customers:
            mine = _messages_of(c.id, return_ids)
            blanked += _changed(session.execute(update(OutgoingMessage).where(mine)
                                       .values(to_address="", subject="", body="", last_error="")))
            session.execute(update(OutgoingMessage).where(mine, OutgoingMessage.state.in_(("queued", "failed")))
                            .values(state="held"))  # no address any more: never sent
        _record(session, user.id, "erase", ids)
    return ErasureResult(len(ids), int(orders or 0), len(returns), int(files or 0), blanked)


def privacy_log(db: Any) -> list[dict[str, Any]]:
    """Return the shop's privacy log: every export and erasure, oldest first."""
    with db.read() as session:
        row = session.get(Setting, LOG_KEY)
        return list(row.value or []) if row is not None else []
