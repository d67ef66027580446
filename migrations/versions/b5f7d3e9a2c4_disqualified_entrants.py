"""disqualified entrants: registrations.disqualified_reason

Revision ID: b5f7d3e9a2c4
Revises: a8e4c2d6f1b3
Create Date: 2026-12-06 21:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b5f7d3e9a2c4"
down_revision = "a8e4c2d6f1b3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registrations") as batch_op:
        batch_op.add_column(sa.Column("disqualified_reason", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registrations") as batch_op:
        batch_op.drop_column("disqualified_reason")
