"""Bulk part of the demo shop: customers, 15 months of orders and closed historical returns in chunks."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Table, insert, text, update
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import (
    Counter,
    Customer,
    InventoryMovement,
    Order,
    OrderLine,
    Product,
    Refund,
    Return,
    ReturnEvent,
    ReturnLine,
    StoreCreditEntry,
)
from desktop_app.core.demo import data
from desktop_app.core.domain.money import Money, allocate
from desktop_app.core.services.returns.numbering import RMA_COUNTER, format_credit_note, format_rma

CHUNK = 5000
SPAN_DAYS = 457  # 15 months
RECENT_DAYS = (3, 27)  # orders the live returns are made from: delivered and inside the 30-day window
HISTORY_AFTER_DAYS = RECENT_DAYS[1]  # older orders may carry a closed return (if it closed before now)
VAT_PERCENT = 19
FREE_SHIPPING_FROM = 5000
SHIPPING_MINOR = 490
BULK_TABLES = ("customers", "orders", "order_lines", "returns", "return_lines")


@dataclass(frozen=True)
class Variant:
    """One sellable SKU (a product in one size) as stored."""

    id: int
    sku: str
    name: str
    category: str
    price_minor: int
    base_sku: str


@dataclass
class BulkResult:
    """What the bulk phase wrote, and what the live phase needs from it."""

    orders: int = 0
    customers: int = 0
    returns: int = 0
    recent_order_ids: list[int] = field(default_factory=list)


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _w in choices], weights=[w for _c, w in choices])[0]


def reason_for(rng: random.Random, category: str) -> str:
    """Return a believable reason code for a product category (final sale: only shop-fault reasons)."""
    if category == data.FINAL_SALE_CATEGORY:
        return rng.choice(("defective", "wrong_item"))
    table = data.HOME_REASONS if category in data.HOME_CATEGORIES else data.CLOTHING_REASONS
    return _weighted(rng, table)


def _customer_rows(rng: random.Random, count: int) -> list[dict[str, Any]]:
    rows = []
    for i in range(1, count + 1):
        if i <= len(data.CUSTOMERS):
            c = data.CUSTOMERS[i - 1]
            rows.append({"id": i, "name": c.name, "email": f"{c.email}@example.com", "language": c.language,
                         "street": c.street, "city": c.city, "postcode": c.postcode, "region": c.region,
                         "country": c.country, "external_key": f"demo-{i}"})
            continue
        template = rng.choice(data.CUSTOMERS)
        if template.language == "zh_CN":
            name = rng.choice(data.CHINESE_SURNAMES) + rng.choice(data.CHINESE_GIVEN)
            stem = f"customer{i}"
        else:
            first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
            name = f"{first} {last}"
            stem = f"{first}.{last}{i}".lower().replace("ü", "ue").replace("ö", "oe")
        rows.append({"id": i, "name": name, "email": f"{stem}@example.com", "language": template.language,
                     "street": template.street, "city": template.city, "postcode": template.postcode,
                     "region": template.region, "country": template.country, "external_key": f"demo-{i}"})
    return rows


SEASON = {1: 0.8, 2: 0.7, 3: 0.9, 4: 1.0, 5: 1.0, 6: 0.9, 7: 0.9, 8: 0.9, 9: 1.0, 10: 1.1, 11: 1.5, 12: 1.8}
GROWTH = 0.3  # the shop sells 30 % more at the end of the 15 months than at their start


def _order_offsets(rng: random.Random, count: int, recent: int) -> list[float]:
    """Return days-before-today of every order, oldest first: steady, slowly growing trade with seasons.

    At least `recent` orders fall in the weeks live returns are made from; a large demo has that many there
    anyway, a small one gets some of its older orders moved there so every status has a return.
    """
    today = datetime.now(UTC).date()
    offsets: list[float] = []
    while len(offsets) < count:
        offset = rng.uniform(0.2, SPAN_DAYS)
        weight = SEASON[(today - timedelta(days=int(offset))).month] * (1 + GROWTH * (1 - offset / SPAN_DAYS))
        if rng.random() * 1.8 * (1 + GROWTH) <= weight:
            offsets.append(offset)
    in_window = [i for i, o in enumerate(offsets) if RECENT_DAYS[0] <= o <= RECENT_DAYS[1]]
    older = [i for i, o in enumerate(offsets) if o > RECENT_DAYS[1]]
    for i in rng.sample(older, min(len(older), max(0, recent - len(in_window)))):
        offsets[i] = rng.uniform(*RECENT_DAYS)
    offsets.sort(reverse=True)
    return offsets


class BulkWriter:
    """Writes the historical part of the demo shop with chunked bulk inserts."""

    def __init__(self, db: Database, rng: random.Random, variants: list[Variant], policy_id: int,
                 owner_id: int, clerk_id: int, progress: Callable[[int], None]) -> None:
        self.db, self.rng, self.variants = db, rng, variants
        self.policy_id, self.owner_id, self.clerk_id = policy_id, owner_id, clerk_id
        self.progress = progress
        midnight = datetime.combine(datetime.now(UTC).date(), time(0), tzinfo=UTC)
        self.midnight = midnight
        self.by_base: dict[str, list[Variant]] = {}
        self.by_sku = {v.sku: v for v in variants}
        for v in variants:
            self.by_base.setdefault(v.base_sku, []).append(v)
        self.customer_rows: list[dict[str, Any]] = []
        self.rma_no = 0
        self.credit_notes: dict[int, int] = {}
        self.result = BulkResult()
        self.line_id = 0
        self.return_line_id = 0

    def run(self, orders: int, customers: int, recent: int) -> BulkResult:
        """Write customers, orders with lines and historical returns; one transaction per chunk."""
        self.customer_rows = _customer_rows(self.rng, customers)
        with self.db.write() as session:
            for chunk in _chunks(self.customer_rows):
                session.execute(insert(cast(Table, Customer.__table__)), chunk)
        self.customers = customers
        self.result.customers = customers
        offsets = _order_offsets(self.rng, orders, recent)
        with search_triggers_paused(self.db):
            for start in range(0, orders, CHUNK):
                self._order_chunk(start, offsets[start:start + CHUNK])
                self.progress(min(start + CHUNK, orders))
        self.result.orders = orders
        with self.db.write() as session:
            session.execute(insert(Counter), [{"name": RMA_COUNTER, "value": self.rma_no}] + [
                {"name": f"credit_note:{y}", "value": n} for y, n in self.credit_notes.items()])
            fix_sequences(session)
        return self.result

    def _order_chunk(self, start: int, offsets: list[float]) -> None:
        rows: dict[str, list[dict[str, Any]]] = {k: [] for k in (
            "orders", "lines", "returns", "rlines", "events", "refunds", "credit", "moves")}
        for k, offset in enumerate(offsets):
            self._order(start + k + 1, offset, rows)
        with self.db.write() as session:
            for model, key in ((Order, "orders"), (OrderLine, "lines"), (Return, "returns"),
                               (ReturnLine, "rlines"), (ReturnEvent, "events"), (Refund, "refunds"),
                               (StoreCreditEntry, "credit"), (InventoryMovement, "moves")):
                for chunk in _chunks(rows[key]):
                    session.execute(insert(cast(Table, model.__table__)), chunk)
            # stock moves with its movements in the same transaction, so a stop between chunks keeps them equal
            change: dict[int, int] = {}
            for move in rows["moves"]:
                change[move["product_id"]] = change.get(move["product_id"], 0) + move["quantity"]
            for product_id, qty in change.items():
                session.execute(update(Product).where(Product.id == product_id).values(stock=Product.stock + qty))

    def _order(self, order_id: int, offset: float, rows: dict[str, list[dict[str, Any]]]) -> None:
        rng = self.rng
        ordered = self.midnight - timedelta(days=offset)
        delivered = ordered + timedelta(days=rng.randint(2, 5), hours=rng.randint(0, 8))
        delivered_at = delivered if delivered < self.midnight else None
        customer_id = rng.randint(1, self.customers)
        n_lines = rng.choices((1, 2, 3), weights=(60, 28, 12))[0]
        picked = rng.sample(self.variants, n_lines)
        discount = rng.random() < 0.1
        paid = [v.price_minor * 9 // 10 if discount else v.price_minor for v in picked]
        qtys = [rng.choices((1, 2, 3), weights=(85, 12, 3))[0] for _ in picked]
        subtotal = sum(p * q for p, q in zip(paid, qtys, strict=True))
        shipping = 0 if subtotal >= FREE_SHIPPING_FROM else SHIPPING_MINOR
        shares = [m.to_minor() for m in allocate(Money.from_minor(shipping, "EUR"),
                                                 [p * q for p, q in zip(paid, qtys, strict=True)])]
        rows["orders"].append({
            "id": order_id, "number": str(10000 + order_id), "channel": "shop", "customer_id": customer_id,
            "ordered_at": ordered, "delivered_at": delivered_at, "currency": "EUR", "shipping_minor": shipping,
            "discount_minor": sum((v.price_minor - p) * q for v, p, q in zip(picked, paid, qtys, strict=True)),
            "total_minor": subtotal + shipping, "status": "fulfilled", "carrier": "DHL",
            "tracking_number": f"JJD{rng.randrange(10**14):014d}", "created_at": ordered,
            **self._ship_to(customer_id)})
        lines = []
        for pos, (v, p, q, share) in enumerate(zip(picked, paid, qtys, shares, strict=True), start=1):
            self.line_id += 1
            tax = (p * VAT_PERCENT * 2 + (100 + VAT_PERCENT)) // (2 * (100 + VAT_PERCENT))
            line = {"id": self.line_id, "order_id": order_id, "position": pos, "product_id": v.id,
                    "sku": v.sku, "name": v.name, "category": v.category, "quantity": q,
                    "unit_price_minor": p, "unit_tax_minor": tax, "shipping_share_minor": share}
            rows["lines"].append(line)
            lines.append(line)
        if RECENT_DAYS[0] <= offset <= RECENT_DAYS[1] and delivered_at is not None:
            self.result.recent_order_ids.append(order_id)
        elif offset > HISTORY_AFTER_DAYS and delivered_at is not None:
            self._maybe_return(order_id, customer_id, delivered_at, lines, rows)

    def _ship_to(self, customer_id: int) -> dict[str, str]:
        c = self.customer_rows[customer_id - 1]
        return {"ship_name": c["name"], "ship_street": c["street"], "ship_city": c["city"],
                "ship_postcode": c["postcode"], "ship_region": c["region"], "ship_country": c["country"]}

    def _maybe_return(self, order_id: int, customer_id: int, delivered: datetime,
                      lines: list[dict[str, Any]], rows: dict[str, list[dict[str, Any]]]) -> None:
        rng = self.rng
        chosen = []
        for line in lines:
            category = line["category"]
            chance = 0.01 if category == data.FINAL_SALE_CATEGORY else (
                0.06 if category in data.HOME_CATEGORIES else 0.16)
            if rng.random() < chance:
                chosen.append(line)
        if not chosen:
            return
        requested = delivered + timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 10))
        approved = requested + timedelta(hours=rng.randint(2, 40))
        received = approved + timedelta(days=rng.randint(3, 8), hours=rng.randint(0, 10))
        inspected = received + timedelta(hours=rng.randint(1, 20))
        resolved = inspected + timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 12))
        closed = resolved + timedelta(hours=rng.randint(1, 30))
        if closed >= self.midnight:  # (midnight, not now: the same seed gives the same shop all day)
            return
        self.rma_no += 1
        self.result.returns += 1
        return_id = self.rma_no
        rows["returns"].append({
            "id": return_id, "rma": format_rma(self.rma_no), "order_id": order_id, "customer_id": customer_id,
            "policy_version_id": self.policy_id, "status": "closed", "channel": "shop", "currency": "EUR",
            "requested_at": requested, "approved_at": approved, "received_at": received,
            "resolved_at": resolved, "closed_at": closed, "due_at": received + timedelta(days=7),
            "carrier": "DHL", "tracking_number": f"RET{rng.randrange(10**12):012d}", "label_prepaid": True,
            "created_by": self.clerk_id, "updated_by": self.owner_id, "updated_at": closed,
            "shipping_charge_minor": 0})
        for ev_kind, frm, to, at, who in (("created", None, "requested", requested, self.clerk_id),
                                          ("approved", "requested", "approved", approved, self.clerk_id),
                                          ("received", "approved", "received", received, self.clerk_id),
                                          ("inspected", "received", "inspected", inspected, self.clerk_id),
                                          ("resolved", "inspected", "resolved", resolved, self.owner_id),
                                          ("closed", "resolved", "closed", closed, self.owner_id)):
            rows["events"].append({"return_id": return_id, "kind": ev_kind, "from_status": frm,
                                   "to_status": to, "note": "", "data": {"demo": True}, "user_id": who,
                                   "created_at": at})
        for line in chosen:
            self._return_line(return_id, customer_id, line, resolved, rows)

    def _return_line(self, return_id: int, customer_id: int, line: dict[str, Any], resolved: datetime,
                     rows: dict[str, list[dict[str, Any]]]) -> None:
        rng = self.rng
        qty = rng.randint(1, line["quantity"])
        reason = reason_for(rng, line["category"])
        damaged = qty if reason in ("defective", "damaged_in_transit") else 0
        base = self.by_sku[line["sku"]].base_sku
        sizes = [v for v in self.by_base.get(base, []) if v.sku != line["sku"]]
        if reason == "wrong_size" and sizes and rng.random() < 0.45:
            resolution = "exchange"
        elif reason in ("changed_mind", "better_price", "ordered_by_mistake") and rng.random() < 0.25:
            resolution = "store_credit"
        else:
            resolution = "refund"
        self.return_line_id += 1
        rl_id = self.return_line_id
        amount = line["unit_price_minor"] * qty
        exchange = rng.choice(sizes) if resolution == "exchange" else None
        rows["rlines"].append({
            "id": rl_id, "return_id": return_id, "order_line_id": line["id"], "product_id": line["product_id"],
            "sku": line["sku"], "name": line["name"], "requested_qty": qty, "received_qty": qty,
            "damaged_qty": damaged, "refunded_qty": qty if resolution == "refund" else 0,
            "credited_qty": qty if resolution == "store_credit" else 0, "resolved_qty": qty,
            "reason_code": reason, "customer_comment": rng.choice(data.COMMENTS.get(reason, ("",))),
            "condition": "damaged" if damaged else "like_new", "disposition": "write_off" if damaged
            else "restock", "resolution": resolution, "exchange_sku": exchange.sku if exchange else None,
            "value_minor": amount})
        if qty - damaged:
            rows["moves"].append({"product_id": line["product_id"], "quantity": qty - damaged, "kind": "restock",
                                  "return_line_id": rl_id, "note": format_rma(return_id),
                                  "user_id": self.clerk_id, "created_at": resolved})
        if exchange is not None:
            rows["moves"].append({"product_id": exchange.id, "quantity": -qty, "kind": "exchange_out",
                                  "return_line_id": rl_id, "note": format_rma(return_id),
                                  "user_id": self.owner_id, "created_at": resolved})
            return
        year = resolved.year
        self.credit_notes[year] = self.credit_notes.get(year, 0) + 1
        method = "store_credit" if resolution == "store_credit" else "original_payment"
        rows["refunds"].append({
            "return_id": return_id, "return_line_id": rl_id, "quantity": qty, "amount_minor": amount,
            "tax_minor": line["unit_tax_minor"] * qty, "currency": "EUR", "method": method,
            "external_reference": f"re_{rng.randrange(16**12):012x}" if method != "store_credit" else "",
            "credit_note_number": format_credit_note(year, self.credit_notes[year]),
            "user_id": self.owner_id, "created_at": resolved})
        if method == "store_credit":
            rows["credit"].append({"customer_id": customer_id, "return_id": return_id, "amount_minor": amount,
                                   "currency": "EUR", "note": format_rma(return_id), "user_id": self.owner_id,
                                   "created_at": resolved})


@contextmanager
def search_triggers_paused(db: Database) -> Iterator[None]:
    """On SQLite, drop the queue-search triggers during the bulk load and rebuild the index once after."""
    try:
        from desktop_app.core.db import search_index
    except ImportError:  # a build without the search index
        yield
        return
    with db.read() as session:
        present = db.is_sqlite and session.execute(
            text("SELECT 1 FROM sqlite_master WHERE name = :name"), {"name": search_index.FTS_TABLE}).first()
    if not present:
        yield
        return
    with db.write() as session:
        search_index.drop_sqlite_triggers(lambda sql: session.execute(text(sql)))
    try:
        yield
    finally:
        with db.write() as session:
            search_index.rebuild_sqlite(lambda sql: session.execute(text(sql)))
            search_index.create_sqlite_triggers(lambda sql: session.execute(text(sql)))


def _chunks(rows: list[dict[str, Any]], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def fix_sequences(session: Session) -> None:
    """After inserting explicit ids on PostgreSQL, move each id sequence past the highest id."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in BULK_TABLES:
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"))
