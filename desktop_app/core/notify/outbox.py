"""The outbox: customer messages queued by lifecycle events, listed, held and released."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Customer, OutgoingMessage, Return, ReturnEvent, Setting, utcnow
from desktop_app.core.i18n import LANGUAGES, N_, Message
from desktop_app.core.notify.templates import EVENTS, MessageTemplate, default_template, render_template
from desktop_app.core.services.base import InvalidInput, NotFound, ServiceContext, require_user

STATES = ("queued", "sending", "sent", "failed", "held")


@dataclass(frozen=True)
class OutboxEntry:
    """One message as the outbox list and the return's timeline show it."""

    id: int
    rma: str | None
    event: str
    channel: str
    language: str
    to_address: str
    subject: str
    body: str
    state: str
    attempts: int
    last_error: str
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime | None
    message_id: str

    @property
    def mailto_url(self) -> str:
        """Return a mailto: link that opens the message in the desk's mail client."""
        return f"mailto:{quote(self.to_address)}?subject={quote(self.subject)}&body={quote(self.body)}"


def stored_template(session: Session, event: str, language: str) -> MessageTemplate:
    """Return the owner's edited template for an event and language, or the shipped default."""
    row = session.get(Setting, f"templates.{event}.{language}")
    if row and isinstance(row.value, dict) and row.value.get("subject") is not None:
        return MessageTemplate(event, language, str(row.value["subject"]), str(row.value.get("body", "")))
    return default_template(event, language)


def _entry(message: OutgoingMessage, rma: str | None) -> OutboxEntry:
    return OutboxEntry(
        id=message.id, rma=rma, event=message.event, channel=message.channel, language=message.language,
        to_address=message.to_address, subject=message.subject, body=message.body, state=message.state,
        attempts=message.attempts, last_error=message.last_error, created_at=message.created_at,
        sent_at=message.sent_at, next_attempt_at=message.next_attempt_at, message_id=message.message_id,
    )


def queue_for_return(
    session: Session,
    ret: Return,
    event: str,
    values: dict[str, str],
    *,
    attachments: list[dict[str, Any]] | None = None,
    user_id: int | None = None,
    template: MessageTemplate | None = None,
) -> OutgoingMessage | None:
    """Queue the event's message to the return's customer in their language, inside the caller's transaction.

    Returns None when the event has no message. A customer without an e-mail address gets a held message
    the clerk can copy or send another way.
    """
    if event not in EVENTS:
        return None
    customer = session.get(Customer, ret.customer_id) if ret.customer_id else None
    language = customer.language if customer and customer.language in LANGUAGES else "en"
    rendered = render_template(template or stored_template(session, event, language), values)
    address = (customer.email or "") if customer and customer.erased_at is None else ""
    message = OutgoingMessage(
        return_id=ret.id, customer_id=ret.customer_id, event=event, channel="email", language=language,
        to_address=address, subject=rendered.subject, body=rendered.body, attachments=attachments or [],
        state="queued" if address else "held", message_id=f"<{uuid.uuid4().hex}@returndesk>",
        last_error="" if address else N_("The customer has no e-mail address."),
    )
    session.add(message)
    session.flush()
    session.add(ReturnEvent(
        return_id=ret.id, kind="message_queued", note=rendered.subject, user_id=user_id,
        data={"message": message.id, "state": message.state, "event": event},
    ))
    return message


def list_outbox(db: Database, state: str | None = None, rma: str | None = None,
                limit: int | None = None) -> list[OutboxEntry]:
    """List messages, newest first, optionally of one state or one return (limit None: all)."""
    with db.read() as session:
        query = select(OutgoingMessage, Return.rma).outerjoin(Return, Return.id == OutgoingMessage.return_id)
        if state:
            query = query.where(OutgoingMessage.state == state)
        if rma:
            query = query.where(Return.rma == rma)
        query = query.order_by(OutgoingMessage.id.desc())
        rows = session.execute(query if limit is None else query.limit(limit)).all()
        return [_entry(message, found_rma) for message, found_rma in rows]


def outbox_counts(db: Database) -> dict[str, int]:
    """Count messages per state (for the status bar and `outbox list`)."""
    with db.read() as session:
        rows = session.execute(
            select(OutgoingMessage.state, func.count()).group_by(OutgoingMessage.state)
        ).all()
    return {state: count for state, count in rows}


def requeue(ctx: ServiceContext, message_id: int) -> OutboxEntry:
    """Put a failed or held message back in the queue, on the user's decision."""
    user = require_user(ctx)
    with ctx.db.write() as session:
        message = session.get(OutgoingMessage, message_id)
        if message is None:
            raise NotFound(Message("There is no message number {id}.", {"id": message_id}))
        if message.state not in ("failed", "held"):
            raise InvalidInput(Message("Only failed or held messages can be sent again."))
        if not message.to_address:
            raise InvalidInput(Message("The customer has no e-mail address."))
        message.state, message.next_attempt_at, message.attempts = "queued", None, 0
        if message.return_id:
            session.add(ReturnEvent(
                return_id=message.return_id, kind="message_requeued", note=message.subject,
                user_id=user.id, data={"message": message.id},
            ))
        ret = session.get(Return, message.return_id) if message.return_id else None
        rma = ret.rma if ret is not None else None
        return _entry(message, rma)


def mark_sent_by_hand(ctx: ServiceContext, message_id: int) -> None:
    """Record that a held message was delivered another way (copied into a chat, a mail client)."""
    user = require_user(ctx)
    with ctx.db.write() as session:
        message = session.get(OutgoingMessage, message_id)
        if message is None:
            raise NotFound(Message("There is no message number {id}.", {"id": message_id}))
        message.state, message.sent_at = "sent", utcnow()
        if message.return_id:
            session.add(ReturnEvent(
                return_id=message.return_id, kind="message_sent", note=message.subject, user_id=user.id,
                data={"message": message.id, "by_hand": True},
            ))
