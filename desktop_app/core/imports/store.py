"""What the database already holds, loaded once per import, and the bulk inserts that add to it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter
from typing import Any

from sqlalchemy import exists, func, insert, select, text
from sqlalchemy.orm import Session

from desktop_app.core.db.models import Customer, Order, OrderLine, Product, Return
from desktop_app.core.db.search_index import pause_insert_triggers
from desktop_app.core.domain.money import exponent

_QUANTA: dict[str, tuple[Decimal, int]] = {}
_UNITS: dict[tuple[Decimal, str], tuple[int, bool]] = {}  # (amount, currency) -> (minor units, exact)


def minor_units(amount: Decimal, quantity: int, currency: str) -> int:
    """Return quantity × amount in integer minor units, rounded half-up once per line."""
    hit = _UNITS.get((amount, currency))
    if hit is not None and (hit[1] or quantity == 1):
        return hit[0] * quantity  # an amount of whole minor units times a count needs no rounding
    quantum = _QUANTA.get(currency)
    if quantum is None:
        digits = exponent(currency)
        quantum = _QUANTA[currency] = (Decimal(1).scaleb(-digits), digits)
    if hit is None and len(_UNITS) < 100_000:
        scaled = Decimal(amount).scaleb(quantum[1])
        unit = int(Decimal(amount).quantize(quantum[0], rounding=ROUND_HALF_UP).scaleb(quantum[1]))
        _UNITS[(amount, currency)] = (unit, scaled == unit)
        if quantity == 1 or scaled == unit:
            return unit * quantity
    return int((Decimal(amount) * quantity).quantize(quantum[0], rounding=ROUND_HALF_UP).scaleb(quantum[1]))


def import_key(source: str, key: str) -> str:
    """Return the stable key that stops a later export from adding the same return twice."""
    return f"{source[:40]}:{hashlib.sha1(key.encode('utf-8')).hexdigest()}"


class IdReserver:
    """Hand out primary keys for bulk inserts without RETURNING (which SQLite would do row by row).

    SQLite: the import holds the write lock (BEGIN IMMEDIATE), so max(id)+1... is ours alone.
    PostgreSQL: the numbers are drawn from the table's own sequence, safe beside other desks.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.sqlite = session.get_bind().dialect.name == "sqlite"
        self.next: dict[str, int] = {}

    def take(self, model: Any, count: int) -> list[int]:
        """Return `count` new ids for `model`'s table."""
        if count == 0:
            return []
        table = model.__table__
        if not self.sqlite:
            rows = self.session.execute(
                text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
                {"t": table.name, "n": count})
            return [row[0] for row in rows]
        start = self.next.get(table.name)
        if start is None:
            start = (self.session.scalar(select(func.max(table.c.id))) or 0) + 1
        self.next[table.name] = start + count
        return list(range(start, start + count))


def bulk_search_index(session: Session) -> int | None:
    """On SQLite, pause the per-row search index triggers for this transaction; return the last return id
    indexed so far (index_new_returns indexes the rest at the end), or None when nothing was paused."""
    if session.get_bind().dialect.name != "sqlite" or session.execute(text(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'returns_search_ai'")).first() is None:
        return None
    last = session.scalar(select(func.max(Return.id))) or 0
    pause_insert_triggers(lambda statement: session.execute(text(statement)))
    return int(last)


def insert_with_ids(session: Session, ids: IdReserver, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Give each row a new id, insert them all in one executemany, and return the ids in order."""
    new = ids.take(model, len(rows))
    for row, new_id in zip(rows, new, strict=True):
        row["id"] = new_id
    insert_many(session, model, rows)
    return new


def insert_many(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert many rows (all with the same keys) in one executemany.

    PostgreSQL goes through SQLAlchemy Core (batched multi-row VALUES). On SQLite the rows go straight
    to the driver's executemany after the same per-column conversions and defaults SQLAlchemy applies,
    which is several times faster for hundreds of thousands of rows.
    """
    if not rows:
        return
    connection = session.connection()
    table = model.__table__
    if connection.dialect.name != "sqlite":
        session.execute(insert(table), rows)
        return
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    given = list(rows[0])
    fixed: dict[str, Any] = {}
    for column in table.columns:
        if column.name in rows[0] or column.default is None:
            continue
        default = column.default
        fixed[column.name] = default.arg(None) if default.is_callable else default.arg
    names = given + list(fixed)
    processors = [table.c[name].type._cached_bind_processor(dialect) for name in names]
    active = [(i, p) for i, p in enumerate(processors) if p is not None]
    constant = tuple(fixed[name] for name in fixed)
    pick = itemgetter(*given)
    data = [[*pick(row), *constant] if len(given) > 1 else [pick(row), *constant] for row in rows]
    for i, process in active:
        _convert_column(data, i, process)
    columns = ", ".join(quote(name) for name in names)
    marks = ", ".join("?" for _ in names)
    connection.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})",
                               list(map(tuple, data)))


