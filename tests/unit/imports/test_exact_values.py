"""Every cell of every row is checked: order-level cells on later rows, values that cannot be right, invisible text."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from desktop_app.core.db.models import Customer, Order
from desktop_app.core.imports.checker import ImportRefused
from desktop_app.core.imports.reader import FileRefused
from desktop_app.core.imports.writer import import_file
from tests.helpers.dump import logical_dump

from .conftest import FIXTURES

SHOPIFY = FIXTURES / "platforms" / "shopify_orders.csv"
TILL = """
name = "till"
kind = "orders"
source = "till"
delimiter = ";"
date_formats = ["%d-%m-%y %H:%M", "%Y-%m-%d %H:%M:%S %z"]
timezone = "Europe/London"
decimal_separator = "."
[columns]
order_number = "Invoice"
order_date = "InvoiceDate"
currency = "Currency"
customer_name = "Customer"
sku = "StockCode"
quantity = "Quantity"
unit_price = "UnitPrice"
line_discount = "Discount"
"""
HEADER = "Invoice;InvoiceDate;Currency;Customer;StockCode;Quantity;UnitPrice;Discount"


def _shopify_rows() -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(SHOPIFY.read_text(encoding="utf-8-sig"), newline="")))
    return rows[0], rows[1:]


def _write_shopify(tmp_path, header, rows):
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    path = tmp_path / "orders_export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    return path


def _till(tmp_path, lines):
    (tmp_path / "till.toml").write_text(TILL, encoding="utf-8")
    path = tmp_path / "invoices.csv"
    path.write_bytes(("\r\n".join([HEADER, *lines]) + "\r\n").encode("utf-8"))
    return path, tmp_path / "till.toml"


def _refused(db, owner, path, profile):
    before = logical_dump(db)
    with pytest.raises(ImportRefused) as refused:
        import_file(db, path, profile, owner)
    assert logical_dump(db) == before
    return [(p.line, p.column, p.value, p.message().render("en")) for p in refused.value.problems]


def test_a_bad_date_on_an_orders_second_row_refuses_the_file(shop, tmp_path):
    db, owner = shop
    header, rows = _shopify_rows()
    created = header.index("Created at")
    assert rows[1][0] == rows[0][0] == "#1001" and rows[1][created] == ""  # a continuation row
    rows[1][created] = "31-13-10 8:26"
    problems = _refused(db, owner, _write_shopify(tmp_path, header, rows), "shopify")
    assert [(line, column) for line, column, _v, _m in problems] == [(5, "Created at")]  # the first row spans 3 lines
    assert problems[0][3].endswith("not a date written like 2022-04-30 14:05:09 +0200 / 2022-04-30 14:05:09 / "
                                   "2022-04-30")


def test_a_later_row_naming_another_currency_or_date_is_a_problem(shop, tmp_path):
    db, owner = shop
    path, profile = _till(tmp_path, [
        "536365;01-12-10 08:26;GBP;Ann;85123A;6;2.55;",
        "536365;01-12-10 08:26;EUR;Ann;71053;6;3.39;",
        "536365;02-12-10 08:26;;;84406B;8;2.75;",
        "536365;;;;84029G;6;3.39;",
    ])
    problems = _refused(db, owner, path, profile)
    assert problems == [
        (3, "Currency", "EUR", "Line 3, column “Currency”, value “EUR”: this order's first line (2) says “GBP” "
                               "here; a later line of the same order may only repeat it or leave it empty"),
        (4, "InvoiceDate", "02-12-10 08:26", "Line 4, column “InvoiceDate”, value “02-12-10 08:26”: this "
         "order's first line (2) says “01-12-10 08:26” here; a later line of the same order may only repeat it "
         "or leave it empty"),
    ]


def test_the_same_order_number_twice_with_other_details_is_refused(shop, tmp_path):
    db, owner = shop
    path, profile = _till(tmp_path, [
        "536365;01-12-10 08:26;GBP;Ann;85123A;6;2.55;",
        "536366;01-12-10 08:28;GBP;Bo;71053;6;3.39;",
        "536365;03-12-10 09:00;GBP;Cy;84406B;8;2.75;",
    ])
    assert _refused(db, owner, path, profile) == [
        (4, "Invoice", "536365", "Line 4, column “Invoice”, value “536365”: this order number was already used "
                                 "on line 2 with other order details (date, customer, amounts or status); one "
                                 "number is one order")]


@pytest.mark.parametrize(("cells", "column", "reason"), [
    ("01-12-69 08:26;GBP;Ann;85123A;6;2.55;", "InvoiceDate",
     "a date before 1970 or more than two years ahead cannot be right"),
    ("9999-12-31 23:59:59 -1400;GBP;Ann;85123A;6;2.55;", "InvoiceDate",
     "a date before 1970 or more than two years ahead cannot be right"),
    ("01-12-10 08:26;GBP;Ann;85123A;6;-2.55;", "UnitPrice",
     "a unit price cannot be negative (a return is written as a negative quantity)"),
    ("01-12-10 08:26;GBP;Ann;85123A;2;2.55;5.11", "Discount",
     "a discount larger than the line's price (5.10) cannot be right"),
    ("01-12-10 08:26;GBP;Ann;85123A;2;1,115.00;", "UnitPrice",
     "looks like a thousands separator: set thousands_separator = \",\" in the profile"),
    ("01-12-10 08:26;GBP;Ann;85\u200b123A;2;2.55;", "StockCode",
     "it contains an invisible character (a zero-width space or a text-direction mark) that would make it look "
     "like another value"),
    ("01-12-10 08:26;GBP;Ann;\u202e85123A;2;2.55;", "StockCode",
     "it contains an invisible character (a zero-width space or a text-direction mark) that would make it look "
     "like another value"),
])
def test_values_that_cannot_be_right_are_refused_with_a_sentence(shop, tmp_path, cells, column, reason):
    db, owner = shop
    path, profile = _till(tmp_path, ["536364;01-12-10 08:20;GBP;Zoe;22423;1;12.75;", f"536365;{cells}"])
    problems = _refused(db, owner, path, profile)
    assert [(line, col, message.split(": ", 1)[1]) for line, col, _v, message in problems] == [(3, column, reason)]


def test_invisible_characters_are_taken_out_of_free_text_and_counted(shop, tmp_path):
    db, owner = shop
    path, profile = _till(tmp_path, ["536365;01-12-10 08:26;GBP;\u200fAnn\u200b Lee;85123A;6;2.55;"])
    result = import_file(db, path, profile, owner)
    assert (result.orders_added, result.invisible_removed) == (1, 1)
    assert ("Zero-width or text-direction invisible characters were taken out of 1 cells (first on line 2)."
            in result.summary().render("en"))
    with db.read() as session:
        assert session.scalars(select(Customer.name)).all() == ["Ann Lee"]
        assert session.scalars(select(Order.ship_name)).all() == ["Ann Lee"]


@pytest.mark.parametrize("bad", ["Unit\x00Price", "Unit\u200bPrice", "Unit\x1fPrice"])
def test_a_control_or_invisible_character_in_a_header_refuses_the_file(shop, tmp_path, bad):
    db, owner = shop
    path, profile = _till(tmp_path, ["536365;01-12-10 08:26;GBP;Ann;85123A;6;2.55;"])
    path.write_bytes(path.read_bytes().replace(b"UnitPrice", bad.encode("utf-8")))
    before = logical_dump(db)
    with pytest.raises(FileRefused) as refused:
        import_file(db, path, profile, owner)
    assert logical_dump(db) == before
    assert refused.value.render("en") == (
        "Column 7 of the first line, “Unit\ufffdPrice”, contains a control character (such as NUL) or an invisible "
        "character, so ReturnDesk cannot tell which column it is. Correct the file's first line; nothing was "
        "changed.")


CATALOGUE_PROFILE = """
name = "catalogue"
kind = "products"
date_formats = ["%Y-%m-%d"]
[columns]
product_key = "Key"
sku = "SKU"
name = "Name"
price = "Price"
"""


def test_problems_in_the_catalogue_and_in_the_file_are_both_reported(shop, tmp_path):
    db, owner = shop
    (tmp_path / "catalogue.toml").write_text(CATALOGUE_PROFILE, encoding="utf-8")
    (tmp_path / "products.csv").write_text("Key,SKU,Name,Price\n1,MUG,Mug,4.50\n2,CUP,Cup,4.50 EUR/pc\n",
                                           encoding="utf-8")
    (tmp_path / "sales.toml").write_text(TILL.replace('line_discount = "Discount"', 'product_key = "Key"')
                                         + '[catalogue]\nfile = "products.csv"\nprofile = "catalogue.toml"\n'
                                         'key = "product_key"\n', encoding="utf-8")
    (tmp_path / "sales.csv").write_text(HEADER.replace("Discount", "Key") + "\n536365;31-12-10 08:26;GBP;Ann;;6;"
                                        "2.55;1\n536366;32-12-10 08:26;GBP;Bo;;1;4.00;1\n", encoding="utf-8")
    before = logical_dump(db)
    with pytest.raises(ImportRefused) as refused:
        import_file(db, tmp_path / "sales.csv", tmp_path / "sales.toml", owner)
    assert logical_dump(db) == before
    assert refused.value.render("en").splitlines() == [
        "sales.csv was not imported: 1 lines of its product catalogue products.csv and 1 of its own lines have "
        "problems. Nothing was changed.",
        "products.csv, line 3, column “Price”, value “4.50 EUR/pc”: not an amount",
        "Line 3, column “InvoiceDate”, value “32-12-10 08:26”: not a date written like 30-04-22 14:05 / "
        "2022-04-30 14:05:09 +0200",
    ]


def test_the_refusal_lists_the_first_50_problems_then_how_many_more(shop, tmp_path):
    db, owner = shop
    path, profile = _till(tmp_path, [f"5{n:05d};01-12-10 08:26;GBP;Ann;85123A;six;2.55;" for n in range(70)])
    with pytest.raises(ImportRefused) as refused:
        import_file(db, path, profile, owner)
    lines = refused.value.render("en").splitlines()
    assert len(lines) == 52 and lines[-1] == "… and 20 more problems."
    assert lines[1] == "Line 2, column “Quantity”, value “six”: not a whole number"
