"""The AdventureWorks sample files import completely; monthly figures match an independent count."""

from __future__ import annotations

import csv
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import func, select

from desktop_app.core.db.models import ImportBatch, Order, OrderLine, Product, Return, ReturnLine
from desktop_app.core.imports.writer import import_file
from tests.helpers.dump import logical_dump

from .conftest import ADVENTUREWORKS, module_shop

SALES = ["adventureworks_sales_2015.csv", "adventureworks_sales_2016.csv", "adventureworks_sales_2017.csv"]


def _month(text: str) -> str:
    """Year-month of an AdventureWorks date, read here independently of the importer's formats."""
    iso = re.fullmatch(r"(\d{4})-(\d{2})-\d{2}", text)
    if iso:
        return f"{iso[1]}-{iso[2]}"
    us = re.fullmatch(r"(\d{1,2})[/-]\d{1,2}[/-](\d{4})", text)
    assert us, text
    return f"{us[2]}-{int(us[1]):02d}"


def _rows(name: str) -> list[dict[str, str]]:
    with (ADVENTUREWORKS / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_figures():
    """Order lines per month, returned units and value per month, straight from the raw files."""
    prices = {r["ProductKey"]: Decimal(r["ProductPrice"]) for r in _rows("adventureworks_products.csv")}
    lines = Counter()
    orders = set()
    for name in SALES:
        for row in _rows(name):
            lines[_month(row["OrderDate"])] += 1
            orders.add(row["OrderNumber"])
    units, value = Counter(), Counter()
    for row in _rows("adventureworks_returns.csv"):
        month = _month(row["ReturnDate"])
        qty = int(row["ReturnQuantity"])
        units[month] += qty
        value[month] += int((prices[row["ProductKey"]] * qty).quantize(Decimal("0.01"), ROUND_HALF_UP) * 100)
    return lines, len(orders), units, value


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def adventureworks(request, tmp_path_factory):
    db, user, close = module_shop(request, request.param, tmp_path_factory.mktemp("aw"))
    results = [import_file(db, ADVENTUREWORKS / name, "adventureworks-sales", user) for name in SALES]
    returns = ADVENTUREWORKS / "adventureworks_returns.csv"
    results.append(import_file(db, returns, "adventureworks-returns", user))
    yield db, user, results
    close()


def _per_month(rows) -> dict[str, int]:
    """Sum (UTC moment, number) pairs by month (the AdventureWorks profiles read dates in UTC)."""
    totals: Counter = Counter()
    for moment, number in rows:
        totals[moment.strftime("%Y-%m")] += number
    return dict(totals)


def test_every_sales_line_and_return_is_imported(adventureworks):
    db, _user, results = adventureworks
    lines, order_count, _units, _value = expected_figures()
    assert sum(r.lines_added for r in results) == sum(lines.values()) == 56046
    assert sum(r.orders_added for r in results) == order_count
    assert results[-1].returns_added == 1809
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Order)) == order_count
        count = select(func.count()).select_from(Return)
        assert session.scalar(count.where(Return.imported)) == 1809
        assert session.scalar(count.where(Return.status != "closed")) == 0
        assert session.scalar(count.where(Return.order_id.isnot(None))) == 0
        assert session.scalar(select(func.count()).select_from(Product)) == 130


def test_order_lines_per_month_match_the_raw_files(adventureworks):
    db = adventureworks[0]
    lines = expected_figures()[0]
    with db.read() as session:
        found = _per_month(session.execute(
            select(Order.ordered_at, func.count(OrderLine.id)).join(OrderLine, OrderLine.order_id == Order.id)
            .group_by(Order.id, Order.ordered_at)).all())
    assert found == dict(lines)
    assert len(found) == 30


def test_returned_units_and_value_per_month_match_the_raw_files(adventureworks):
    db = adventureworks[0]
    _lines, _orders, units, value = expected_figures()
    with db.read() as session:
        rows = session.execute(
            select(Return.requested_at, ReturnLine.requested_qty, ReturnLine.value_minor)
            .join(ReturnLine, ReturnLine.return_id == Return.id)).all()
    assert _per_month((when, qty) for when, qty, _v in rows) == dict(units)
    assert _per_month((when, value) for when, _q, value in rows) == dict(value)
    assert sum(value.values()) > 0


