"""Alembic environment: runs on a connection handed over by `desktop_app.core.db.schema`.

New revision (developers): `python -m desktop_app.core.db.schema revision "what changed"` autogenerates a
script from the models against a scratch database at head; review it before committing.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection, DateTime, create_engine

from desktop_app.core.db.models import Base, UTCDateTime
from desktop_app.core.db.search_index import include_object

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Render the app's UTC timestamp type as a plain timezone-aware DateTime so scripts stay stable."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, DateTime):
        return False
    return False


def _configure(connection: Connection) -> None:
    """Configure the migration context on one connection (batch mode for SQLite's ALTER TABLE)."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
        include_object=include_object,
    )


def run_migrations_online() -> None:
    """Run migrations on the given connection, or on `sqlalchemy.url` when run from the alembic tool."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("ReturnDesk migrations run online only (through desktop_app.core.db.schema).")
run_migrations_online()
