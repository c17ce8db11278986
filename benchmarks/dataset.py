"""Benchmark shops: N returns with their orders, written once with raw bulk inserts and cached."""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop_app.core.db import search_index
from desktop_app.core.demo import data

from .timeline import Ids, ReturnWriter

CACHE = Path(os.environ.get("RETURNDESK_BENCH_CACHE") or Path(__file__).resolve().parent / ".cache")
ORDERS_PER_RETURN = 3  # one order in three has a return (a fashion shop's share)
SPAN_DAYS = 426  # about 14 months, like the demo shop
RETURNABLE_AFTER_DAYS = 7  # orders of the last week are not delivered long enough to come back yet
CHUNK = 20_000
FORMAT_VERSION = 2  # bump when the generated content changes (the cached files are rebuilt)
COLUMNS = {
    "customers": "id, name, email, language, street, city, postcode, region, country, external_key, created_at",
    "orders": "id, number, channel, customer_id, ordered_at, delivered_at, currency, shipping_minor, "
              "discount_minor, total_minor, status, ship_name, ship_street, ship_city, ship_postcode, ship_region, "
              "ship_country, carrier, tracking_number, created_at",
    "order_lines": "id, order_id, position, product_id, sku, name, category, quantity, unit_price_minor, "
                   "unit_tax_minor, shipping_share_minor",
    "returns": "id, rma, order_id, customer_id, policy_version_id, status, channel, currency, requested_at, "
               "approved_at, received_at, resolved_at, closed_at, due_at, carrier, tracking_number, label_prepaid, "
               "shipping_charge_minor, imported, flagged, created_by, updated_by, updated_at, version",
    "return_lines": "id, return_id, order_line_id, product_id, sku, name, requested_qty, received_qty, damaged_qty, "
                    "refunded_qty, credited_qty, resolved_qty, reason_code, customer_comment, condition, "
                    "disposition, resolution, unexpected, value_minor",
    "return_events": "return_id, kind, from_status, to_status, note, data, user_id, created_at",
    "refunds": "id, return_id, return_line_id, quantity, amount_minor, tax_minor, shipping_minor, fee_minor, "
               "currency, method, external_reference, goodwill_reason, credit_note_number, user_id, created_at",
    "inventory_movements": "product_id, quantity, kind, return_line_id, note, user_id, created_at",
}
BULK_TABLES = tuple(COLUMNS)
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
    """Writes customers, orders with lines, and returns with their lines, timeline, refunds and stock moves."""

    def __init__(self, conn: sqlite3.Connection, returns: int, seed: int, policy_id: int, users: tuple[int, int],
                 variants: list[tuple[int, str, str, str, int]]) -> None:
        self.conn, self.returns, self.rng = conn, returns, random.Random(seed)
        self.orders = returns * ORDERS_PER_RETURN
        self.customers = max(100, returns * 6 // 10)
        self.variants = variants
        self.now = datetime.now(UTC).replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
        self.start = self.now - timedelta(days=SPAN_DAYS)
        self.out = {table: Buffer(conn, table, columns) for table, columns in COLUMNS.items()}
        self.ids = Ids()
        self.writer = ReturnWriter(lambda table, row: self.out[table].add(row), self.rng, self.ids, users,
                                   policy_id, self.now)
        self.names: list[tuple[str, str]] = []
        self.rid = 0
        self.statuses: dict[str, int] = {}

    def run(self, progress: Progress) -> dict[str, int]:
        """Write everything; return row counts."""
        self._customers()
        self.out["customers"].flush()
        progress(f"customers {self.out['customers'].count:,}")
        step = SPAN_DAYS * 86400 / self.orders
        returnable = int((SPAN_DAYS - RETURNABLE_AFTER_DAYS) * 86400 / step)  # delivered days before now
        with_return = set(self.rng.sample(range(1, returnable + 1), self.returns))
        self._orders(with_return, step, progress)
        for buffer in self.out.values():
            buffer.flush()
        self.conn.executemany("INSERT OR REPLACE INTO counters(name, value) VALUES (?, ?)",
                              [("rma", self.returns), *((f"credit_note:{year}", n)
                                                        for year, n in self.ids.credit_notes.items())])
        self.conn.execute("UPDATE products SET stock = (SELECT coalesce(sum(m.quantity), 0) FROM "
                          "inventory_movements m WHERE m.product_id = products.id)")
        progress("statuses " + ", ".join(f"{k} {v:,}" for k, v in sorted(self.statuses.items())))
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

    def _orders(self, with_return: set[int], step: float, progress: Progress) -> None:
        rng, variants = self.rng, self.variants
        line_id = 0
        for oid in range(1, self.orders + 1):
            ordered = self.start + timedelta(seconds=(oid - 1) * step + rng.uniform(0, step))
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
            self.out["orders"].add((oid, str(100000 + oid), "shop", customer, _ts(ordered),
                                    _ts(delivered) if delivered <= self.now else None, "EUR",
                                    0, 0, total, "fulfilled", ship_name, "", city, "", "", "DE", "DHL",
                                    f"JJD{rng.randrange(10**14):014d}", _ts(ordered)))
            for line in lines:
                self.out["order_lines"].add(line)
            if oid in with_return:
                self.rid += 1
                picked = lines[:1] if len(lines) == 1 or rng.random() < 0.8 else rng.sample(lines, 2)
                status = self.writer.write(self.rid, (oid, str(100000 + oid), customer), delivered, picked)
                self.statuses[status] = self.statuses.get(status, 0) + 1
            if oid % 500_000 == 0:
                progress(f"orders {oid:,} of {self.orders:,}")


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes of the bulk tables; return the statements that create them again."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
                        f"({', '.join(repr(t) for t in BULK_TABLES)})").fetchall()
    for name, _sql in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in rows]


