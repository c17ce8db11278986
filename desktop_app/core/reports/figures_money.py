"""The money figures of a period, each summed per currency (a report never adds two currencies together)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core.db.models import Exchange, PolicyVersion, Refund, Return, ReturnLine, StoreCreditEntry
from desktop_app.core.domain.money import Money

ENDED = ("rejected", "cancelled")
PerCurrency = dict[str, int]


def _by_currency(rows: Any) -> PerCurrency:
    """Turn (currency, minor units) rows into a dict."""
    return {str(currency): int(value or 0) for currency, value in rows}


def returned_value(session: Session, start: datetime, end: datetime) -> PerCurrency:
    """Value of the units asked back on returns requested in the period (rejected/cancelled left out)."""
    return _by_currency(session.execute(
        select(Return.currency, func.coalesce(func.sum(ReturnLine.value_minor), 0))
        .join(ReturnLine, ReturnLine.return_id == Return.id)
        .where(Return.requested_at >= start, Return.requested_at < end, Return.status.not_in(ENDED),
               ReturnLine.unexpected.is_(False))
        .group_by(Return.currency)
    ).all())


def refund_money(session: Session, start: datetime, end: datetime) -> tuple[PerCurrency, PerCurrency, PerCurrency]:
    """Return the refunds (tax included), the fees kept and the tax inside the refunds, per currency."""
    rows = session.execute(
        select(Refund.currency, func.coalesce(func.sum(Refund.amount_minor), 0),
               func.coalesce(func.sum(Refund.fee_minor), 0), func.coalesce(func.sum(Refund.tax_minor), 0))
        .where(Refund.created_at >= start, Refund.created_at < end)
        .group_by(Refund.currency)
    ).all()
    return ({str(r[0]): int(r[1]) for r in rows}, {str(r[0]): int(r[2]) for r in rows},
            {str(r[0]): int(r[3]) for r in rows})


def store_credit(session: Session, start: datetime, end: datetime) -> PerCurrency:
    """Store credit issued in the period (spending credit is not issuing it)."""
    return _by_currency(session.execute(
        select(StoreCreditEntry.currency, func.coalesce(func.sum(StoreCreditEntry.amount_minor), 0))
        .where(StoreCreditEntry.created_at >= start, StoreCreditEntry.created_at < end,
               StoreCreditEntry.amount_minor > 0)
        .group_by(StoreCreditEntry.currency)
    ).all())


def written_off(session: Session, start: datetime, end: datetime) -> PerCurrency:
    """Value of the damaged units received in the period."""
    damaged_value = (ReturnLine.damaged_qty * ReturnLine.value_minor) // ReturnLine.requested_qty
    return _by_currency(session.execute(
        select(Return.currency, func.coalesce(func.sum(damaged_value), 0))
        .join(ReturnLine, ReturnLine.return_id == Return.id)
        .where(Return.received_at >= start, Return.received_at < end,
               ReturnLine.damaged_qty > 0, ReturnLine.requested_qty > 0)
        .group_by(Return.currency)
    ).all())


def label_cost(rules: dict[str, Any], currency: str, policy_currency: str) -> Decimal:
    """Return the policy's label cost for orders paid in `currency` (its own amounts, or the per-currency ones)."""
    if currency == policy_currency:
        return Decimal(str(rules.get("return_shipping_cost", "0") or "0"))
    for amounts in rules.get("currency_amounts") or []:
        if isinstance(amounts, dict) and str(amounts.get("currency", "")).upper() == currency:
            return Decimal(str(amounts.get("return_shipping_cost", "0") or "0"))
    return Decimal(0)


def shop_paid_shipping(session: Session, start: datetime, end: datetime, policy_currency: str) -> PerCurrency:
    """Prepaid labels of returns approved in the period that the shop paid, at the policy's label cost."""
    rows = session.execute(
        select(Return.policy_version_id, Return.currency, func.count(Return.id))
        .where(Return.approved_at >= start, Return.approved_at < end,
               Return.label_prepaid.is_(True), Return.shipping_charge_minor == 0, Return.imported.is_(False))
        .group_by(Return.policy_version_id, Return.currency)
    ).all()
    total: PerCurrency = defaultdict(int)
    for version_id, currency, count in rows:
        version = session.get(PolicyVersion, version_id) if version_id else None
        cost = label_cost(version.rules if version else {}, str(currency), policy_currency)
        total[str(currency)] += Money(cost, str(currency)).to_minor() * int(count)
    return dict(total)


def labels_charged(session: Session, start: datetime, end: datetime) -> PerCurrency:
    """Label costs taken from the refunds of returns approved in the period (prepaid, charged once)."""
    return _by_currency(session.execute(
        select(Return.currency, func.coalesce(func.sum(Return.shipping_charge_minor), 0))
        .where(Return.approved_at >= start, Return.approved_at < end,
               Return.label_prepaid.is_(True), Return.shipping_charge_minor > 0, Return.imported.is_(False))
        .group_by(Return.currency)
    ).all())


def exchange_money(session: Session, start: datetime, end: datetime
                   ) -> tuple[PerCurrency, PerCurrency, PerCurrency, PerCurrency]:
    """Return, per currency, the exchanges' differences: asked of customers, paid, waived, and rests paid back.

    Asked: dearer replacements sent in the period (what customers were to pay). Paid and waived: settled in
    the period. Rests paid back: the refunds or store credit of cheaper replacements, paid in the period
    (also inside the refunds or the store credit figures).
    """
    def per(query: Any) -> PerCurrency:
        return _by_currency(session.execute(query).all())

    made = (Exchange.created_at >= start) & (Exchange.created_at < end)
    settled = (Exchange.settled_at >= start) & (Exchange.settled_at < end)
    total = func.coalesce(func.sum(Exchange.difference_minor), 0)
    asked = per(select(Exchange.currency, total).where(made, Exchange.difference_minor > 0)
                .group_by(Exchange.currency))
    paid = per(select(Exchange.currency, total).where(settled, Exchange.status == "paid")
               .group_by(Exchange.currency))
    waived = per(select(Exchange.currency, total).where(settled, Exchange.status == "waived")
                 .group_by(Exchange.currency))
    rests = per(select(Refund.currency, func.coalesce(func.sum(Refund.amount_minor), 0))
                .join(Exchange, Exchange.refund_id == Refund.id)
                .where(Refund.created_at >= start, Refund.created_at < end).group_by(Refund.currency))
    return asked, paid, waived, rests
