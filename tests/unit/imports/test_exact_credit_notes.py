"""A credit note is one return with its lines, number, date and customer; lines link to the customer's purchases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from desktop_app.core.db.models import Customer, Order, OrderLine, Return, ReturnLine
from desktop_app.core.imports.checker import ImportRefused
from desktop_app.core.imports.writer import import_file
from desktop_app.core.services.returns import list_returns
from tests.helpers.dump import logical_dump

# the UK online retailer's invoice file (InvoiceNo starting with C = credit note), as Excel saves it as CSV
PROFILE = """
name = "online-retail"
kind = "orders"
source = "retail"
encoding = "cp1252"
date_formats = ["%m/%d/%Y %H:%M"]
timezone = "Europe/London"
currency = "GBP"
[columns]
order_number = "InvoiceNo"
order_date = "InvoiceDate"
sku = "StockCode"
product_name = "Description"
quantity = "Quantity"
unit_price = "UnitPrice"
customer_key = "CustomerID"
country = "Country"
[rules]
number_prefixes = ["C"]
"""
ROWS = [
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
    "536365,22556,PLASTERS IN TIN CIRCUS PARADE ,12,12/1/2010 8:26,1.65,17548,United Kingdom",
    "536365,21980,PACK OF 12 RED RETROSPOT TISSUES ,12,12/1/2010 8:26,0.29,17548,United Kingdom",
    "536370,22556,PLASTERS IN TIN CIRCUS PARADE ,8,12/1/2010 8:45,1.70,17548,United Kingdom",
    "536371,22556,PLASTERS IN TIN CIRCUS PARADE ,3,12/1/2010 9:00,1.65,13047,United Kingdom",
    "C536391,22556,PLASTERS IN TIN CIRCUS PARADE ,-6,12/1/2010 10:24,1.65,17548,United Kingdom",
    "C536391,21980,PACK OF 12 RED RETROSPOT TISSUES ,-12,12/1/2010 10:24,0.29,17548,United Kingdom",
    "C536391,84997D,\"CHILDRENS CUTLERY \"\"POLKADOT\"\" BLUE\",-4,12/1/2010 10:24,3.75,17548,United Kingdom",
    "C536392,22556,PLASTERS IN TIN CIRCUS PARADE ,-4,12/1/2010 11:00,1.65,17548,United Kingdom",
]


def _files(tmp_path, rows):
    (tmp_path / "retail.toml").write_text(PROFILE, encoding="utf-8")
    path = tmp_path / "Online Retail.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    return path, tmp_path / "retail.toml"


def test_a_credit_note_is_one_return_linked_to_the_latest_purchases_with_units_left(shop, tmp_path):
    db, owner = shop
    path, profile = _files(tmp_path, ROWS)
    result = import_file(db, path, profile, owner)
    assert (result.orders_added, result.lines_added, result.returns_added) == (3, 4, 2)
    assert (result.returns_linked, result.returns_unlinked) == (3, 1)
    with db.read() as session:
        orders = {o.number: o.id for o in session.scalars(select(Order))}
        lines = {(ol.order_id, ol.sku): ol.id for ol in session.scalars(select(OrderLine))}
        customer = session.scalars(select(Customer.id).where(Customer.external_key == "retail:17548")).one()
        first, second = session.scalars(select(Return).order_by(Return.id)).all()
        assert (first.source_document, first.customer_id, first.order_id, first.currency) == (
            "C536391", customer, None, "GBP")  # its lines come from two orders
        assert first.requested_at == datetime(2010, 12, 1, 10, 24, tzinfo=UTC)
        assert (second.source_document, second.order_id) == ("C536392", orders["536365"])
        got = session.execute(select(ReturnLine.return_id, ReturnLine.sku, ReturnLine.requested_qty,
                                     ReturnLine.order_line_id, ReturnLine.value_minor).order_by(ReturnLine.id)).all()
    assert [tuple(r) for r in got] == [
        (first.id, "22556", 6, lines[(orders["536370"], "22556")], 1020),  # 6 of the latest 8: partial, 1.70 paid
        (first.id, "21980", 12, lines[(orders["536365"], "21980")], 348),
        (first.id, "84997D", 4, None, 1500),  # bought before the data starts: kept, not linked
        (second.id, "22556", 4, lines[(orders["536365"], "22556")], 660),  # only 2 left on the latest purchase
    ]
    found = list_returns(db, imported=True, search="C536391")
    assert [r.rma for r in found] == [first.rma]


def test_importing_the_file_again_adds_nothing(shop, tmp_path):
    db, owner = shop
    path, profile = _files(tmp_path, ROWS)
    import_file(db, path, profile, owner)
    before = logical_dump(db)
    again = import_file(db, path, profile, owner)
    assert (again.orders_already_there, again.returns_added, again.returns_already_there) == (3, 0, 2)
    assert logical_dump(db) == before


def test_a_credit_note_number_used_twice_apart_is_refused(shop, tmp_path):
    db, owner = shop
    rows = [*ROWS[:6], ROWS[8], ROWS[6]]
    path, profile = _files(tmp_path, rows)
    before = logical_dump(db)
    with pytest.raises(ImportRefused) as refused:
        import_file(db, path, profile, owner)
    assert logical_dump(db) == before
    assert [p.message().render("en") for p in refused.value.problems] == [
        "Line 8, column “InvoiceNo”, value “C536391”: this credit note number was already used on line 6; a credit "
        "note's lines must be together"]
