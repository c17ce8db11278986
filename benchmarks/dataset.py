"""Benchmark shops: N returns with their orders, written once with raw bulk inserts and cached."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop_app.core.db import search_index
from desktop_app.core.demo import data
from desktop_app.core.demo.bulk import reason_for

CACHE = Path(__file__).resolve().parent / ".cache"
ORDERS_PER_RETURN = 3  # one order in three has a return (a fashion shop's share)
SPAN_DAYS = 426  # about 14 months, like the demo shop
OPEN_DAYS = 20  # returns requested in the last days are still being worked on
CHUNK = 20_000
BULK_TABLES = ("customers", "orders", "order_lines", "returns", "return_lines", "refunds")
FORMAT_VERSION = 1  # bump when the generated content changes (the cached files are rebuilt)
OPEN_STATUSES = ("requested", "approved", "partially_received", "received", "inspected", "resolved")
PREFIXES = ("Berg", "Wald", "Stein", "Linden", "Hof", "Brand", "Kessel", "Sommer", "Winter", "Feld",
            "Rosen", "Eich", "Buch", "Hart", "Neu", "Alt", "Gross", "Klein", "Mühl", "Weiß", "Lang", "Kurz")
SUFFIXES = ("mann", "er", "feld", "berg", "hoff", "bach", "hausen", "ner", "ling", "stein", "dorf",
            "meier", "huber", "bauer", "schmidt", "wald")
CN_SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
               "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹")
CN_GIVEN = ("伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
            "涛", "明", "超", "兰", "霞", "平", "刚", "桂", "华", "建", "国", "文", "辉", "玲", "红", "燕")

Progress = Callable[[str], None]


def _ts(value: datetime) -> str:
    """SQLAlchemy's SQLite text form of a UTC timestamp."""
    return value.isoformat(sep=" ", timespec="microseconds")


def _names(rng: random.Random) -> tuple[list[str], list[str]]:
    latin = [*data.LAST_NAMES, *(p + s.lower() if p[-1] != s[0] else p + s[1:] for p in PREFIXES for s in SUFFIXES)]
    return latin, list(data.FIRST_NAMES)


