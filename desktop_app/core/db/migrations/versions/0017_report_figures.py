"""Kept report figures of closed months, and triggers that mark a month changed in the writing transaction.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 02:30:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

from desktop_app.core.db import report_marks

revision: str = '0017'
down_revision: Union[str, Sequence[str], None] = '0016'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _execute(sql: str) -> None:
    op.execute(text(sql))


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'report_changes',
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('mark', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('changes', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('month', 'mark', name=op.f('pk_report_changes')),
    )
    op.create_table(
        'report_figures',
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('timezone', sa.String(length=64), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('part', sa.String(length=32), nullable=False),
        sa.Column('changes', sa.String(length=64), nullable=False),
        sa.Column('data', sa.Text(), nullable=False),
        sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('month', 'timezone', 'currency', 'part', name=op.f('pk_report_figures')),
    )
    report_marks.create_triggers(op.get_bind().dialect.name, _execute)


def downgrade() -> None:
    """Downgrade schema."""
    report_marks.drop_triggers(op.get_bind().dialect.name, _execute)
    op.drop_table('report_figures')
    op.drop_table('report_changes')
