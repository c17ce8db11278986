"""The customer's exchange choice on a return line (the product asked for instead), kept apart from what the desk sends.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 22:05:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: Union[str, Sequence[str], None] = '0012'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('return_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wanted_sku', sa.String(length=128), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('return_lines', schema=None) as batch_op:
        batch_op.drop_column('wanted_sku')
