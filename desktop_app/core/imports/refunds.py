"""A platform's partial refund of an order as historical returns: of the lines it explains, or by amount only.

Shopify writes a `partially_refunded` order with its order-level `Refunded Amount` and no word on which
lines were paid back. When exactly one choice of units of the order's lines is worth that amount (with
or without the order's shipping), the refund becomes a historical return of those units; otherwise it is
one return at order level that keeps the amount and names no line (nothing is invented).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from desktop_app.core.imports.paid import paid_lines
from desktop_app.core.imports.records import ParsedLine, ParsedOrder, ParsedReturn
from desktop_app.core.imports.store import minor_units

WORK_LIMIT = 200_000  # sums tried before a refund is called ambiguous (kept by amount only)

Choice = tuple[int, ...]


def one_choice(prices: list[list[int]], targets: set[int]) -> Choice | None:
    """Return the only units per line (prices[i][k] = money of k units of line i) worth one of `targets`.

    None when no choice or more than one is worth a target, or when finding out would take too long.
    """
    top = max(targets, default=0)
    sums: dict[int, tuple[int, Choice]] = {0: (1, ())}  # money -> (ways, capped at 2; one way)
    work = 0
    for line in prices:
        grown: dict[int, tuple[int, Choice]] = {}
        for money, (ways, choice) in sums.items():
            for units, worth in enumerate(line):
                work += 1
                total = money + worth
                if total > top:
                    break
                had = grown.get(total)
                grown[total] = (min(2, had[0] + ways), had[1]) if had else (ways, (*choice, units))
        if work > WORK_LIMIT:
            return None
        sums = grown
    found = [sums[t] for t in targets if t > 0 and t in sums]
    if sum(ways for ways, _choice in found) != 1:
        return None
    return found[0][1]


def partial_refund(order: ParsedOrder, currency: str, source: str) -> list[ParsedReturn]:
    """Return the historical return of a partly refunded order: its explained lines, or the amount alone."""
    if not order.refunded or order.cancelled:
        return []
    refunded = minor_units(order.refunded, 1, currency)
    sold = [line for line in order.lines if not line.cancelled]
    units = [paid.unit_exact for paid in paid_lines(order, currency, [0] * len(sold))]
    prices = [[minor_units(unit, k, currency) for k in range(line.quantity + 1)]
              if unit is not None and unit > 0 else [0] for line, unit in zip(sold, units, strict=True)]
    shipping = minor_units(order.shipping, 1, currency) if order.shipping else 0
    targets = {refunded} | ({refunded - shipping} if 0 < shipping < refunded else set())
    choice = one_choice(prices, targets) if sold else None
    head = ParsedReturn(order.source_line, f"{source}|{order.number}|partial-refund",
                        order.ordered_at or datetime.min, order.number, "", "", "", 0, None,
                        order.currency, channel=order.channel, country=order.country)
    if choice is None:
        return [replace(head, amount_only=order.refunded, partial_refund="amount")]
    parts = [_line_return(head, line, units_back, unit)
             for line, units_back, unit in zip(sold, choice, units, strict=True) if units_back]
    first = replace(parts[0], key=head.key, partial_refund="lines", more=parts[1:])
    return [first]


def _line_return(head: ParsedReturn, line: ParsedLine, quantity: int, unit: Decimal | None) -> ParsedReturn:
    """Return `quantity` units of one order line, as part of the order's refund."""
    return replace(head, source_line=line.source_line, sku=line.sku, product_key=line.product_key,
                   name=line.name, quantity=quantity, unit_price=unit, line_key=line.key, more=[])