def _convert_column(data: list[list[Any]], i: int, process: Any) -> None:
    """Apply a column's bind conversion in place, once per distinct value (import rows repeat many)."""
    done: dict[Any, Any] = {}
    for values in data:
        value = values[i]
        if value is None:
            continue
        try:
            found = done.get(value)
        except TypeError:  # an unhashable value (JSON): converted each time
            values[i] = process(value)
            continue
        if found is None:
            found = done[value] = process(value)
        values[i] = found


class KnownRows:
    """Keys of rows that existed before this import, so nothing already there is changed."""

    def __init__(self, session: Session, channels: Iterable[str], source: str) -> None:
        self.session = session
        self.products: dict[str, tuple[int, int, str]] = {}
        self.product_keys: dict[str, str] = {}
        for pid, sku, key, price, currency in session.execute(
                select(Product.id, Product.sku, Product.external_key, Product.price_minor, Product.currency)):
            self.products[sku] = (pid, price, currency)
            if key:
                self.product_keys[key] = sku
        self.customers: dict[str, int] = {str(key): cid for key, cid in session.execute(
            select(Customer.external_key, Customer.id)
            .where(Customer.external_key.like(f"{source}:%"))).all()}
        self.orders: dict[tuple[str, str], tuple[int, int | None, bool]] = {}
        has_lines = exists().where(OrderLine.order_id == Order.id)
        channel_list = sorted(channels)
        for start in range(0, len(channel_list), 500):
            for oid, channel, number, customer, lines in session.execute(
                    select(Order.id, Order.channel, Order.number, Order.customer_id, has_lines)
                    .where(Order.channel.in_(channel_list[start:start + 500]))):
                self.orders[(channel, number)] = (oid, customer, bool(lines))
        self.return_keys: set[str] = set(session.scalars(
            select(Return.import_key).where(Return.import_key.like(f"{source[:40]}:%"))))

    def orders_by_number(self, numbers: set[str]) -> dict[str, list[tuple[int, str, int | None]]]:
        """Return orders of any channel carrying one of these numbers (id, channel, customer)."""
        found: dict[str, list[tuple[int, str, int | None]]] = {}
        items = sorted(numbers)
        for start in range(0, len(items), 500):
            for oid, channel, number, customer in self.session.execute(
                    select(Order.id, Order.channel, Order.number, Order.customer_id)
                    .where(Order.number.in_(items[start:start + 500]))):
                found.setdefault(number, []).append((oid, channel, customer))
        return found

    def lines_of(self, order_ids: set[int]) -> dict[int, list[tuple[int, str, int, int]]]:
        """Return the lines of some orders: (line id, sku, unit price paid in minor units, quantity)."""
        found: dict[int, list[tuple[int, str, int, int]]] = {}
        items = sorted(order_ids)
        for start in range(0, len(items), 500):
            for lid, oid, sku, price, qty in self.session.execute(
                    select(OrderLine.id, OrderLine.order_id, OrderLine.sku, OrderLine.unit_price_minor,
                           OrderLine.quantity).where(OrderLine.order_id.in_(items[start:start + 500]))):
                found.setdefault(oid, []).append((lid, sku, price, qty))
        return found
