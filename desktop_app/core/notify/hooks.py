"""Queue the customer's message when a return changes: approved, received, refunded, exchanged (or to pay), rejected.

The window and the command pass `CUSTOMER_MESSAGES` in their ServiceContext; the hook runs inside the same
transaction as the change, so a message is queued exactly when the change is committed, and never for a change
that was rolled back.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.db.models import Customer, Refund, Return, ReturnEvent, ReturnLine
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import Resolution, resolution_label
from desktop_app.core.domain.shipping import ReturnShipping, shipping_sentence
from desktop_app.core.i18n.formats import format_amount
from desktop_app.core.notify.held import hold_contradicted
from desktop_app.core.notify.outbox import queue_for_return
from desktop_app.core.notify.templates import TemplateProblem, default_template
from desktop_app.core.services.base import ReturnEventHook
from desktop_app.core.services.returns.exchange_read import payment_due
from desktop_app.core.services.returns.shipping import shipping_of
from desktop_app.core.services.settings import load_settings

RESOLUTION_EVENTS = {"refund": "refunded", "store_credit": "credited", "exchange": "exchanged", "keep_it": "kept"}
ONCE_PER_CHANGE = ("approved", "approved_keep_it", "received", "rejected")
MONEY_EVENTS = ("refunded", "kept", "credited")


def _latest_event(session: Session, return_id: int, kind: str) -> ReturnEvent | None:
    return session.execute(
        select(ReturnEvent).where(ReturnEvent.return_id == return_id, ReturnEvent.kind == kind)
        .order_by(ReturnEvent.id.desc()).limit(1)
    ).scalar()


def message_event(session: Session, return_id: int, kind: str) -> str | None:
    """Map a lifecycle event to the customer message it calls for (None: no message)."""
    if kind == "approved":
        ret = session.get(Return, return_id)
        return "approved_keep_it" if ret is not None and not shipping_of(ret).needs_parcel else "approved"
    if kind in ONCE_PER_CHANGE:
        return kind
    if kind == "goodwill_refund":
        return "refunded"
    if kind == "line_resolved":
        event = _latest_event(session, return_id, kind)
        data = (event.data or {}) if event else {}
        if any(item.get("exchange_status") == "payment_due" for item in [data, *(data.get("lines") or [])]):
            return "exchange_payment_due"
        return RESOLUTION_EVENTS.get(str(data.get("resolution")))
    if kind in ("exchange_paid", "exchange_waived"):
        return "exchanged"
    return None


def _items(lines: list[ReturnLine]) -> str:
    return ", ".join(f"{line.requested_qty} × {line.name or line.sku}" for line in lines if not line.unexpected)


def _text(money: Money, lang: str, country: str) -> str:
    """Return an amount as documents print it: the shop country's form (one formatter for papers and mail)."""
    return format_amount(money.quantized().amount, money.currency, lang, country)


def _amount(session: Session, ret: Return, event: str, lang: str, country: str) -> str:
    """Return the money of the change that calls for the message: every refund or credit it wrote, or what is due."""
    if event == "exchange_payment_due":
        due = payment_due(session, ret.id)
        return _text(due, lang, country) if due is not None else ""
    if event not in (*MONEY_EVENTS, "exchanged"):  # exchanged: the rest of a cheaper replacement paid back
        return ""
    latest = session.execute(
        select(ReturnEvent).where(ReturnEvent.return_id == ret.id,
                                  ReturnEvent.kind.in_(("line_resolved", "goodwill_refund")))
        .order_by(ReturnEvent.id.desc()).limit(1)
    ).scalar()
    data = (latest.data or {}) if latest else {}
    ids = [int(i) for i in data.get("refund_ids") or ([data["refund_id"]] if data.get("refund_id") else [])]
    if not ids:
        return ""
    refunds = session.execute(select(Refund).where(Refund.id.in_(ids))).scalars().all()
    if not refunds:
        return ""
    total = sum(r.amount_minor for r in refunds)
    return _text(Money.from_minor(total, refunds[0].currency), lang, country)


def _shipping(ret: Return, event: str, lang: str, country: str) -> str:
    """Return the sentence on return shipping: always when approved, on money messages when a label was charged."""
    mode = shipping_of(ret)
    if event == "approved" or (event in MONEY_EVENTS and mode == ReturnShipping.DEDUCTED):
        charge = Money.from_minor(ret.shipping_charge_minor, ret.currency)
        return shipping_sentence(mode, charge, country).render(lang)
    return ""


def _deadline(lines: list[ReturnLine]) -> str:
    deadlines = sorted(str(line.decision["deadline"]) for line in lines
                       if line.decision and line.decision.get("deadline"))
    return deadlines[0] if deadlines else ""


def merge_values(session: Session, ret: Return, event: str) -> dict[str, str]:
    """Fill the merge fields of an event's message from the return, its customer and the shop."""
    settings = load_settings(session)
    customer = session.get(Customer, ret.customer_id) if ret.customer_id else None
    lang = customer.language if customer else "en"
    lines = list(ret.lines)
    resolutions = sorted({line.resolution for line in lines if line.resolution})
    note_event = _latest_event(session, ret.id, "rejected") if event == "rejected" else None
    return {
        "customer_name": customer.name if customer and customer.erased_at is None else "",
        "rma": ret.rma,
        "items": _items(lines),
        "amount": _amount(session, ret, event, lang, settings.shop_country),
        "resolution": ", ".join(resolution_label(Resolution(r)).render(lang) for r in resolutions),
        "deadline": _deadline(lines),
        "shop_name": settings.shop_name,
        "status_url": settings.status_url(ret.rma),
        "note": note_event.note if note_event else "",
        "shipping": _shipping(ret, event, lang, settings.shop_country),
    }


def queue_message_for(session: Session, return_id: int, kind: str) -> None:
    """The hook: hold waiting messages the event contradicts, then queue its own (once per kind per change)."""
    hold_contradicted(session, return_id, kind)
    event = message_event(session, return_id, kind)
    if event is None:
        return
    done: set[tuple[int, str]] = session.info.setdefault("returndesk_messages_queued", set())
    if event in ONCE_PER_CHANGE and (return_id, event) in done:
        return
    done.add((return_id, event))
    ret = session.get(Return, return_id)
    if ret is None or ret.imported:
        return
    attachments = [{"kind": "label"}, {"kind": "instructions"}] if event == "approved" else []
    values = merge_values(session, ret, event)
    try:
        queue_for_return(session, ret, event, values, attachments=attachments)
    except TemplateProblem:
        # the owner's edited template broke after it was saved: the customer still hears, in the shipped words
        customer = session.get(Customer, ret.customer_id) if ret.customer_id else None
        fallback = default_template(event, customer.language if customer else "en")
        queue_for_return(session, ret, event, values, attachments=attachments, template=fallback)


CUSTOMER_MESSAGES: tuple[ReturnEventHook, ...] = (queue_message_for,)
"""The hooks of a context whose changes to returns queue the customer's messages."""
