"""Custom TOML profiles: encodings, separators, explicit dates, and the rules that make returns."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from desktop_app.core.db.models import Order, OrderLine, Return, ReturnLine
from desktop_app.core.imports.writer import import_file

from .conftest import FIXTURES

CUSTOM = FIXTURES / "custom"


def _summary(db):
    with db.read() as session:
        orders = {o.number: (o.status, o.total_minor, o.ordered_at) for o in session.scalars(select(Order))}
        lines = session.execute(select(Order.number, OrderLine.sku, OrderLine.quantity, OrderLine.unit_price_minor)
                                .join(Order, Order.id == OrderLine.order_id).order_by(OrderLine.id)).all()
        returns = session.execute(
            select(Order.number, ReturnLine.sku, ReturnLine.requested_qty, ReturnLine.value_minor,
                   ReturnLine.order_line_id.isnot(None), Return.requested_at)
            .join(ReturnLine, ReturnLine.return_id == Return.id)
            .outerjoin(Order, Order.id == Return.order_id).order_by(Return.id)).all()
    return orders, [tuple(r) for r in lines], [tuple(r) for r in returns]


def test_cp1252_semicolons_decimal_commas_credit_notes_negative_quantities_and_cancellations(shop):
    db, owner = shop
    result = import_file(db, CUSTOM / "kasse_export.csv", CUSTOM / "kasse.toml", owner)
    assert (result.orders_added, result.lines_added, result.returns_added, result.cancellations) == (3, 4, 2, 1)
    orders, lines, returns = _summary(db)
    assert orders["RE-1001"][:2] == ("fulfilled", 107500)  # 2 x 12,50 + 1.050,00
    assert orders["RE-1003"][0] == "cancelled"
    assert orders["RE-1001"][2] == datetime(2026, 2, 2, 23, 0, tzinfo=UTC)  # 03.02.2026 in Berlin
    assert ("RE-1001", "A-2", 1, 105000) in lines and ("RE-1002", "A-1", 3, 1250) in lines
    assert "GS-0001" not in orders  # a credit note is not an order
    assert returns == [
        ("RE-1002", "A-1", 1, 1250, True, datetime(2026, 2, 5, 23, 0, tzinfo=UTC)),  # negative quantity
        ("RE-1001", "A-2", 1, 105000, True, datetime(2026, 2, 9, 23, 0, tzinfo=UTC)),  # GS- names RE-1001
    ]


def test_gbk_file_with_chinese_headers_and_local_times(shop):
    db, owner = shop
    result = import_file(db, CUSTOM / "marketplace_cn_orders.csv", CUSTOM / "marketplace_cn.toml", owner)
    assert (result.orders_added, result.lines_added, result.returns_added, result.cancellations) == (3, 4, 1, 1)
    orders, lines, returns = _summary(db)
    assert orders["CN-88001"] == ("fulfilled", 262150, datetime(2026, 1, 31, 15, 30, tzinfo=UTC))
    assert ("CN-88001", "TEA-01", 2, 128800) in lines
    assert orders["CN-88002"][0] == "refunded" and orders["CN-88003"][0] == "cancelled"
    assert [r[:5] for r in returns] == [("CN-88002", "CUP-02", 2, 9100, True)]


def test_value_maps_refuse_unknown_values_unless_told_to_keep_them(tmp_path):
    from desktop_app.core.imports.checker import ImportRefused, check_file, open_records
    from desktop_app.core.imports.profile import load_profile

    data = tmp_path / "returns.csv"
    data.write_text("Date,SKU,Qty,Why\n2026-01-05,A-1,1,BROKE\n2026-01-06,A-1,1,SWITCHEROO\n", encoding="utf-8")
    profile = ('name = "r"\nkind = "returns"\ndate_formats = ["%Y-%m-%d"]\ncurrency = "EUR"\n[columns]\n'
               'return_date = "Date"\nsku = "SKU"\nquantity = "Qty"\n'
               'reason = { column = "Why", map = { BROKE = "defective" }UNMAPPED }\n')
    (tmp_path / "strict.toml").write_text(profile.replace("UNMAPPED", ""), encoding="utf-8")
    (tmp_path / "keep.toml").write_text(profile.replace("UNMAPPED", ', unmapped = "keep"'), encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        check_file(data, tmp_path / "strict.toml")
    assert [(p.line, p.column, p.value) for p in refused.value.problems] == [(3, "Why", "SWITCHEROO")]
    _parser, records = open_records(data, load_profile(tmp_path / "keep.toml"))
    assert [r.reason for r in records] == ["defective", "SWITCHEROO"]
