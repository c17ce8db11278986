"""Price paid per line: the order's discount and shipping are shared over lines by largest remainder."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.imports.paid import paid_lines
from desktop_app.core.imports.records import ParsedLine, ParsedOrder


def _order(lines, discount=None, shipping=None):
    order = ParsedOrder(1, "#1", datetime(2026, 1, 1, tzinfo=UTC), "EUR")
    order.lines = [ParsedLine(1, f"L{i}", f"S{i}", "", "", qty, Decimal(price), None,
                              Decimal(off) if off else None) for i, (qty, price, off) in enumerate(lines)]
    order.discount = Decimal(discount) if discount else None
    order.shipping = Decimal(shipping) if shipping else None
    return order


def test_without_discounts_the_files_own_unit_price_is_kept_exactly():
    paid = paid_lines(_order([(2, "33.6442", None)]), "USD", [0])
    assert (paid[0].unit_minor, paid[0].unit_exact, paid[0].shipping_minor) == (3364, Decimal("33.6442"), 0)


def test_line_and_order_discounts_lower_the_unit_price_paid():
    paid = paid_lines(_order([(2, "10.00", "2.00"), (1, "30.00", None)], discount="4.80"), "EUR", [0, 0])
    # lines 18.00 and 30.00 after the line discount; 4.80 shared 1.80 / 3.00
    assert [(p.unit_minor, p.unit_exact) for p in paid] == [(810, Decimal("8.1")), (2700, Decimal("27"))]


def test_a_line_without_a_price_uses_the_catalogue_price_given():
    order = _order([(3, "1.00", None)])
    order.lines[0].unit_price = None
    paid = paid_lines(order, "EUR", [1250])
    assert (paid[0].unit_minor, paid[0].unit_exact) == (1250, Decimal("12.50"))


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 100_000)), min_size=1, max_size=6),
       st.integers(0, 100_000))
def test_shipping_shares_always_add_up_to_the_orders_shipping(lines, shipping_cents):
    order = _order([(qty, Decimal(cents).scaleb(-2), None) for qty, cents in lines],
                   shipping=str(Decimal(shipping_cents).scaleb(-2)))
    shares = [p.shipping_minor for p in paid_lines(order, "EUR", [0] * len(lines))]
    assert sum(shares) == shipping_cents and min(shares) >= 0
