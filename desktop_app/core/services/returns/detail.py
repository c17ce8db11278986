"""One return as a frozen ReturnDetail: lines, explanation, timeline, refunds, files, allowed actions."""

from __future__ import annotations

import re
from typing import Any, cast

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import (
    Attachment,
    Customer,
    Order,
    PolicyVersion,
    Refund,
    Return,
    ReturnEvent,
    StoreCreditEntry,
)
from desktop_app.core.domain import lifecycle
from desktop_app.core.domain.lifecycle import Status, status_label
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.policy import PolicyRules
from desktop_app.core.i18n import Message
from desktop_app.core.i18n.country_forms import all_in_country
from desktop_app.core.services.admin_common import user_names
from desktop_app.core.services.base import NotFound, Role
from desktop_app.core.services.returns.deadlines import is_overdue, setting, shop_country
from desktop_app.core.services.returns.exchange_read import exchange_actions, exchange_views
from desktop_app.core.services.returns.owner_requests import request_actions, request_view
from desktop_app.core.services.returns.policy_lookup import policy_rules_of
from desktop_app.core.services.returns.records import load_return
from desktop_app.core.services.returns.shipping import shipping_of
from desktop_app.core.services.returns.snapshot import explanation_of
from desktop_app.core.services.returns.state import to_state
from desktop_app.core.services.returns.views import AttachmentInfo, EventView, RefundView, ReturnDetail, ReturnLineView

_VERB = {"add_unexpected_item": "record_unexpected_item", "override_goodwill": "goodwill_refund"}
OWNER_ONLY = frozenset({"reopen", "goodwill_refund", "reverse_receipt", "reverse_refund"})
ALWAYS = frozenset({"add_note", "attach_file", "set_tracking"})
_RMA = re.compile(r"(?<![A-Za-z0-9])R-(\d{6,})(?![0-9])", re.IGNORECASE)


def allowed_for(state: lifecycle.ReturnState, role: Role | str | None, imported: bool = False) -> frozenset[str]:
    """Return the service verbs the rules and the role allow now (None: what the rules allow)."""
    if imported:
        return frozenset()
    actions = {_VERB.get(a, a) for a in lifecycle.allowed_actions(state)} | ALWAYS
    if role is not None and Role(role) != Role.OWNER:
        actions -= OWNER_ONLY
        if state.status != Status.RESOLVED:
            actions.discard("close")
    return frozenset(actions)


def line_views(ret: Return, rules: PolicyRules | None, country: str | None = None) -> tuple[ReturnLineView, ...]:
    """Return a loaded return's lines as frozen views, reasons named by the return's recorded policy.

    `country` (the shop's) writes the explanations' amounts and days in its form."""
    out = []
    for row in ret.lines:
        snap = row.decision or {}
        reason = rules.reason(row.reason_code) if rules is not None and row.reason_code else None
        out.append(
            ReturnLineView(
                id=row.id,
                order_line_id=row.order_line_id,
                product_id=row.product_id,
                sku=row.sku,
                name=row.name,
                requested_qty=row.requested_qty,
                received_qty=row.received_qty,
                damaged_qty=row.damaged_qty,
                refunded_qty=row.refunded_qty,
                credited_qty=row.credited_qty,
                resolved_qty=row.resolved_qty,
                reason_code=row.reason_code,
                reason=reason.label() if reason else None,
                fault=snap.get("fault") or (reason.fault.value if reason else None),
                customer_comment=row.customer_comment,
                condition=row.condition,
                inspection=row.disposition if row.disposition in ("passed", "failed") else None,
                resolution=row.resolution,
                exchange_sku=row.exchange_sku,
                unexpected=row.unexpected,
                value=Money.from_minor(row.value_minor, ret.currency),
                eligible=snap.get("eligible"),
                explanation=all_in_country(explanation_of(snap), country),
                deadline=snap.get("deadline"),
                wanted_sku=row.wanted_sku,
            )
        )
    return tuple(out)


def _events(session: Session, ret: Return) -> list[ReturnEvent]:
    """Return the timeline rows of a return, oldest first."""
    return list(session.scalars(
        select(ReturnEvent).where(ReturnEvent.return_id == ret.id).order_by(ReturnEvent.created_at, ReturnEvent.id)))


def _files(session: Session, ret: Return) -> list[Row[Any]]:
    """Return the attachment rows of a return without their content."""
    return list(session.execute(
        select(Attachment.id, Attachment.filename, Attachment.mime_type, Attachment.kind, Attachment.size,
               Attachment.user_id, Attachment.created_at)
        .where(Attachment.return_id == ret.id).order_by(Attachment.id)))


def _event_views(events: list[ReturnEvent], names: dict[int | None, str]) -> tuple[EventView, ...]:
    """Return the timeline as frozen views with the names of who did what."""
    return tuple(EventView(e.id, e.kind, e.from_status, e.to_status, e.note, dict(e.data or {}), e.user_id,
                           names.get(e.user_id, ""), e.created_at) for e in events)