class Buffer:
    """Rows for one table, written with executemany every CHUNK rows."""

    def __init__(self, conn: sqlite3.Connection, table: str, columns: str) -> None:
        marks = ", ".join("?" * len(columns.split(",")))
        self.conn, self.sql, self.rows, self.count = conn, f"INSERT INTO {table} ({columns}) VALUES ({marks})", [], 0

    def add(self, row: tuple[Any, ...]) -> None:
        """Queue one row."""
        self.rows.append(row)
        if len(self.rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        """Write the queued rows."""
        self.conn.executemany(self.sql, self.rows)
        self.count += len(self.rows)
        self.rows = []


class Generator:
    """Writes customers, orders with lines, and returns with lines and refunds for one shop size."""

    def __init__(self, conn: sqlite3.Connection, returns: int, seed: int, policy_id: int, clerk_id: int,
                 variants: list[tuple[int, str, str, str, int]]) -> None:
        self.conn, self.returns, self.rng = conn, returns, random.Random(seed)
        self.orders = returns * ORDERS_PER_RETURN
        self.customers = max(100, returns * 6 // 10)
        self.policy_id, self.clerk_id, self.variants = policy_id, clerk_id, variants
        self.now = datetime.now(UTC).replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
        self.start = self.now - timedelta(days=SPAN_DAYS)
        self.out = {
            "customers": Buffer(conn, "customers", "id, name, email, language, street, city, postcode, region, "
                                "country, external_key, created_at"),
            "orders": Buffer(conn, "orders", "id, number, channel, customer_id, ordered_at, delivered_at, currency, "
                             "shipping_minor, discount_minor, total_minor, status, ship_name, ship_street, ship_city, "
                             "ship_postcode, ship_region, ship_country, carrier, tracking_number, created_at"),
            "order_lines": Buffer(conn, "order_lines", "id, order_id, position, product_id, sku, name, category, "
                                  "quantity, unit_price_minor, unit_tax_minor, shipping_share_minor"),
            "returns": Buffer(conn, "returns", "id, rma, order_id, customer_id, policy_version_id, status, channel, "
                              "currency, requested_at, approved_at, received_at, resolved_at, closed_at, due_at, "
                              "carrier, tracking_number, label_prepaid, shipping_charge_minor, imported, flagged, "
                              "created_by, updated_by, updated_at, version"),
            "return_lines": Buffer(conn, "return_lines", "id, return_id, order_line_id, product_id, sku, name, "
                                   "requested_qty, received_qty, damaged_qty, refunded_qty, credited_qty, "
                                   "resolved_qty, reason_code, customer_comment, condition, disposition, resolution, "
                                   "unexpected, value_minor"),
            "refunds": Buffer(conn, "refunds", "return_id, return_line_id, quantity, amount_minor, tax_minor, "
                              "shipping_minor, fee_minor, currency, method, external_reference, goodwill_reason, "
                              "user_id, created_at"),
        }
        self.names: list[tuple[str, str]] = []
        self.rid = self.rl_id = 0

    def run(self, progress: Progress) -> dict[str, int]:
        """Write everything; return row counts."""
        self._customers()
        self.out["customers"].flush()
        progress(f"customers {self.out['customers'].count:,}")
        with_return = set(self.rng.sample(range(1, self.orders + 1), self.returns))
        self._orders(with_return, progress)
        for buffer in self.out.values():
            buffer.flush()
        self.conn.execute("INSERT OR REPLACE INTO counters(name, value) VALUES ('rma', ?)", (self.returns,))
        return {name: buffer.count for name, buffer in self.out.items()}

    def _customers(self) -> None:
        rng = self.rng
        latin, first = _names(rng)
        created = _ts(self.start)
        for i in range(1, self.customers + 1):
            template = data.CUSTOMERS[i % len(data.CUSTOMERS)]
            if rng.random() < 0.25:
                name = rng.choice(CN_SURNAMES) + "".join(rng.choices(CN_GIVEN, k=rng.choice((1, 2, 2))))
                email, lang = f"customer{i}@example.cn", "zh_CN"
            else:
                f, last = rng.choice(first), rng.choice(latin)
                name = f"{f} {last}"
                email, lang = f"{f}.{last}{i}@example.com".lower(), template.language
            self.names.append((name, template.city))
            self.out["customers"].add((i, name, email, lang, template.street, template.city, template.postcode,
                                       template.region, template.country, f"bench-{i}", created))

    def _orders(self, with_return: set[int], progress: Progress) -> None:
        rng, variants = self.rng, self.variants
        step = SPAN_DAYS * 86400 / self.orders
        line_id = 0
        for oid in range(1, self.orders + 1):
            ordered = self.start + timedelta(seconds=oid * step + rng.uniform(0, step))
            delivered = ordered + timedelta(days=rng.randint(2, 5))
            customer = rng.randint(1, self.customers)
            n_lines = rng.choices((1, 2, 3), weights=(60, 28, 12))[0]
            total = 0
            lines = []
            for pos, (pid, sku, name, category, price) in enumerate(rng.sample(variants, n_lines), start=1):
                qty = rng.choices((1, 2, 3), weights=(85, 12, 3))[0]
                line_id += 1
                total += price * qty
                lines.append((line_id, oid, pos, pid, sku, name, category, qty, price, price * 19 // 119, 0))
            ship_name, city = self.names[customer - 1]
            self.out["orders"].add((oid, str(100000 + oid), "shop", customer, _ts(ordered), _ts(delivered), "EUR",
                                    0, 0, total, "fulfilled", ship_name, "", city, "", "", "DE", "DHL",
                                    f"JJD{rng.randrange(10**14):014d}", _ts(ordered)))
            for line in lines:
                self.out["order_lines"].add(line)
            if oid in with_return:
                self._return(oid, customer, delivered, lines)
            if oid % 500_000 == 0:
                progress(f"orders {oid:,} of {self.orders:,}")

    def _status(self, requested: datetime) -> str:
        age = (self.now - requested).days
        if age < OPEN_DAYS:
            return OPEN_STATUSES[-1 - min(age * len(OPEN_STATUSES) // OPEN_DAYS, len(OPEN_STATUSES) - 1)]
        return self.rng.choices(("closed", "rejected", "cancelled"), weights=(95, 3, 2))[0]

    def _return(self, oid: int, customer: int, delivered: datetime, lines: list[tuple[Any, ...]]) -> None:
        rng = self.rng
        self.rid += 1
        rid = self.rid
        requested = delivered + timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 10))
        if requested >= self.now:
            requested = self.now - timedelta(hours=rng.randint(1, 100))
        status = self._status(requested)
        step = 0 if status in ("rejected", "cancelled") else (*OPEN_STATUSES, "closed").index(status)
        approved = requested + timedelta(hours=rng.randint(2, 40))
        received = approved + timedelta(days=rng.randint(3, 8))
        resolved = received + timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 6))
        closed = resolved + timedelta(hours=rng.randint(1, 30))
        self.out["returns"].add((
            rid, f"R-{rid:06d}", oid, customer, self.policy_id, status, "shop", "EUR", _ts(requested),
            _ts(approved) if step >= 1 else None, _ts(received) if step >= 3 else None,
            _ts(resolved) if step >= 5 else None, _ts(closed) if step >= 6 else None,
            _ts(received + timedelta(days=7)) if step >= 3 else _ts(requested + timedelta(days=2)),
            "DHL", f"RET{rng.randrange(10**12):012d}", 1, 0, 0, 0, self.clerk_id, self.clerk_id,
            _ts(closed if step >= 5 else requested), 1))
        picked = lines[:1] if len(lines) == 1 or rng.random() < 0.8 else rng.sample(lines, 2)
        for line_id, _oid, _pos, pid, sku, name, category, bought, price, tax, _ship in picked:
            self.rl_id += 1
            qty = rng.randint(1, bought)
            reason = reason_for(rng, category)
            damaged = qty if reason in ("defective", "damaged_in_transit") and step >= 3 else 0
            refunded = step >= 5
            self.out["return_lines"].add((
                self.rl_id, rid, line_id, pid, sku, name, qty, qty if step >= 3 else 0, damaged,
                qty if refunded else 0, 0, qty if refunded else 0, reason,
                rng.choice(data.COMMENTS.get(reason, ("",))),
                ("damaged" if damaged else "like_new") if step >= 4 else None,
                ("write_off" if damaged else "restock") if step >= 4 else None,
                "refund" if refunded else None, 0, price * qty))
            if refunded:
                self.out["refunds"].add((rid, self.rl_id, qty, price * qty, tax * qty, 0, 0, "EUR",
                                         "original_payment", f"re_{rid:012x}", "", self.clerk_id, _ts(resolved)))


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes of the bulk tables; return the statements that create them again."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
                        f"({', '.join(repr(t) for t in BULK_TABLES)})").fetchall()
    for name, _sql in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in rows]


