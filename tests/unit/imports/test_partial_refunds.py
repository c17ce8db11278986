"""Shopify's partly refunded orders become historical returns: of the lines the amount explains, else by amount."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from desktop_app.core.db.models import Order, Return, ReturnLine, utcnow
from desktop_app.core.imports.refunds import one_choice
from desktop_app.core.imports.writer import import_file
from desktop_app.core.reports.figures_money import returned_value

from .conftest import add_owner
from .test_platform_refunds import _shopify_file

WHEN = utcnow() - timedelta(days=6)


def _line(number: str, qty: str, name: str, price: str, sku: str) -> dict[str, str]:
    return {"Name": number, "Lineitem quantity": qty, "Lineitem name": name, "Lineitem price": price,
            "Lineitem sku": sku, "Lineitem requires shipping": "true", "Lineitem taxable": "true",
            "Lineitem fulfillment status": "fulfilled", "Vendor": "Harbour Goods"}


def _head(number: str, status: str, subtotal: str, shipping: str, total: str, refunded: str) -> dict[str, str]:
    return {"Name": number, "Email": "noor@example.com", "Financial Status": status,
            "Paid at": WHEN.strftime("%Y-%m-%d %H:%M:%S +0100"), "Fulfillment Status": "fulfilled",
            "Accepts Marketing": "no", "Currency": "EUR", "Subtotal": subtotal, "Shipping": shipping,
            "Taxes": "0.00", "Total": total, "Discount Amount": "0.00", "Shipping Method": "Standard",
            "Created at": WHEN.strftime("%Y-%m-%d %H:%M:%S +0100"), "Billing Name": "Noor Aziz",
            "Shipping Name": "Noor Aziz", "Shipping Zip": "'1017", "Shipping City": "Amsterdam",
            "Shipping Country": "NL", "Refunded Amount": refunded, "Outstanding Balance": "0.00",
            "Payment Method": "Shopify Payments", "Source": "web", "Risk Level": "Low"}


def _export(folder):
    """Five orders as Shopify writes them: order columns on the first row only, zips with an apostrophe."""
    rows = [
        # one mug (30.00) + shipping 4.90 = 34.90: only "one mug" explains it (with the shipping)
        {**_head("#4001", "partially_refunded", "72.50", "4.90", "77.40", "34.90"),
         **_line("#4001", "2", "Blue mug", "30.00", "MUG-1")},
        _line("#4001", "1", "Enamel pin", "12.50", "PIN-1"),
        # two lines at 12.50: either could be the refunded one -> kept by amount only
        {**_head("#4002", "partially_refunded", "25.00", "0.00", "25.00", "12.50"),
         **_line("#4002", "1", "Enamel pin", "12.50", "PIN-1")},
        _line("#4002", "1", "Canvas cap", "12.50", "CAP-1"),
        # 15.00 off two tees at 20.00: no units are worth it -> kept by amount only
        {**_head("#4003", "partially_refunded", "40.00", "0.00", "40.00", "15.00"),
         **_line("#4003", "2", "Harbour tee", "20.00", "TEE-1")},
        # fully refunded: every line comes back, as before
        {**_head("#4004", "refunded", "30.00", "0.00", "30.00", "30.00"),
         **_line("#4004", "1", "Blue mug", "30.00", "MUG-1")},
        # 28.00 = two socks (10.00) + the hat (18.00), the only way
        {**_head("#4005", "partially_refunded", "33.00", "0.00", "33.00", "28.00"),
         **_line("#4005", "3", "Wool socks", "5.00", "SOCK-1")},
        _line("#4005", "1", "Knit hat", "18.00", "HAT-1"),
    ]
    return _shopify_file(folder, rows)


def _returned(db) -> dict[str, list[tuple[str, int, int, bool]]]:
    with db.read() as session:
        rows = session.execute(
            select(Order.number, ReturnLine.sku, ReturnLine.requested_qty, ReturnLine.value_minor,
                   ReturnLine.order_line_id)
            .join(Return, Return.order_id == Order.id).join(ReturnLine, ReturnLine.return_id == Return.id)
            .where(Return.imported.is_(True)).order_by(Order.number, ReturnLine.id)).all()
    found: dict[str, list[tuple[str, int, int, bool]]] = {}
    for number, sku, qty, value, line in rows:
        found.setdefault(number, []).append((sku, qty, value, line is not None))
    return found


def test_partly_refunded_orders_become_returns_of_their_lines_or_of_their_amount(shop, tmp_path):
    db, owner = shop
    path = _export(tmp_path)
    result = import_file(db, path, "shopify", owner)
    assert (result.orders_added, result.lines_added, result.returns_added) == (5, 8, 5)
    assert (result.refunds_by_lines, result.refunds_by_amount) == (2, 2)
    assert (result.returns_linked, result.returns_unlinked) == (4, 0)
    assert _returned(db) == {
        "#4001": [("MUG-1", 1, 3000, True)],
        "#4002": [("", 0, 1250, False)],
        "#4003": [("", 0, 1500, False)],
        "#4004": [("MUG-1", 1, 3000, True)],
        "#4005": [("SOCK-1", 2, 1000, True), ("HAT-1", 1, 1800, True)],
    }
    with db.read() as session:
        orders = {o.number: (o.status, o.total_minor, o.refunded_elsewhere_minor)
                  for o in session.scalars(select(Order))}
        month = returned_value(session, WHEN - timedelta(days=1), WHEN + timedelta(days=1))
    assert orders == {"#4001": ("fulfilled", 7740, 3490), "#4002": ("fulfilled", 2500, 1250),
                      "#4003": ("fulfilled", 4000, 1500), "#4004": ("refunded", 3000, 3000),
                      "#4005": ("fulfilled", 3300, 2800)}
    assert month == {"EUR": 3000 + 1250 + 1500 + 3000 + 2800}
    assert ("Orders the platform partly refunded: 2 became returns of the refunded units, 2 kept as money paid "
            "back without units (the file does not say which units).") in [
        m.render("en") for m in result.summary_lines()]
    again = import_file(db, path, "shopify", owner)
    assert (again.returns_added, again.returns_already_there, again.refunds_by_lines) == (0, 5, 0)


def test_a_dry_run_counts_the_same_and_changes_nothing(sqlite_database, tmp_path):
    owner = add_owner(sqlite_database)
    result = import_file(sqlite_database, _export(tmp_path), "shopify", owner, dry_run=True)
    assert (result.returns_added, result.refunds_by_lines, result.refunds_by_amount) == (5, 2, 2)
    with sqlite_database.read() as session:
        assert session.scalars(select(Return)).first() is None


def test_one_choice_is_found_only_when_it_is_the_only_one():
    mugs, pin = [0, 3000, 6000], [0, 1250]
    assert one_choice([mugs, pin], {3000}) == (1, 0)
    assert one_choice([mugs, pin], {4250}) == (1, 1)
    assert one_choice([[0, 1250], [0, 1250]], {1250}) is None  # either line: ambiguous
    assert one_choice([mugs], {1500}) is None  # nothing is worth it
    assert one_choice([mugs, [0, 3000]], {3000, 6000}) is None  # several ways
    assert one_choice([[0, 1] * 1] * 40, {20}) is None  # many ways: by amount only
