"""Imports that keep every value: a line's exact paid money, tax rate and tax, cancelled lines; the order's tax
and whether its prices include tax; an imported return's source document (a credit note's number).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 17:40:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tax_minor', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('prices_include_tax', sa.Boolean(), nullable=True))
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paid_minor', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('tax_rate_ppm', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('tax_minor', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancelled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('cancelled_qty', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('cancelled_minor', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('returns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_document', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_returns_source_document'), ['source_document'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('returns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_returns_source_document'))
        batch_op.drop_column('source_document')
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        for column in ('cancelled_minor', 'cancelled_qty', 'cancelled', 'tax_minor', 'tax_rate_ppm', 'paid_minor'):
            batch_op.drop_column(column)
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('prices_include_tax')
        batch_op.drop_column('tax_minor')
