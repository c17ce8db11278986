"""WooCommerce (WebToffee) totals are before tax: each line is paid its total plus its own `tax:`, shipping too.

The cells follow the plugin's exporter (class-wt-orderimpexpcsv-basic-exporter.php): a line item holds
`total:` (after discounts, before tax) and `tax:` (left out when 0.00); the order row holds shipping_total,
shipping_tax_total, tax_total and order_total.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from desktop_app.core.db.models import Order, utcnow
from desktop_app.core.imports.profile import ProfileError, load_profile
from desktop_app.core.imports.taxes import rate_of
from desktop_app.core.imports.writer import import_file
from desktop_app.core.services.returns import resolve_line
from tests.integration.services.returns_shop import build_shop

from .test_platform_refunds import _return_of
from .test_woocommerce_refunds import _day, _export, _item, _order


def _taxed_file(folder):
    row = _order(801, "completed", "59.37", [_item("Blue mug", 31, "MUG-1", 2, "36.00", "6.84"),
                                             _item("Book", 71, "BK-1", 1, "10.00", "0.70")])
    row.update({"order_date": _day(utcnow() - timedelta(days=4)), "shipping_total": "4.90",
                "shipping_tax_total": "0.93", "tax_total": "8.47"})
    untaxed = _order(802, "completed", "9.50", [_item("Cap", 23, "CP-1", 1, "9.50")])
    return _export(folder, [row, untaxed])


def _lines(db, number: str):
    with db.read() as session:
        order = session.scalars(select(Order).where(Order.number == number)).one()
        return (order.total_minor, order.tax_minor, order.prices_include_tax,
                [(ln.sku, ln.paid_total_minor, ln.tax_total_minor, ln.tax_rate_ppm, ln.shipping_share_minor)
                 for ln in order.lines])


def test_woo_lines_are_paid_their_total_plus_their_tax_and_a_whole_line_refunds_both(database, tmp_path):
    shop = build_shop(database)  # a German shop whose own prices include tax: the file's totals do not
    assert import_file(database, _taxed_file(tmp_path), "woocommerce", shop.owner.user).orders_added == 2
    total, tax, include, lines = _lines(database, "801")
    # mugs 36.00 + 6.84 (19 %), book 10.00 + 0.70 (7 %); shipping 4.90 shared 3.83/1.07 by value, its
    # 0.93 tax shared 0.73/0.20 over those shares
    assert (tax, include) == (847, False)
    assert lines == [("MUG-1", 4284, 684, 190000, 383 + 73), ("BK-1", 1070, 70, 70000, 107 + 20)]
    assert total == sum(paid + shipping for _sku, paid, _tax, _rate, shipping in lines) == 5937
    assert _lines(database, "802")[3] == [("CP-1", 950, 0, 0, 0)]  # no tax: in the plugin's file, none
    ret = _return_of(shop, "801", 2)  # defective: no fee; this policy keeps the original shipping
    refund = resolve_line(shop.owner, ret.rma, ret.lines[0].id, "refund", 2).refunds[-1]
    assert (refund.amount.to_minor(), refund.tax.to_minor()) == (4284, 684)


@pytest.mark.parametrize(("tax", "net", "ppm"), [
    (684, 3600, 190000), (181, 950, 190000), (70, 1000, 70000), (55, 1000, 55000), (0, 950, 0),
    (1, 3, 330000), (5, 0, None),
])
def test_a_lines_rate_is_the_roundest_rate_that_gives_its_tax(tax, net, ppm):
    assert rate_of(tax, net) == ppm


@pytest.mark.parametrize(("setting", "expected"), [("false", False), ("true", True), ('"shop"', None),
                                                   ('"maybe"', "refused")])
def test_a_profile_says_whether_its_prices_hold_their_tax(tmp_path, setting, expected):
    path = tmp_path / "mine.toml"
    path.write_text(f'name = "mine"\nkind = "orders"\nprices_include_tax = {setting}\ndate_formats = ["%Y-%m-%d"]\n'
                    '[columns]\norder_number = "Order"\n', encoding="utf-8")
    if expected == "refused":
        with pytest.raises(ProfileError) as refused:
            load_profile(path)
        assert refused.value.render("en") == (
            'The profile mine.toml must set prices_include_tax to true, false or "shop".')
    else:
        assert load_profile(path).prices_include_tax is expected
