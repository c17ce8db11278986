"""WooCommerce refunds (WebToffee export) become historical returns of the refunded lines, dated and explained.

The cells are written as the plugin's exporter writes them (order-import-export-for-woocommerce,
admin/modules/order/export/class-wt-orderimpexpcsv-basic-exporter.php): each refund in `refund_items` as
`amount:…|reason:…|date:Y-m-d H:i:s` (several joined by `;`, the date in UTC), each line item as
`name:…|product_id:…|sku:…|quantity:…|total:…|sub_total:…[|tax:…|tax_data:{json}][|meta:…][|refunded:…]`.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, timedelta

import pytest
from sqlalchemy import select

from desktop_app.core.db.models import Order, Return, ReturnLine, utcnow
from desktop_app.core.imports.reader import ImportRefused
from desktop_app.core.imports.writer import import_file
from tests.helpers.dump import logical_dump

from .conftest import FIXTURES

HEADER = next(csv.reader([(FIXTURES / "platforms" / "woocommerce_orders.csv").read_text(
    encoding="utf-8-sig").splitlines()[0]]))
NOW = utcnow().replace(microsecond=0)
ORDERED = NOW - timedelta(days=12)
FIRST, LAST = NOW - timedelta(days=8), NOW - timedelta(days=5)
TAX = '{"total":{"1":"%s"},"subtotal":{"1":"%s"}}'


def _day(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _item(name: str, pid: int, sku: str, qty: int, total: str, tax: str = "", *more: str) -> str:
    cell = f"name:{name}|product_id:{pid}|sku:{sku}|quantity:{qty}|total:{total}|sub_total:{total}"
    if tax:
        cell += f"|tax:{tax}|tax_data:" + TAX % (tax, tax)
    return "|".join((cell, f"_reduced_stock:{qty}", *more))


def _order(number: int, status: str, total: str, items: list[str], refunds: str = "") -> dict[str, str]:
    row = {"order_id": str(number), "order_number": str(number), "order_date": _day(ORDERED),
           "paid_date": _day(ORDERED), "status": status, "order_total": total, "order_currency": "EUR",
           "payment_method": "stripe", "customer_email": "lena@example.de", "billing_first_name": "Lena",
           "billing_last_name": "Vogt", "billing_email": "lena@example.de", "shipping_first_name": "Lena",
           "shipping_last_name": "Vogt", "shipping_postcode": "10115", "shipping_city": "Berlin",
           "shipping_country": "DE", "wt_import_key": str(number), "refund_items": refunds,
           "order_notes": f"content:Order status changed from Processing to Completed.|date:{_day(ORDERED)}|"
                          "customer:0|added_by:system", "download_permissions": "1"}
    row.update({f"line_item_{i}": item for i, item in enumerate(items, start=1)})
    return row


def _export(folder, rows: list[dict[str, str]]):
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows([[row.get(name, "") for name in HEADER] for row in rows])
    path = folder / "woocommerce-order-export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    return path


def _shop_file(folder):
    return _export(folder, [
        # one of two hoodies refunded (18.00 + 3.42 tax); the reason holds the ";" that joins refunds
        _order(601, "completed", "54.15",
               [_item("Hoodie - L", 22, "HD-1-L", 2, "36.00", "6.84", "pa_size:l", "refunded:18.00",
                      "_variation_id:25"), _item("Cap", 23, "CP-1", 1, "9.50", "1.81")],
               f"amount:21.42|reason:Wrong size; too small|date:{_day(LAST)}"),
        # two refunds naming no line (goodwill): kept at order level, dated at the later one
        _order(602, "completed", "25.00", [_item("Mug", 31, "MG-1", 1, "25.00")],
               f"amount:5.00|reason:Late delivery|date:{_day(FIRST)};amount:2.50|reason:|date:{_day(LAST)}"),
        # refunded in full: every line, dated at the refund with its reason
        _order(603, "refunded", "23.80", [_item("Tee", 41, "TE-1", 1, "20.00", "3.80", "refunded:20.00")],
               f"amount:23.80|reason:Damaged|date:{_day(FIRST)}"),
        # 10.00 back on two scarves at 15.00: no whole unit, the money stays on the scarf line
        _order(604, "completed", "30.00", [_item("Scarf", 51, "SC-1", 2, "30.00", "", "refunded:10.00")],
               f"amount:10.00|reason:Price adjustment|date:{_day(LAST)}"),
        _order(605, "completed", "9.50", [_item("Cap", 23, "CP-1", 1, "9.50")]),
        # cancelled and paid back: a cancellation, not a return
        _order(606, "cancelled", "9.50", [_item("Cap", 23, "CP-1", 1, "9.50", "", "refunded:9.50")],
               f"amount:9.50|reason:Out of stock|date:{_day(FIRST)}"),
    ])


def _returns(db) -> dict[str, tuple]:
    with db.read() as session:
        rows = session.execute(
            select(Order.number, Return.requested_at, ReturnLine.reason_code, ReturnLine.sku,
                   ReturnLine.requested_qty, ReturnLine.value_minor, ReturnLine.order_line_id)
            .join(Return, Return.order_id == Order.id).join(ReturnLine, ReturnLine.return_id == Return.id)
            .where(Return.imported.is_(True)).order_by(Order.number, ReturnLine.id)).all()
    return {number: (when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when, reason, sku, qty, value,
                     line is not None)
            for number, when, reason, sku, qty, value, line in rows}


def test_refunds_become_returns_of_the_refunded_lines_with_their_date_and_reason(shop, tmp_path):
    db, owner = shop
    path = _shop_file(tmp_path)
    result = import_file(db, path, "woocommerce", owner)
    assert (result.orders_added, result.lines_added, result.returns_added, result.cancellations) == (6, 7, 4, 1)
    assert (result.refunds_by_lines, result.refunds_by_amount) == (1, 2)
    assert (result.returns_linked, result.returns_unlinked) == (2, 0)
    last, first = LAST.astimezone(UTC).replace(tzinfo=None), FIRST.astimezone(UTC).replace(tzinfo=None)
    assert _returns(db) == {
        # a refunded unit is worth what was paid for it: its net total plus its tax (18.00 + 3.42)
        "601": (last, "Wrong size; too small", "HD-1-L", 1, 2142, True),
        "602": (last, "Late delivery", "", 0, 750, False),
        "603": (first, "Damaged", "TE-1", 1, 2380, True),
        "604": (last, "Price adjustment", "SC-1", 0, 1000, True),
    }
    with db.read() as session:
        orders = {o.number: (o.status, o.total_minor, o.refunded_elsewhere_minor)
                  for o in session.scalars(select(Order))}
    assert orders == {"601": ("fulfilled", 5415, 2142), "602": ("fulfilled", 2500, 750),
                      "603": ("refunded", 2380, 2380), "604": ("fulfilled", 3000, 1000),
                      "605": ("fulfilled", 950, 0), "606": ("cancelled", 950, 950)}
    again = import_file(db, path, "woocommerce", owner)
    assert (again.orders_added, again.returns_added, again.returns_already_there) == (0, 0, 4)


@pytest.mark.parametrize(("cell", "value", "reason"), [
    ("46.00 refunded", "46.00 refunded", "refunds are written like amount:46.00|reason:Broken|date:2019-06-19 "
                                         "12:13:48, several joined by “;”"),
    ("amount:46,00|reason:|date:2026-01-02 10:00:00", "46,00", "not an amount written with a decimal point"),
    ("amount:46.00|reason:|date:02.01.2026", "02.01.2026", "a refund's date is written like 2019-06-19 12:13:48"),
])
def test_a_refund_cell_not_in_the_plugins_form_is_refused_and_changes_nothing(shop, tmp_path, cell, value,
                                                                              reason):
    db, owner = shop
    path = _export(tmp_path, [_order(701, "completed", "46.00", [_item("Lamp", 61, "LA-1", 1, "46.00")], cell)])
    before = logical_dump(db)
    with pytest.raises(ImportRefused) as refused:
        import_file(db, path, "woocommerce", owner)
    assert [(p.line, p.column, p.value) for p in refused.value.problems] == [(2, "refund_items", value)]
    assert refused.value.problems[0].reason.render("en") == reason
    assert logical_dump(db) == before
