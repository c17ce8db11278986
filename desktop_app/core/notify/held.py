"""Messages a later change contradicts: held for a person to decide instead of reaching the customer.

A clerk approves a return and a minute later another desk rejects it: the approval e-mail (with its label)
is still waiting in the outbox. The rejecting change holds it, in the same transaction, so the customer
never gets "approved" and then "rejected"; the outbox shows why it is held and a person may still send it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.db.models import OutgoingMessage, ReturnEvent
from desktop_app.core.i18n import N_

# a change to a return (event kind) -> the messages still waiting that it makes untrue
CONTRADICTS: dict[str, tuple[str, ...]] = {
    "rejected": ("approved", "approved_keep_it"),
    "cancelled": ("approved", "approved_keep_it"),
    "approved": ("rejected",),
    "reopened": ("rejected",),
    "receipt_reversed": ("received",),
    "refund_reversed": ("refunded", "credited", "kept"),
}
WAITING = ("queued", "failed")  # not yet handed to the mail server (a failed one would be tried again)
HELD_BECAUSE = N_("Held: a later change to the return contradicts this message. Send it only if it is still "
                  "true.")


def hold_contradicted(session: Session, return_id: int, kind: str) -> list[int]:
    """Hold the return's waiting messages that the change `kind` contradicts; return their ids."""
    events = CONTRADICTS.get(kind)
    if not events:
        return []
    waiting = session.scalars(
        select(OutgoingMessage).where(OutgoingMessage.return_id == return_id, OutgoingMessage.event.in_(events),
                                      OutgoingMessage.state.in_(WAITING)).with_for_update()
    ).all()
    for message in waiting:
        message.state, message.next_attempt_at, message.last_error = "held", None, HELD_BECAUSE
        session.add(ReturnEvent(return_id=return_id, kind="message_held", note=message.subject,
                                data={"message": message.id, "event": message.event, "because": kind}))
    session.flush()
    return [message.id for message in waiting]
