"""Open a return for lines of an order, judged line by line by the current published policy."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.db.models import OrderLine, Product, Return, ReturnLine, utcnow
from desktop_app.core.domain import lifecycle
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.lifecycle import LineState
from desktop_app.core.domain.money import Money, unit_slice
from desktop_app.core.domain.policy import Condition, Resolution
from desktop_app.core.domain.shipping import decide_shipping
from desktop_app.core.i18n import N_, Message
from desktop_app.core.services.base import InvalidInput, ServiceContext, require_owner, require_user
from desktop_app.core.services.returns.deadlines import approval_business_days, due_after
from desktop_app.core.services.returns.detail import build_detail
from desktop_app.core.services.returns.draft import (
    Judgement,
    LineInput,
    check_requests,
    find_order,
    judge_in_session,
    parse_resolution,
)
from desktop_app.core.services.returns.events import append_events, commit_transition
from desktop_app.core.services.returns.numbering import RMA_COUNTER, format_rma, next_number
from desktop_app.core.services.returns.records import load_return, write
from desktop_app.core.services.returns.snapshot import decision_to_json, sentences
from desktop_app.core.services.returns.views import LineRequest, ReturnDetail
from desktop_app.core.services.text_checks import COMMENT_MAX, check_text

KEY_MAX = 64


class AlreadyRequested(Exception):
    """The same request (same key) was sent before: `rma` is the return it made; nothing new was created."""

    def __init__(self, rma: str) -> None:
        super().__init__(rma)
        self.rma = rma


def _check_key(key: str | None) -> str | None:
    if key is not None and not (0 < len(key) <= KEY_MAX and key.isascii() and key.isprintable()):
        raise InvalidInput(Message("Choose one of the offered answers."))
    return key


def refuse_repeat(session: Session, order_id: int, key: str | None) -> None:
    """Raise AlreadyRequested when a return of this order already carries the request's key."""
    if key is None:
        return
    found = session.execute(select(Return.rma, Return.order_id).where(Return.idempotency_key == key)).first()
    if found is not None:
        if found.order_id != order_id:
            raise InvalidInput(Message("Choose one of the offered answers."))
        raise AlreadyRequested(found.rma)


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
    idempotency_key: str | None = None,
) -> ReturnDetail:
    """Open a return; each line is judged by the published policy, an ineligible one needs the owner.

    With `idempotency_key`, a second call with the same key raises AlreadyRequested (checked under the
    order's row lock, so two simultaneous calls make one return).
    """
    user = require_user(ctx)
    goodwill_reason = _checked_texts(ctx, goodwill_reason, note)
    requests = check_requests(lines)
    wanted = parse_resolution(resolution)
    now = requested_at or utcnow()
    key = _check_key(idempotency_key)

    with write(ctx) as session:
        order_row = find_order(session, order_number, order_channel, lock=True)
        refuse_repeat(session, order_row.id, key)
        judged = judge_in_session(session, user, order_row, requests, wanted, now)
        _check_wishes(session, requests, wanted)
        order, policy_row = judged.order, judged.policy
        if goodwill_reason is None:
            _refuse_outside_policy(judged)
        ret = _new_return(session, judged, channel, now, user.id)
        ret.idempotency_key = key
        ret.lines.extend(_return_lines(judged, policy_row.id, cast(int, policy_row.number), goodwill_reason))
        session.add(ret)
        session.flush()
        transition = lifecycle.create(_line_states(ret, judged), note)
        ret.status = transition.state.status.value
        # the RMA comes last: the gap-free counter's row stays locked until the commit, so only the
        # timeline (and its messages, which name the RMA) is written while other creations wait for it
        ret.rma = format_rma(next_number(session, RMA_COUNTER))
        extra = {"channel": ret.channel, "policy_version_id": policy_row.id,
                 "resolution": wanted.value if wanted else None, "goodwill_reason": goodwill_reason,
                 "order_number": order.number}
        append_events(session, ret, transition.events, user, extra)
        auto = judged.verdict.auto
        if auto.rule is not None:  # the policy approves it at once: same transaction, the event names the rule
            commit_transition(session, ret, lifecycle.approve(transition.state), user, {"auto_rule": auto.rule})
        rma = ret.rma
    with ctx.db.read() as session:  # after the commit: reading the detail holds no lock
        return build_detail(session, load_return(session, rma), user.role)


