"""The tax of imported order lines, fixed at import: from the file's tax column, else the shop's default rate.

A file with the order's tax (Shopify's Taxes) shares it over the lines and the shipping by value (largest
remainder), so the lines' taxes add up to what the platform charged; a rate named beside it ("VAT 19%") is
kept on the lines. A file without a tax column gets, for tax-inclusive prices, the tax inside each line at
the shop's default rate. Prices before tax (a US shop) become tax-inclusive money here: the line keeps its
price plus its tax, so a refund pays back the net price and its tax share. Rate and amount are stored on
each line, so changing the shop's rate later rewrites no history. A file naming each line's own tax
(WooCommerce's `tax:` in a line item, its shipping_tax_total) keeps exactly that tax, at the rate it is of
the line's net money; whether the file's prices hold their tax is the profile's setting, else the shop's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from desktop_app.core.domain.money import exponent
from desktop_app.core.domain.tax import rate_in_name, tax_inside, tax_on_top
from desktop_app.core.imports.paid import PaidLine, share_minor
from desktop_app.core.imports.records import ParsedOrder
from desktop_app.core.imports.store import minor_units


@dataclass(frozen=True)
class ShopTax:
    """How the shop's prices treat tax: included or added on top, and the rate for files naming no tax."""

    prices_include_tax: bool = True
    default_rate_ppm: int | None = None


@dataclass(frozen=True)
class LineTax:
    """One line's tax as stored: the rate (None: not known) and the tax of all its units."""

    rate_ppm: int | None
    tax_minor: int


def _order_tax(order: ParsedOrder, paid: list[PaidLine], currency: str) -> tuple[list[LineTax], list[int]]:
    """Share the order's tax from the file over its lines and their shipping shares by value."""
    total = minor_units(order.tax or Decimal(0), 1, currency)
    rate = rate_in_name(order.tax_name)
    weights = [max(p.paid_minor or 0, 0) for p in paid] + [max(p.shipping_minor, 0) for p in paid]
    if total <= 0 or sum(weights) <= 0:
        return [LineTax(rate if total == 0 else None, 0) for _ in paid], [0] * len(paid)
    parts = share_minor(total, weights)  # domain.money.allocate's split, in integers
    return [LineTax(rate, part) for part in parts[:len(paid)]], parts[len(paid):]


def rate_of(tax_minor: int, net_minor: int) -> int | None:
    """Return the rate a tax is of a net amount in ppm: the roundest rate that gives that tax, else exact."""
    if net_minor <= 0:
        return None
    for places in (2, 3, 4, 6):
        rate = (Decimal(tax_minor) / net_minor).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        ppm = int(rate * 1_000_000)
        if tax_on_top(net_minor, ppm) == tax_minor or places == 6:
            return ppm
    return None


def _own_taxes(order: ParsedOrder, paid: list[PaidLine], currency: str, include: bool
               ) -> tuple[list[LineTax], list[int]]:
    """Keep each line's own tax from the file and share the shipping's tax over the lines' shipping shares."""
    sold = [line for line in order.lines if not line.cancelled]
    taxes = []
    for line, price in zip(sold, paid, strict=True):
        tax = minor_units(line.tax or Decimal(0), 1, currency)
        net = (price.paid_minor or 0) - (tax if include else 0)
        taxes.append(LineTax(rate_of(tax, net), tax))
    total = minor_units(order.shipping_tax or Decimal(0), 1, currency)
    weights = [max(p.shipping_minor, 0) for p in paid]
    if total <= 0 or sum(weights) <= 0:
        return taxes, [0] * len(paid)
    return taxes, share_minor(total, weights)


def line_taxes(order: ParsedOrder, paid: list[PaidLine], currency: str, shop: ShopTax
               ) -> tuple[list[PaidLine], list[LineTax], bool]:
    """Return the sold lines as paid (tax included), each line's tax, and whether the file's prices held it."""
    include = shop.prices_include_tax
    if any(line.tax is not None for line in order.lines if not line.cancelled):
        taxes, shipping_tax = _own_taxes(order, paid, currency, include)
    elif order.tax is not None:
        taxes, shipping_tax = _order_tax(order, paid, currency)
    elif shop.default_rate_ppm:
        rate, tax_of = shop.default_rate_ppm, (tax_inside if include else tax_on_top)
        taxes = [LineTax(rate, tax_of(p.paid_minor or 0, rate)) for p in paid]
        shipping_tax = [tax_of(p.shipping_minor, rate) for p in paid]
    else:
        return paid, [LineTax(None, 0) for _ in paid], include
    if include:
        return paid, taxes, include
    sold = [line.quantity for line in order.lines if not line.cancelled]
    return [_with_tax(p, q, t.tax_minor, s, currency) for p, q, t, s in zip(paid, sold, taxes, shipping_tax,
                                                                             strict=True)], taxes, include


def _with_tax(line: PaidLine, quantity: int, tax: int, shipping_tax: int, currency: str) -> PaidLine:
    """Return a line whose price was before tax as paid with its tax (unit price rounded half-up)."""
    money = (line.paid_minor or 0) + tax
    qty = max(quantity, 1)
    unit = int((Decimal(money) / qty).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return replace(line, unit_minor=unit, unit_exact=Decimal(money).scaleb(-exponent(currency)) / qty,
                   shipping_minor=line.shipping_minor + shipping_tax, paid_minor=money)


def unit_tax(tax_minor: int, quantity: int) -> int:
    """Return the tax of one unit, rounded half-up (the line's exact tax stays on the line)."""
    return int((Decimal(tax_minor) / quantity).quantize(Decimal(1), rounding=ROUND_HALF_UP)) if quantity > 0 else 0
