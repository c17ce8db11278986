"""Plain frozen values the returns services hand out and take in: never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.core.domain.money import Money
from desktop_app.core.domain.shipping import ReturnShipping
from desktop_app.core.i18n import Message


@dataclass(frozen=True)
class LineRequest:
    """One order line the customer wants to return, as entered at the desk."""

    order_line_id: int
    quantity: int
    reason_code: str
    comment: str = ""
    condition: str | None = None
    wanted_sku: str | None = None  # for an exchange: the product the customer asks for instead


@dataclass(frozen=True)
class ReturnLineView:
    """One line of a return with its quantities, reason, fault and the policy's explanation."""

    id: int
    order_line_id: int | None
    product_id: int | None
    sku: str
    name: str
    requested_qty: int
    received_qty: int
    damaged_qty: int
    refunded_qty: int
    credited_qty: int
    resolved_qty: int
    reason_code: str
    reason: Message | None
    fault: str | None
    customer_comment: str
    condition: str | None
    inspection: str | None  # None (not inspected), "passed" or "failed"
    resolution: str | None
    exchange_sku: str | None
    unexpected: bool
    value: Money
    eligible: bool | None
    explanation: tuple[Message, ...]
    deadline: str | None  # ISO date of the last day to ask, as judged at creation
    wanted_sku: str | None = None  # the customer's choice for an exchange (the desk sends exchange_sku)


@dataclass(frozen=True)
class EventView:
    """One entry of the return's timeline: who, when (UTC), from, to, note."""

    id: int
    kind: str
    from_status: str | None
    to_status: str | None
    note: str
    data: dict[str, Any]
    user_id: int | None
    user_name: str
    created_at: datetime


@dataclass(frozen=True)
class OwnerRequestView:
    """A clerk's resolution waiting for the owner because its refund is above the clerk's limit."""

    requested_by: str
    requested_at: datetime
    amount: Money  # what the resolution pays out
    lines: tuple[tuple[int, str, int], ...]  # (return line id, resolution, units)


@dataclass(frozen=True)
class RefundView:
    """Money paid back (negative for a reversal), with its credit note and external reference."""

    id: int
    return_line_id: int | None
    quantity: int
    amount: Money
    tax: Money
    shipping: Money
    fee: Money
    method: str
    external_reference: str
    credit_note_number: str | None
    goodwill_reason: str
    reverses_id: int | None
    user_name: str
    created_at: datetime
    label_charge: Money | None = None  # the return label's cost kept from this refund (None: none)


@dataclass(frozen=True)
class ExchangeView:
    """The replacement sent out for returned units and its price difference (positive: the customer pays)."""

    id: int
    return_line_id: int
    sku: str
    name: str
    quantity: int
    credit: Money
    price: Money
    difference: Money
    status: str  # even, payment_due, paid, waived, refunded, credited
    payment_reference: str
    refund_id: int | None
    created_at: datetime
    settled_at: datetime | None

    @property
    def ships(self) -> bool:
        """Return whether the replacement may ship (nothing left to pay, or the owner waived it)."""
        return self.status != "payment_due"


@dataclass(frozen=True)
class AttachmentInfo:
    """A file attached to a return, without its bytes."""

    id: int
    filename: str
    mime_type: str
    kind: str
    size: int
    user_name: str
    created_at: datetime


@dataclass(frozen=True)
class ReturnDetail:
    """Everything the return's window, the CLI and documents show about one return."""

    id: int
    rma: str
    status: str
    status_label: Message
    order_id: int | None
    order_number: str | None
    customer_id: int | None
    customer_name: str
    customer_email: str | None
    channel: str
    currency: str
    requested_at: datetime
    approved_at: datetime | None
    received_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    due_at: datetime | None
    overdue: bool
    flagged: bool
    imported: bool
    carrier: str
    tracking_number: str
    label_prepaid: bool
    shipping_charge: Money
    policy_version_id: int | None
    policy_version_number: int | None
    lines: tuple[ReturnLineView, ...]
    events: tuple[EventView, ...]
    refunds: tuple[RefundView, ...]
    attachments: tuple[AttachmentInfo, ...]
    allowed_actions: frozenset[str]
    refunded_total: Money
    store_credit_total: Money
    version: int
    updated_at: datetime
    shop_timezone: str = "UTC"
    shipping: ReturnShipping = ReturnShipping.SHOP_PAYS  # prepaid label, cost deducted, own cost, or no parcel
    exchanges: tuple[ExchangeView, ...] = ()  # replacements sent out, with their price difference
    owner_request: OwnerRequestView | None = None  # a clerk's refund above their limit, waiting for the owner
    customer_flag: str | None = None  # the owner's reason when the customer is flagged (never auto-approved)


@dataclass(frozen=True)
class ReturnSummary:
    """One row of the returns queue."""

    id: int
    rma: str
    order_number: str | None
    customer_name: str
    status: str
    status_label: Message
    items: int
    reason: str
    refunded: Money
    requested_at: datetime
    age_days: int
    due_at: datetime | None
    overdue: bool
    flagged: bool
    tracking_number: str
    version: int
    channel: str = "desk"  # where the request came from: desk, portal, import...


@dataclass(frozen=True)
class ReturnFilter:
    """What the queue shows: status (one or several), a search text, overdue only; imported ones only when asked.

    `imported` shows the historical returns an import added instead of the working queue; `batch` only those
    of one import batch."""

    status: str | tuple[str, ...] | None = None
    search: str | None = None
    overdue_only: bool = False
    flagged_only: bool = False
    sort: str = "-requested_at"
    imported: bool = False
    batch: int | None = None
    owner_waiting: bool = False  # only returns whose refund waits for the owner's approval
    channel: str | None = None  # only requests from one channel ("portal": the customers' portal)