def _check_wishes(session: Session, requests: Sequence[LineRequest], wanted: Resolution | None) -> None:
    """Refuse an exchange choice without the resolution exchange, or one naming no product."""
    for request in requests:
        if not request.wanted_sku:
            continue
        if wanted != Resolution.EXCHANGE:
            raise InvalidInput(Message("Choose the resolution exchange to ask for another item instead."))
        if session.scalar(select(Product.id).where(Product.sku == request.wanted_sku)) is None:
            raise InvalidInput(Message("No product has the SKU {sku}.", {"sku": request.wanted_sku}))


def _checked_texts(ctx: ServiceContext, goodwill_reason: str | None, note: str | None) -> str | None:
    """Return the goodwill reason checked (the owner's only), refusing a bad one or a bad note."""
    if goodwill_reason is not None:
        require_owner(ctx, Message("accept a return outside the policy"))
        if not goodwill_reason.strip():
            raise InvalidInput(Message("Give a reason: it is kept on the return's timeline."))
        goodwill_reason = check_text(goodwill_reason.strip(), N_("The goodwill reason"), COMMENT_MAX, multiline=True)
    if note:
        check_text(note, N_("The note"), COMMENT_MAX, multiline=True)
    return goodwill_reason


def _new_return(session: Session, judged: Judgement, channel: str, now: datetime, user_id: int) -> Return:
    """Return the new return's row (numbered, due for approval, shipping decided), without its lines."""
    order, policy_row, calendar = judged.order, judged.policy, judged.calendar
    return Return(
        rma=f"~{uuid4().hex[:24]}",  # until the number is taken, as late as possible (create_return)
        order_id=order.id,
        customer_id=order.customer_id,
        policy_version_id=policy_row.id,
        status="requested",
        channel=channel or "desk",
        currency=order.currency,
        requested_at=now,
        due_at=due_after(calendar, now, approval_business_days(session)),
        label_prepaid=decide_shipping([v.decision for v in judged.verdict.lines]).label_prepaid,
        shipping_charge_minor=sum(v.decision.shipping_charge.to_minor() for v in judged.verdict.lines),
        created_by=user_id,
        updated_by=user_id,
        updated_at=now,
    )


def _line_states(ret: Return, judged: Judgement) -> list[LineState]:
    """Return the domain's view of the new return's lines (bought, asked elsewhere, asked here)."""
    by_id: dict[int | None, OrderLine] = {line.id: line for line in judged.order.lines}
    return [
        LineState(
            line_id=row.id,
            purchased_qty=by_id[row.order_line_id].quantity,
            returned_elsewhere_qty=judged.elsewhere.get(cast(int, row.order_line_id), 0),
            requested_qty=row.requested_qty,
            condition=Condition(row.condition) if row.condition else None,
            sku=row.sku or "",
        )
        for row in ret.lines
    ]


def _refuse_outside_policy(judged: Judgement) -> None:
    """Refuse a request with a line outside the policy, naming each line and why (the owner may accept it)."""
    refused: list[Message] = []
    for line in judged.verdict.lines:
        if not line.eligible:
            refused.append(Message("{sku} ({name}):", {"sku": line.sku, "name": line.name}))
            refused.extend(line.decision.refusals)
    if refused:
        raise RuleViolation(
            sentences([*refused, Message("The owner can accept it outside the policy with a goodwill reason.")])
        )


def _return_lines(judged: Judgement, policy_id: int, policy_number: int,
                  goodwill_reason: str | None) -> list[ReturnLine]:
    """Return the new return's lines, each with the snapshot of the decision that judged it."""
    out = []
    order = judged.order
    for r, ol, verdict in zip(judged.requests, judged.order_lines, judged.verdict.lines, strict=True):
        decision = verdict.decision
        override = goodwill_reason if not decision.eligible else None
        snapshot = decision_to_json(decision, policy_id, policy_number, override)
        snapshot["label_already_paid"] = verdict.label_already_paid
        out.append(
            ReturnLine(
                order_line_id=ol.id,
                product_id=ol.product_id,
                sku=ol.sku,
                name=ol.name,
                requested_qty=r.quantity,
                reason_code=r.reason_code,
                customer_comment=r.comment or "",
                wanted_sku=r.wanted_sku,
                condition=r.condition,
                resolution=None,
                value_minor=unit_slice(
                    Money.from_minor(ol.paid_total_minor, order.currency), ol.quantity, 0, r.quantity
                ).to_minor(),
                decision=snapshot,
            )
        )
    return out
