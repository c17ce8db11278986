"""Products, stock and the inventory movements that are the only way stock changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.core.db.models.base import Base, UTCDateTime, utcnow


class Product(Base):
    """A product the shop sells; `stock` always equals the sum of its inventory movements."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(128), unique=True)
    name: Mapped[str] = mapped_column(String(512), default="")
    category: Mapped[str] = mapped_column(String(128), default="", index=True)
    price_minor: Mapped[int] = mapped_column(Integer, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    stock: Mapped[int] = mapped_column(Integer, default=0)
    final_sale: Mapped[bool] = mapped_column(Boolean, default=False)
    external_key: Mapped[str | None] = mapped_column(String(128), index=True, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class InventoryMovement(Base):
    """One change of stock: a restock from a return, a correction, an exchange going out."""

    __tablename__ = "inventory_movements"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)  # positive in, negative out
    kind: Mapped[str] = mapped_column(String(32))  # "initial", "restock", "exchange_out", "reversal", ...
    return_line_id: Mapped[int | None] = mapped_column(ForeignKey("return_lines.id"), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
