"""Shared machinery of the returns services: shop settings, calendar, counters, stock, events, state mapping.

Rows are loaded into the domain's `ReturnState`, the domain decides, and `apply_state` writes the result
back. Nothing here judges a return: the rules live in `desktop_app.core.domain`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desktop_app.core.db.models import (
    Counter,
    OrderLine,
    PolicyVersion,
    Return,
    ReturnEvent,
    ReturnLine,
    Setting,
    User,
    utcnow,
)
from desktop_app.core.documents.scan import format_rma as format_rma  # the RMA format is scan.py's; re-exported
from desktop_app.core.domain.calendar import BusinessCalendar
from desktop_app.core.domain.lifecycle import EventSpec, LineState, ReturnState, Status, Transition
from desktop_app.core.domain.policy import Condition, PolicyRules, Resolution
from desktop_app.core.i18n import Message
from desktop_app.core.services.admin_common import refuse_stale, writing
from desktop_app.core.services.base import CurrentUser, InvalidInput, NotFound, ServiceContext
from desktop_app.core.services.catalog import record_movement
from desktop_app.core.services.orders import already_returned
from desktop_app.core.services.settings import load_settings

ReturnEventHook = Callable[[Session, int, str], None]
on_return_event: list[ReturnEventHook] = []
"""Callables run inside the transaction after a return's event is written: (session, return_id, kind)."""

RMA_COUNTER = "rma"
SLA_STATUSES = frozenset({Status.REQUESTED, Status.PARTIALLY_RECEIVED, Status.RECEIVED, Status.INSPECTED})
DEAD_STATUSES = (Status.CANCELLED.value, Status.REJECTED.value)
DEFAULT_APPROVAL_DAYS = 2


def format_credit_note(year: int, number: int) -> str:
    """Return a credit note number, e.g. (2026, 1) -> 'CN-2026-000001'."""
    return f"CN-{year}-{number:06d}"


# --- shop settings -------------------------------------------------------------------------------------


def setting(session: Session, key: str, default: Any = None) -> Any:
    """Return a shop setting's stored value, or `default` when the owner never set it."""
    row = session.get(Setting, key)
    return default if row is None else row.value


def shop_calendar(session: Session, fallback_country: str = "") -> BusinessCalendar:
    """Return the shop's business calendar (its country's holidays in its time zone)."""
    shop = load_settings(session)
    return BusinessCalendar(shop.shop_country or fallback_country or "US", shop.shop_timezone or "UTC")


def clerk_refund_limit_minor(session: Session, user: CurrentUser) -> int | None:
    """Return the most a clerk may refund on one return, in minor units (None: no limit; owner: none)."""
    if user.is_owner:
        return None
    row = session.get(User, user.id)
    if row is not None and row.refund_limit_minor is not None:
        return row.refund_limit_minor
    return load_settings(session).clerk_refund_limit_minor


def sla_business_days(session: Session, rules: PolicyRules | None) -> int:
    """Return the business days to resolve an arrived return: `sla.days`, capped by the policy promise."""
    days = load_settings(session).sla_days
    return min(days, rules.refund_promise_business_days) if rules is not None else days


def approval_business_days(session: Session) -> int:
    """Return the business days the shop gives itself to approve or reject a request."""
    return int(setting(session, "sla.approval_days", DEFAULT_APPROVAL_DAYS))


def due_after(calendar: BusinessCalendar, start: datetime, business_days: int) -> datetime:
    """Return the end (local 23:59) of the n-th business day after a UTC moment, as UTC."""
    day: date = calendar.add_business_days(calendar.local_date(start), business_days)
    return calendar.to_utc(datetime.combine(day, time(23, 59)))


def is_overdue(status: str, due_at: datetime | None, now: datetime | None = None) -> bool:
    """Return whether a return waits on the shop past its due time."""
    return due_at is not None and status in SLA_STATUSES and due_at < (now or utcnow())


# --- numbering, policy, stock ----------------------------------------------------------------------------


