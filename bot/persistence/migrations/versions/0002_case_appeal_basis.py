"""case appeal basis

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 22:15:51.630192
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('appeal_basis', sa.String(length=32), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('appeal_basis')

