"""The lines of a numbered credit note: the goods, and the refunded shipping, fee and label each with its tax."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import OrderLine
from desktop_app.core.documents.data import CreditNoteLine
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.tax import rate_percent, refund_parts
from desktop_app.core.i18n import N_, Message

PART_NAMES = {"shipping": N_("Original shipping refunded"), "fee": N_("Restocking fee kept"),
              "label": N_("Return label cost kept")}


def _order_line(db: Database, ret: Any, return_line_id: int | None) -> tuple[Decimal | None, Money, Money]:
    """Return the rate (percent) of the order line a refund pays back, and that line's paid money and tax."""
    zero = Money.zero(ret.currency)
    order_line = next((ln.order_line_id for ln in ret.lines if ln.id == return_line_id), None)
    if order_line is None:
        return None, zero, zero
    with db.read() as session:
        row = session.get(OrderLine, order_line)
        if row is None:
            return None, zero, zero
        rate = rate_percent(row.tax_rate_ppm, row.unit_price_minor, row.unit_tax_minor)
        return rate, Money.from_minor(row.paid_total_minor, ret.currency), \
            Money.from_minor(row.tax_total_minor, ret.currency)


def refund_lines(db: Database, ret: Any, refund: Any, description: str, language: str
                 ) -> tuple[CreditNoteLine, ...]:
    """Return the credit note's lines of one refund; each line's net + tax is its total, and they add up."""
    rate, paid, tax = _order_line(db, ret, refund.return_line_id)
    zero = Money.zero(ret.currency)
    kept = (refund.shipping, refund.fee, refund.label_charge or zero)
    lines = []
    for part in refund_parts(refund.amount, refund.tax, kept, paid, tax):
        name = description if part.kind == "goods" else Message(PART_NAMES[part.kind]).render(language)
        qty = refund.quantity if part.kind == "goods" else 1
        lines.append(CreditNoteLine(name, qty, (part.gross - part.tax).amount, part.tax.amount, part.gross.amount,
                                    rate))
    return tuple(lines)
