"""Deliver queued messages over SMTP with retries and back-off, never sending one message twice.

A message is claimed (`queued` -> `sending`) in its own short transaction before it is handed to the
server, and marked `sent` right after. If the app stops between the two, the message stays `sending`;
`recover_interrupted` turns it into `failed` with a note, so a person decides whether to send it again
rather than the app sending a duplicate.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import OutgoingMessage, ReturnEvent, Setting, utcnow
from desktop_app.core.i18n import N_, Message, UserFacingError
from desktop_app.core.notify.address import sender_address

BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
MAX_ATTEMPTS = 5
SECURITY_MODES = ("starttls", "ssl", "none")

Attachment = tuple[str, str, bytes]  # filename, MIME type, content
AttachmentBuilder = Callable[[OutgoingMessage], list[Attachment]]


class MailNotConfigured(UserFacingError):
    """No SMTP server is set up, so messages wait in the outbox."""


@dataclass(frozen=True)
class SmtpConfig:
    """How to reach the shop's mail server."""

    host: str
    port: int = 587
    security: str = "starttls"
    username: str = ""
    sender: str = ""
    sender_name: str = ""
    timeout: float = 20.0
    cafile: str | None = None  # a private CA for a shop's own mail server


@dataclass
class SendReport:
    """What one run of the sender did."""

    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def load_smtp_config(db: Database) -> SmtpConfig:
    """Read the SMTP settings of the shop, or say that mail is not set up."""
    with db.read() as session:
        rows = session.execute(select(Setting).where(Setting.key.like("smtp.%"))).scalars().all()
        values = {row.key: row.value for row in rows}
        shop_name = session.get(Setting, "shop.name")
    host = str(values.get("smtp.host") or "").strip()
    if not host:
        raise MailNotConfigured(Message(
            "No mail server is set up, so messages wait in the outbox. Set one in Settings, or open a "
            "message in your mail client."
        ))
    security = str(values.get("smtp.security") or "starttls")
    default_port = {"ssl": 465, "starttls": 587, "none": 25}.get(security, 587)
    return SmtpConfig(
        host=host, port=int(values.get("smtp.port") or default_port), security=security,
        username=str(values.get("smtp.username") or ""), sender=str(values.get("smtp.sender") or ""),
        sender_name=str(shop_name.value) if shop_name and shop_name.value else "",
    )


def from_header(config: SmtpConfig) -> Address:
    """Return the From address of customer messages; a sender that is no address is refused in one sentence."""
    address = sender_address(config.sender, config.username, config.sender_name)
    if address is None:
        raise MailNotConfigured(Message(
            "The sender address is not set or is not an address such as \"My Shop <shop@example.com>\"; "
            "set it in Settings."
        ))
    return address


def build_email(message: OutgoingMessage, config: SmtpConfig, attachments: list[Attachment]) -> EmailMessage:
    """Turn an outbox row into a MIME message with UTF-8 subject and body and its attachments."""
    email = EmailMessage()
    email["From"] = from_header(config)
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = message.message_id
    email.set_content(message.body, charset="utf-8")
    for filename, mime_type, content in attachments:
        maintype, _slash, subtype = mime_type.partition("/")
        email.add_attachment(content, maintype=maintype, subtype=subtype or "octet-stream", filename=filename)
    return email


def _deliver(email: EmailMessage, config: SmtpConfig, password: str | None) -> None:
    """Hand one message to the SMTP server; raises on any refusal."""
    context = ssl.create_default_context(cafile=config.cafile)
    if config.security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            config.host, config.port, timeout=config.timeout, context=context
        )
    else:
        client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    with client:
        client.ehlo()
        if config.security == "starttls":
            client.starttls(context=context)
            client.ehlo()
        if config.username and password:
            _login(client, config.username, password)
        client.send_message(email)


def _login(client: smtplib.SMTP, username: str, password: str) -> None:
    """Log in with PLAIN when offered (one round trip, no retries of other mechanisms), else as smtplib picks."""
    client.user, client.password = username, password
    offered = client.esmtp_features.get("auth", "").upper().split()
    if "PLAIN" in offered:
        client.auth("PLAIN", client.auth_plain)
    else:
        client.login(username, password)


def recover_interrupted(db: Database) -> int:
    """Mark messages left in `sending` by a stopped app as failed, for a person to check."""
    with db.write() as session:
        stuck = session.execute(
            select(OutgoingMessage).where(OutgoingMessage.state == "sending")
        ).scalars().all()
        for message in stuck:
            message.state = "failed"
            message.last_error = N_(
                "ReturnDesk stopped while sending this message; check whether the customer received it "
                "before sending it again."
            )
            _timeline(session, message, "message_failed")
        return len(stuck)


