"""The wizard's data and live judgement: the order, the published policy and the shop calendar (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from desktop_app.core.db.engine import Database
from desktop_app.core.domain.calendar import BusinessCalendar
from desktop_app.core.domain.eligibility import Decision, PurchasedLine, ReturnRequest, evaluate_return
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import Condition, Resolution
from desktop_app.core.services.base import ServiceContext
from desktop_app.core.services.orders import OrderDetail, OrderLineInfo, get_order
from desktop_app.core.services.policies import PolicyVersionInfo, current_policy
from desktop_app.core.services.settings import get_settings
from desktop_app.core.services.users import get_user


@dataclass(frozen=True)
class WizardData:
    """What the wizard judges against: one order, the published policy and the shop's calendar."""

    order: OrderDetail
    policy: PolicyVersionInfo
    calendar: BusinessCalendar
    clerk_refund_limit_minor: int | None


@dataclass(frozen=True)
class LineChoice:
    """One line as chosen on the lines page: units, reason, condition and comment."""

    line: OrderLineInfo
    quantity: int
    reason_code: str
    condition: str | None
    comment: str = ""


def load_order(db: Database, number: str, channel: str | None = None,
               ctx: ServiceContext | None = None) -> WizardData:
    """Return an order with the policy, calendar and the user's refund limit that will judge its return."""
    order = get_order(db, number, channel)
    policy = current_policy(db)
    shop = get_settings(db)
    calendar = BusinessCalendar(shop.shop_country or policy.rules.country or "US", shop.shop_timezone or "UTC")
    limit = shop.clerk_refund_limit_minor
    if ctx is not None and ctx.user is not None:
        own = get_user(ctx, ctx.user.id).refund_limit_minor
        limit = None if ctx.user.is_owner else (own if own is not None else limit)
    return WizardData(order, policy, calendar, limit)


def judge_all(data: WizardData, choices: list[LineChoice], resolution: str | None,
              now: datetime | None = None) -> list[Decision]:
    """Return the decisions on the chosen lines in order, judged together as `create_return` judges them."""
    asked = [_asked(data, choice, resolution, now) for choice in choices]
    return [decision for decision, _paid in evaluate_return(data.policy.rules, asked, data.calendar)]


def _asked(data: WizardData, choice: LineChoice, resolution: str | None,
           now: datetime | None) -> tuple[PurchasedLine, ReturnRequest]:
    """Return one chosen line as the eligibility rules see it: the line as bought and what is asked."""
    order, cal, line = data.order, data.calendar, choice.line
    purchased = PurchasedLine(
        order_line_id=line.id, sku=line.sku, category=line.category or None, currency=order.currency,
        unit_price_paid=line.unit_price.amount, unit_tax=line.unit_tax.amount, quantity=line.quantity,
        already_returned_qty=line.returned_qty, order_date=cal.local_date(order.ordered_at),
        delivered_date=cal.local_date(order.delivered_at) if order.delivered_at else None,
        shipping_paid_share=line.shipping_share.amount)
    request = ReturnRequest(
        quantity=choice.quantity, reason_code=choice.reason_code,
        condition=Condition(choice.condition) if choice.condition else None,
        request_date=cal.local_date(now or datetime.now(UTC)),
        resolution=Resolution(resolution) if resolution else None)
    return purchased, request


def total_refund(decisions: list[Decision], resolution: str | None, currency: str) -> Money:
    """Return what the chosen resolution pays over the eligible lines."""
    total = Money.zero(currency)
    wanted = Resolution(resolution) if resolution else Resolution.REFUND
    for decision in decisions:
        if decision.eligible:
            total = total + decision.refund(wanted)
    return total


def may_approve(data: WizardData, decisions: list[Decision], resolution: str | None, is_owner: bool) -> bool:
    """Return whether this user may approve at once: the owner always, a clerk within policy and limit."""
    if is_owner:
        return True
    if not decisions or not all(d.eligible for d in decisions):
        return False
    limit = data.clerk_refund_limit_minor
    return limit is None or total_refund(decisions, resolution, data.order.currency).to_minor() <= limit
