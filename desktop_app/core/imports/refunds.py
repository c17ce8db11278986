"""A platform's refunds of an order as historical returns: of the lines they explain, or by amount only.

WooCommerce's WebToffee export lists each refund (`refund_items`) and marks each refunded line's money
(`refunded:` in its `line_item_N` cell); see `listed_refunds`. Shopify writes a `partially_refunded`
order with its order-level `Refunded Amount` and no word on which lines were paid back: when exactly one
choice of units of the order's lines is worth that amount (with or without the order's shipping), the
refund becomes a historical return of those units; otherwise it is one return at order level that keeps
the amount and names no line (nothing is invented); see `partial_refund`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from desktop_app.core.i18n import N_
from desktop_app.core.imports.paid import paid_lines
from desktop_app.core.imports.records import ParsedLine, ParsedOrder, ParsedReturn, PlatformRefund
from desktop_app.core.imports.store import minor_units
from desktop_app.core.imports.values import BadValue, NumberStyle, parse_amount

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


_KEY = re.compile(r"(?:^|[|;])(amount|reason|date):")
REFUND_DATE = "%Y-%m-%d %H:%M:%S"  # WebToffee writes each refund's date so, in UTC (WordPress runs PHP in UTC)


def refund_entries(cell: str) -> list[dict[str, str]] | None:
    """Split WebToffee's refund_items cell (`amount:46.00|reason:Broken|date:2019-06-19 12:13:48`, refunds
    joined by `;`) into one dict per refund; a reason holding `;` or `|` stays whole. None: not that form."""
    marks = list(_KEY.finditer(cell))
    if not marks or marks[0].start() != 0:
        return None
    entries: list[dict[str, str]] = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(cell)
        key = mark.group(1)
        if key == "amount" or not entries or key in entries[-1]:
            entries.append({})
        entries[-1][key] = cell[mark.end():end].strip()
    return entries


def read_refunds(cell: str, numbers: NumberStyle, line: int, problem: Callable[..., None]) -> list[PlatformRefund]:
    """Return the refunds a refund_items cell lists, noting a cell or a value that is not in the plugin's form."""
    entries = refund_entries(cell.strip()) if cell.strip() else []
    if entries is None:
        problem(line, "refunds", cell, N_("refunds are written like amount:46.00|reason:Broken|date:2019-06-19 "
                                          "12:13:48, several joined by “;”"))
        return []
    refunds = []
    for entry in entries:
        try:
            amount = parse_amount(entry.get("amount", ""), numbers)
            at = (datetime.strptime(entry["date"], REFUND_DATE).replace(tzinfo=UTC)
                  if entry.get("date") else None)
        except BadValue as exc:
            problem(line, "refunds", entry.get("amount", ""), exc.reason, **exc.values)
            continue
        except ValueError:
            problem(line, "refunds", entry.get("date", ""), N_("a refund's date is written like 2019-06-19 12:13:48"))
            continue
        if amount <= 0:
            problem(line, "refunds", entry.get("amount", ""), N_("a refund's amount must be more than zero"))
            continue
        refunds.append(PlatformRefund(amount, entry.get("reason", ""), at))
    return refunds


def listed_refunds(order: ParsedOrder, currency: str, source: str) -> None:
    """Turn the refunds an order's row lists into its historical return: dated at the last refund, with reasons.

    A refunded order's returns (every line) get that date and reason; otherwise the lines the platform
    marks refunded come back (as many units as their money is worth, else the money on the line), and a
    refund naming no line is one return at order level keeping the amount. A cancelled order's refund is
    no return (its sum is still kept as the amount already paid back).
    """
    if order.cancelled:
        return
    last = max((r.at for r in order.refunds if r.at), default=None) or order.ordered_at or datetime.min
    reason = "; ".join(dict.fromkeys(r.reason for r in order.refunds if r.reason))
    comment = reason if len(reason) > 64 else ""  # the whole words when the reason field is too short
    if order.returns:
        for ret in order.returns:
            ret.returned_at, ret.reason, ret.comment = last, reason[:64], comment
        return
    head = ParsedReturn(order.source_line, f"{source}|{order.number}|refunds", last, order.number, "", "", "",
                        0, None, order.currency, reason=reason[:64], comment=comment, channel=order.channel,
                        country=order.country)
    sold = [line for line in order.lines if not line.cancelled]
    units = [paid.unit_exact for paid in paid_lines(order, currency, [0] * len(sold))]
    parts = [_refunded_line(head, line, unit, currency) for line, unit in zip(sold, units, strict=True)
             if line.refunded]
    if not parts:
        order.returns.append(replace(head, amount_only=sum((r.amount for r in order.refunds), Decimal(0)),
                                     partial_refund="amount"))
        return
    kind = "lines" if any(part.amount_only is None for part in parts) else "amount"
    order.returns.append(replace(parts[0], key=head.key, partial_refund=kind, more=parts[1:]))


def _refunded_line(head: ParsedReturn, line: ParsedLine, unit: Decimal | None, currency: str) -> ParsedReturn:
    """Return a line the platform refunded: the units its money is worth, else that money without units."""
    money = minor_units(line.refunded or Decimal(0), 1, currency)
    units = next((k for k in range(1, line.quantity + 1) if unit and minor_units(unit, k, currency) == money), 0)
    part = _line_return(head, line, units, unit)
    return part if units else replace(part, amount_only=line.refunded)
