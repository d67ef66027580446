"""API tokens expire: api_tokens.expires_at

Revision ID: b5edb12b1707
Revises: a7c3e9f1d5b2
Create Date: 2026-12-07 11:30:00

A token is refused from ``expires_at`` on; its owner chooses the lifetime when creating it (30 days unless they
choose otherwise, at most 365). A token made before has no lifetime chosen: it gets the default, 30 days, counted
from this migration rather than from its creation, so that no script stops without its owner having been able to
see the date on the tokens page. Downgrading drops the column (tokens then never expire again).
"""
from datetime import UTC, datetime, timedelta

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5edb12b1707'
down_revision = 'a7c3e9f1d5b2'
branch_labels = None
depends_on = None

DEFAULT_DAYS = 30  # app.services.people.api_tokens.DEFAULT_DAYS when this was written


def upgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))
    expires_at = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=DEFAULT_DAYS)
    tokens = sa.table('api_tokens', sa.column('expires_at', sa.DateTime))
    op.execute(tokens.update().values(expires_at=expires_at))
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(), nullable=False)


def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
