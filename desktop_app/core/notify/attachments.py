"""Attach the return label and the customer's instructions to the approval message when it is sent.

The outbox row only names what to attach (`[{"kind": "label"}, {"kind": "instructions"}]`); the PDFs are
built at send time from the return through the documents service, in the message's language, on the paper
the customer most likely has (Letter in the US and Canada, else A4). A return whose documents cannot be
built still gets its message, without them, and the return's timeline says what was left out and why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import OutgoingMessage, Return, ReturnEvent
from desktop_app.core.i18n import N_, UserFacingError
from desktop_app.core.notify.sender import Attachment, AttachmentBuilder

log = logging.getLogger(__name__)
LETTER_COUNTRIES = {"US", "CA"}
KINDS = ("label", "instructions")
PDF = "application/pdf"
LEFT_OUT = N_("The label and instructions could not be attached to this message; the customer gets the "
              "message without them.")


def _paper(db: Database) -> str:
    from desktop_app.core.services.settings import get_settings

    return "letter" if (get_settings(db).shop_country or "").upper() in LETTER_COUNTRIES else "a4"


def _build(db: Database, rma: str, kind: str, lang: str, paper: str) -> Attachment:
    """Build one document of a return as an attachment."""
    from desktop_app.core.services.documents import instructions_pdf, label_pdf

    if kind == "label":
        return f"{rma}-label.pdf", PDF, label_pdf(db, rma, size=paper, lang=lang)
    return f"{rma}-instructions.pdf", PDF, instructions_pdf(db, rma, size=paper, lang=lang)


def _note_left_out(db: Database, message: OutgoingMessage, reason: str) -> None:
    """Put on the return's timeline that the message goes without its documents."""
    with db.write() as session:
        session.add(ReturnEvent(
            return_id=message.return_id, kind="note", note=LEFT_OUT,
            data={"channel": "note", "message": message.id, "attachments_left_out": True, "reason": reason},
        ))


def attachments_for(db: Database, message: OutgoingMessage) -> list[Attachment]:
    """Return the PDFs a message asks for; an unbuildable return gives none, with a note, never an error."""
    kinds = [str(item.get("kind")) for item in (message.attachments or []) if isinstance(item, dict)]
    wanted = [kind for kind in KINDS if kind in kinds]
    if not wanted or message.return_id is None:
        return []
    try:
        with db.read() as session:
            ret = session.get(Return, message.return_id)
            rma = ret.rma if ret is not None else None
        if rma is None:
            raise LookupError("return not found")
        paper = _paper(db)
        return [_build(db, rma, kind, message.language, paper) for kind in wanted]
    except Exception as error:  # the customer still hears from the shop
        reason = error.render("en") if isinstance(error, UserFacingError) else error.__class__.__name__
        log.warning("Message %s goes without attachments: %s", message.id, reason, exc_info=True)
        try:
            _note_left_out(db, message, reason)
        except Exception:  # the note is a courtesy; sending goes on
            log.warning("Could not note the missing attachments of message %s", message.id, exc_info=True)
        return []


def attachment_builder(db: Database) -> AttachmentBuilder:
    """Return the builder `sender.send_due` calls for each message it sends from this shop."""
    build: Callable[[OutgoingMessage], list[Attachment]] = lambda message: attachments_for(db, message)  # noqa: E731
    return build
