"""Section 8 re-screenings asked for on the web, run by a worker's job: their status, lease and progress

Revision ID: e8a4c2f6b9d1
Revises: d7c3a9e5f1b8
Create Date: 2026-12-07 04:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e8a4c2f6b9d1"
down_revision = "d7c3a9e5f1b8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "section8_rescreens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("QUEUED", "RUNNING", "DONE", "FAILED", name="rescreenstatus", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("after_contest_id", sa.Integer(), nullable=False),
        sa.Column("contests_total", sa.Integer(), nullable=False),
        sa.Column("contests_done", sa.Integer(), nullable=False),
        sa.Column("texts", sa.Integer(), nullable=False),
        sa.Column("kept", sa.Integer(), nullable=False),
        sa.Column("kept_before", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("section8_rescreens") as batch_op:
        batch_op.create_index("ix_section8_rescreens_status", ["status"])


def downgrade() -> None:
    op.drop_table("section8_rescreens")
