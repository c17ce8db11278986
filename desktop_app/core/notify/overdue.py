"""The apology for a late return: queued once per return when the shop misses the date it promised.

Being late is not a lifecycle change, so no hook sees it; the outbox sender looks for newly overdue returns
each time it runs (every minute in the window, at each `returndesk outbox send`), using the queue's own
meaning of overdue (waiting on the shop past its due time). A return gets at most one apology.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Customer, OutgoingMessage, Return, utcnow
from desktop_app.core.notify.hooks import merge_values
from desktop_app.core.notify.outbox import queue_for_return
from desktop_app.core.notify.templates import TemplateProblem, default_template
from desktop_app.core.services.returns.deadlines import SLA_STATUSES

EVENT = "overdue"
BATCH = 200  # at most this many per run, so a first run on an old shop stays short


def overdue_without_apology(db: Database, now: datetime | None = None) -> list[int]:
    """Return the ids of late returns whose customer has not had the apology yet."""
    moment = now or utcnow()
    apologised = select(OutgoingMessage.return_id).where(OutgoingMessage.event == EVENT,
                                                         OutgoingMessage.return_id.is_not(None))
    with db.read() as session:
        return list(session.execute(
            select(Return.id)
            .where(Return.imported.is_(False), Return.status.in_([s.value for s in SLA_STATUSES]))
            .where(Return.due_at.is_not(None), Return.due_at < moment)
            .where(Return.id.not_in(apologised))
            .order_by(Return.due_at).limit(BATCH)
        ).scalars())


def queue_overdue_apologies(db: Database, now: datetime | None = None) -> int:
    """Queue the apology for every late return that has none yet; returns how many were queued."""
    queued = 0
    for return_id in overdue_without_apology(db, now):
        with db.write() as session:
            ret = session.get(Return, return_id)
            already = session.execute(select(OutgoingMessage.id).where(
                OutgoingMessage.return_id == return_id, OutgoingMessage.event == EVENT).limit(1)).scalar()
            if ret is None or already is not None:  # another desk was quicker
                continue
            values = merge_values(session, ret, EVENT)
            try:
                queue_for_return(session, ret, EVENT, values)
            except TemplateProblem:  # an edited template that broke: the shipped words instead
                customer = session.get(Customer, ret.customer_id) if ret.customer_id else None
                fallback = default_template(EVENT, customer.language if customer else "en")
                queue_for_return(session, ret, EVENT, values, template=fallback)
            queued += 1
    return queued
