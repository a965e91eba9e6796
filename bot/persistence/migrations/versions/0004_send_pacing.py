"""send pacing shared by replicas: one row with the next free send moment (PostgreSQL uses it)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 20:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'send_pacing',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('next_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    op.drop_table('send_pacing')
