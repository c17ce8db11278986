"""Queue search: SQLite FTS5 trigram table with sync triggers; pg_trgm GIN indexes on PostgreSQL.

The objects live outside the models (desktop_app.core.db.search_index says what they are and how they stay
in sync); the search works without them, only slower. pg_trgm is optional: when the server lacks it or the
user may not create it, the revision still succeeds and the search scans.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 07:20:00
"""
from typing import Sequence, Union

from alembic import op
from sqlalchemy import text

from desktop_app.core.db import search_index

revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _execute(sql: str) -> None:
    op.execute(text(sql))


def _pg_trgm_available(bind) -> bool:
    """Create pg_trgm if the server has it and we may; False (nothing changed) otherwise."""
    if not bind.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first():
        return False
    try:
        with bind.begin_nested():
            bind.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except Exception:  # noqa: BLE001 - no privilege: the search scans instead
        return False
    return True


def upgrade() -> None:
    """Upgrade schema."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        search_index.create_sqlite(_execute)
    elif bind.dialect.name == "postgresql":
        search_index.create_postgres(_execute, _pg_trgm_available(bind))


def downgrade() -> None:
    """Downgrade schema."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        search_index.drop_sqlite(_execute)
    elif bind.dialect.name == "postgresql":
        search_index.drop_postgres(_execute)
