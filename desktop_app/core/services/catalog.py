"""The product catalogue and its stock, which changes only through recorded inventory movements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import InventoryMovement, Product, utcnow
from desktop_app.core.domain.money import Money
from desktop_app.core.i18n import N_, Message
from desktop_app.core.services.admin_common import refuse_stale, writing
from desktop_app.core.services.base import InvalidInput, NotFound, ServiceContext, require_owner

MOVEMENT_KINDS = ("initial", "restock", "correction", "exchange_out", "reversal", "write_off", "sale",
                  "sent_back")


@dataclass(frozen=True)
class ProductInfo:
    """A product with its catalogue price and current stock."""

    id: int
    sku: str
    name: str
    category: str
    price: Money
    stock: int
    final_sale: bool
    version: int


@dataclass(frozen=True)
class MovementInfo:
    """One recorded change of a product's stock."""

    id: int
    product_id: int
    quantity: int
    kind: str
    note: str
    return_line_id: int | None
    user_id: int | None
    created_at: datetime


def product_info(product: Product) -> ProductInfo:
    """Return the plain view of a product row."""
    return ProductInfo(id=product.id, sku=product.sku, name=product.name, category=product.category,
                       price=Money.from_minor(product.price_minor, product.currency), stock=product.stock,
                       final_sale=product.final_sale, version=product.version)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def list_products(db: Database, search: str | None = None, category: str | None = None,
                  limit: int = 100, offset: int = 0) -> list[ProductInfo]:
    """Return products by SKU, filtered by a piece of SKU or name and by category."""
    query = select(Product).order_by(Product.sku).limit(max(1, min(limit, 1000))).offset(max(0, offset))
    if search and search.strip():
        pattern = _like(search.strip())
        query = query.where(or_(func.lower(Product.sku).like(pattern, escape="\\"),
                                func.lower(Product.name).like(pattern, escape="\\")))
    if category:
        query = query.where(Product.category == category)
    with db.read() as session:
        return [product_info(p) for p in session.scalars(query)]


def find_product(db: Database, sku: str) -> ProductInfo:
    """Return the product with exactly this SKU (as scanned or typed)."""
    with db.read() as session:
        product = session.scalar(select(Product).where(Product.sku == (sku or "").strip()))
        if product is None:
            raise NotFound(Message("There is no product with the SKU {sku}.", {"sku": sku}))
        return product_info(product)


def get_product(db: Database, product_id: int) -> ProductInfo:
    """Return one product by its id."""
    with db.read() as session:
        product = session.get(Product, product_id)
        if product is None:
            raise NotFound(Message("There is no product number {id}.", {"id": product_id}))
        return product_info(product)


def record_movement(session: Session, product_id: int, quantity: int, kind: str, *,
                    return_line_id: int | None = None, note: str = "",
                    user_id: int | None = None) -> MovementInfo:
    """Record a stock change inside the caller's transaction and update the product's stock."""
    if kind not in MOVEMENT_KINDS:
        raise ValueError(f"unknown inventory movement kind {kind!r}")
    if not isinstance(quantity, int) or quantity == 0:
        raise InvalidInput(Message("A stock change needs a whole number of units other than zero."))
    product = session.get(Product, product_id, with_for_update=True, populate_existing=True)
    if product is None:
        raise NotFound(Message("There is no product number {id}.", {"id": product_id}))
    movement = InventoryMovement(product_id=product_id, quantity=quantity, kind=kind,
                                 return_line_id=return_line_id, note=note, user_id=user_id,
                                 created_at=utcnow())
    session.add(movement)
    product.stock = product.stock + quantity
    session.flush()
    return MovementInfo(id=movement.id, product_id=product_id, quantity=quantity, kind=kind, note=note,
                        return_line_id=return_line_id, user_id=user_id, created_at=movement.created_at)


def adjust_stock(ctx: ServiceContext, product_id: int, quantity: int, note: str,
                 expected_version: int | None) -> ProductInfo:
    """Correct a product's stock by a number of units, with a note saying why (owner only)."""
    actor = require_owner(ctx, Message(N_("correct stock")))
    if not (note or "").strip():
        raise InvalidInput(Message("Say why the stock is corrected (for example \"counted the shelf\")."))
    if abs(quantity) > 1_000_000:
        raise InvalidInput(Message("A stock correction of {qty} units cannot be right.", {"qty": quantity}))
    with writing(ctx.db) as session:
        product = session.get(Product, product_id, with_for_update=True)
        if product is None:
            raise NotFound(Message("There is no product number {id}.", {"id": product_id}))
        last = session.scalars(select(InventoryMovement).where(InventoryMovement.product_id == product_id)
                               .order_by(InventoryMovement.id.desc()).limit(1)).first()
        refuse_stale(session, expected_version, product.version, last.user_id if last else None,
                     last.created_at if last else None)
        if product.stock + quantity < 0:
            raise InvalidInput(Message("Only {stock} units of {sku} are in stock; the stock cannot go below "
                                       "zero.", {"stock": product.stock, "sku": product.sku}))
        record_movement(session, product_id, quantity, "correction", note=note.strip(), user_id=actor.id)
        return product_info(product)


def list_movements(db: Database, product_id: int, limit: int = 200) -> list[MovementInfo]:
    """Return a product's stock changes, newest first."""
    with db.read() as session:
        rows = session.scalars(select(InventoryMovement).where(InventoryMovement.product_id == product_id)
                               .order_by(InventoryMovement.id.desc()).limit(limit))
        return [MovementInfo(id=m.id, product_id=m.product_id, quantity=m.quantity, kind=m.kind, note=m.note,
                             return_line_id=m.return_line_id, user_id=m.user_id, created_at=m.created_at)
                for m in rows]
