"""A mailbox for a real aiosmtpd server in tests, a free local port, and an approval that queues a message."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage


def free_port() -> int:
    """Return a local TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Mailbox:
    """What the SMTP server received (parsed), and how it should answer."""

    received: list[EmailMessage] = field(default_factory=list)
    refuse_with: str | None = None

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_with:
            return self.refuse_with
        self.received.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted for delivery"


def approve_first_requested(db, user) -> str:
    """Approve the first requested return with the notify hook installed, as the window does; return its RMA."""
    from desktop_app.core.notify import hooks
    from desktop_app.core.services import returns
    from desktop_app.core.services.base import ServiceContext

    ids = returns.return_ids(db, returns.ReturnFilter(status="requested"))
    rma = returns.summaries_by_ids(db, ids[:1])[0].rma
    returns.approve(ServiceContext(db, user, hooks.CUSTOMER_MESSAGES), rma)
    return rma