def _setup(path: Path) -> tuple[int, tuple[int, int], list[tuple[int, str, str, str, int]]]:
    """Create the shop at head with users, settings, published policy and catalogue (the demo's)."""
    from desktop_app.core.db.schema import open_database
    from desktop_app.core.demo import shop as demo

    db = open_database(path)
    try:
        owner, clerk, policy_id = demo._setup(db)
        variants = demo._products(db, owner)
    finally:
        db.dispose()
    return policy_id, (clerk.id, owner.id), [(v.id, v.sku, v.name, v.category, v.price_minor) for v in variants]


def build(path: Path, returns: int, seed: int = 12, progress: Progress = print) -> dict[str, Any]:
    """Build a benchmark shop file with `returns` returns (about 3 orders per return), read-only when done."""
    began = time.perf_counter()
    tmp = path.with_suffix(".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    policy_id, users, variants = _setup(tmp)
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-400000")
        conn.execute("BEGIN")
        search_index.drop_sqlite_triggers(conn.execute)
        indexes = _drop_indexes(conn)  # an index built once after the load is cheaper than kept during it
        counts = Generator(conn, returns, seed, policy_id, users, variants).run(progress)
        for sql in indexes:
            conn.execute(sql)
        conn.execute("UPDATE products SET stock = (SELECT coalesce(sum(m.quantity), 0) FROM "
                     "inventory_movements m WHERE m.product_id = products.id)")  # what the movements add up to
        progress("indexes built")
        search_index.rebuild_sqlite(conn.execute)
        search_index.create_sqlite_triggers(conn.execute)
        conn.execute("COMMIT")
        progress("search index built")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file: copies need no -wal beside them
    finally:
        conn.close()
    tmp.chmod(0o444)  # the cached shop is a master: copy it before opening it (working_copy)
    tmp.replace(path)
    return {"returns": returns, "seconds": time.perf_counter() - began, "rows": counts}


def shop_path(returns: int) -> Path:
    """Return the cached (read-only) master shop file of a size."""
    return CACHE / f"shop-{returns}-v{FORMAT_VERSION}.sqlite3"


def ensure(returns: int, progress: Progress = print) -> tuple[Path, dict[str, Any] | None]:
    """Return the cached master shop of a size, building it first when missing (then also its build figures)."""
    path = shop_path(returns)
    if path.exists():
        return path, None
    CACHE.mkdir(parents=True, exist_ok=True)
    with path.with_suffix(".lock").open("a") as lock:  # two benches asking at once: one builds, one waits
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            return path, None
        return path, build(path, returns, progress=progress)


def working_copy(returns: int, folder: Path, progress: Progress = print, *, upgrade: bool = True) -> Path:
    """Return a private, writable copy of the master shop of a size in `folder` (the app writes to what it opens),
    upgraded to the schema's head once (so no measured command pays for a migration)."""
    master, _built = ensure(returns, progress)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / master.name
    partial = folder / f".{master.name}.partial"
    shutil.copyfile(master, partial)
    partial.chmod(0o600)
    partial.replace(target)
    if upgrade:  # straight to head: no safety backup of a throwaway copy (4 GB at 1,000,000 returns)
        from desktop_app.core.db.engine import Database
        from desktop_app.core.db.migrating import migrate_database

        began = time.perf_counter()
        db = Database(target)
        try:
            migrate_database(db)
        finally:
            db.dispose()
        progress(f"working copy {target.name} at the schema's head ({time.perf_counter() - began:.0f} s)")
    return target
