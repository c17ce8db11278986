"""A customer's request from the portal becomes a return through `create_return` (channel "portal")."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Customer, Order, Return
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.i18n import LANGUAGES, Message
from desktop_app.core.notify.hooks import CUSTOMER_MESSAGES
from desktop_app.core.services.admin_common import sentences
from desktop_app.core.services.base import InvalidInput, ServiceContext
from desktop_app.core.services.portal.actor import portal_actor
from desktop_app.core.services.portal.order import Choice, PortalOrder, customer_order, judge_choices
from desktop_app.core.services.portal.uploads import Upload
from desktop_app.core.services.returns import AlreadyRequested, LineRequest, attach_file, create_return


def remember_language(session: Session, order_id: int, language: str) -> None:
    """Keep the customer's portal language for their e-mails."""
    order = session.get(Order, order_id)
    customer = session.get(Customer, order.customer_id) if order and order.customer_id else None
    if customer is not None and language in LANGUAGES:
        customer.language = language


def _check_exchange(order: PortalOrder, choices: list[Choice], resolution: str | None,
                    exchange: dict[int, str]) -> None:
    offered = {line.id: {sku for sku, _name in line.exchange_options} for line in order.lines}
    chosen = {c.order_line_id for c in choices}
    for line_id, sku in exchange.items():
        if sku and (resolution != "exchange" or line_id not in chosen or sku not in offered.get(line_id, ())):
            raise InvalidInput(Message("Choose one of the offered answers."))


def sent_with_key(db: Database, order_id: int, key: str) -> str | None:
    """Return the RMA of the order's return a request with this key made, or None when none did yet."""
    with db.read() as session:
        return session.scalar(select(Return.rma).where(Return.idempotency_key == key, Return.order_id == order_id))


def submit_request(db: Database, order_id: int, choices: list[Choice], resolution: str | None,
                   exchange: dict[int, str], uploads: list[Upload], language: str, key: str) -> str:
    """Create the return for the chosen lines, attach the checked files and return its RMA.

    `key` is the request's own key (from the form): a request sent again, even at the same moment from
    another tab, returns the RMA of the return the first one made and creates nothing.
    """
    earlier = sent_with_key(db, order_id, key)
    if earlier is not None:
        return earlier
    if not choices:
        raise InvalidInput(Message("Choose at least one item to send back."))
    order = customer_order(db, order_id)
    _check_exchange(order, choices, resolution, exchange)
    verdicts = judge_choices(db, order_id, choices, resolution)
    names = {line.id: line.name for line in order.lines}
    refused = [m for v in verdicts if not v.eligible
               for m in (Message("{name}:", {"name": names[v.order_line_id]}), *v.refusals)]
    if refused:
        raise RuleViolation(sentences([*refused, Message("Remove this item or change your answers.")]))
    ctx = ServiceContext(db, portal_actor(db), on_return_event=CUSTOMER_MESSAGES)  # the desk's e-mails
    lines = [LineRequest(c.order_line_id, c.quantity, c.reason_code, c.comment, c.condition,
                         exchange.get(c.order_line_id) or None) for c in choices]
    try:
        detail = create_return(ctx, order.number, lines, resolution or None, channel="portal",
                               order_channel=order.channel, idempotency_key=key)
    except AlreadyRequested as repeat:  # the same request won the order's lock a moment earlier
        return repeat.rma
    for upload in uploads:
        attach_file(ctx, detail.rma, upload.filename, upload.content, kind="photo", mime_type=upload.mime_type)
    with db.write() as session:
        remember_language(session, order_id, language)
    return detail.rma
