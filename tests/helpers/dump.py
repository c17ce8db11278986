"""The logical content of a shop database, to prove that a refused action changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect

from desktop_app.core.db.engine import Database

# Desk sessions are sign-in state, not the shop's content: a signed-in command that is refused may start one.
EXCLUDED = {"alembic_version", "desk_sessions"}


def _comparable(value: Any) -> Any:
    """Turn driver values (memoryview, bytearray) into plain comparable ones."""
    if isinstance(value, memoryview | bytearray):
        return bytes(value)
    return value


def _sort_key(row: tuple[Any, ...]) -> tuple[tuple[int, str], ...]:
    """Order rows of mixed types (None, numbers, text) deterministically."""
    return tuple((0, "") if v is None else (1, f"{v!r}") for v in row)


def logical_dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Return {table: sorted rows} for every table in the database except alembic_version and desk sessions."""
    content: dict[str, list[tuple[Any, ...]]] = {}
    with db.engine.execution_options(returndesk_readonly=True).connect() as connection:
        quote = connection.dialect.identifier_preparer.quote
        for table in sorted(set(inspect(connection).get_table_names()) - EXCLUDED):
            rows = connection.exec_driver_sql(f"SELECT * FROM {quote(table)}").all()
            content[table] = sorted((tuple(_comparable(v) for v in row) for row in rows), key=_sort_key)
        connection.rollback()
    return content
