"""Move a shop from its SQLite file to a PostgreSQL server: copy every table, then verify the copy.

The server database must be empty (or hold an empty ReturnDesk schema). The copy runs in one server
transaction, so a failure leaves the server as it was; the shop file is only read. Verification compares
the row count of every table and every row, value by value, read back through the same column types.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from desktop_app.core.db.engine import Database, normalise_url
from desktop_app.core.db.migrating import server_name
from desktop_app.core.db.models import Base
from desktop_app.core.db.schema import open_database
from desktop_app.core.i18n import Message, UserFacingError

CHUNK = 500
Progress = Callable[[int, int], object]


@dataclass(frozen=True)
class MoveReport:
    """What was copied: rows per table (the same on both sides once verified)."""

    source: str
    target: str
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Return the number of rows copied."""
        return sum(self.rows.values())


KEPT_TABLES = frozenset({"report_changes", "report_figures"})  # kept report figures: the server computes its own


def _tables() -> list[Table]:
    """Return every ReturnDesk table, parents before children (kept report figures are not moved)."""
    return [table for table in Base.metadata.sorted_tables if table.name not in KEPT_TABLES]


def _check_urls(source: str, target: str) -> None:
    """Refuse a source that is not a file or a target that is not a PostgreSQL server."""
    if "://" in source and make_url(source).get_backend_name() != "sqlite":
        raise UserFacingError("The shop to move must be a SQLite file on this computer.")
    if "://" not in target:
        raise UserFacingError(Message(
            "Give the server as a URL such as postgresql+psycopg://user@host/shop, not {value}.",
            {"value": target[:200]}))
    try:
        backend = make_url(target).get_backend_name()
    except Exception as exc:
        raise UserFacingError(Message("{value} is not a database URL.", {"value": target[:200]})) from exc
    if backend != "postgresql":
        raise UserFacingError(Message(
            "A shop moves to a PostgreSQL server only; {value} is not one.", {"value": backend}))


def _ordered(table: Table) -> Any:
    return select(table).order_by(*table.primary_key.columns)


def _chunks(connection: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    """Yield a table's rows as dicts, in primary-key order, a chunk at a time."""
    result = connection.execution_options(stream_results=True, yield_per=CHUNK).execute(_ordered(table))
    for part in result.mappings().partitions(CHUNK):
        yield [dict(row) for row in part]


def _self_references(table: Table) -> list[str]:
    """Return the columns of a table that point at the same table (written after all its rows exist)."""
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _copy_table(src: Connection, dst: Connection, table: Table) -> int:
    """Copy one table; self-references are filled in once every row is there."""
    later = _self_references(table)
    pk = [c.name for c in table.primary_key.columns]
    pending: list[dict[str, Any]] = []
    count = 0
    for rows in _chunks(src, table):
        for row in rows:
            if any(row[name] is not None for name in later):
                pending.append({**{k: row[k] for k in pk}, **{n: row[n] for n in later}})
                row.update({n: None for n in later})
        dst.execute(table.insert(), rows)
        count += len(rows)
    for values in pending:
        where = [table.c[k] == values[k] for k in pk]
        dst.execute(update(table).where(*where).values({n: values[n] for n in later}))
    return count


def _advance_sequences(dst: Connection, table: Table) -> None:
    """Move a serial id's sequence past the copied ids, so new rows on the server get fresh ones."""
    if "id" not in table.c or not table.c.id.primary_key:
        return
    sequence = dst.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}).scalar()
    if sequence:
        top = dst.execute(select(func.max(table.c.id))).scalar()
        dst.execute(text("SELECT setval(:s, :v, :called)"),
                    {"s": sequence, "v": top or 1, "called": top is not None})


def _normal(value: Any) -> Any:
    """Return a value comparable across back ends (times in UTC, bytes as bytes)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, memoryview | bytearray):
        return bytes(value)
    return value


def _rows(connection: Connection, table: Table) -> Iterator[tuple[Any, ...]]:
    for rows in _chunks(connection, table):
        for row in rows:
            yield tuple(_normal(v) for v in row.values())


def _verify(src: Connection, dst: Connection, table: Table, expected: int) -> None:
    """Refuse unless the server holds exactly the same rows as the file for this table."""
    counted = dst.execute(select(func.count()).select_from(table)).scalar()
    if counted != expected:
        raise UserFacingError(Message(
            "The copy of {table} has {copied} rows instead of {expected}; the server was left unchanged.",
            {"table": table.name, "copied": counted, "expected": expected}))
    for mine, theirs in zip(_rows(src, table), _rows(dst, table), strict=True):
        if mine != theirs:
            raise UserFacingError(Message(
                "A row of {table} differs on the server after the copy; the server was left unchanged.",
                {"table": table.name}))


def _refuse_unless_empty(dst: Connection, target: str) -> None:
    for table in _tables():
        if dst.execute(select(func.count()).select_from(table)).scalar():
            raise UserFacingError(Message(
                "The server database {server} already holds a shop ({table} has rows). Move into an empty "
                "database; nothing was copied.", {"server": server_name(target), "table": table.name}))


def migrate_to(sqlite_path: str, target_url: str, progress: Progress | None = None) -> MoveReport:
    """Copy the shop in `sqlite_path` to the empty PostgreSQL database at `target_url` and verify it."""
    _check_urls(str(sqlite_path), str(target_url))
    source_url, target = normalise_url(sqlite_path), normalise_url(target_url)
    if not Path(make_url(source_url).database or "").is_file():
        raise UserFacingError(Message("There is no shop file at {path}.", {"path": str(sqlite_path)}))
    source_db = open_database(source_url)  # a damaged, foreign or newer file is refused; an older one upgraded
    try:
        target_db = open_database(target)  # an empty server database is brought to this app's schema
        try:
            return _move(source_db, target_db, progress)
        finally:
            target_db.dispose()
    finally:
        source_db.dispose()


def _move(source_db: Database, target_db: Database, progress: Progress | None) -> MoveReport:
    """Copy and verify inside one server transaction (rolled back on any refusal)."""
    tables = _tables()
    rows: dict[str, int] = {}
    try:
        with source_db.engine.execution_options(returndesk_readonly=True).connect() as src, \
                target_db.engine.begin() as dst:
            dst.execute(text("LOCK TABLE alembic_version IN EXCLUSIVE MODE"))
            _refuse_unless_empty(dst, target_db.url)
            for done, table in enumerate(tables, 1):
                rows[table.name] = _copy_table(src, dst, table)
                _advance_sequences(dst, table)
                if progress is not None:
                    progress(done, len(tables) * 2)
            for done, table in enumerate(tables, 1):
                _verify(src, dst, table, rows[table.name])
                if progress is not None:
                    progress(len(tables) + done, len(tables) * 2)
            src.rollback()
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()
        raise UserFacingError(Message(
            "Copying the shop to the server failed, so the server was left unchanged: {reason}",
            {"reason": reason[0] if reason else "?"})) from exc
    return MoveReport(str(source_db.sqlite_path), server_name(target_db.url), rows)
