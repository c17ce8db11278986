"""Open a return for lines of an order, judged line by line by the current published policy."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from desktop_app.core.db.models import Order, Return, ReturnLine, utcnow
from desktop_app.core.domain import lifecycle
from desktop_app.core.domain.eligibility import ReturnRequest, evaluate_return
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.lifecycle import LineState
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import Condition, PolicyRules, Resolution, ShippingPayer
from desktop_app.core.i18n import N_, Message
from desktop_app.core.services.base import InvalidInput, NotFound, ServiceContext, require_owner, require_user
from desktop_app.core.services.purchases import purchased_line
from desktop_app.core.services.returns.detail import build_detail
from desktop_app.core.services.returns.snapshot import decision_to_json, sentences
from desktop_app.core.services.returns.support import (
    RMA_COUNTER,
    append_events,
    approval_business_days,
    due_after,
    format_rma,
    next_number,
    published_policy,
    returned_elsewhere,
    shop_calendar,
    write,
)
from desktop_app.core.services.returns.views import LineRequest, ReturnDetail
from desktop_app.core.services.text_checks import COMMENT_MAX, check_text

LineInput = LineRequest | tuple


def _as_request(item: LineInput) -> LineRequest:
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


def _parse_resolution(value: Resolution | str | None) -> Resolution | None:
    if value is None or value == "":
        return None
    try:
        return Resolution(value)
    except ValueError:
        raise InvalidInput(Message("{value} is not a resolution ReturnDesk knows.", {"value": value})) from None


def _find_order(session, order_number: str, order_channel: str | None) -> Order:
    """Return the order, row-locked: claims on its lines are read and written by one desk at a time."""
    # Without the lock two desks on PostgreSQL both read "nothing returned yet" and both claim the same units.
    stmt = select(Order).where(Order.number == (order_number or "").strip()).with_for_update()
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


def create_return(
    ctx: ServiceContext,
    order_number: str,
    lines: Sequence[LineInput],
    resolution: Resolution | str | None = None,
    goodwill_reason: str | None = None,
    channel: str = "desk",
    *,
    order_channel: str | None = None,
    note: str | None = None,
    requested_at: datetime | None = None,
) -> ReturnDetail:
    """Open a return; each line is judged by the published policy, an ineligible one needs the owner."""
    user = require_user(ctx)
    if goodwill_reason is not None:
        require_owner(ctx, Message("accept a return outside the policy"))
        if not goodwill_reason.strip():
            raise InvalidInput(Message("Give a reason: it is kept on the return's timeline."))
        goodwill_reason = check_text(goodwill_reason.strip(), N_("The goodwill reason"), COMMENT_MAX, multiline=True)
    if note:
        check_text(note, N_("The note"), COMMENT_MAX, multiline=True)
    requests = [_as_request(item) for item in lines]
    if not requests:
        raise InvalidInput(Message("Choose at least one line to return."))
    if len({r.order_line_id for r in requests}) != len(requests):
        raise InvalidInput(Message("Each order line can appear only once in a return."))
    wanted = _parse_resolution(resolution)
    now = requested_at or utcnow()

    with write(ctx) as session:
        order = _find_order(session, order_number, order_channel)
        policy_row = published_policy(session)
        rules = PolicyRules.from_dict(policy_row.rules)
        calendar = shop_calendar(session, rules.country)
        by_id = {line.id: line for line in order.lines}
        for r in requests:
            if r.order_line_id not in by_id:
                raise InvalidInput(
                    Message("Order {order} has no line {line}.", {"order": order.number, "line": r.order_line_id})
                )
        elsewhere = returned_elsewhere(session, [r.order_line_id for r in requests], None)
        asked = []
        for r in requests:
            ol = by_id[r.order_line_id]
            request = ReturnRequest(
                quantity=r.quantity,
                reason_code=r.reason_code,
                condition=Condition(r.condition) if r.condition else None,
                request_date=calendar.local_date(now),
                resolution=wanted,
            )
            asked.append((r, ol, purchased_line(order, ol, calendar, elsewhere.get(ol.id, 0)), request))
        verdicts = evaluate_return(rules, [(purchased, request) for _r, _ol, purchased, request in asked], calendar)
        judged = [(r, ol, decision, paid) for (r, ol, _p, _q), (decision, paid) in zip(asked, verdicts, strict=True)]
        refused: list[Message] = []
        for _r, ol, decision, _paid in judged:
            if not decision.eligible:
                refused.append(Message("{sku} ({name}):", {"sku": ol.sku, "name": ol.name}))
                refused.extend(decision.refusals)
        if refused and goodwill_reason is None:
            raise RuleViolation(
                sentences([*refused, Message("The owner can accept it outside the policy with a goodwill reason.")])
            )

        ret = Return(
            rma=format_rma(next_number(session, RMA_COUNTER)),
            order_id=order.id,
            customer_id=order.customer_id,
            policy_version_id=policy_row.id,
            status="requested",
            channel=channel or "desk",
            currency=order.currency,
            requested_at=now,
            due_at=due_after(calendar, now, approval_business_days(session)),
            label_prepaid=all(d.shipping_payer == ShippingPayer.SHOP for _r, _ol, d, _paid in judged),
            shipping_charge_minor=sum(d.shipping_charge.to_minor() for _r, _ol, d, _paid in judged),
            created_by=user.id,
            updated_by=user.id,
            updated_at=now,
        )
        for r, ol, decision, label_already_paid in judged:
            override = goodwill_reason if not decision.eligible else None
            snapshot = decision_to_json(decision, policy_row.id, policy_row.number, override)
            snapshot["label_already_paid"] = label_already_paid
            ret.lines.append(
                ReturnLine(
                    order_line_id=ol.id,
                    product_id=ol.product_id,
                    sku=ol.sku,
                    name=ol.name,
                    requested_qty=r.quantity,
                    reason_code=r.reason_code,
                    customer_comment=r.comment or "",
                    condition=r.condition,
                    resolution=None,
                    value_minor=Money.from_minor(ol.unit_price_minor * r.quantity, order.currency).to_minor(),
                    decision=snapshot,
                )
            )
        session.add(ret)
        session.flush()
        states = [
            LineState(
                line_id=row.id,
                purchased_qty=by_id[row.order_line_id].quantity,
                returned_elsewhere_qty=elsewhere.get(row.order_line_id, 0),
                requested_qty=row.requested_qty,
                condition=Condition(row.condition) if row.condition else None,
            )
            for row in ret.lines
        ]
        transition = lifecycle.create(states, note)
        ret.status = transition.state.status.value
        append_events(
            session,
            ret,
            transition.events,
            user,
            {
                "channel": ret.channel,
                "policy_version_id": policy_row.id,
                "resolution": wanted.value if wanted else None,
                "goodwill_reason": goodwill_reason,
                "order_number": order.number,
            },
        )
        return build_detail(session, ret, user.role)
