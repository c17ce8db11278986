"""Orders as the shop sold them: lines keep the unit price actually paid and its tax."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.core.db.models.base import Base, UTCDateTime, utcnow


class Order(Base):
    """A customer's order from one sales channel."""

    __tablename__ = "orders"
    __table_args__ = (UniqueConstraint("channel", "number", name="uq_orders_channel_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64), index=True)
    channel: Mapped[str] = mapped_column(String(32), default="shop")
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True, nullable=True)
    ordered_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    currency: Mapped[str] = mapped_column(String(3))
    shipping_minor: Mapped[int] = mapped_column(Integer, default=0)
    discount_minor: Mapped[int] = mapped_column(Integer, default=0)
    total_minor: Mapped[int] = mapped_column(Integer, default=0)
    # money the sales platform already paid back before the import (Shopify "Refunded Amount"): refunds
    # here never take more than total_minor less this
    refunded_elsewhere_minor: Mapped[int] = mapped_column(Integer, default=0)
    tax_minor: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the order's tax as the source says
    prices_include_tax: Mapped[bool | None] = mapped_column(Boolean, nullable=True)  # None: the shop's setting
    status: Mapped[str] = mapped_column(String(32), default="fulfilled")  # fulfilled, cancelled, refunded
    ship_name: Mapped[str] = mapped_column(String(256), default="")
    ship_street: Mapped[str] = mapped_column(Text, default="")
    ship_city: Mapped[str] = mapped_column(String(128), default="")
    ship_postcode: Mapped[str] = mapped_column(String(32), default="")
    ship_region: Mapped[str] = mapped_column(String(128), default="")
    ship_country: Mapped[str] = mapped_column(String(64), default="")
    carrier: Mapped[str] = mapped_column(String(64), default="")
    tracking_number: Mapped[str] = mapped_column(String(64), default="", index=True)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", order_by="OrderLine.position", cascade="all, delete-orphan"
    )


class OrderLine(Base):
    """One line of an order with the unit price paid after discounts, its tax, and its shipping share."""

    __tablename__ = "order_lines"
    __table_args__ = (Index("ix_order_lines_product_order", "product_id", "order_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"), nullable=True)
    sku: Mapped[str] = mapped_column(String(128), default="")
    name: Mapped[str] = mapped_column(String(512), default="")
    category: Mapped[str] = mapped_column(String(128), default="")
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_minor: Mapped[int] = mapped_column(Integer)  # paid, after line and order discounts
    unit_tax_minor: Mapped[int] = mapped_column(Integer, default=0)
    shipping_share_minor: Mapped[int] = mapped_column(Integer, default=0)  # of the whole line
    # exact money of the line's units (None: quantity x unit_price_minor); the unit price is rounded
    paid_minor: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tax_rate_ppm: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 19 % = 190000; None: unknown
    tax_minor: Mapped[int | None] = mapped_column(Integer, nullable=True)  # whole line (None: unit x qty)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)  # the file lists it as cancelled
    cancelled_qty: Mapped[int] = mapped_column(Integer, default=0)  # units cancelled (not in `quantity`)
    cancelled_minor: Mapped[int] = mapped_column(Integer, default=0)  # their money as the file states it

    order: Mapped[Order] = relationship(back_populates="lines")

    @property
    def paid_total_minor(self) -> int:
        """Return the exact money paid for the line's units (minor units)."""
        return self.paid_minor if self.paid_minor is not None else self.quantity * self.unit_price_minor

    @property
    def tax_total_minor(self) -> int:
        """Return the tax of the line's units (minor units)."""
        return self.tax_minor if self.tax_minor is not None else self.quantity * self.unit_tax_minor
