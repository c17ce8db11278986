"""What one import added (or, for a dry run, would add), as a plain frozen record whose counts add up."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.i18n import Message


@dataclass(frozen=True)
class ImportResult:
    """What an import added (or, for a dry run, would add) and what it left alone.

    The counts add up: orders_added + orders_already_there = the file's orders, and the same for lines
    and returns. `orders_completed` are orders already there (without lines, from an order-level file)
    that got their lines from this file."""

    file: str
    profile: str
    dry_run: bool
    rows: int
    orders_added: int
    orders_already_there: int
    lines_added: int
    returns_added: int
    returns_already_there: int
    cancellations: int
    products_added: int
    customers_added: int
    batch_id: int | None
    invisible_removed: int = 0
    invisible_first_line: int = 0
    lines_already_there: int = 0
    orders_completed: int = 0
    cancelled_lines: int = 0
    returns_linked: int = 0
    returns_unlinked: int = 0
    refunds_by_lines: int = 0  # a platform's partial refunds read as returns of the lines they explain
    refunds_by_amount: int = 0  # ... and those kept at order level by their amount only

    def summary(self) -> Message:
        """Return the whole summary as one text (its lines joined)."""
        parts = self.summary_lines()
        text = parts[0]
        for part in parts[1:]:
            text = Message("{summary} {note}", {"summary": text, "note": part})
        return text

    def summary_lines(self) -> list[Message]:
        """Return the summary for the shop owner, one sentence per line."""
        first = (Message("Dry run of {file}: nothing was changed. The import would add:", {"file": self.file})
                 if self.dry_run else Message("Imported {file}:", {"file": self.file}) if self.batch_id is None
                 else Message("Imported {file} as import batch {batch}:", {"file": self.file, "batch": self.batch_id}))
        lines = [first, Message(
            "Orders: {total} in the file, {new} new ({cancelled} of them cancelled), {old} already there "
            "({completed} of those got their lines now).",
            {"total": self.orders_added + self.orders_already_there, "new": self.orders_added,
             "cancelled": self.cancellations, "old": self.orders_already_there,
             "completed": self.orders_completed}),
            Message("Order lines: {total} in the file, {new} new ({cancelled} of them cancelled lines), {old} "
                    "already there.", {"total": self.lines_added + self.lines_already_there,
                                       "new": self.lines_added, "cancelled": self.cancelled_lines,
                                       "old": self.lines_already_there}),
            Message("Historical returns: {total} in the file, {new} new, {old} already there; of the new, "
                    "{linked} linked to their purchase, {unlinked} not linked.",
                    {"total": self.returns_added + self.returns_already_there, "new": self.returns_added,
                     "old": self.returns_already_there, "linked": self.returns_linked,
                     "unlinked": self.returns_unlinked}),
            Message("New products: {products}; new customers: {customers}.",
                    {"products": self.products_added, "customers": self.customers_added})]
        if self.refunds_by_lines or self.refunds_by_amount:
            lines.append(Message("Orders the platform partly refunded: {lines} became returns of the refunded "
                                 "units, {amount} kept as money paid back without units (the file does not say "
                                 "which units).",
                                 {"lines": self.refunds_by_lines, "amount": self.refunds_by_amount}))
        if self.invisible_removed:
            lines.append(Message("Zero-width or text-direction invisible characters were taken out of {count} "
                                 "cells (first on line {line}).",
                                 {"count": self.invisible_removed, "line": self.invisible_first_line}))
        if self.batch_id is not None and not self.dry_run and self.returns_added:
            lines.append(Message("List its returns with: returndesk returns list --imported --batch {batch}",
                                 {"batch": self.batch_id}))
        return lines
