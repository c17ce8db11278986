"""Judge a draft return: the verdict on each asked line, the total, and whether the user may approve it at once.

`judge_draft` is the read service the window's wizard (and the portal) show live; `create_return` judges
through `judge_in_session`, the same function, inside its own transaction, so what is shown is what is created.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.db.models import Order, OrderLine, PolicyVersion, utcnow
from desktop_app.core.domain.autoapprove import AutoLine, AutoVerdict, decide_auto_approval
from desktop_app.core.domain.calendar import BusinessCalendar
from desktop_app.core.domain.eligibility import Decision, ReturnRequest, evaluate_return
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import Condition, PolicyRules, Resolution
from desktop_app.core.i18n import N_, Message
from desktop_app.core.i18n.country_forms import all_in_country
from desktop_app.core.services.base import CurrentUser, InvalidInput, NotFound, ServiceContext
from desktop_app.core.services.customers import is_flagged
from desktop_app.core.services.purchases import purchased_line
from desktop_app.core.services.returns.deadlines import shop_calendar, shop_country
from desktop_app.core.services.returns.limits import clerk_refund_limit_minor
from desktop_app.core.services.returns.policy_lookup import published_policy
from desktop_app.core.services.returns.records import returned_elsewhere
from desktop_app.core.services.returns.views import LineRequest
from desktop_app.core.services.text_checks import COMMENT_MAX, check_text

LineInput = LineRequest | tuple[Any, ...]


@dataclass(frozen=True)
class LineVerdict:
    """One asked line as the policy judges it: the order line, the units asked and the decision."""

    order_line_id: int
    sku: str
    name: str
    quantity: int
    decision: Decision
    label_already_paid: bool  # judged as if an earlier line of the return already paid the label
    pays: Money  # what the chosen resolution pays for these units (zero when not eligible)

    @property
    def eligible(self) -> bool:
        """Return True when the line is within the policy."""
        return self.decision.eligible


@dataclass(frozen=True)
class DraftVerdict:
    """The live verdict on a draft return, judged exactly as `create_return` will judge it."""

    order_number: str
    order_channel: str
    currency: str
    policy_version_id: int
    policy_number: int
    resolution: str | None
    lines: tuple[LineVerdict, ...]
    total: Money  # what the chosen resolution (refund when none) pays over the eligible lines
    refund_limit_minor: int | None  # the user's limit on one return (None: no limit, the owner, no user)
    over_limit: bool  # the total is above that limit
    may_approve: bool  # the user may approve it at once: the owner always, a clerk within policy and limit
    auto: AutoVerdict  # the auto-approve rule that approves it when created, or why it will wait

    @property
    def within_policy(self) -> bool:
        """Return True when every asked line is eligible."""
        return all(line.eligible for line in self.lines)

    def line(self, order_line_id: int) -> LineVerdict | None:
        """Return the verdict on one order line, or None when it was not asked."""
        return next((v for v in self.lines if v.order_line_id == order_line_id), None)


@dataclass(frozen=True)
class Judgement:
    """A verdict with what `create_return` writes next to it (inside the same transaction)."""

    verdict: DraftVerdict
    order: Order
    policy: PolicyVersion
    calendar: BusinessCalendar
    requests: tuple[LineRequest, ...]
    order_lines: tuple[OrderLine, ...]  # the order line of each request, in order
    elsewhere: dict[int, int]  # order line id -> units asked back in other live returns


def as_request(item: LineInput) -> LineRequest:
    """Return one asked line as a LineRequest, refusing a bad quantity, comment or condition."""
    request = item if isinstance(item, LineRequest) else LineRequest(*item)
    if not isinstance(request.quantity, int) or isinstance(request.quantity, bool) or request.quantity < 1:
        raise InvalidInput(Message("The quantity must be at least 1."))
    check_text(request.comment or "", N_("The customer's comment"), COMMENT_MAX, multiline=True)
    if request.condition is not None:
        try:
            Condition(request.condition)
        except ValueError:
            raise InvalidInput(
                Message("{value} is not an item condition ReturnDesk knows.", {"value": request.condition})
            ) from None
    return request


def parse_resolution(value: Resolution | str | None) -> Resolution | None:
    """Return the asked resolution (None when none was chosen), refusing an unknown one."""
    if value is None or value == "":
        return None
    try:
        return Resolution(value)
    except ValueError:
        raise InvalidInput(Message("{value} is not a resolution ReturnDesk knows.", {"value": value})) from None


def check_requests(lines: Sequence[LineInput]) -> list[LineRequest]:
    """Return the asked lines checked: at least one, each order line once."""
    requests = [as_request(item) for item in lines]
    if not requests:
        raise InvalidInput(Message("Choose at least one line to return."))
    if len({r.order_line_id for r in requests}) != len(requests):
        raise InvalidInput(Message("Each order line can appear only once in a return."))
    return requests


def find_order(session: Session, order_number: str, order_channel: str | None, *, lock: bool = False) -> Order:
    """Return the order with this number (and channel), or refuse naming what was typed.

    `lock` row-locks it (creating a return): claims on its lines are read and written by one desk at a time;
    without the lock two desks on PostgreSQL both read "nothing returned yet" and both claim the same units.
    """
    stmt = select(Order).where(Order.number == (order_number or "").strip())
    if lock:
        stmt = stmt.with_for_update()
    if order_channel:
        stmt = stmt.where(Order.channel == order_channel)
    orders = list(session.scalars(stmt.limit(2)))
    if not orders:
        raise NotFound(Message("There is no order {order}.", {"order": order_number}))
    if len(orders) > 1:
        raise InvalidInput(
            Message("Several sales channels have an order {order}; choose the channel.", {"order": order_number})
        )
    return orders[0]


def in_shop_country(decision: Decision, country: str) -> Decision:
    """Return a decision whose explanation and refusals write amounts and days as the shop's country does."""
    return replace(decision, refusals=all_in_country(decision.refusals, country),
                   explanation=all_in_country(decision.explanation, country))


