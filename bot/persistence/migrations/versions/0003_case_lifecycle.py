"""case lifecycle: version, undo history, title, appeal result, close/reopen facts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 19:40:00

Existing rows: every case gets version 1 and an empty undo history (changes made before the upgrade
cannot be undone); a closed case gets ``closed_at`` from its latest "closed" event and ``closed_from``
from the last status-changing event before it (so 重新打开 returns it there; none → negotiating).
Events, evidence and reminders are not touched. Only ADD COLUMN is used: in SQLite a table rebuild
(DROP TABLE cases) would cascade-delete the events, evidence and reminders of every case.
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

import bot.persistence.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The status an event kind left the case in (as flows.lifecycle reads a timeline).
_STATUS_AFTER = {
    "negotiation_started": "negotiating",
    "after_sales_requested": "after_sales_requested",
    "intervention_requested": "intervention_requested",
    "ruling_received": "ruling_received",
    "appeal_submitted": "appeal_submitted",
}
_SELLER = {"agreed": "seller_agreed", "refused": "seller_refused", "no_answer": "seller_no_answer"}


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("appeal_decided_at", bot.persistence.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", bot.persistence.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("closed_from", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("history", sa.JSON(), server_default="[]", nullable=False))

    connection = op.get_bind()
    closed = connection.execute(sa.text("SELECT id FROM cases WHERE status = 'closed'")).scalars().all()
    for case_id in closed:
        events = connection.execute(
            sa.text("SELECT kind, at, details FROM case_events WHERE case_id = :id ORDER BY at, id"),
            {"id": case_id},
        ).all()
        closed_at, before = None, None
        for kind, at, details in events:
            if kind == "closed":
                closed_at = at
                continue
            if closed_at is not None:
                continue  # only what happened before the close
            if kind == "seller_answered":
                detail = json.loads(details) if isinstance(details, str) else (details or {})
                before = _SELLER.get(detail.get("answer"), before)
            elif kind in _STATUS_AFTER:
                before = _STATUS_AFTER[kind]
        connection.execute(
            sa.text("UPDATE cases SET closed_at = :at, closed_from = :before WHERE id = :id"),
            {"at": closed_at, "before": before, "id": case_id},
        )


def downgrade() -> None:
    connection = op.get_bind()
    connection.execute(sa.text("UPDATE cases SET status = 'appeal_submitted' WHERE status = 'appeal_decided'"))
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("history")
        batch_op.drop_column("version")
        batch_op.drop_column("closed_from")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("appeal_decided_at")
        batch_op.drop_column("title")
