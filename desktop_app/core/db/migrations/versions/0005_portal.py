"""The customers' portal: look-up attempts for the rate limits.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 17:40:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'portal_attempts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=16), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_attempts')),
    )
    with op.batch_alter_table('portal_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portal_attempts_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_portal_attempts_scope_key_at', ['scope', 'key', 'created_at'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('portal_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_portal_attempts_scope_key_at')
        batch_op.drop_index(batch_op.f('ix_portal_attempts_created_at'))
    op.drop_table('portal_attempts')
