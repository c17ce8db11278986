"""An order's rows agree: order-level cells of later rows match the first row, and a number is used once."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from desktop_app.core.i18n import N_

Cells = dict[str, str]
# fields that describe the whole order: a later row of the order may leave them empty or repeat them
ORDER_LEVEL = ("order_date", "currency", "status", "cancelled_at", "order_total", "shipping_total",
               "discount_total", "refunded_total", "customer_key", "customer_name", "customer_email", "customer_phone",
               "ship_name", "ship_address1", "ship_address2", "ship_city", "ship_zip", "ship_province",
               "country", "channel", "delivered_at")
DATES = frozenset({"order_date", "cancelled_at", "delivered_at"})
AMOUNTS = frozenset({"order_total", "shipping_total", "discount_total", "refunded_total"})


class OrderRows:
    """Remember each order's first row and every order number seen, and note rows that disagree.

    `problem(line, field, value, msgid, **values)` notes a problem; `note_bad(row, field, line)` parses a
    cell noting it when bad; `quiet(field, text)` parses a date or amount cell, None when bad."""

    def __init__(self, per_line: tuple[str, ...], problem: Callable[..., None],
                 note_bad: Callable[[Cells, str, int], Any], quiet: Callable[[str, str], Any]) -> None:
        self.fields = tuple(f for f in ORDER_LEVEL if f not in per_line)
        self.problem, self.note_bad, self.quiet = problem, note_bad, quiet
        self.head: Cells = {}
        self.head_line = 0
        self.number = ""
        self.seen: dict[str, tuple[int, bytes]] = {}

    def start(self, number: str, line: int, row: Cells) -> None:
        """Begin a group of rows for one order number; a number seen before must carry the same order details.

        Rows of one order that are not next to each other still form one order, but only when the later
        group repeats the first group's order-level cells (or leaves them all empty)."""
        self.number, self.head_line = number, line
        self.head = row  # read with .get(field, ""): a field the row lacks is empty
        values = [row.get(f, "") for f in self.fields]
        filled = any(values)
        digest = hashlib.blake2b("\x1f".join(values).encode("utf-8", "surrogatepass"), digest_size=12).digest()
        earlier = self.seen.get(number)
        if earlier is None:
            self.seen[number] = (line, digest)
        elif filled and earlier[1] != digest:
            self.problem(line, "order_number", number,
                         N_("this order number was already used on line {first_line} with other order details "
                            "(date, customer, amounts or status); one number is one order"),
                         first_line=earlier[0])

    def check(self, line: int, row: Cells, skip_date: bool = False) -> None:
        """Note each order-level cell of a later row that says something else than the order's first row."""
        for field in self.fields:
            value = row.get(field, "")
            first = self.head.get(field, "")
            if not value or value == first or (skip_date and field == "order_date"):
                continue
            if field in DATES or field in AMOUNTS:
                mine = self.quiet(field, value)
                if mine is None:
                    self.note_bad(row, field, line)
                    continue
                if first and self.quiet(field, first) == mine:
                    continue
            self.problem(line, field, value, N_("this order's first line ({first_line}) says “{first}” here; a "
                                                "later line of the same order may only repeat it or leave it "
                                                "empty"), first_line=self.head_line, first=first)