def _setup(path: Path) -> tuple[int, int, list[tuple[int, str, str, str, int]]]:
    """Create the shop at head with users, settings, published policy and catalogue (the demo's)."""
    from desktop_app.core.db.schema import open_database
    from desktop_app.core.demo import shop as demo

    db = open_database(path)
    try:
        owner, clerk, policy_id = demo._setup(db)
        variants = demo._products(db, owner)
    finally:
        db.dispose()
    return policy_id, clerk.id, [(v.id, v.sku, v.name, v.category, v.price_minor) for v in variants]


def build(path: Path, returns: int, seed: int = 12, progress: Progress = print) -> dict[str, Any]:
    """Build a benchmark shop file with `returns` returns (about 3 orders per return)."""
    began = time.perf_counter()
    tmp = path.with_suffix(".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    policy_id, clerk_id, variants = _setup(tmp)
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-400000")
        conn.execute("BEGIN")
        search_index.drop_sqlite_triggers(conn.execute)
        indexes = _drop_indexes(conn)  # an index built once after the load is cheaper than kept during it
        counts = Generator(conn, returns, seed, policy_id, clerk_id, variants).run(progress)
        for sql in indexes:
            conn.execute(sql)
        progress("indexes built")
        search_index.rebuild_sqlite(conn.execute)
        search_index.create_sqlite_triggers(conn.execute)
        conn.execute("COMMIT")
        progress("search index built")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()
    tmp.replace(path)
    return {"returns": returns, "seconds": time.perf_counter() - began, "rows": counts}


def shop_path(returns: int) -> Path:
    """Return the cached shop file of a size."""
    return CACHE / f"shop-{returns}-v{FORMAT_VERSION}.sqlite3"


def ensure(returns: int, progress: Progress = print) -> tuple[Path, dict[str, Any] | None]:
    """Return the cached shop of a size, building it first when missing (then also its build figures)."""
    path = shop_path(returns)
    if path.exists():
        return path, None
    CACHE.mkdir(parents=True, exist_ok=True)
    return path, build(path, returns, progress=progress)
