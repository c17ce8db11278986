"""The demo shop's working queue: a few hundred returns driven through the real returns service."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from desktop_app.core.db.engine import Database
from desktop_app.core.demo import data
from desktop_app.core.demo.bulk import reason_for
from desktop_app.core.domain.lifecycle_state import Status
from desktop_app.core.i18n import UserFacingError
from desktop_app.core.services.base import CurrentUser, ServiceContext
from desktop_app.core.services.orders import OrderDetail, OrderLineInfo, get_order_by_id
from desktop_app.core.services.returns.create import create_return
from desktop_app.core.services.returns.lifecycle import approve, cancel, close, inspect, receive, reject
from desktop_app.core.services.returns.resolve import resolve_line
from desktop_app.core.services.returns.views import LineRequest, ReturnDetail

LIVE_STATUSES = tuple(Status)
_WEIGHTS = {Status.REQUESTED: 14, Status.APPROVED: 14, Status.PARTIALLY_RECEIVED: 8, Status.RECEIVED: 10,
            Status.INSPECTED: 10, Status.RESOLVED: 10, Status.CLOSED: 22, Status.REJECTED: 6,
            Status.CANCELLED: 6}
_RECEIVED_OR_LATER = (Status.RECEIVED, Status.INSPECTED, Status.RESOLVED, Status.CLOSED)
_CUSTOMER_CHOICE = ("changed_mind", "better_price", "ordered_by_mistake")


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
    """Create one return for the order and move it to the target status through the service."""
    picked = _pick_lines(rng, order, target)
    if not picked:
        return None
    reasons = [reason_for(rng, ln.category) for ln, _q in picked]
    requests = [LineRequest(ln.id, qty, reason, rng.choice(data.COMMENTS.get(reason, ("",))))
                for (ln, qty), reason in zip(picked, reasons, strict=True)]
    now = datetime.now(UTC)
    earliest = order.delivered_at or order.ordered_at
    requested_at = max(earliest + timedelta(hours=1), now - timedelta(hours=rng.randint(1, 96)))
    cctx, octx = ServiceContext(db, clerk), ServiceContext(db, owner)
    try:
        detail = create_return(cctx, order.number, requests, channel=rng.choice(("email", "desk", "phone")),
                               requested_at=requested_at)
    except UserFacingError:
        return None  # e.g. a final-sale line asked back for a customer-choice reason: not returnable
    rma = detail.rma
    if target == Status.REQUESTED:
        return detail
    if target == Status.REJECTED:
        return reject(cctx, rma, "The photos show the item was worn; the policy needs it unused with tags.")
    if target == Status.CANCELLED:
        if rng.random() < 0.5:
            approve(cctx, rma)
        return cancel(cctx, rma, "The customer decided to keep it.")
    detail = approve(cctx, rma)
    if target == Status.APPROVED:
        return detail
    by_reason: dict[int | None, str] = dict(zip((r.order_line_id for r in requests), reasons, strict=True))
    lines = detail.lines
    if target == Status.PARTIALLY_RECEIVED:
        first = lines[0]
        qty = first.requested_qty - 1 if len(lines) == 1 else first.requested_qty
        return receive(cctx, rma, {first.id: (qty, 0)}, tracking=f"RET{rng.randrange(10**10):010d}")
    receipts = {ln.id: (ln.requested_qty, ln.requested_qty if by_reason[ln.order_line_id] ==
                        "damaged_in_transit" else 0) for ln in lines}
    detail = receive(cctx, rma, receipts, tracking=f"RET{rng.randrange(10**10):010d}")
    if target == Status.RECEIVED:
        return detail
    findings = {ln.id: ("damaged" if ln.damaged_qty else rng.choice(("like_new", "unused")), ln.damaged_qty, True)
                for ln in detail.lines}
    detail = inspect(cctx, rma, findings)
    if target == Status.INSPECTED:
        return detail
    for ln in detail.lines:
        resolution, exchange_sku = _resolution(by_reason[ln.order_line_id], ln.sku, sizes)
        detail = resolve_line(octx, rma, ln.id, resolution, ln.received_qty, exchange_sku=exchange_sku,
                              external_reference="" if resolution != "refund"
                              else f"re_{rng.randrange(16**12):012x}")
    if target == Status.CLOSED:
        detail = close(octx, rma)
    return detail


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
