"""A refund's credit note names the tax rate of the order line it pays back (recorded, or as its tax shows)."""

from __future__ import annotations

from decimal import Decimal

from returns_shop import build_shop
from sqlalchemy import update

from desktop_app.core.db.models import OrderLine
from desktop_app.core.services import documents
from desktop_app.core.services import returns as svc


def _refunded(shop, key: str) -> str:
    ret = svc.create_return(shop.owner, "1001", [(shop.order_lines[key], 1, "defective", "", "unused")])
    svc.approve(shop.owner, ret.rma)
    svc.receive(shop.owner, ret.rma, {ret.lines[0].id: (1, 0)})
    svc.resolve_line(shop.owner, ret.rma, ret.lines[0].id, "refund", 1)
    return ret.rma


def test_the_credit_note_carries_the_line_rate(database):
    shop = build_shop(database)
    rma = _refunded(shop, "1001/MUG-1")  # 11.99 with 1.91 tax inside: 19 %
    (line,) = documents.credit_note_data(database, rma).lines
    assert line.rate == Decimal(19) and line.net + line.tax == line.total

    with database.write() as s:  # an import recorded 7 % for the pin
        s.execute(update(OrderLine).where(OrderLine.id == shop.order_lines["1001/PIN-1"]).values(tax_rate_ppm=70000))
    (pin,) = documents.credit_note_data(database, _refunded(shop, "1001/PIN-1")).lines
    assert pin.rate == Decimal(7)
