"""Plain records the parser produces from export rows, before anything touches the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from desktop_app.core.i18n import Message
from desktop_app.core.services.text_checks import printable


@dataclass(slots=True)
class ParsedProduct:
    """A product row of a catalogue or product file."""

    key: str
    sku: str
    name: str
    price: Decimal | None
    currency: str | None
    cost: Decimal | None = None
    category: str = ""


@dataclass(slots=True)
class ParsedCustomer:
    """Who bought, as far as the file says."""

    key: str
    name: str = ""
    email: str = ""
    phone: str = ""
    address1: str = ""
    address2: str = ""
    city: str = ""
    zip: str = ""
    province: str = ""
    country: str = ""


@dataclass(slots=True)
class ParsedLine:
    """One order line: what was bought, how many, and the unit price paid when the file gives it."""

    source_line: int
    key: str
    sku: str
    product_key: str
    name: str
    quantity: int
    unit_price: Decimal | None
    line_total: Decimal | None = None
    discount: Decimal | None = None
    cancelled: bool = False  # written with quantity 0 (a cancelled line): kept with the amount the file gives
    refunded: Decimal | None = None  # money the platform paid back on this line (WooCommerce's `refunded`)
    tax: Decimal | None = None  # the line's own tax as the file says (WooCommerce's `tax`; None: not given)


@dataclass(frozen=True, slots=True)
class PlatformRefund:
    """One refund the sales platform already made on an order (WooCommerce's refund_items)."""

    amount: Decimal
    reason: str
    at: datetime | None


@dataclass(slots=True)
class ParsedReturn:
    """A historical return (or a cancellation) found in a file: closed on arrival, marked imported."""

    source_line: int
    key: str
    returned_at: datetime
    order_number: str
    sku: str
    product_key: str
    name: str
    quantity: int
    unit_price: Decimal | None
    currency: str | None
    reason: str = ""
    condition: str = ""
    comment: str = ""
    channel: str = ""
    country: str = ""
    cancellation: bool = False
    line_key: str = ""
    document: str = ""  # a credit note's own number (kept on the return, searchable)
    customer: ParsedCustomer | None = None  # who the credit note names
    more: list[ParsedReturn] = field(default_factory=list)  # the document's further lines
    amount_only: Decimal | None = None  # a refund naming no line: its money, kept without inventing lines
    partial_refund: str = ""  # a platform's partial refund read as "lines" or kept by "amount" (its first part)


@dataclass(slots=True)
class ParsedOrder:
    """An order and its lines; consecutive rows with the same order number form one order."""

    source_line: int
    number: str
    ordered_at: datetime | None
    currency: str | None
    status: str = ""
    channel: str = ""
    country: str = ""
    customer: ParsedCustomer | None = None
    cancelled: bool = False
    total: Decimal | None = None
    shipping: Decimal | None = None
    discount: Decimal | None = None
    refunded: Decimal | None = None  # paid back on the platform already (order level)
    refunds: list[PlatformRefund] = field(default_factory=list)  # the platform's refunds, when the file lists them
    tax: Decimal | None = None  # the order's tax as the file says (None: the file gives none)
    tax_name: str = ""  # the tax's name, which may state its rate ("VAT 19%")
    shipping_tax: Decimal | None = None  # the tax on the order's shipping (WooCommerce's shipping_tax_total)
    lines: list[ParsedLine] = field(default_factory=list)
    returns: list[ParsedReturn] = field(default_factory=list)
    ship: ParsedCustomer | None = None  # the ship-to address even when no customer is named


@dataclass(frozen=True)
class LineProblem:
    """Why one cell of one line stops the import: line number, column, value and reason."""

    line: int
    column: str
    value: str
    reason: Message
    file: str = ""  # set for a problem in another file than the imported one (its product catalogue)

    def message(self) -> Message:
        """Return the problem as one sentence for the shop owner."""
        value = printable(self.value if len(self.value) <= 60 else self.value[:57] + "...")
        if self.file:
            return Message("{file}, line {line}, column “{column}”, value “{value}”: {reason}",
                           {"file": self.file, "line": self.line, "column": self.column, "value": value,
                            "reason": self.reason})
        return Message("Line {line}, column “{column}”, value “{value}”: {reason}",
                       {"line": self.line, "column": self.column, "value": value, "reason": self.reason})
