"""System users: the portal's own user is marked, so it never shows among the shop's people or signs in.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 21:20:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('system', sa.Boolean(), nullable=False, server_default=sa.false()))
    # the portal's user as the first portal made it: inactive, named 'portal', with no PIN at all
    op.execute("UPDATE users SET system = TRUE WHERE name = 'portal' AND secret_hash = '!' AND active = FALSE")


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('system')
