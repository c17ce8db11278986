"""Loading a return for a change in one transaction, refusing stale reads."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.db.models import Return
from desktop_app.core.i18n import Message
from desktop_app.core.services.admin_common import refuse_stale, writing
from desktop_app.core.services.base import NotFound, ServiceContext
from desktop_app.core.services.orders import already_returned

EVENT_HOOKS = "returndesk_return_event_hooks"  # session.info key: the context's hooks, for append_events
_SAME_MOMENT = Message(
    "Someone else changed this return at the same moment. Nothing was saved; look at the new state and try again."
)


@contextmanager
def write(ctx: ServiceContext) -> Iterator[Session]:
    """Run one change to a return in one transaction; a concurrent write becomes a ConflictError sentence."""
    with writing(ctx.db, _SAME_MOMENT) as session:
        session.info[EVENT_HOOKS] = ctx.on_return_event
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


def returned_elsewhere(
    session: Session, order_line_ids: Sequence[int], exclude_return_id: int | None
) -> dict[int, int]:
    """Return order line id -> units asked back in other live returns (the orders service's count)."""
    return already_returned(session, order_line_ids, exclude_return_id)