def _timeline(session: Session, message: OutgoingMessage, kind: str) -> None:
    if message.return_id:
        session.add(ReturnEvent(
            return_id=message.return_id, kind=kind, note=message.subject,
            data={"message": message.id, "attempts": message.attempts, "error": message.last_error},
        ))


def _claim_next(db: Database, now: datetime) -> OutgoingMessage | None:
    """Atomically move the oldest due message from queued to sending and return it."""
    with db.write() as session:
        candidate = session.execute(
            select(OutgoingMessage.id)
            .where(OutgoingMessage.state == "queued", OutgoingMessage.channel == "email")
            .where((OutgoingMessage.next_attempt_at.is_(None)) | (OutgoingMessage.next_attempt_at <= now))
            .order_by(OutgoingMessage.id)
            .limit(1)
        ).scalar()
        if candidate is None:
            return None
        claimed = cast(CursorResult[Any], session.execute(
            update(OutgoingMessage)
            .where(OutgoingMessage.id == candidate, OutgoingMessage.state == "queued")
            .values(state="sending", attempts=OutgoingMessage.attempts + 1)
        )).rowcount
        if claimed != 1:
            return None
        message = session.get(OutgoingMessage, candidate)
        session.refresh(message)
        session.expunge(message)
        return message


def _finish(db: Database, message_id: int, error: str | None, now: datetime, max_attempts: int) -> str:
    """Record the outcome of one delivery attempt; returns the message's new state."""
    with db.write() as session:
        message = session.get(OutgoingMessage, message_id)
        assert message is not None  # claimed by this sender, never deleted meanwhile
        if error is None:
            message.state, message.sent_at, message.last_error = "sent", now, ""
            _timeline(session, message, "message_sent")
        elif message.attempts >= max_attempts:
            message.state, message.last_error = "failed", error
            _timeline(session, message, "message_failed")
        else:
            message.state, message.last_error = "queued", error
            message.next_attempt_at = now + BACKOFF[min(message.attempts - 1, len(BACKOFF) - 1)]
        return message.state


def send_due(
    db: Database,
    config: SmtpConfig,
    password: str | None,
    *,
    now: datetime | None = None,
    attachment_builder: AttachmentBuilder | None = None,
    max_attempts: int = MAX_ATTEMPTS,
    keep_going: Callable[[int], bool] | None = None,
) -> SendReport:
    """Send every message that is due now; failures are retried later with back-off, then reported."""
    report = SendReport()
    moment = now or utcnow()
    seen: set[int] = set()
    while keep_going is None or keep_going(len(report.sent)):
        message = _claim_next(db, moment)
        if message is None or message.id in seen:
            break
        seen.add(message.id)
        error: str | None = None
        try:
            attachments = attachment_builder(message) if attachment_builder else []
            _deliver(build_email(message, config, attachments), config, password)
        except (smtplib.SMTPException, OSError, UserFacingError) as exc:
            error = _describe(exc)
        state = _finish(db, message.id, error, moment, max_attempts)
        {"sent": report.sent, "failed": report.failed}.get(state, report.retrying).append(message.id)
    return report


def _describe(exc: Exception) -> str:
    """Turn an SMTP or network error into a short sentence for the timeline."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return N_("The mail server refused the user name or password.")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return N_("The mail server refused the customer's address.")
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = exc.smtp_error
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        return f"The mail server refused the message ({exc.smtp_code} {detail})."
    if isinstance(exc, UserFacingError):
        return exc.render("en")
    return f"The mail server could not be reached ({exc.__class__.__name__}: {exc})."


class MailTestFailed(UserFacingError):
    """The test message from the settings page did not reach the mail server."""


def send_test_message(config: SmtpConfig, password: str | None, to_address: str, subject: str, body: str) -> None:
    """Send one message now with settings not yet saved (the settings page's test); refuse with the reason."""
    email = EmailMessage()
    email["From"] = from_header(config)
    email["To"] = to_address
    email["Subject"] = subject
    email["Date"] = formatdate(localtime=False)
    email.set_content(body, charset="utf-8")
    try:
        _deliver(email, config, password)
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        reason = _describe(exc)  # a catalogue sentence, or the server's own words (kept as they are)
        raise MailTestFailed(Message("The test message was not sent: {reason}",
                                     {"reason": Message(reason) if "{" not in reason else reason})) from None
