"""processed updates: Telegram update ids already handled, so a redelivered update is not handled twice

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 22:45:00

A new table only; no existing row is touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.persistence.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("processed_at", bot.persistence.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("update_id"),
    )
    op.create_index("ix_processed_updates_processed_at", "processed_updates", ["processed_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_processed_updates_processed_at", table_name="processed_updates")
    op.drop_table("processed_updates")
