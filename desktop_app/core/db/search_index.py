"""Queue search index: SQLite FTS5 trigram table kept in sync by triggers; pg_trgm indexes on PostgreSQL.

SQLite: `returns_search(doc)` holds one document per return (rowid = returns.id): RMA, order number,
customer name, e-mail, tracking number and the lines' SKUs, one per line (a newline never occurs in a
search, so no match spans two fields). Triggers on returns, return_lines, customers and orders keep it
in sync, so bulk inserts (demo, imports, migrate_to) and services need no extra step. A batch migration
that recreates one of those tables drops its triggers: call `create_sqlite_triggers` again after it.
PostgreSQL: GIN `gin_trgm_ops` indexes on the lower-cased columns the search reads, when the pg_trgm
extension is available (the search is correct without them, only slower).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

FTS_TABLE = "returns_search"
TERMS_TABLE = "returns_search_terms"  # fts5vocab over the index: the trigrams that start with a 2-character search
FTS_TABLES = frozenset(
    {FTS_TABLE, TERMS_TABLE, *(f"{FTS_TABLE}_{s}" for s in ("data", "idx", "content", "docsize", "config"))}
)
TRGM_INDEXES = {  # name: (table, lower-cased column)
    "ix_trgm_returns_rma": ("returns", "rma"),
    "ix_trgm_returns_tracking": ("returns", "tracking_number"),
    "ix_trgm_orders_number": ("orders", "number"),
    "ix_trgm_customers_name": ("customers", "name"),
    "ix_trgm_customers_email": ("customers", "email"),
    "ix_trgm_return_lines_sku": ("return_lines", "sku"),
}
MIN_TRIGRAM = 3  # 2-character searches go through the trigrams they start; 1 character scans
MIN_SHORT = 2

Execute = Callable[[str], Any]

_DOC = (
    "SELECT r.id, r.rma || char(10) || coalesce(o.number, '') || char(10) || coalesce(c.name, '') || char(10)"
    " || coalesce(c.email, '') || char(10) || coalesce(r.tracking_number, '') || char(10)"
    " || coalesce((SELECT group_concat(l.sku, char(10)) || char(10) FROM return_lines l WHERE l.return_id = r.id), '')"
    " FROM returns r LEFT JOIN orders o ON o.id = r.order_id LEFT JOIN customers c ON c.id = r.customer_id"
)


def _refresh(where: str, ids: str) -> str:
    """Return trigger statements that rebuild the documents of the returns chosen by `ids`/`where`."""
    return (f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({ids}); "
            f"INSERT INTO {FTS_TABLE}(rowid, doc) {_DOC} WHERE {where};")


_TRIGGERS = {
    "returns_search_ai": ("AFTER INSERT ON returns", _refresh("r.id = new.id", "new.id")),
    "returns_search_au": ("AFTER UPDATE OF rma, order_id, customer_id, tracking_number ON returns",
                          _refresh("r.id = new.id", "old.id, new.id")),
    "returns_search_ad": ("AFTER DELETE ON returns", f"DELETE FROM {FTS_TABLE} WHERE rowid = old.id;"),
    "return_lines_search_ai": ("AFTER INSERT ON return_lines",
                               _refresh("r.id = new.return_id", "new.return_id")),
    "return_lines_search_au": ("AFTER UPDATE OF sku, return_id ON return_lines",
                               _refresh("r.id IN (old.return_id, new.return_id)",
                                        "old.return_id, new.return_id")),
    "return_lines_search_ad": ("AFTER DELETE ON return_lines",
                               _refresh("r.id = old.return_id", "old.return_id")),
    "customers_search_au": ("AFTER UPDATE OF name, email ON customers",
                            _refresh("r.customer_id = new.id",
                                     "SELECT id FROM returns WHERE customer_id = new.id")),
    "orders_search_au": ("AFTER UPDATE OF number ON orders",
                         _refresh("r.order_id = new.id", "SELECT id FROM returns WHERE order_id = new.id")),
}


def create_sqlite_triggers(execute: Execute) -> None:
    """Create the triggers that keep the FTS table in sync (idempotent)."""
    for name, (when, body) in _TRIGGERS.items():
        execute(f"CREATE TRIGGER IF NOT EXISTS {name} {when} BEGIN {body} END")


def drop_sqlite_triggers(execute: Execute) -> None:
    """Drop the sync triggers (bulk loaders drop them, insert, then `rebuild_sqlite` and recreate them)."""
    for name in _TRIGGERS:
        execute(f"DROP TRIGGER IF EXISTS {name}")


INSERT_TRIGGERS = ("returns_search_ai", "return_lines_search_ai")


def pause_insert_triggers(execute: Execute) -> None:
    """Drop the triggers that index each new return and line one by one (inside a bulk load's transaction)."""
    for name in INSERT_TRIGGERS:
        execute(f"DROP TRIGGER IF EXISTS {name}")


def index_new_returns(execute: Execute, after_id: int) -> None:
    """Index every return with an id above `after_id` in one statement, then put the triggers back."""
    execute(f"INSERT INTO {FTS_TABLE}(rowid, doc) {_DOC} WHERE r.id > {int(after_id)}")
    create_sqlite_triggers(execute)


def rebuild_sqlite(execute: Execute) -> None:
    """Fill the FTS table again from the returns (one statement)."""
    execute(f"DELETE FROM {FTS_TABLE}")
    execute(f"INSERT INTO {FTS_TABLE}(rowid, doc) {_DOC}")


def create_sqlite(execute: Execute) -> None:
    """Create the FTS5 trigram table, fill it, and add its triggers."""
    execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(doc, tokenize='trigram')")
    execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {TERMS_TABLE} USING fts5vocab({FTS_TABLE}, 'row')")
    rebuild_sqlite(execute)
    create_sqlite_triggers(execute)


def drop_sqlite(execute: Execute) -> None:
    """Remove the triggers and the FTS table."""
    drop_sqlite_triggers(execute)
    execute(f"DROP TABLE IF EXISTS {TERMS_TABLE}")
    execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def create_postgres(execute: Execute, available: bool) -> None:
    """Create the pg_trgm GIN indexes when the extension is (or can be made) available."""
    if not available:
        return
    for name, (table, column) in TRGM_INDEXES.items():
        execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (lower({column}) gin_trgm_ops)")


def drop_postgres(execute: Execute) -> None:
    """Drop the pg_trgm indexes (the extension stays: other databases' objects may use it)."""
    for name in TRGM_INDEXES:
        execute(f"DROP INDEX IF EXISTS {name}")


def fts_phrase(text: str) -> str:
    """Return an FTS5 query matching `text` as a substring (one quoted phrase)."""
    return '"' + text.replace('"', '""') + '"'


SHORT_QUERY_SQL = (  # a 2-character search as an FTS5 query: OR of the indexed trigrams starting with it
    "SELECT coalesce(group_concat('\"' || replace(term, '\"', '\"\"') || '\"', ' OR '), "
    "'\"' || char(1, 1, 1) || '\"') "  # no trigram starts with it: a phrase that never occurs
    f"FROM {TERMS_TABLE} WHERE term >= :low AND term < :high"
)


def term_range(text: str) -> dict[str, str]:
    """Return the bounds of the trigrams that start with a (case-folded) 2-character text.

    Every character of a document is followed by another one (each field ends with a newline), so a
    2-character text occurs exactly where one of the trigrams it starts occurs.
    """
    low = text.lower()
    return {"low": low, "high": low + chr(0x10FFFF)}


def is_search_object(name: str | None) -> bool:
    """True for the search index's own tables and indexes (not part of the models)."""
    return bool(name) and (name in FTS_TABLES or name in TRGM_INDEXES)


def include_object(_obj: Any, name: str | None, _type: str, reflected: bool, _compare_to: Any) -> bool:
    """Alembic autogenerate filter: leave the search index's own tables and indexes alone."""
    return not (reflected and is_search_object(name))
