"""The demo shop's working queue: returns on recent orders driven through the real returns service.

Each return is replayed as it would have happened: every step (request, approval, parcel received,
inspection, refund, closing) runs with the shop's clock set to its own moment, spread over the days a real
return takes, after the order's delivery and never in the future; how long ago the last step happened fits
the status (a return still waiting for approval was asked for hours ago, a closed one may be weeks old).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import clock_at
from desktop_app.core.demo import data
from desktop_app.core.demo.bulk import reason_for
from desktop_app.core.domain.lifecycle_state import Status
from desktop_app.core.i18n import UserFacingError
from desktop_app.core.services.base import CurrentUser, ServiceContext
from desktop_app.core.services.orders import OrderDetail, OrderLineInfo, get_order_by_id
from desktop_app.core.services.returns.create import create_return
from desktop_app.core.services.returns.exchange import settle_exchange
from desktop_app.core.services.returns.lifecycle import approve, cancel, close, inspect, receive, reject
from desktop_app.core.services.returns.resolve import resolve_line
from desktop_app.core.services.returns.views import LineRequest, ReturnDetail

LIVE_STATUSES = tuple(Status)
_WEIGHTS = {Status.REQUESTED: 14, Status.APPROVED: 14, Status.PARTIALLY_RECEIVED: 8, Status.RECEIVED: 10,
            Status.INSPECTED: 10, Status.RESOLVED: 10, Status.CLOSED: 22, Status.REJECTED: 6,
            Status.CANCELLED: 6}
_RECEIVED_OR_LATER = (Status.RECEIVED, Status.INSPECTED, Status.RESOLVED, Status.CLOSED)
_CUSTOMER_CHOICE = ("changed_mind", "better_price", "ordered_by_mistake")
_STEP_HOURS = {"approve": (2, 30), "receive": (60, 170), "inspect": (1, 20), "resolve": (4, 60),
               "close": (6, 40), "reject": (3, 48), "cancel": (6, 72)}  # hours after the step before
_PATH = ("request", "approve", "receive", "inspect", "resolve", "close")
_STEPS = {Status.REQUESTED: 1, Status.APPROVED: 2, Status.PARTIALLY_RECEIVED: 3, Status.RECEIVED: 3,
          Status.INSPECTED: 4, Status.RESOLVED: 5, Status.CLOSED: 6}
_LAST_STEP_AGE_HOURS = {Status.REQUESTED: (1, 40), Status.APPROVED: (2, 120), Status.PARTIALLY_RECEIVED: (2, 60),
                        Status.RECEIVED: (1, 30), Status.INSPECTED: (1, 24), Status.RESOLVED: (2, 60),
                        Status.CLOSED: (6, 400), Status.REJECTED: (6, 300), Status.CANCELLED: (6, 300)}
EARLIEST_REQUEST_HOURS = 6  # after delivery


def timeline(rng: random.Random, target: Status, delivered: datetime, now: datetime) -> dict[str, datetime] | None:
    """Return the moment of each step a return takes to reach `target`, or None when the order is too recent."""
    if target == Status.REJECTED:
        steps: tuple[str, ...] = ("request", "reject")
    elif target == Status.CANCELLED:
        steps = ("request", "approve", "cancel") if rng.random() < 0.5 else ("request", "cancel")
    else:
        steps = _PATH[:_STEPS[target]]
    gaps = [rng.uniform(*_STEP_HOURS[step]) for step in steps[1:]]
    low, high = _LAST_STEP_AGE_HOURS[target]
    end = now - timedelta(hours=rng.uniform(low, high))
    earliest = delivered + timedelta(hours=EARLIEST_REQUEST_HOURS)
    if end - timedelta(hours=sum(gaps)) < earliest:
        end = now - timedelta(hours=low)
        room = (end - earliest).total_seconds() / 3600
        if room <= 0 or (gaps and room / sum(gaps) < 0.25):
            return None
        gaps = [gap * min(1.0, room / sum(gaps)) for gap in gaps] if gaps else gaps
    moments = {steps[-1]: end}
    for step, gap in zip(reversed(steps[:-1]), reversed(gaps), strict=True):
        moments[step] = moments[next(s for s in steps[steps.index(step) + 1:])] - timedelta(hours=gap)
    return moments


def plan_statuses(rng: random.Random, count: int) -> list[Status]:
    """Return the target status of each live return: every status at least twice, then by weight."""
    plan = [s for s in LIVE_STATUSES for _ in range(2)]
    statuses = list(_WEIGHTS)
    plan += rng.choices(statuses, weights=[_WEIGHTS[s] for s in statuses], k=max(0, count - len(plan)))
    return plan


def _pick_lines(rng: random.Random, order: OrderDetail, target: Status) -> list[tuple[OrderLineInfo, int]]:
    """Choose which lines and how many units the customer sends back."""
    lines = list(order.lines)
    if target == Status.PARTIALLY_RECEIVED:
        if len(lines) >= 2:
            return [(ln, ln.quantity) for ln in lines[:2]]
        return [(lines[0], lines[0].quantity)] if lines[0].quantity >= 2 else []
    chosen = rng.sample(lines, 2 if len(lines) > 1 and rng.random() < 0.25 else 1)
    return [(ln, rng.randint(1, ln.quantity)) for ln in chosen]


def _resolution(reason: str, line_sku: str, sizes: dict[str, list[str]]) -> tuple[str, str | None]:
    """Return the resolution a shop would give a line, and the SKU sent out for an exchange."""
    others = [s for s in sizes.get(line_sku.rsplit("-", 1)[0], []) if s != line_sku]
    if reason == "wrong_size" and others:
        return "exchange", others[0]
    if reason in _CUSTOMER_CHOICE:
        return "store_credit", None
    return "refund", None


def _drive(rng: random.Random, db: Database, owner: CurrentUser, clerk: CurrentUser, order: OrderDetail,
           target: Status, sizes: dict[str, list[str]]) -> ReturnDetail | None:
    """Create one return for the order and move it to the target status, each step at its own moment."""
    picked = _pick_lines(rng, order, target)
    if not picked or order.delivered_at is None:
        return None
    at = timeline(rng, target, order.delivered_at, datetime.now(UTC))
    if at is None:
        return None
    reasons = [reason_for(rng, ln.category) for ln, _q in picked]
    requests = [LineRequest(ln.id, qty, reason, rng.choice(data.COMMENTS.get(reason, ("",))))
                for (ln, qty), reason in zip(picked, reasons, strict=True)]
    cctx = ServiceContext(db, clerk)
    try:
        with clock_at(at["request"]):
            detail = create_return(cctx, order.number, requests, channel=rng.choice(("email", "desk", "phone")),
                                   requested_at=at["request"])
    except UserFacingError:
        return None  # e.g. a final-sale line asked back for a customer-choice reason: not returnable
    if "approve" in at and detail.status == Status.REQUESTED:
        with clock_at(at["approve"]):
            detail = approve(cctx, detail.rma)
    if target == Status.REJECTED:
        with clock_at(at["reject"]):
            return reject(cctx, detail.rma, "The photos show the item was worn; the policy needs it unused with tags.")
    if target == Status.CANCELLED:
        with clock_at(at["cancel"]):
            return cancel(cctx, detail.rma, "The customer decided to keep it.")
    if "receive" not in at:
        return detail
    return _after_approval(rng, db, owner, clerk, detail, target, at,
                           dict(zip((r.order_line_id for r in requests), reasons, strict=True)), sizes)


def _after_approval(rng: random.Random, db: Database, owner: CurrentUser, clerk: CurrentUser, detail: ReturnDetail,
                    target: Status, at: dict[str, datetime], by_reason: dict[int | None, str],
                    sizes: dict[str, list[str]]) -> ReturnDetail:
    """Receive, inspect, resolve and close an approved return as far as its target status, each at its moment."""
    cctx, octx, rma, lines = ServiceContext(db, clerk), ServiceContext(db, owner), detail.rma, detail.lines
    tracking = f"RET{rng.randrange(10**10):010d}"
    with clock_at(at["receive"]):
        if target == Status.PARTIALLY_RECEIVED:
            first = lines[0]
            qty = first.requested_qty - 1 if len(lines) == 1 else first.requested_qty
            return receive(cctx, rma, {first.id: (qty, 0)}, tracking=tracking)
        receipts = {ln.id: (ln.requested_qty, ln.requested_qty if by_reason[ln.order_line_id] ==
                            "damaged_in_transit" else 0) for ln in lines}
        detail = receive(cctx, rma, receipts, tracking=tracking)
    if target == Status.RECEIVED:
        return detail
    findings = {ln.id: ("damaged" if ln.damaged_qty else rng.choice(("like_new", "unused")), ln.damaged_qty, True)
                for ln in detail.lines}
    with clock_at(at["inspect"]):
        detail = inspect(cctx, rma, findings)
    if target == Status.INSPECTED:
        return detail
    for index, ln in enumerate(detail.lines):
        resolution, exchange_sku = _resolution(by_reason[ln.order_line_id], ln.sku, sizes)
        with clock_at(at["resolve"] + timedelta(minutes=3 * index)):
            detail = resolve_line(octx, rma, ln.id, resolution, ln.received_qty, exchange_sku=exchange_sku,
                                  external_reference="" if resolution != "refund"
                                  else f"re_{rng.randrange(16**12):012x}")
    if target != Status.CLOSED:
        return detail
    with clock_at(at["close"] - (at["close"] - at["resolve"]) / 2):  # the customer pays a dearer exchange first
        for exchange in detail.exchanges:
            if exchange.status == "payment_due":
                detail = settle_exchange(octx, rma, exchange.id, reference=f"PAY-{rng.randrange(10**8):08d}")
    with clock_at(at["close"]):
        return close(octx, rma)


def make_live_returns(db: Database, rng: random.Random, owner: CurrentUser, clerk: CurrentUser,
                      order_ids: list[int], target: int, progress: Callable[[int], None]) -> int:
    """Create up to `target` returns on recent orders, in every status; return how many were made."""
    sizes: dict[str, list[str]] = {}
    for p in data.PRODUCTS:
        if p.sized:
            sizes[p.sku] = [f"{p.sku}-{s}" for s in data.SIZES]
    candidates = list(order_ids)
    rng.shuffle(candidates)
    made = 0
    for target_status in plan_statuses(rng, target):
        while candidates:
            order = get_order_by_id(db, candidates.pop())
            if _drive(rng, db, owner, clerk, order, target_status, sizes) is not None:
                made += 1
                progress(made)
                break
    return made
