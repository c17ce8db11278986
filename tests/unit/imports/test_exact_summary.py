"""Summaries add up, cancelled lines and ship-to addresses are kept, and imported returns can be listed by batch."""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.core.db.models import Order, OrderLine
from desktop_app.core.imports.writer import import_file
from desktop_app.core.services.returns import list_returns

from .conftest import FIXTURES

PLATFORMS = FIXTURES / "platforms"
# Amazon's "All Orders" flat file: tab-separated, one row per item; a cancelled item has quantity 0
AMAZON = """
name = "amazon-orders"
kind = "orders"
source = "amazon"
delimiter = "\\t"
date_formats = ["%Y-%m-%dT%H:%M:%S%z"]
decimal_separator = "."
[columns]
order_number = "amazon-order-id"
order_date = "purchase-date"
status = "order-status"
sku = "sku"
product_name = "product-name"
quantity = "quantity"
currency = "currency"
line_total = "item-price"
ship_city = "ship-city"
ship_province = "ship-state"
ship_zip = "ship-postal-code"
country = "ship-country"
[rules]
cancel_statuses = ["Cancelled"]
"""
HEADER = ("amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\t"
          "sales-channel\tproduct-name\tsku\tasin\titem-status\tquantity\tcurrency\titem-price\titem-tax\t"
          "ship-city\tship-state\tship-postal-code\tship-country")
ROWS = [
    "407-1111111-1111111\t\t2026-03-01T10:15:00+00:00\t2026-03-02T08:00:00+00:00\tShipped\tAmazon\tAmazon.in\t"
    "Kurta set\tKUR-1\tB0A\tShipped\t1\tINR\t1299.00\t0.00\tMUMBAI\tMAHARASHTRA\t400001\tIN",
    "407-1111111-1111111\t\t2026-03-01T10:15:00+00:00\t2026-03-02T08:00:00+00:00\tShipped\tAmazon\tAmazon.in\t"
    "Saree\tSAR-2\tB0B\tCancelled\t0\tINR\t647.62\t\tMUMBAI\tMAHARASHTRA\t400001\tIN",
    "407-2222222-2222222\t\t2026-03-03T12:00:00+00:00\t2026-03-03T13:00:00+00:00\tCancelled\tAmazon\tAmazon.in\t"
    "Saree\tSAR-2\tB0B\tCancelled\t0\tINR\t647.62\t\tPUNE\tMAHARASHTRA\t411001\tIN",
]


def _amazon(tmp_path):
    (tmp_path / "amazon-orders.toml").write_text(AMAZON, encoding="utf-8")
    path = tmp_path / "All Orders Report.txt"
    path.write_bytes(("\r\n".join([HEADER, *ROWS]) + "\r\n").encode("utf-8"))
    return path, tmp_path / "amazon-orders.toml"


def test_quantity_zero_lines_are_kept_as_cancelled_lines_with_the_ship_to_address(shop, tmp_path):
    db, owner = shop
    path, profile = _amazon(tmp_path)
    result = import_file(db, path, profile, owner)
    assert (result.orders_added, result.lines_added, result.cancellations, result.cancelled_lines) == (2, 3, 1, 2)
    with db.read() as session:
        orders = {o.number: o for o in session.scalars(select(Order))}
        first, second = orders["407-1111111-1111111"], orders["407-2222222-2222222"]
        assert (first.status, first.total_minor, first.currency, first.customer_id) == ("fulfilled", 129900, "INR",
                                                                                         None)
        assert (first.ship_city, first.ship_region, first.ship_postcode, first.ship_country) == (
            "MUMBAI", "MAHARASHTRA", "400001", "IN")
        assert (second.status, second.ship_city, second.ship_postcode) == ("cancelled", "PUNE", "411001")
        lines = session.execute(select(OrderLine.order_id, OrderLine.sku, OrderLine.quantity, OrderLine.cancelled,
                                       OrderLine.cancelled_minor).order_by(OrderLine.id)).all()
    assert [tuple(r) for r in lines] == [(first.id, "KUR-1", 1, False, 0), (first.id, "SAR-2", 0, True, 64762),
                                         (second.id, "SAR-2", 0, True, 64762)]


def test_a_re_import_adds_up_to_the_file(shop, tmp_path):
    db, owner = shop
    path, profile = _amazon(tmp_path)
    import_file(db, path, profile, owner)
    again = import_file(db, path, profile, owner)
    assert (again.orders_added, again.orders_already_there, again.lines_added, again.lines_already_there) == (
        0, 2, 0, 3)
    assert again.batch_id is None
    assert [m.render("en") for m in again.summary_lines()[1:3]] == [
        "Orders: 2 in the file, 0 new (0 of them cancelled), 2 already there (0 of those got their lines now).",
        "Order lines: 3 in the file, 0 new (0 of them cancelled lines), 3 already there."]


def test_order_level_files_count_their_orders_and_items_complete_them(shop):
    db, owner = shop
    first = import_file(db, PLATFORMS / "ebay_bestellungen_de.csv", "ebay", owner)
    again = import_file(db, PLATFORMS / "ebay_bestellungen_de.csv", "ebay", owner)
    assert (first.orders_added, again.orders_added, again.orders_already_there) == (2, 0, 2)
    import_file(db, PLATFORMS / "EtsySoldOrders2026_uk.csv", "etsy-orders", owner)
    items = import_file(db, PLATFORMS / "EtsySoldOrderItems2026.csv", "etsy", owner)
    assert (items.orders_added, items.orders_already_there, items.orders_completed, items.lines_added) == (
        0, 2, 2, 3)
    assert "Orders: 2 in the file, 0 new (0 of them cancelled), 2 already there (2 of those got their lines now)." \
        in items.summary().render("en")


def test_imported_returns_are_listed_by_batch_and_the_summary_says_how(shop):
    db, owner = shop
    result = import_file(db, PLATFORMS / "shopify_orders.csv", "shopify", owner)
    assert result.returns_added == 1 and result.batch_id is not None
    assert result.summary_lines()[0].render("en") == f"Imported shopify_orders.csv as import batch {result.batch_id}:"
    assert result.summary_lines()[-1].render("en") == (
        f"List its returns with: returndesk returns list --imported --batch {result.batch_id}")
    assert list_returns(db) == []  # the working queue never shows them
    listed = list_returns(db, imported=True, batch=result.batch_id)
    assert [(r.order_number, r.status) for r in listed] == [("#1002", "closed")]
    assert list_returns(db, imported=True, batch=result.batch_id + 1) == []
    assert len(list_returns(db, imported=True)) == 1


def test_order_lines_keep_the_exact_money_paid_after_discounts(shop):
    db, owner = shop
    import_file(db, PLATFORMS / "shopify_orders.csv", "shopify", owner)
    with db.read() as session:
        order = session.scalars(select(Order).where(Order.number == "#1001")).one()
        paid = session.execute(select(OrderLine.quantity, OrderLine.unit_price_minor, OrderLine.paid_minor)
                               .where(OrderLine.order_id == order.id).order_by(OrderLine.position)).all()
    # 2 x 19.99 + 5.50 less the order's 4.55 discount shared by value: the file's Subtotal 40.93 exactly
    assert sum(p for _q, _u, p in paid) == 4093
    assert [tuple(r) for r in paid] == [(2, 1799, 3598), (1, 495, 495)]