def next_number(session: Session, name: str) -> int:
    """Return the next value of a gap-free counter; the row stays locked until the transaction ends."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(Counter).values(name=name, value=0).on_conflict_do_nothing(index_elements=["name"]))
    stmt = update(Counter).where(Counter.name == name).values(value=Counter.value + 1).returning(Counter.value)
    return int(session.execute(stmt, execution_options={"synchronize_session": False}).scalar_one())


def published_policy(session: Session) -> PolicyVersion:
    """Return the current published policy version, or refuse when the owner has not published one."""
    row = session.scalars(
        select(PolicyVersion)
        .where(PolicyVersion.status == "published")
        .order_by(PolicyVersion.number.desc(), PolicyVersion.id.desc())
        .limit(1)
    ).first()
    if row is None:
        raise InvalidInput(Message("Publish a return policy before creating returns."))
    return row


def policy_rules_of(session: Session, policy_version_id: int | None) -> PolicyRules | None:
    """Return the rules of a recorded policy version (None when the return has none)."""
    if policy_version_id is None:
        return None
    row = session.get(PolicyVersion, policy_version_id)
    return None if row is None else PolicyRules.from_dict(row.rules)


def move_stock(
    session: Session,
    product_id: int | None,
    qty: int,
    kind: str,
    *,
    return_line_id: int | None,
    user_id: int | None,
    note: str = "",
) -> None:
    """Record one inventory movement through the catalogue service (nothing for unknown products or 0)."""
    if product_id is None or qty == 0:
        return
    record_movement(session, product_id, qty, kind, return_line_id=return_line_id, note=note, user_id=user_id)


# --- loading, checking and writing a return ---------------------------------------------------------------


_SAME_MOMENT = Message(
    "Someone else changed this return at the same moment. Nothing was saved; look at the new state and try again."
)


@contextmanager
def write(ctx: ServiceContext) -> Iterator[Session]:
    """Run one change to a return in one transaction; a concurrent write becomes a ConflictError sentence."""
    with writing(ctx.db, _SAME_MOMENT) as session:
        yield session


def load_return(session: Session, rma: str, *, lock: bool = False) -> Return:
    """Return the return with this RMA (row-locked for a change), or refuse naming it."""
    stmt = select(Return).where(Return.rma == (rma or "").strip().upper())
    if lock:
        stmt = stmt.with_for_update()
    ret = session.scalars(stmt).first()
    if ret is None:
        raise NotFound(Message("There is no return {rma}.", {"rma": rma}))
    return ret


def check_fresh(session: Session, ret: Return, expected_version: int | None) -> None:
    """Refuse a change based on a stale read, naming who changed the return and when (shop time)."""
    refuse_stale(session, expected_version, ret.version, ret.updated_by, ret.updated_at)


def returned_elsewhere(session: Session, order_line_ids: Sequence[int], exclude_return_id: int | None) -> dict:
    """Return order line id -> units asked back in other live returns (the orders service's count)."""
    return already_returned(session, order_line_ids, exclude_return_id)


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


def append_events(
    session: Session,
    ret: Return,
    specs: Iterable[EventSpec],
    user: CurrentUser,
    extra: dict[str, Any] | None = None,
) -> list[ReturnEvent]:
    """Append events to the timeline under the user's name and tell the registered hooks."""
    written = []
    for spec in specs:
        data = {**(spec.data or {}), **(extra or {})}
        event = ReturnEvent(
            return_id=ret.id,
            kind=spec.kind,
            from_status=spec.from_status.value if spec.from_status else None,
            to_status=spec.to_status.value if spec.to_status else None,
            note=spec.note or "",
            data=_jsonable(data),
            user_id=user.id,
            created_at=utcnow(),
        )
        session.add(event)
        written.append(event)
    session.flush()
    for event in written:
        for hook in list(on_return_event):
            hook(session, ret.id, event.kind)
    return written


def commit_transition(
    session: Session,
    ret: Return,
    transition: Transition,
    user: CurrentUser,
    extra: dict[str, Any] | None = None,
) -> list[ReturnEvent]:
    """Write a transition: new state onto the rows, its events onto the timeline."""
    apply_state(session, ret, transition.state, user)
    return append_events(session, ret, transition.events, user, extra)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return value.value
    return value
