"""A column the profile names must be in the file (matched ignoring case, spaces, `_` and `-`), unless optional."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.core.db.models import OrderLine
from desktop_app.core.imports.checker import ImportRefused
from desktop_app.core.imports.profile import ProfileError, load_profile
from desktop_app.core.imports.writer import import_file
from tests.helpers.dump import logical_dump

PROFILE = """
name = "till"
kind = "orders"
source = "till"
delimiter = ","
date_formats = ["%Y-%m-%d"]
timezone = "UTC"
currency = "EUR"
{extra}
[columns]
order_number = "Order No"
order_date = "Order Date"
sku = "SKU"
quantity = "Qty"
unit_price = "{price}"
customer_name = "Customer"
"""
# the file as a spreadsheet writes it: BOM, CRLF, headers spelled another way
FILE = ("\ufeffORDER_NO,order-date,sku,QTY,UnitPrice,customer\r\n"
        "T-1,2026-03-02,MUG,2,12.50,Ann\r\nT-2,2026-03-03,CUP,1,4.00,Bo\r\n")


def _files(tmp_path, price="Unit Price", extra=""):
    (tmp_path / "till.toml").write_text(PROFILE.format(price=price, extra=extra), encoding="utf-8")
    (tmp_path / "till.csv").write_bytes(FILE.encode("utf-8"))
    return tmp_path / "till.csv", tmp_path / "till.toml"


def test_headers_match_ignoring_case_spaces_underscores_and_dashes(shop, tmp_path):
    db, owner = shop
    path, profile = _files(tmp_path)
    result = import_file(db, path, profile, owner)
    assert (result.orders_added, result.lines_added) == (2, 2)
    with db.read() as session:
        prices = sorted(session.execute(select(OrderLine.sku, OrderLine.quantity, OrderLine.unit_price_minor)))
    assert prices == [("CUP", 1, 400), ("MUG", 2, 1250)]


def test_a_mapped_column_missing_from_the_file_refuses_it_naming_the_closest_header(shop, tmp_path):
    db, owner = shop
    path, profile = _files(tmp_path, price="Unit Prize")
    before = logical_dump(db)
    with pytest.raises(ImportRefused) as refused:
        import_file(db, path, profile, owner, dry_run=True)
    with pytest.raises(ImportRefused):
        import_file(db, path, profile, owner)
    assert logical_dump(db) == before
    text = refused.value.render("en")
    assert text.splitlines() == [
        "till.csv was not imported: its first line lacks 1 of the columns that the profile till maps. Correct "
        "the column names in the profile, or list the fields the file may lack in optional_columns. Nothing "
        "was changed.",
        "Line 1, column “Unit Prize”, value “”: the profile maps the field unit_price to this column, but the "
        "file has no such column; the closest header is “UnitPrice”",
    ]
    assert "最接近的列名是“UnitPrice”" in refused.value.render("zh_CN")


def test_a_column_marked_optional_may_be_absent(shop, tmp_path):
    db, owner = shop
    path, profile = _files(tmp_path, price="Net Price", extra='optional_columns = ["unit_price"]')
    result = import_file(db, path, profile, owner)
    assert (result.orders_added, result.lines_added) == (2, 2)


def test_an_empty_skip_phrase_is_refused_because_it_would_skip_every_row(tmp_path):
    _path, profile = _files(tmp_path, extra='skip_rows_containing = ["record(s) downloaded", ""]')
    with pytest.raises(ProfileError) as refused:
        load_profile(profile)
    assert refused.value.render("en") == ("The profile till.toml lists an empty text in skip_rows_containing, "
                                          "which would skip every row; remove it.")
