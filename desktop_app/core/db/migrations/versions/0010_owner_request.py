"""A clerk's refund above their limit waits for the owner: returns.owner_request.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 21:30:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('returns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_request', sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('returns', schema=None) as batch_op:
        batch_op.drop_column('owner_request')
