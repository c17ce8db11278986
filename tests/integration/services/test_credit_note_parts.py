"""The credit note lists refunded shipping, the restocking fee and the label kept as lines with their tax."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from decimal import Decimal

from returns_shop import RULES, build_shop
from sqlalchemy import update

from desktop_app.core.db.models import OrderLine
from desktop_app.core.documents.credit_note import build_credit_note, tax_by_rate, totals
from desktop_app.core.services import documents, policies
from desktop_app.core.services import returns as svc


def test_fee_shipping_and_label_are_their_own_lines_with_tax(database, tmp_path):
    shop = build_shop(database)
    rules = replace(RULES, return_shipping_cost=Decimal("4.76"), refund_original_shipping=True)
    policies.publish(shop.owner, policies.save_draft(shop.owner, rules, title="v2").id)
    with database.write() as s:  # the tee (25.00, 3.99 tax inside) carried 5.95 of the order's shipping
        s.execute(update(OrderLine).where(OrderLine.id == shop.order_lines["1001/TEE-M"])
                  .values(shipping_share_minor=595, tax_rate_ppm=190000))
    ret = svc.create_return(shop.owner, "1001", [(shop.order_lines["1001/TEE-M"], 1, "changed_mind", "", "unused")])
    if ret.status == "requested":
        svc.approve(shop.owner, ret.rma)
    svc.receive(shop.owner, ret.rma, {ret.lines[0].id: (1, 0)})
    refund = svc.resolve_line(shop.owner, ret.rma, ret.lines[0].id, "refund", 1).refunds[-1]
    # 25.00 + 5.95 - fee 2.50 - label 4.76 = 23.69; tax 3.99 + 0.95 - 0.40 - 0.76 (at 3.99 / 25.00)
    assert (refund.amount.to_minor(), refund.tax.to_minor()) == (2369, 378)
    assert refund.label_charge is not None and refund.label_charge.to_minor() == 476

    note = documents.credit_note_data(database, ret.rma)
    rows = [(ln.description, ln.quantity, ln.net, ln.tax, ln.total, ln.rate) for ln in note.lines]
    assert rows == [
        ("TEE-M (TEE-M)", 1, Decimal("21.01"), Decimal("3.99"), Decimal("25.00"), Decimal(19)),
        ("Original shipping refunded", 1, Decimal("5.00"), Decimal("0.95"), Decimal("5.95"), Decimal(19)),
        ("Restocking fee kept", 1, Decimal("-2.10"), Decimal("-0.40"), Decimal("-2.50"), Decimal(19)),
        ("Return label cost kept", 1, Decimal("-4.00"), Decimal("-0.76"), Decimal("-4.76"), Decimal(19)),
    ]
    assert totals(note) == (Decimal("19.91"), Decimal("3.78"), Decimal("23.69"))
    assert tax_by_rate(note) == [(Decimal(19), Decimal("3.78"))]
    pdf = tmp_path / "note.pdf"
    pdf.write_bytes(build_credit_note(note))
    (tmp_path.parent / "credit_note_parts.pdf").write_bytes(pdf.read_bytes())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Restocking fee kept" in text and "Return label cost kept" in text \
        and "-2,50€" in text.replace(" ", "")  # a German shop writes amounts the German way
    zh = documents.credit_note_data(database, ret.rma, lang="zh_CN")
    assert [ln.description for ln in zh.lines][1:] == ["退还原运费", "扣除的重新上架费", "扣除的退货标签费用"]
