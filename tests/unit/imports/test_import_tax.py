"""Tax of imported orders: Shopify's Taxes shared over lines, the shop's default rate, a tax-exclusive US shop."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from desktop_app.core.db.models import Order, utcnow
from desktop_app.core.imports.writer import import_file
from desktop_app.core.services import policies
from desktop_app.core.services.returns import LineRequest, approve, create_return, receive, resolve_line
from desktop_app.core.services.settings import set_settings
from tests.integration.services.returns_shop import RULES, build_shop

from .test_platform_refunds import _return_of
from .test_platform_refunds import _shopify_file as _export


def _order(number: str, currency: str, **cells: str) -> list[dict[str, str]]:
    when = (utcnow() - timedelta(days=4)).strftime("%Y-%m-%d %H:%M:%S +0100")
    return [{"Name": number, "Email": "mia@example.com", "Currency": currency, "Created at": when,
             "Financial Status": "paid", "Shipping Name": "Mia Chen", "Shipping Country": "DE",
             "Lineitem name": "Blue mug", "Lineitem sku": "MUG-1", **cells}]


def _lines(db, number: str):
    with db.read() as session:
        order = session.scalars(select(Order).where(Order.number == number)).one()
        return (order.tax_minor, order.prices_include_tax,
                [(ln.paid_total_minor, ln.tax_total_minor, ln.tax_rate_ppm, ln.unit_tax_minor,
                  ln.shipping_share_minor) for ln in order.lines])


def test_shopify_taxes_are_shared_over_lines_and_shipping_with_the_named_rate(database, tmp_path):
    shop = build_shop(database)
    path = _export(tmp_path, _order("#4001", "EUR", **{
        "Subtotal": "119.00", "Shipping": "4.90", "Taxes": "19.78", "Total": "123.90", "Lineitem quantity": "2",
        "Lineitem price": "59.50", "Tax 1 Name": "DE MwSt 19%", "Tax 1 Value": "19.78"}))
    assert import_file(database, path, "shopify", shop.owner.user).orders_added == 1
    # 19.78 over goods 119.00 and shipping 4.90 by value: 19.00 on the mugs, 0.78 on the shipping
    assert _lines(database, "#4001") == (1978, True, [(11900, 1900, 190000, 950, 490)])
    ret = _return_of(shop, "#4001", 2)  # defective: the shop's fault, no fee; the whole line comes back
    paid = resolve_line(shop.owner, ret.rma, ret.lines[0].id, "refund", 2)
    refund = paid.refunds[-1]  # this policy keeps the original shipping: the goods and their tax come back
    assert (refund.amount.to_minor(), refund.tax.to_minor()) == (11900, 1900)


def test_a_file_without_tax_columns_gets_the_shops_default_rate_kept_on_the_lines(sqlite_database, tmp_path):
    shop = build_shop(sqlite_database)  # a German shop: 19 % inside its prices unless the owner says otherwise
    path = _export(tmp_path, _order("#4002", "EUR", **{"Total": "119.00", "Lineitem quantity": "1",
                                                       "Lineitem price": "119.00"}),
                   without=("Taxes", "Tax 1 Name", "Tax 1 Value"))
    import_file(sqlite_database, path, "shopify", shop.owner.user)
    assert _lines(sqlite_database, "#4002") == (None, True, [(11900, 1900, 190000, 1900, 0)])
    set_settings(shop.owner, {"tax.default_rate": "7"})  # a later change does not rewrite history
    path = _export(tmp_path, _order("#4003", "EUR", **{"Total": "107.00", "Lineitem quantity": "1",
                                                       "Lineitem price": "107.00"}),
                   without=("Taxes", "Tax 1 Name", "Tax 1 Value"))
    import_file(sqlite_database, path, "shopify", shop.owner.user)
    assert _lines(sqlite_database, "#4002")[2][0][1:3] == (1900, 190000)
    assert _lines(sqlite_database, "#4003")[2][0][1:3] == (700, 70000)


def test_a_us_shop_keeps_net_prices_plus_the_tax_column_and_refunds_both(database, tmp_path):
    shop = build_shop(database)
    set_settings(shop.owner, {"shop.country": "US"})  # prices before tax, sales tax added at checkout
    path = _export(tmp_path, _order("#4004", "EUR", **{
        "Subtotal": "100.00", "Shipping": "10.00", "Taxes": "8.80", "Total": "118.80", "Lineitem quantity": "2",
        "Lineitem price": "50.00", "Tax 1 Name": "CA State Tax 8%", "Tax 1 Value": "8.80"}))
    import_file(database, path, "shopify", shop.owner.user)
    # the line: 100.00 net + its 8.00 tax; the shipping share 10.00 + its 0.80
    assert _lines(database, "#4004") == (880, False, [(10800, 800, 80000, 400, 1080)])
    ret = _return_of(shop, "#4004", 1)
    refund = resolve_line(shop.owner, ret.rma, ret.lines[0].id, "refund", 1).refunds[-1]
    assert (refund.amount.to_minor(), refund.tax.to_minor()) == (5400, 400)  # one unit: 50.00 net + 4.00 tax


def test_fee_label_and_shipping_carry_their_tax_share_in_the_stored_refund(database, tmp_path):
    shop = build_shop(database)
    rules = replace(RULES, return_shipping_cost=Decimal("4.76"), refund_original_shipping=True)
    policies.publish(shop.owner, policies.save_draft(shop.owner, rules, title="v2").id)
    path = _export(tmp_path, _order("#4005", "EUR", **{
        "Subtotal": "119.00", "Shipping": "4.90", "Taxes": "19.78", "Total": "123.90", "Lineitem quantity": "2",
        "Lineitem price": "59.50", "Tax 1 Name": "DE MwSt 19%", "Tax 1 Value": "19.78"}))
    import_file(database, path, "shopify", shop.owner.user)
    with database.read() as session:
        order = session.scalars(select(Order).where(Order.number == "#4005")).one()
        ids = (order.channel, order.lines[0].id)
    ret = create_return(shop.owner, "#4005", [LineRequest(ids[1], 1, "changed_mind", condition="unused")],
                        "refund", order_channel=ids[0])
    if ret.status == "requested":
        approve(shop.owner, ret.rma)
    receive(shop.owner, ret.rma, {ret.lines[0].id: 1})
    refund = resolve_line(shop.owner, ret.rma, ret.lines[0].id, "refund", 1).refunds[-1]
    # one mug 59.50 (tax 9.50) + shipping 2.45 (0.39) - fee 5.95 (0.95) - label 4.76 (0.76), at 19.00/119.00
    assert (refund.amount.to_minor(), refund.tax.to_minor()) == (5950 + 245 - 595 - 476, 950 + 39 - 95 - 76)
    assert (refund.shipping.to_minor(), refund.fee.to_minor()) == (245, 595)
