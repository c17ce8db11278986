"""Returns, their lines, the append-only event log, refunds, store credit and attachments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.core.db.models.base import Base, UTCDateTime, utcnow


class Return(Base):
    """A customer's return (RMA); `imported` ones are historical, closed on arrival, never in the queue."""

    __tablename__ = "returns"
    __table_args__ = (
        Index("ix_returns_queue", "imported", "status", "requested_at"),
        Index("ix_returns_due", "imported", "due_at"),
        # reports read one period by these dates; the queue's unfiltered list is read by requested_at
        Index("ix_returns_requested_at", "requested_at"),
        Index("ix_returns_approved_at", "approved_at"),
        Index("ix_returns_received_at", "received_at"),
        Index("ix_returns_resolved_at", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rma: Mapped[str] = mapped_column(String(32), unique=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True, nullable=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True, nullable=True)
    policy_version_id: Mapped[int | None] = mapped_column(ForeignKey("policy_versions.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(24), default="requested")
    channel: Mapped[str] = mapped_column(String(32), default="shop")
    # the request's own key (the portal's form): sending the same request again finds this return
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    currency: Mapped[str] = mapped_column(String(3))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # SLA: refund promised by
    carrier: Mapped[str] = mapped_column(String(64), default="")
    tracking_number: Mapped[str] = mapped_column(String(64), default="", index=True)
    label_prepaid: Mapped[bool] = mapped_column(Boolean, default=True)
    shipping_charge_minor: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[bool] = mapped_column(Boolean, default=False)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), nullable=True)
    import_key: Mapped[str | None] = mapped_column(String(256), unique=True, nullable=True)
    # the shop's own document for an imported return (a credit note's number), searchable in the queue
    source_document: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)  # unexpected item etc.: owner looks
    # a clerk's resolution whose refund is above their limit, waiting for the owner (None: nothing waits)
    owner_request: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    lines: Mapped[list[ReturnLine]] = relationship(
        back_populates="ret", order_by="ReturnLine.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class ReturnLine(Base):
    """One returned product of a return, with requested, received, damaged and refunded quantities."""

    __tablename__ = "return_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"), index=True)
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("order_lines.id"), index=True, nullable=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"), index=True, nullable=True)
    sku: Mapped[str] = mapped_column(String(128), default="")
    name: Mapped[str] = mapped_column(String(512), default="")
    requested_qty: Mapped[int] = mapped_column(Integer, default=0)
    received_qty: Mapped[int] = mapped_column(Integer, default=0)
    damaged_qty: Mapped[int] = mapped_column(Integer, default=0)
    refunded_qty: Mapped[int] = mapped_column(Integer, default=0)
    credited_qty: Mapped[int] = mapped_column(Integer, default=0)
    resolved_qty: Mapped[int] = mapped_column(Integer, default=0)
    reason_code: Mapped[str] = mapped_column(String(64), default="")
    customer_comment: Mapped[str] = mapped_column(Text, default="")
    condition: Mapped[str | None] = mapped_column(String(24), nullable=True)
    disposition: Mapped[str | None] = mapped_column(String(24), nullable=True)  # restock, write_off, ...
    resolution: Mapped[str | None] = mapped_column(String(24), nullable=True)
    exchange_sku: Mapped[str | None] = mapped_column(String(128), nullable=True)
    wanted_sku: Mapped[str | None] = mapped_column(String(128), nullable=True)  # the customer's exchange choice
    unexpected: Mapped[bool] = mapped_column(Boolean, default=False)
    value_minor: Mapped[int] = mapped_column(Integer, default=0)  # qty x price paid (or catalogue price)
    decision: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # eligibility snapshot

    ret: Mapped[Return] = relationship(back_populates="lines")


class ReturnEvent(Base):
    """An append-only record of one change: who, when, from, to, note."""

    __tablename__ = "return_events"
    __table_args__ = (Index("ix_return_events_return_time", "return_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(24), nullable=True)
    to_status: Mapped[str | None] = mapped_column(String(24), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Refund(Base):
    """Money paid back for a return line; a reversal is a new row with a negative amount."""

    __tablename__ = "refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id"), index=True)
    return_line_id: Mapped[int | None] = mapped_column(ForeignKey("return_lines.id"), nullable=True)
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    amount_minor: Mapped[int] = mapped_column(Integer)  # including tax
    tax_minor: Mapped[int] = mapped_column(Integer, default=0)
    shipping_minor: Mapped[int] = mapped_column(Integer, default=0)
    fee_minor: Mapped[int] = mapped_column(Integer, default=0)  # restocking fee kept
    label_charge_minor: Mapped[int] = mapped_column(Integer, default=0)  # return label cost kept
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(32), default="original_payment")
    external_reference: Mapped[str] = mapped_column(String(128), default="")
    credit_note_number: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    goodwill_reason: Mapped[str] = mapped_column(Text, default="")
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("refunds.id"), nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class StoreCreditEntry(Base):
    """A movement on a customer's store-credit balance (issued positive, spent or reversed negative)."""

    __tablename__ = "store_credit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True, nullable=True)
    return_id: Mapped[int | None] = mapped_column(ForeignKey("returns.id"), nullable=True)
    amount_minor: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Attachment(Base):
    """A photo or file attached to a return (a carrier's label PDF included)."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(256))
    mime_type: Mapped[str] = mapped_column(String(128), default="application/octet-stream")
    kind: Mapped[str] = mapped_column(String(32), default="file")  # photo, file, carrier_label
    size: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