def judge_in_session(session: Session, user: CurrentUser | None, order: Order, requests: Sequence[LineRequest],
                     wanted: Resolution | None, now: datetime) -> Judgement:
    """Judge checked lines of an order by the published policy, together, as of `now` (the one judge)."""
    policy = published_policy(session)
    rules = PolicyRules.from_dict(policy.rules)
    calendar = shop_calendar(session, rules.country)
    by_id = {line.id: line for line in order.lines}
    for r in requests:
        if r.order_line_id not in by_id:
            raise InvalidInput(
                Message("Order {order} has no line {line}.", {"order": order.number, "line": r.order_line_id})
            )
    elsewhere = returned_elsewhere(session, [r.order_line_id for r in requests], None)
    order_lines = tuple(by_id[r.order_line_id] for r in requests)
    asked = [
        (purchased_line(order, ol, calendar, elsewhere.get(ol.id, 0)),
         ReturnRequest(quantity=r.quantity, reason_code=r.reason_code,
                       condition=Condition(r.condition) if r.condition else None,
                       request_date=calendar.local_date(now), resolution=wanted))
        for r, ol in zip(requests, order_lines, strict=True)
    ]
    paying = wanted or Resolution.REFUND
    country = shop_country(session)
    verdicts = tuple(
        LineVerdict(ol.id, ol.sku, ol.name, r.quantity, in_shop_country(decision, country), paid,
                    decision.refund(paying) if decision.eligible else Money.zero(order.currency))
        for r, ol, (decision, paid) in zip(requests, order_lines, evaluate_return(rules, asked, calendar),
                                           strict=True)
    )
    auto_lines = [AutoLine(v.eligible, v.decision.keep_it, r.reason_code)
                  for r, v in zip(requests, verdicts, strict=True)]
    verdict = _verdict(session, user, order, policy, verdicts, wanted)
    auto = decide_auto_approval(rules, auto_lines, verdict.total, is_flagged(session, order.customer_id))
    auto = replace(auto, waits=all_in_country(auto.waits, country))
    verdict = replace(verdict, auto=auto)
    return Judgement(verdict, order, policy, calendar, tuple(requests), order_lines, dict(elsewhere))


def _verdict(session: Session, user: CurrentUser | None, order: Order, policy: PolicyVersion,
             lines: tuple[LineVerdict, ...], wanted: Resolution | None) -> DraftVerdict:
    total = Money.zero(order.currency)
    for line in lines:
        total = total + line.pays
    limit = clerk_refund_limit_minor(session, user) if user is not None else None
    over = limit is not None and total.to_minor() > limit
    within = bool(lines) and all(line.eligible for line in lines)
    may = user is not None and (user.is_owner or (within and not over))
    return DraftVerdict(order.number, order.channel, order.currency, policy.id, cast(int, policy.number),
                        wanted.value if wanted else None, lines, total, limit, over, may, AutoVerdict(None))


def judge_draft(ctx: ServiceContext, order_number: str, lines: Sequence[LineInput],
                resolution: Resolution | str | None = None, *, order_channel: str | None = None,
                now: datetime | None = None) -> DraftVerdict:
    """Return the live verdict on a draft return: per line, the total and whether the user may approve it."""
    requests = check_requests(lines)
    wanted = parse_resolution(resolution)
    with ctx.db.read() as session:
        order = find_order(session, order_number, order_channel)
        return judge_in_session(session, ctx.user, order, requests, wanted, now or utcnow()).verdict
