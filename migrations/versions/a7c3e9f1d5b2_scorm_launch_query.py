"""a SCORM package's launch keeps its query: entry_files.launch_query

What a SCORM launch adds after its page (the href's query and fragment joined with its item's ``parameters``,
``submissions.launch_query``) was dropped. Packages uploaded before have none recorded: their launch opens the page
alone, as before.

Revision ID: a7c3e9f1d5b2
Revises: f2b7d4a9c6e1
Create Date: 2026-12-07 07:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a7c3e9f1d5b2"
down_revision = "f2b7d4a9c6e1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("entry_files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("launch_query", sa.String(length=1000), nullable=True))


def downgrade():
    with op.batch_alter_table("entry_files", schema=None) as batch_op:
        batch_op.drop_column("launch_query")
