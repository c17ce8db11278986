"""Queue search triggers back on SQLite: revisions 0009 and 0010 alter the returns table in batch mode, which
rebuilds the table without its triggers, so new returns stopped entering the search index.

Recreates the sync triggers (those that exist are kept) and rebuilds the index from the tables, so returns
written since are found again. PostgreSQL keeps its indexes through ALTER TABLE: nothing to do there.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 22:10:00
"""
from typing import Sequence, Union

from alembic import op
from sqlalchemy import text

from desktop_app.core.db import search_index

revision: str = '0011'
down_revision: Union[str, Sequence[str], None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _execute(sql: str) -> None:
    op.execute(text(sql))


def upgrade() -> None:
    """Upgrade schema."""
    if op.get_bind().dialect.name == "sqlite":
        search_index.create_sqlite_triggers(_execute)
        search_index.rebuild_sqlite(_execute)


def downgrade() -> None:
    """Downgrade schema (the triggers belong to revision 0002; 0010 and 0009 drop them again if they go)."""
