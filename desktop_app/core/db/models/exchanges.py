"""Exchanges: the replacement sent out for returned units, with the price difference and how it was settled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.db.models.base import Base, UTCDateTime, utcnow


class Exchange(Base):
    """One exchange order: `difference_minor` > 0 the customer pays it, < 0 the shop pays it back.

    status: "even" (no difference), "payment_due" (held until paid or waived), "paid", "waived",
    "refunded" or "credited" (the rest went back as a refund or store credit, `refund_id`).
    """

    __tablename__ = "exchanges"

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id"), index=True)
    return_line_id: Mapped[int] = mapped_column(ForeignKey("return_lines.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    sku: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(512), default="")
    quantity: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    credit_minor: Mapped[int] = mapped_column(Integer)  # what the returned units count toward the replacement
    price_minor: Mapped[int] = mapped_column(Integer)  # the replacement's catalogue price x quantity
    difference_minor: Mapped[int] = mapped_column(Integer)  # price - credit
    status: Mapped[str] = mapped_column(String(16), index=True)
    payment_reference: Mapped[str] = mapped_column(String(128), default="")
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refunds.id"), nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    settled_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
