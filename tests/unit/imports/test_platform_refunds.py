"""Shopify's partially refunded orders: what the platform already paid back is never refunded a second time."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from desktop_app.core.db.models import Order, utcnow
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.imports.reader import ImportRefused
from desktop_app.core.imports.writer import import_file
from desktop_app.core.services.returns import LineRequest, approve, create_return, receive, resolve_line
from tests.helpers.dump import logical_dump
from tests.integration.services.returns_shop import build_shop

from .conftest import FIXTURES

HEADER = (FIXTURES / "platforms" / "shopify_orders.csv").read_text(encoding="utf-8-sig").splitlines()[0]


def _shopify_file(folder, rows: list[dict[str, str]], without: tuple[str, ...] = ()):
    """Write an export the way Shopify does: BOM, CRLF, the 79-column header (less `without`), order columns first."""
    names = [name for name in next(csv.reader([HEADER])) if name.strip() not in without]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows([[row.get(name.strip(), "") for name in names] for row in rows])
    path = folder / "orders_export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    return path


def _orders(folder):
    when = (utcnow() - timedelta(days=4)).strftime("%Y-%m-%d %H:%M:%S +0100")
    head = {"Email": "mia@example.com", "Currency": "EUR", "Created at": when, "Shipping Name": "Mia Chen",
            "Shipping Zip": "'10115", "Shipping Country": "DE"}
    return _shopify_file(folder, [
        {**head, "Name": "#3001", "Financial Status": "partially_refunded", "Subtotal": "60.00",
         "Shipping": "0.00", "Total": "60.00", "Refunded Amount": "25.00", "Lineitem quantity": "2",
         "Lineitem name": "Blue mug", "Lineitem price": "30.00", "Lineitem sku": "MUG-1", "Id": "7001"},
        {"Name": "#3001", "Lineitem quantity": "1", "Lineitem name": "Enamel pin", "Lineitem price": "0.00",
         "Lineitem sku": "PIN-1"},
        {**head, "Name": "#3002", "Financial Status": "paid", "Total": "30.00", "Refunded Amount": "0.00",
         "Lineitem quantity": "1", "Lineitem name": "Blue mug", "Lineitem price": "30.00",
         "Lineitem sku": "MUG-1", "Id": "7002"},
    ])


def _return_of(shop, number: str, units: int):
    with shop.db.read() as session:
        order = session.scalars(select(Order).where(Order.number == number)).one()
        line = next(ln for ln in order.lines if ln.sku == "MUG-1")
        ids = (order.channel, line.id)
    detail = create_return(shop.owner, number, [LineRequest(ids[1], units, "defective", condition="unused")],
                           "refund", order_channel=ids[0])
    if detail.status == "requested":
        approve(shop.owner, detail.rma)
    detail = receive(shop.owner, detail.rma, {detail.lines[0].id: units})
    return detail


def test_a_partly_refunded_order_can_only_be_refunded_what_is_left(database, tmp_path):
    shop = build_shop(database)
    result = import_file(database, _orders(tmp_path), "shopify", shop.owner.user)
    # 25.00 is worth no choice of units: one return at order level keeps the amount
    assert (result.orders_added, result.returns_added, result.refunds_by_amount) == (2, 1, 1)
    with database.read() as session:
        kept = {o.number: (o.total_minor, o.refunded_elsewhere_minor)
                for o in session.scalars(select(Order).where(Order.number.in_(["#3001", "#3002"])))}
    assert kept == {"#3001": (6000, 2500), "#3002": (3000, 0)}
    ret = _return_of(shop, "#3001", 2)
    line = ret.lines[0].id
    before = logical_dump(database)
    with pytest.raises(RuleViolation) as refused:  # both mugs: 60.00, but Shopify already paid 25.00 back
        resolve_line(shop.owner, ret.rma, line, "refund", 2)
    assert refused.value.message.render("en").replace("\xa0", " ") == (  # as the German shop writes amounts
        "Order #3001 was paid 60,00 €; 25,00 € was already paid back on the sales platform and 0,00 € here, "
        "so at most 35,00 € can still be refunded.")
    assert logical_dump(database) == before
    paid = resolve_line(shop.owner, ret.rma, line, "refund", 1)  # one mug: 30.00 of the 35.00 left
    assert paid.refunded_total.to_minor() == 3000
    with pytest.raises(RuleViolation, match=r"at most 5,00\xa0€ can still be refunded"):
        resolve_line(shop.owner, ret.rma, line, "refund", 1)
    untouched = _return_of(shop, "#3002", 1)  # an order the platform did not refund pays in full
    assert resolve_line(shop.owner, untouched.rma, untouched.lines[0].id, "refund", 1).refunded_total.to_minor() \
        == 3000


def test_more_paid_back_than_the_total_is_refused_and_changes_nothing(sqlite_database, tmp_path):
    shop = build_shop(sqlite_database)
    when = (utcnow() - timedelta(days=4)).strftime("%Y-%m-%d %H:%M:%S +0100")
    path = _shopify_file(tmp_path, [{"Name": "#3003", "Email": "mia@example.com", "Financial Status":
                                     "partially_refunded", "Currency": "EUR", "Created at": when,
                                     "Total": "30.00", "Refunded Amount": "45.00", "Lineitem quantity": "1",
                                     "Lineitem name": "Blue mug", "Lineitem price": "30.00",
                                     "Lineitem sku": "MUG-1"}])
    before = logical_dump(sqlite_database)
    with pytest.raises(ImportRefused) as refused:
        import_file(sqlite_database, path, "shopify", shop.owner.user)
    assert [(p.column, p.value) for p in refused.value.problems] == [("Refunded Amount", "45.00")]
    assert "more paid back than the order's total (30.00) cannot be right" in refused.value.render("en")
    assert logical_dump(sqlite_database) == before
