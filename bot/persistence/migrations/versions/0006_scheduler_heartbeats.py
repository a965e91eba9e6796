"""scheduler heartbeats: one row per scheduler run (start and latest beat), shared by replicas

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 23:00:00
"""
from alembic import op
import sqlalchemy as sa

from bot.persistence.types import UTCDateTime


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'scheduler_heartbeats',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.String(length=36), nullable=False),
        sa.Column('started_at', UTCDateTime(), nullable=False),
        sa.Column('beat_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('run_id'),
    )
    op.create_index('ix_scheduler_heartbeats_beat_at', 'scheduler_heartbeats', ['beat_at'])


def downgrade() -> None:
    op.drop_index('ix_scheduler_heartbeats_beat_at', table_name='scheduler_heartbeats')
    op.drop_table('scheduler_heartbeats')
