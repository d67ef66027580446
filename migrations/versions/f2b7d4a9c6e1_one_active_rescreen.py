"""At most one Section 8 re-screening waits or runs: a unique 'active' mark, cleared when a run ends

Two reviewers asking at the same moment wrote two runs (each looked for one waiting or running before the other's
was committed); the unique mark makes the second wait for the first and give its run.

Revision ID: f2b7d4a9c6e1
Revises: c4e8a2f6b0d3
Create Date: 2026-12-07 08:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "f2b7d4a9c6e1"
down_revision = "c4e8a2f6b0d3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("section8_rescreens") as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=True))
    # The newest run waiting or running holds the mark; an older one a double press left behind still runs (the
    # sweep queues it) but no longer keeps a new one from being asked for after both have ended.
    op.execute(
        "UPDATE section8_rescreens SET active = true WHERE id = ("
        "SELECT max(id) FROM section8_rescreens WHERE status IN ('QUEUED', 'RUNNING'))"
    )
    with op.batch_alter_table("section8_rescreens") as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_section8_rescreens_active"), ["active"])


def downgrade() -> None:
    with op.batch_alter_table("section8_rescreens") as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_section8_rescreens_active"), type_="unique")
        batch_op.drop_column("active")
