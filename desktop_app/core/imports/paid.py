"""The price actually paid per order line: line and order discounts and shipping shared by largest remainder."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from desktop_app.core.domain.money import exponent
from desktop_app.core.imports.records import ParsedLine, ParsedOrder
from desktop_app.core.imports.store import minor_units


@dataclass(frozen=True)
class PaidLine:
    """One line as paid: unit price in minor units (rounded), exact unit price, its shipping share."""

    unit_minor: int
    unit_exact: Decimal | None
    shipping_minor: int
    cancelled_minor: int = 0
    paid_minor: int | None = None  # the exact money of the line's units (before the unit price was rounded)


def _share(total: Decimal | None, weights: list[int], currency: str) -> list[int]:
    """Split an order-level amount over the lines in proportion to their value (largest remainder)."""
    if not total or not weights or sum(weights) <= 0:
        return [0] * len(weights)
    return share_minor(minor_units(total, 1, currency), [max(w, 0) for w in weights])


def share_minor(units: int, weights: list[int]) -> list[int]:
    """Split minor units over whole-number weights by largest remainder, in exact integer arithmetic.

    The same split as domain.money.allocate (ties to the earlier line), without a Money per part."""
    if len(weights) == 1:
        return [units]
    whole = sum(weights)
    sign, units = (-1, -units) if units < 0 else (1, units)
    parts = [divmod(units * w, whole) for w in weights]
    floors = [q for q, _r in parts]
    left = units - sum(floors)
    if left:
        for i in sorted(range(len(parts)), key=lambda i: (-parts[i][1], i))[:left]:
            floors[i] += 1
    return [sign * f for f in floors]


def paid_lines(order: ParsedOrder, currency: str, fallback_units: list[int]) -> list[PaidLine]:
    """Return each line's paid unit price after its own and its share of the order's discount.

    `fallback_units` are unit prices in minor units to use for lines whose file gives no price (the
    catalogue's), one per line that is not cancelled; cancelled lines get no share (see `cancelled_line`).
    Without discounts the exact unit price is the file's own, so a return's value is quantity × that price
    rounded once, as for the sale.
    """
    lines = [line for line in order.lines if not line.cancelled]
    scale = exponent(currency)
    gross = []
    for line, fallback in zip(lines, fallback_units, strict=True):
        if line.unit_price is not None:
            gross.append(minor_units(line.unit_price, line.quantity, currency))
        elif line.line_total is not None:
            gross.append(minor_units(line.line_total, 1, currency))
        else:
            gross.append(fallback * line.quantity)
    net = [g - (minor_units(line.discount, 1, currency) if line.discount else 0)
           for g, line in zip(gross, lines, strict=True)]
    discounted = any(line.discount for line in lines) or bool(order.discount)
    if order.discount:
        net = [n - s for n, s in zip(net, _share(order.discount, net, currency), strict=True)]
    shipping = _share(order.shipping, net, currency)
    result = []
    for line, value, ship, fallback in zip(lines, net, shipping, fallback_units, strict=True):
        if not discounted and line.unit_price is not None:
            exact, unit = line.unit_price, minor_units(line.unit_price, 1, currency)
        elif line.unit_price is None and line.line_total is None:
            exact, unit = Decimal(fallback).scaleb(-scale), fallback
        else:
            exact = Decimal(value).scaleb(-scale) / line.quantity
            unit = int((Decimal(value) / line.quantity).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        result.append(PaidLine(unit, exact, ship, paid_minor=value))
    return result


def cancelled_line(line: ParsedLine, currency: str) -> PaidLine:
    """Return a cancelled line (quantity 0) as kept: its unit price and the amount the file gives for it."""
    unit = minor_units(line.unit_price, 1, currency) if line.unit_price is not None else 0
    amount = minor_units(line.line_total, 1, currency) if line.line_total is not None else unit
    return PaidLine(unit, line.unit_price, 0, amount, paid_minor=0)
