"""Reading a return's exchanges: their views, the units they took, and what is still to pay."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core.db.models import Exchange, Return, ReturnLine
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.lifecycle import ReturnState
from desktop_app.core.domain.money import Money, money_text
from desktop_app.core.i18n import Message
from desktop_app.core.services.returns.deadlines import shop_country
from desktop_app.core.services.returns.views import ExchangeView


def exchange_views(session: Session, ret: Return) -> tuple[ExchangeView, ...]:
    """Return the exchanges of a return, oldest first, as frozen views."""
    rows = session.scalars(select(Exchange).where(Exchange.return_id == ret.id).order_by(Exchange.id))

    def money(minor: int) -> Money:
        return Money.from_minor(minor, ret.currency)

    return tuple(
        ExchangeView(x.id, x.return_line_id, x.sku, x.name, x.quantity, money(x.credit_minor),
                     money(x.price_minor), money(x.difference_minor), x.status, x.payment_reference,
                     x.refund_id, x.created_at, x.settled_at)
        for x in rows
    )


def exchanged_units(session: Session, row: ReturnLine, *, other_returns: bool = False) -> int:
    """Return the units of a line exchanged on this return (or, with other_returns, of its order line elsewhere)."""
    query = select(func.coalesce(func.sum(Exchange.quantity), 0))
    if other_returns:
        if row.order_line_id is None:
            return 0
        query = query.join(ReturnLine, ReturnLine.id == Exchange.return_line_id).where(
            ReturnLine.order_line_id == row.order_line_id, ReturnLine.return_id != row.return_id)
    else:
        query = query.where(Exchange.return_line_id == row.id)
    return int(session.scalar(query) or 0)


def payment_due(session: Session, return_id: int) -> Money | None:
    """Return what the customer still owes for the return's exchanges (None when nothing)."""
    rows = session.execute(
        select(Exchange.difference_minor, Exchange.currency)
        .where(Exchange.return_id == return_id, Exchange.status == "payment_due")
    ).all()
    if not rows:
        return None
    return Money.from_minor(sum(int(r[0]) for r in rows), rows[0][1])


def refuse_unpaid(session: Session, ret: Return) -> None:
    """Refuse to close a return while the customer still owes an exchange's difference."""
    due = payment_due(session, ret.id)
    if due is not None:
        amount = money_text(due, shop_country(session))
        raise RuleViolation(Message("The customer still owes {amount} for the exchange: record the payment or "
                                    "waive it before closing {rma}.", {"amount": amount, "rma": ret.rma}))


def units_done(session: Session, state: ReturnState, row: ReturnLine) -> int:
    """Return the units of a line already paid out or exchanged on this return (their money slices are taken)."""
    return state.line(row.id).paid_out_qty + exchanged_units(session, row)


def exchange_actions(session: Session, ret: Return, role: str | None) -> frozenset[str]:  # role: Role or None
    """Return the exchange verbs open now: record the payment, and (the owner) waive it, while one is due."""
    if ret.imported or payment_due(session, ret.id) is None:
        return frozenset()
    owner = role is None or str(role) == "owner"
    return frozenset({"settle_exchange", "waive_exchange"} if owner else {"settle_exchange"})
