"""Report marks on exchanges too: the monthly figures now count exchange differences (asked, paid, waived,
rests paid back), so a change to an exchange marks the month(s) it touches like the other watched tables.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 03:25:00
"""
from typing import Sequence, Union

from alembic import op
from sqlalchemy import text

from desktop_app.core.db import report_marks

revision: str = '0018'
down_revision: Union[str, Sequence[str], None] = '0017'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _execute(sql: str) -> None:
    op.execute(text(sql))


def upgrade() -> None:
    """Upgrade schema (the triggers that exist are kept on SQLite and replaced on PostgreSQL)."""
    report_marks.create_triggers(op.get_bind().dialect.name, _execute)


def downgrade() -> None:
    """Downgrade schema."""
    report_marks.drop_triggers(op.get_bind().dialect.name, _execute, frozenset({"exchanges"}))
