"""The demo shop: a believable small EU shop with 15 months of orders and returns in every state."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Base, InventoryMovement, Order, Product, Return, Setting, User
from desktop_app.core.demo import data
from desktop_app.core.demo.bulk import BulkWriter, Variant
from desktop_app.core.demo.live import LIVE_STATUSES, make_live_returns
from desktop_app.core.domain.policy import (
    CategoryRule,
    HolidayExtension,
    PolicyRules,
    Resolution,
)
from desktop_app.core.domain.presets import default_rules
from desktop_app.core.i18n import Message
from desktop_app.core.services.admin_common import writing
from desktop_app.core.services.auth import current_user_of, hash_secret
from desktop_app.core.services.base import CurrentUser, InvalidInput, Role, ServiceContext
from desktop_app.core.services.policies import publish, save_draft
from desktop_app.core.services.settings import set_settings

Progress = Callable[[int, int], "bool | None"]
MIN_ORDERS = 50
OWNER_PIN = "4321"  # the demo's well-known PINs are shorter than new PINs may be: the owner sees them flagged
CLERK_PIN = "1234"
INITIAL_STOCK = 40
MOST_LIVE = 300


@dataclass(frozen=True)
class DemoSummary:
    """What the demo shop holds once built."""

    orders: int
    customers: int
    products: int
    returns: int
    live_returns: int


STATE_KEY = "demo.state"  # "building" until the demo is complete, then "done" (not a setting people see)


def _refuse_unless_empty(db: Database, start_over: bool) -> None:
    """Refuse to build the demo over a shop; an unfinished demo is emptied first when told to start over."""
    with db.read() as session:
        state = session.get(Setting, STATE_KEY)
        held = any(session.scalar(select(func.count()).select_from(model)) for model in (User, Product, Order, Return))
    if not held:
        return
    if state is None or state.value != "building":
        raise InvalidInput(Message(
            "This database already holds a shop. The demo shop is only built in an empty database; "
            "choose a new file with --db."))
    if not start_over:
        raise InvalidInput(Message(
            "Building the demo shop here stopped half-way. Run the demo again with --start-over to empty this "
            "unfinished demo and build it from the beginning; nothing was changed."))
    with db.write() as session:  # every row of every table, children first; the schema stays
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())


def _mark(db: Database, state: str) -> None:
    """Record how far the demo got: "building" before the first row, "done" after the last."""
    with db.write() as session:
        row = session.get(Setting, STATE_KEY)
        if row is None:
            session.add(Setting(key=STATE_KEY, value=state))
        else:
            row.value = state


def _policy_rules() -> PolicyRules:
    """Return the demo shop's policy: the EU preset made more generous (30 days, holiday extension)."""
    rules = default_rules("DE", "EUR")
    return rules.with_changes(
        window_days=30,
        holiday_extension=HolidayExtension((11, 1), (12, 24), (1, 31)),
        category_rules=(*rules.category_rules, CategoryRule(data.FINAL_SALE_CATEGORY, final_sale=True)),
        allowed_resolutions=(Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.EXCHANGE,
                             Resolution.KEEP_IT),
        store_credit_bonus_percent=Decimal(10),
        keep_it_below=Decimal(10),
    )


def _demo_users(db: Database) -> tuple[CurrentUser, CurrentUser]:
    """Write the demo's owner and clerk with their documented (short, flagged) PINs."""
    with writing(db) as session:
        people = [User(name=name, display_name=name.title(), role=role.value, secret_hash=hash_secret(pin),
                       short_pin=True) for name, role, pin in (("owner", Role.OWNER, OWNER_PIN),
                                                              ("clerk", Role.CLERK, CLERK_PIN))]
        session.add_all(people)
        session.flush()
        owner, clerk = (current_user_of(user) for user in people)
    return owner, clerk


def _setup(db: Database) -> tuple[CurrentUser, CurrentUser, int]:
    """Create the users, shop settings and published policy; return owner, clerk and the policy id."""
    owner, clerk = _demo_users(db)
    octx = ServiceContext(db, owner)
    values = {k: "\n".join(v) if isinstance(v, list) else str(v) for k, v in data.SHOP_SETTINGS.items()}
    set_settings(octx, values)
    draft = save_draft(octx, _policy_rules(), title="Linden & Loom returns policy",
                       note="Demo shop: EU withdrawal right, extended to 30 days.")
    published = publish(octx, draft.id)
    return owner, clerk, published.id


def _products(db: Database, owner: CurrentUser) -> list[Variant]:
    """Write the catalogue (sized products as one SKU per size) with their opening stock."""
    rows: list[dict[str, Any]] = []
    for p in data.PRODUCTS:
        sizes = data.SIZES if p.sized else ("",)
        for size in sizes:
            rows.append({"sku": f"{p.sku}-{size}" if size else p.sku,
                         "name": f"{p.name} ({size})" if size else p.name, "category": p.category,
                         "price_minor": p.price_minor, "currency": "EUR", "stock": INITIAL_STOCK,
                         "final_sale": p.category == data.FINAL_SALE_CATEGORY, "base": p.sku})
    with db.write() as session:
        session.execute(insert(Product), [{k: v for k, v in r.items() if k != "base"} for r in rows])
        ids = dict(session.execute(select(Product.sku, Product.id)).all())
        session.execute(insert(InventoryMovement), [
            {"product_id": ids[r["sku"]], "quantity": INITIAL_STOCK, "kind": "initial",
             "note": "Demo shop opening stock", "user_id": owner.id} for r in rows])
    return [Variant(ids[r["sku"]], r["sku"], r["name"], r["category"], r["price_minor"], r["base"])
            for r in rows]


def build_demo(db: Database, orders: int = 5000, seed: int = 7,
               progress: Progress | None = None, *, start_over: bool = False) -> DemoSummary:
    """Fill an empty database with the demo shop; the same seed gives the same shop (on the same day).

    A build that was stopped half-way is refused, or emptied and built again with `start_over`.
    """
    if orders < MIN_ORDERS:
        raise InvalidInput(Message("The demo shop needs at least {count} orders.", {"count": MIN_ORDERS}))
    _refuse_unless_empty(db, start_over)
    _mark(db, "building")
    rng = random.Random(seed)
    least_live = len(LIVE_STATUSES) * 3  # every status a few times, even in a small demo
    total_steps = orders + min(MOST_LIVE, max(least_live, orders // 50))  # about the live returns to come

    def tick(done: int) -> None:
        if progress is not None:
            progress(done, total_steps)

    owner, clerk, policy_id = _setup(db)
    variants = _products(db, owner)
    customers = max(len(data.CUSTOMERS), min(orders // 3, 250_000))
    recent = min(orders // 2, least_live * 2)
    bulk = BulkWriter(db, rng, variants, policy_id, owner.id, clerk.id, tick).run(orders, customers, recent)
    # about one recent order in six comes back, as in the closed history: the last weeks look like the others
    live_target = min(MOST_LIVE, max(least_live, len(bulk.recent_order_ids) // 6))
    live = make_live_returns(db, rng, owner, clerk, bulk.recent_order_ids, live_target,
                             lambda k: tick(orders + k))
    _mark(db, "done")
    tick(total_steps)
    return DemoSummary(orders=orders, customers=customers, products=len(variants),
                       returns=bulk.returns + live, live_returns=live)
