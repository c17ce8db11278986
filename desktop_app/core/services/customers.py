"""Customers the owner flags: their requests always wait for a person, whatever the auto-approve rules say."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core.db.models import Customer, utcnow
from desktop_app.core.i18n import N_, Message
from desktop_app.core.services.admin_common import writing
from desktop_app.core.services.base import InvalidInput, NotFound, ServiceContext, require_owner
from desktop_app.core.services.text_checks import COMMENT_MAX, check_text


@dataclass(frozen=True)
class CustomerFlag:
    """A customer and their flag (reason None: not flagged)."""

    customer_id: int
    name: str
    email: str | None
    flag_reason: str | None
    flagged_at: datetime | None

    @property
    def flagged(self) -> bool:
        """Return True when the owner flagged this customer."""
        return self.flag_reason is not None


def _flag_of(customer: Customer) -> CustomerFlag:
    return CustomerFlag(customer.id, customer.name, customer.email, customer.flag_reason, customer.flagged_at)


def find_customer(session: Session, who: str) -> Customer:
    """Return the customer with this e-mail address (any letter case) or number, or refuse in a sentence."""
    text = (who or "").strip()
    if text.lstrip("#").isdigit():
        found = session.get(Customer, int(text.lstrip("#")))
        if found is not None:
            return found
    rows = list(session.scalars(select(Customer).where(func.lower(Customer.email) == text.lower())
                                .order_by(Customer.id).limit(10)))
    if not rows:
        raise NotFound(Message("There is no customer {customer}; give their e-mail address or number.",
                               {"customer": text}))
    if len(rows) > 1:
        raise InvalidInput(Message("Several customers have the address {email}; give the number: {numbers}.",
                                   {"email": text, "numbers": ", ".join(str(r.id) for r in rows)}))
    return rows[0]


def flag_customer(ctx: ServiceContext, who: str, reason: str) -> CustomerFlag:
    """Flag a customer with a reason (owner only): none of their requests is approved at once any more."""
    user = require_owner(ctx, Message(N_("flag customers")))
    reason = check_text((reason or "").strip(), N_("The reason"), COMMENT_MAX, multiline=False)
    if not reason:
        raise InvalidInput(Message("Give a reason for the flag: it is shown to whoever reviews their requests."))
    with writing(ctx.db) as session:
        customer = find_customer(session, who)
        customer.flag_reason, customer.flagged_at, customer.flagged_by = reason, utcnow(), user.id
        session.flush()
        return _flag_of(customer)


def unflag_customer(ctx: ServiceContext, who: str) -> CustomerFlag:
    """Take the owner's flag off a customer (owner only)."""
    require_owner(ctx, Message(N_("flag customers")))
    with writing(ctx.db) as session:
        customer = find_customer(session, who)
        customer.flag_reason = customer.flagged_at = customer.flagged_by = None
        session.flush()
        return _flag_of(customer)


def is_flagged(session: Session, customer_id: int | None) -> bool:
    """Return whether the customer of a request is flagged (no customer: not flagged)."""
    if customer_id is None:
        return False
    return session.scalar(select(Customer.flag_reason).where(Customer.id == customer_id)) is not None
