"""An order as its customer sees it on the portal, and the policy's live verdict on what they choose.

The verdict is `judge_draft`'s, the judge `create_return` itself uses, so what is shown is what is created.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Order
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import Condition, PolicyRules, Resolution
from desktop_app.core.i18n import Message
from desktop_app.core.services.base import InvalidInput, NotFound, ServiceContext
from desktop_app.core.services.returns.deadlines import approval_business_days, shop_calendar
from desktop_app.core.services.returns.draft import judge_draft
from desktop_app.core.services.returns.exchange import exchange_choices
from desktop_app.core.services.returns.policy_lookup import published_policy
from desktop_app.core.services.returns.records import returned_elsewhere
from desktop_app.core.services.returns.views import LineRequest

PORTAL_RESOLUTIONS = (Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.EXCHANGE)
EXCHANGE_OPTIONS = 30


@dataclass(frozen=True)
class PortalLine:
    """One bought line: what it is, how many were bought and how many may still be sent back."""

    id: int
    sku: str
    name: str
    bought: int
    returnable: int
    unit_price: Money
    exchange_options: tuple[tuple[str, str], ...]  # (sku, name) in stock: other sizes/colours first


@dataclass(frozen=True)
class PortalOrder:
    """An order with the choices the shop's policy offers for it."""

    id: int
    number: str
    channel: str
    ordered_on: date
    currency: str
    lines: tuple[PortalLine, ...]
    reasons: tuple[tuple[str, Message], ...]
    conditions: tuple[Condition, ...]
    resolutions: tuple[Resolution, ...]
    approval_days: int


@dataclass(frozen=True)
class Choice:
    """What the customer chose for one line."""

    order_line_id: int
    quantity: int
    reason_code: str
    condition: str | None = None
    comment: str = ""


@dataclass(frozen=True)
class Verdict:
    """The policy's verdict on one chosen line, with its explanation and what the resolution pays."""

    order_line_id: int
    eligible: bool
    refusals: tuple[Message, ...]
    explanation: tuple[Message, ...]
    refund: Money


def _order(session: Session, order_id: int) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(Message("This order is no longer available."))
    return order


def _exchange_options(db: Database, line: PortalLine) -> PortalLine:
    """Return the line with what it can be exchanged for: its other sizes/colours in stock first (the desk's list)."""
    options = tuple((c.sku, c.name or c.sku) for c in exchange_choices(db, line.sku, limit=EXCHANGE_OPTIONS))
    return replace(line, exchange_options=options)


def customer_order(db: Database, order_id: int) -> PortalOrder:
    """Return an order with its lines, returnable units and the choices the published policy offers."""
    with db.read() as session:
        order = _order(session, order_id)
        rules = PolicyRules.from_dict(published_policy(session).rules)
        calendar = shop_calendar(session, rules.country)
        elsewhere = returned_elsewhere(session, [line.id for line in order.lines], None)
        lines = tuple(
            PortalLine(line.id, line.sku, line.name or line.sku, line.quantity,
                       max(0, line.quantity - elsewhere.get(line.id, 0)),
                       Money.from_minor(line.unit_price_minor, order.currency), ())
            for line in sorted(order.lines, key=lambda ol: ol.position))
        found = PortalOrder(
            order.id, order.number, order.channel, calendar.local_date(order.ordered_at), order.currency, lines,
            tuple((r.code, r.label()) for r in rules.reasons), tuple(Condition),
            tuple(r for r in PORTAL_RESOLUTIONS if rules.allows(r)), approval_business_days(session))
    if Resolution.EXCHANGE not in found.resolutions:
        return found
    return replace(found, lines=tuple(_exchange_options(db, line) for line in found.lines))


def judge_choices(db: Database, order_id: int, choices: list[Choice], resolution: str | None,
                  now: datetime | None = None) -> list[Verdict]:
    """Return the verdict on each chosen line: the returns service's own judge (`judge_draft`)."""
    with db.read() as session:
        order = _order(session, order_id)
        number, channel = order.number, order.channel
    lines = [LineRequest(c.order_line_id, c.quantity, c.reason_code, c.comment, c.condition) for c in choices]
    if not lines:
        return []
    try:
        draft = judge_draft(ServiceContext(db, None), number, lines, resolution, order_channel=channel, now=now)
    except NotFound:
        raise InvalidInput(Message("Choose one of the offered answers.")) from None
    return [Verdict(v.order_line_id, v.eligible, v.decision.refusals, v.decision.explanation, v.pays)
            for v in draft.lines]
