"""Rows to the domain's ReturnState and back: the domain decides, `apply_state` writes the result."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.db.models import OrderLine, Return, ReturnLine, utcnow
from desktop_app.core.domain.lifecycle import LineState, ReturnState, Status
from desktop_app.core.domain.policy import Condition, Resolution
from desktop_app.core.services.base import CurrentUser
from desktop_app.core.services.returns.deadlines import (
    approval_business_days,
    due_after,
    shop_calendar,
    sla_business_days,
)
from desktop_app.core.services.returns.policy_lookup import policy_rules_of
from desktop_app.core.services.returns.records import returned_elsewhere


def _line_state(row: ReturnLine, purchased: int, elsewhere: int) -> LineState:
    inspection = row.disposition if row.disposition in ("passed", "failed") else None
    return LineState(
        line_id=row.id,
        purchased_qty=purchased,
        returned_elsewhere_qty=elsewhere,
        requested_qty=row.requested_qty,
        received_qty=row.received_qty,
        damaged_qty=row.damaged_qty,
        refunded_qty=row.refunded_qty,
        credited_qty=row.credited_qty,
        resolution=Resolution(row.resolution) if row.resolution else None,
        resolved_qty=row.resolved_qty,
        unexpected=row.unexpected,
        exchange_sku=row.exchange_sku,
        inspected=inspection is not None,
        passed=None if inspection is None else inspection == "passed",
        condition=Condition(row.condition) if row.condition else None,
        sku=row.sku or "",
    )


def to_state(session: Session, ret: Return) -> ReturnState:
    """Load a return's rows into the domain's ReturnState (with units bought and returned elsewhere)."""
    ids = [line.order_line_id for line in ret.lines if line.order_line_id is not None]
    bought = (
        {
            olid: qty
            for olid, qty in session.execute(select(OrderLine.id, OrderLine.quantity).where(OrderLine.id.in_(ids)))
        }
        if ids
        else {}
    )
    elsewhere = returned_elsewhere(session, ids, ret.id)
    lines = []
    for row in ret.lines:
        if row.order_line_id is not None and row.order_line_id in bought:
            purchased = bought[row.order_line_id]
            lines.append(_line_state(row, purchased, elsewhere.get(row.order_line_id, 0)))
        else:
            lines.append(_line_state(row, max(row.requested_qty, row.received_qty), 0))
    return ReturnState(Status(ret.status), tuple(lines))


def apply_state(session: Session, ret: Return, state: ReturnState, user: CurrentUser) -> None:
    """Write the domain's new state back onto the rows, stamp dates and due time, bump the version."""
    now = utcnow()
    rows = {row.id: row for row in ret.lines}
    for line in state.lines:
        row = rows[line.line_id]
        row.received_qty, row.damaged_qty = line.received_qty, line.damaged_qty
        row.refunded_qty, row.credited_qty = line.refunded_qty, line.credited_qty
        row.resolved_qty = line.resolved_qty
        row.resolution = line.resolution.value if line.resolution else None
        row.exchange_sku = line.exchange_sku
        row.unexpected = line.unexpected
        if line.condition is not None:
            row.condition = line.condition.value
        row.disposition = None if not line.inspected else ("passed" if line.passed else "failed")
    old = Status(ret.status)
    new = state.status
    ret.status = new.value
    calendar = shop_calendar(session)
    if new == Status.REQUESTED and old != Status.REQUESTED:
        ret.due_at = due_after(calendar, now, approval_business_days(session))
    if new == Status.APPROVED and old == Status.REQUESTED:
        ret.approved_at = now
    if state.anything_received and ret.received_at is None:
        ret.received_at = now
        ret.due_at = due_after(
            calendar, now, sla_business_days(session, policy_rules_of(session, ret.policy_version_id))
        )
    if not state.anything_received:
        ret.received_at = None
        if new == Status.APPROVED:
            ret.due_at = None
    if new == Status.RESOLVED:
        ret.resolved_at = ret.resolved_at or now
    elif new != Status.CLOSED:  # an early close by the owner leaves "resolved at" empty
        ret.resolved_at = None
    ret.closed_at = (ret.closed_at or now) if new == Status.CLOSED else None
    touch(ret, user, now)


def touch(ret: Return, user: CurrentUser, now: datetime | None = None) -> None:
    """Mark the return as changed by the user now (its version goes up when the session flushes)."""
    ret.updated_by = user.id
    ret.updated_at = now or utcnow()
