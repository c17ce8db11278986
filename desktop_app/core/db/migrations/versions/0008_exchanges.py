"""Exchanges with a price difference: the replacement sent out and how its difference was settled.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 21:30:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'exchanges',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('return_id', sa.Integer(), nullable=False),
        sa.Column('return_line_id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('sku', sa.String(length=128), nullable=False),
        sa.Column('name', sa.String(length=512), nullable=False),
        sa.Column('quantity', sa.Integer(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('credit_minor', sa.Integer(), nullable=False),
        sa.Column('price_minor', sa.Integer(), nullable=False),
        sa.Column('difference_minor', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('payment_reference', sa.String(length=128), nullable=False),
        sa.Column('refund_id', sa.Integer(), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('settled_by', sa.Integer(), nullable=True),
        sa.Column('settled_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['return_id'], ['returns.id'], name=op.f('fk_exchanges_return_id_returns')),
        sa.ForeignKeyConstraint(['return_line_id'], ['return_lines.id'],
                                name=op.f('fk_exchanges_return_line_id_return_lines')),
        sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_exchanges_product_id_products')),
        sa.ForeignKeyConstraint(['refund_id'], ['refunds.id'], name=op.f('fk_exchanges_refund_id_refunds')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_exchanges_user_id_users')),
        sa.ForeignKeyConstraint(['settled_by'], ['users.id'], name=op.f('fk_exchanges_settled_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_exchanges')),
    )
    with op.batch_alter_table('exchanges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchanges_return_id'), ['return_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exchanges_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_exchanges_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('exchanges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exchanges_created_at'))
        batch_op.drop_index(batch_op.f('ix_exchanges_status'))
        batch_op.drop_index(batch_op.f('ix_exchanges_return_id'))
    op.drop_table('exchanges')
