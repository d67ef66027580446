"""Section 8 attempts the Sở's reviewers see: texts refused on publishing, contests used before their proposal was
approved, texts published before the published-text screening that now raise a flag

Revision ID: d7c3a9e5f1b8
Revises: b5f7d3e9a2c4
Create Date: 2026-12-07 00:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d7c3a9e5f1b8"
down_revision = "b5f7d3e9a2c4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "section8_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("REFUSED_TEXT", "UNAPPROVED", "PUBLISHED_BEFORE", name="attemptkind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("contest_id", sa.Integer(), nullable=True),
        sa.Column("contest_title", sa.String(length=200), nullable=False),
        sa.Column("what", sa.String(length=120), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=True),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("found", sa.JSON(), nullable=False),
        sa.Column("proposal_status", sa.String(length=20), nullable=True),
        sa.Column("dealt_by_id", sa.Integer(), nullable=True),
        sa.Column("dealt_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["dealt_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("section8_attempts") as batch_op:
        batch_op.create_index("ix_section8_attempts_at", ["at"])
        batch_op.create_index("ix_section8_attempts_kind", ["kind"])
        batch_op.create_index("ix_section8_attempts_contest_id", ["contest_id"])


def downgrade() -> None:
    op.drop_table("section8_attempts")