def _refund_views(refunds: list[Refund], names: dict[int | None, str], currency: str) -> tuple[RefundView, ...]:
    """Return the refunds as frozen views, amounts in the return's currency."""
    def money(minor: int) -> Money:
        return Money.from_minor(minor, currency)
    return tuple(RefundView(r.id, r.return_line_id, r.quantity, money(r.amount_minor), money(r.tax_minor),
                            money(r.shipping_minor), money(r.fee_minor), r.method, r.external_reference,
                            r.credit_note_number, r.goodwill_reason, r.reverses_id, names.get(r.user_id, ""),
                            r.created_at, money(r.label_charge_minor) if r.label_charge_minor else None)
                  for r in refunds)


def _store_credit_minor(session: Session, ret: Return) -> int:
    """Return the store credit a return has granted, in minor units."""
    total = session.scalar(select(func.coalesce(func.sum(StoreCreditEntry.amount_minor), 0))
                           .where(StoreCreditEntry.return_id == ret.id))
    return int(total or 0)


def build_detail(session: Session, ret: Return, role: Role | str | None = None) -> ReturnDetail:
    """Return the frozen view of a loaded return (inside the caller's session)."""
    session.flush()
    cur = ret.currency
    order = session.get(Order, ret.order_id) if ret.order_id else None
    customer = session.get(Customer, ret.customer_id) if ret.customer_id else None
    policy = session.get(PolicyVersion, ret.policy_version_id) if ret.policy_version_id else None
    events = _events(session, ret)
    refunds = list(session.scalars(select(Refund).where(Refund.return_id == ret.id).order_by(Refund.id)))
    files = _files(session, ret)
    users = [e.user_id for e in events] + [r.user_id for r in refunds] + [f.user_id for f in files]
    names: dict[int | None, str] = dict(user_names(session, users).items())
    return ReturnDetail(
        id=ret.id, rma=ret.rma, status=ret.status, status_label=status_label(Status(ret.status)),
        order_id=ret.order_id, order_number=order.number if order else None,
        customer_id=ret.customer_id, customer_name=customer.name if customer else "",
        customer_email=customer.email if customer else None, channel=ret.channel, currency=cur,
        requested_at=ret.requested_at, approved_at=ret.approved_at, received_at=ret.received_at,
        resolved_at=ret.resolved_at, closed_at=ret.closed_at, due_at=ret.due_at,
        overdue=is_overdue(ret.status, ret.due_at), flagged=ret.flagged, imported=ret.imported,
        carrier=ret.carrier, tracking_number=ret.tracking_number, label_prepaid=ret.label_prepaid,
        shipping_charge=Money.from_minor(ret.shipping_charge_minor, cur), shipping=shipping_of(ret),
        policy_version_id=ret.policy_version_id, policy_version_number=policy.number if policy else None,
        lines=line_views(ret, policy_rules_of(session, ret.policy_version_id), shop_country(session)),
        events=_event_views(events, names),
        refunds=_refund_views(refunds, names, cur),
        attachments=tuple(AttachmentInfo(f.id, f.filename, f.mime_type, f.kind, f.size, names.get(f.user_id, ""),
                                         f.created_at) for f in files),
        allowed_actions=allowed_for(to_state(session, ret), role, ret.imported) | request_actions(ret, role)
        | exchange_actions(session, ret, role),
        owner_request=request_view(session, ret),
        customer_flag=customer.flag_reason if customer else None,
        refunded_total=Money.from_minor(sum(r.amount_minor for r in refunds if r.method != "store_credit"), cur),
        store_credit_total=Money.from_minor(_store_credit_minor(session, ret), cur),
        version=ret.version, updated_at=ret.updated_at,
        shop_timezone=str(setting(session, "shop.timezone") or "UTC"),
        exchanges=exchange_views(session, ret),
    )


def get_return(db: Database, rma: str, role: Role | str | None = None) -> ReturnDetail:
    """Return one return by its RMA, with the actions the given role may take now."""
    with db.read() as session:
        return build_detail(session, load_return(session, rma), role)


def find_by_code(db: Database, code: str, role: Role | str | None = None) -> ReturnDetail | None:
    """Return the return a scanned code names (an RMA anywhere in it, or a tracking number), or None."""
    text = (code or "").strip()
    if not text:
        return None
    with db.read() as session:
        found = _RMA.search(text)
        ret = None
        if found:
            ret = session.scalars(select(Return).where(Return.rma == f"R-{found.group(1)}")).first()
        if ret is None:
            tracking = re.sub(r"\s+", "", text).upper()
            ret = session.scalars(
                select(Return)
                .where(func.upper(Return.tracking_number) == tracking)
                .order_by(Return.imported, Return.requested_at.desc())
                .limit(1)
            ).first()
        return None if ret is None else build_detail(session, ret, role)


def attachment_content(db: Database, rma: str, attachment_id: int) -> tuple[AttachmentInfo, bytes]:
    """Return one attached file of a return with its bytes (to show, save or print a carrier label)."""
    with db.read() as session:
        ret = load_return(session, rma)
        row = session.get(Attachment, attachment_id)
        if row is None or row.return_id != ret.id:
            raise NotFound(Message("Return {rma} has no attached file {id}.", {"rma": ret.rma, "id": attachment_id}))
        info = AttachmentInfo(
            row.id,
            row.filename,
            row.mime_type,
            row.kind,
            row.size,
            user_names(session, [row.user_id]).get(cast(int, row.user_id), ""),
            row.created_at,
        )
        return info, bytes(row.content)