def test_prices_come_from_the_catalogue_rounded_half_up_per_line(adventureworks):
    db = adventureworks[0]
    with db.read() as session:
        helmet = session.execute(select(Product).where(Product.external_key == "215")).scalar_one()
        assert (helmet.sku, helmet.price_minor, helmet.currency) == ("HL-U509", 3364, "USD")  # 33.6442
        caps = session.execute(
            select(ReturnLine.value_minor, Return.requested_at)
            .join(Return, Return.id == ReturnLine.return_id)
            .where(ReturnLine.sku == "CA-1098", ReturnLine.requested_qty == 2)).one()
    assert caps.value_minor == 1729  # 2 x 8.6442 = 17.2884 -> 17.29, not 2 x 8.64 = 17.28
    assert caps.requested_at.date().isoformat() == "2017-04-06"


def test_reimporting_the_same_files_changes_nothing(adventureworks):
    db, user, _results = adventureworks
    before = logical_dump(db)
    again = import_file(db, ADVENTUREWORKS / "adventureworks_sales_2016.csv", "adventureworks-sales", user)
    back = import_file(db, ADVENTUREWORKS / "adventureworks_returns.csv", "adventureworks-returns", user)
    assert (again.orders_added, again.lines_added, again.orders_already_there) == (0, 0, 10695)
    assert (back.returns_added, back.returns_already_there) == (0, 1809)
    assert again.batch_id is None and back.batch_id is None
    assert logical_dump(db) == before
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 4


def test_a_file_too_big_to_keep_in_memory_is_read_again_with_the_same_result(sqlite_shop, monkeypatch):
    from desktop_app.core.imports import writer

    db, user = sqlite_shop
    monkeypatch.setattr(writer, "KEEP_ROWS", 100)
    seen = []
    result = import_file(db, ADVENTUREWORKS / "adventureworks_sales_2015.csv", "adventureworks-sales", user,
                         progress=lambda done, total: seen.append((done, total)))
    assert (result.orders_added, result.lines_added) == (2630, 2630)
    assert seen[-1][0] == seen[-1][1]  # both passes reported, ending at 100 %
    with db.read() as session:
        assert _per_month(session.execute(select(Order.ordered_at, func.count(OrderLine.id))
                                          .join(OrderLine, OrderLine.order_id == Order.id)
                                          .group_by(Order.id, Order.ordered_at)).all()) == {
            month: count for month, count in expected_figures()[0].items() if month.startswith("2015")}


def test_the_product_catalogue_imports_on_its_own_and_sales_then_add_no_products(sqlite_shop):
    db, user = sqlite_shop
    products = import_file(db, ADVENTUREWORKS / "adventureworks_products.csv", "adventureworks-products", user)
    assert products.products_added == 293
    sales = import_file(db, ADVENTUREWORKS / "adventureworks_sales_2015.csv", "adventureworks-sales", user)
    assert (sales.products_added, sales.lines_added) == (0, 2630)
    with db.read() as session:
        bike = session.execute(select(Product).where(Product.sku == "BK-R93R-62")).scalar_one()
        assert (bike.external_key, bike.price_minor, bike.currency) == ("310", 357827, "USD")  # 3578.27
        unlinked = select(func.count()).select_from(OrderLine).where(OrderLine.product_id.is_(None))
        assert session.scalar(unlinked) == 0


def test_dates_without_a_time_are_midnight_in_the_shops_time_zone(sqlite_shop):
    from datetime import UTC, datetime

    from desktop_app.core.db.models import Setting

    db, user = sqlite_shop
    with db.write() as session:
        session.merge(Setting(key="shop.timezone", value="America/Los_Angeles"))
    import_file(db, ADVENTUREWORKS / "adventureworks_sales_2015.csv", "adventureworks-sales", user)
    with db.read() as session:
        first = session.execute(select(Order).where(Order.number == "SO45080")).scalar_one()
    assert first.ordered_at == datetime(2015, 1, 1, 8, 0, tzinfo=UTC)  # 1 Jan 2015 00:00 in Los Angeles
