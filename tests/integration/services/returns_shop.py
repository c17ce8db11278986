"""A small real shop for the returns service tests: owner and clerk, settings, a published policy, stock, orders."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Customer, InventoryMovement, Order, OrderLine, Product, utcnow
from desktop_app.core.domain.policy import Condition, PolicyRules, Resolution
from desktop_app.core.services import policies
from desktop_app.core.services.auth import create_first_owner
from desktop_app.core.services.base import CurrentUser, ReturnEventHook, Role, ServiceContext
from desktop_app.core.services.catalog import record_movement
from desktop_app.core.services.settings import set_settings
from desktop_app.core.services.users import add_user
from tests.helpers.dump import logical_dump

RULES = PolicyRules(
    country="DE", currency="EUR", window_days=30, required_condition=Condition.LIKE_NEW,
    restocking_fee_percent=Decimal(10),
    allowed_resolutions=(Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.EXCHANGE, Resolution.REPAIR,
                         Resolution.KEEP_IT),
    store_credit_bonus_percent=Decimal(10), keep_it_below=Decimal(5), refund_promise_business_days=5,
)


@dataclass
class Shop:
    """The shop's database, who works in it, and the ids of its products and orders."""

    db: Database
    owner: ServiceContext
    clerk: ServiceContext
    products: dict[str, int]
    order_lines: dict[str, int]  # "1001/MUG-1" -> order line id


def build_shop(db: Database, clerk_limit: str = "100") -> Shop:
    """Write the owner, a clerk, settings, policy version 1, three products with stock and two orders."""
    owner_user = create_first_owner(db, "owner", "432100", "Olga Owner")
    owner = ServiceContext(db, owner_user)
    info = add_user(owner, "clerk", "123400", "clerk", "Carl Clerk")
    clerk = ServiceContext(db, CurrentUser(info.id, info.name, info.display_name, Role.CLERK))
    set_settings(owner, {"shop.country": "DE", "shop.timezone": "Europe/Berlin", "shop.currency": "EUR",
                         "clerk.refund_limit": clerk_limit, "sla.days": "5"})
    draft = policies.save_draft(owner, RULES, title="v1")
    policies.publish(owner, draft.id)
    now = utcnow()
    products: dict[str, int] = {}
    lines: dict[str, int] = {}
    with db.write() as s:
        for sku, name, price in (("MUG-1", "Blue mug", 1199), ("TEE-M", "T-shirt M", 2500),
                                 ("TEE-L", "T-shirt L", 2500), ("PIN-1", "Enamel pin", 300)):
            product = Product(sku=sku, name=name, category="general", price_minor=price, currency="EUR")
            s.add(product)
            s.flush()
            record_movement(s, product.id, 10, "initial", user_id=owner_user.id)
            products[sku] = product.id
        anna = Customer(name="Anna Schmidt", email="anna@example.com", country="DE")
        wang = Customer(name="王小明", email="wang@example.cn", country="CN")
        s.add_all([anna, wang])
        s.flush()
        for number, customer, items in (
            ("1001", anna, (("MUG-1", 3, 1199, 191), ("TEE-M", 1, 2500, 399), ("PIN-1", 2, 300, 48))),
            ("1002", wang, (("MUG-1", 2, 1199, 191),)),
        ):
            order = Order(number=number, channel="shop", customer_id=customer.id,
                          ordered_at=now - timedelta(days=6), delivered_at=now - timedelta(days=3),
                          currency="EUR", total_minor=sum(q * p for _s, q, p, _t in items))
            order.lines = [OrderLine(position=i + 1, product_id=products[sku], sku=sku, name=sku,
                                     category="general", quantity=q, unit_price_minor=p, unit_tax_minor=t)
                           for i, (sku, q, p, t) in enumerate(items)]
            s.add(order)
            s.flush()
            for line in order.lines:
                lines[f"{number}/{line.sku}"] = line.id
    return Shop(db, owner, clerk, products, lines)


def stock(db: Database, sku: str) -> tuple[int, int]:
    """Return (the product's stock, the sum of its inventory movements): they must always agree."""
    with db.read() as s:
        product = s.scalars(select(Product).where(Product.sku == sku)).one()
        moved = s.scalar(select(func.coalesce(func.sum(InventoryMovement.quantity), 0))
                         .where(InventoryMovement.product_id == product.id))
        return product.stock, int(moved)


def dump(db: Database) -> dict:
    """Return the logical content of the database (to show a refusal changed nothing)."""
    return logical_dump(db)


def with_hooks(shop: Shop, hooks: tuple[ReturnEventHook, ...]) -> Shop:
    """Return the same shop whose owner and clerk contexts pass `hooks` (as the window and the command do)."""
    return replace(shop, owner=replace(shop.owner, on_return_event=hooks),
                   clerk=replace(shop.clerk, on_return_event=hooks))
