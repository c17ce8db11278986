"""What one import added (or, for a dry run, would add), as a plain frozen record."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.i18n import Message


@dataclass(frozen=True)
class ImportResult:
    """What an import added (or, for a dry run, would add) and what it left alone."""

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

    def summary(self) -> Message:
        """Return one sentence for the shop owner."""
        values = {"file": self.file, "orders": self.orders_added, "lines": self.lines_added,
                  "returns": self.returns_added, "products": self.products_added,
                  "old_orders": self.orders_already_there, "old_returns": self.returns_already_there}
        if self.dry_run:
            return Message("Dry run of {file}: {orders} new orders with {lines} lines, {returns} new "
                           "historical returns and {products} new products would be added; {old_orders} "
                           "orders and {old_returns} returns are already there. Nothing was changed.", values)
        return Message("Imported {file}: {orders} new orders with {lines} lines, {returns} new historical "
                       "returns and {products} new products; {old_orders} orders and {old_returns} returns "
                       "were already there and were left unchanged.", values)
