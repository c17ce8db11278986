"""Short PINs: a user who last signed in with a PIN under 6 digits is flagged to the owner.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 22:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: Union[str, Sequence[str], None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # a hash does not tell the PIN's length: existing users are flagged at their next sign-in
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('short_pin', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('short_pin')
