"""Indexes for reports and the queue: returns by request/approval/receipt/resolution date, refunds and
store credit by date (a month's report reads one period instead of every row).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 07:20:00
"""
from typing import Sequence, Union

from alembic import op

revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

RETURN_DATES = ('requested_at', 'approved_at', 'received_at', 'resolved_at')


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('returns', schema=None) as batch_op:
        for column in RETURN_DATES:
            batch_op.create_index(f'ix_returns_{column}', [column], unique=False)
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refunds_created_at'), ['created_at'], unique=False)
    with op.batch_alter_table('store_credit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_store_credit_entries_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('store_credit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_store_credit_entries_created_at'))
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refunds_created_at'))
    with op.batch_alter_table('returns', schema=None) as batch_op:
        for column in reversed(RETURN_DATES):
            batch_op.drop_index(f'ix_returns_{column}')
