"""The return label's cost kept from a refund, so the credit note shows it as its own line with its tax.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 02:35:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0016'
down_revision: Union[str, Sequence[str], None] = '0015'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('refunds', sa.Column('label_charge_minor', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.drop_column('label_charge_minor')
