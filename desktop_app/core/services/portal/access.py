"""Finding an order for a customer: number plus e-mail or postcode, rate-limited in the database.

A wrong number and a wrong e-mail get the same sentence after the same work, so the answer never says
which orders exist. Attempts are counted per client address and per order number in `portal_attempts`
(several portal processes share nothing but the database).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Customer, Order, PortalAttempt, utcnow
from desktop_app.core.i18n import Message, UserFacingError

ADDRESS_LIMIT = 30  # look-ups from one client address per window
ORDER_LIMIT = 10  # look-ups of one order number per window
WINDOW = timedelta(minutes=15)
KEEP = timedelta(days=1)
NOT_FOUND = Message("We could not find an order with this number and e-mail address or postcode. "
                    "Check both (they are on your order confirmation) and try again.")


class TooManyLookups(UserFacingError):
    """Too many look-ups from one address or of one order number in a short time."""


class OrderNotFound(UserFacingError):
    """No order matches the number and the e-mail or postcode (which one is wrong is never said)."""


@dataclass(frozen=True)
class OrderAccess:
    """The order a customer proved they may see."""

    order_id: int
    order_number: str
    language: str


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _number(text: str) -> str:
    return (text or "").strip().lstrip("#").upper()[:64]


def _postcode(text: str) -> str:
    return "".join((text or "").split()).upper()


def _matches(contact: str, order: Order, customer: Customer | None) -> bool:
    """Return whether the e-mail or postcode given belongs to the order, comparing in constant time."""
    given_mail, given_code = contact.strip().casefold(), _postcode(contact)
    mail = (customer.email or "").strip().casefold() if customer is not None else ""
    codes = {_postcode(order.ship_postcode), _postcode(customer.postcode) if customer is not None else ""}
    ok = bool(mail) and hmac.compare_digest(given_mail.encode(), mail.encode())
    for code in codes:
        ok = (bool(code) and hmac.compare_digest(given_code.encode(), code.encode())) or ok
    return ok


def _count_and_record(db: Database, address: str, number: str, now: datetime) -> bool:
    """Record one attempt per scope and return whether the limits still allow a look-up."""
    keys = (("address", _hash(address or "-")), ("order", _hash(number)))
    with db.write() as session:
        counts = [int(session.scalar(select(func.count()).select_from(PortalAttempt).where(
            PortalAttempt.scope == scope, PortalAttempt.key == key, PortalAttempt.created_at >= now - WINDOW)) or 0)
            for scope, key in keys]
        session.add_all(PortalAttempt(scope=scope, key=key, created_at=now) for scope, key in keys)
        if now.second == 0:  # now and then, forget attempts older than a day
            session.execute(delete(PortalAttempt).where(PortalAttempt.created_at < now - KEEP))
    return (counts[0] or 0) < ADDRESS_LIMIT and (counts[1] or 0) < ORDER_LIMIT


def find_order_for_customer(db: Database, number: str, contact: str, address: str,
                            now: datetime | None = None) -> OrderAccess:
    """Return the order when the number and the e-mail or postcode match; the same refusal otherwise."""
    wanted = _number(number)
    if not _count_and_record(db, address, wanted, now or utcnow()):
        raise TooManyLookups(Message("There were too many look-ups in a short time. Wait 15 minutes and "
                                     "try again, or write to the shop."))
    found: OrderAccess | None = None
    with db.read() as session:
        rows = session.execute(select(Order, Customer).outerjoin(Customer, Customer.id == Order.customer_id)
                               .where(func.upper(Order.number) == wanted).limit(5)).all()
        for order, customer in rows:
            erased = customer is not None and customer.erased_at is not None
            if _matches(contact or "", order, customer) and not erased and found is None:
                found = OrderAccess(order.id, order.number, customer.language if customer else "en")
    if found is None or not wanted or not (contact or "").strip():
        raise OrderNotFound(NOT_FOUND)
    return found
