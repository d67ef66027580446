"""extra time for one entrant: registrations.extended_until

Revision ID: a8e4c2d6f1b3
Revises: f3b9d1c7a5e2
Create Date: 2026-12-06 21:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a8e4c2d6f1b3"
down_revision = "f3b9d1c7a5e2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registrations") as batch_op:
        batch_op.add_column(sa.Column("extended_until", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registrations") as batch_op:
        batch_op.drop_column("extended_until")
