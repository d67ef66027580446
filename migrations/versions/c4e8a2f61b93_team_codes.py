"""Team codes: a team's registration has a code unique in its contest (e.g. C01), printed on its certificates.

Revision ID: c4e8a2f61b93
Revises: 2d59f1e1f970
Create Date: 2027-01-12 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4e8a2f61b93'
down_revision = '2d59f1e1f970'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_code', sa.String(length=20), nullable=True))
        batch_op.create_unique_constraint('uq_registrations_contest_team_code', ['contest_id', 'team_code'])


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_constraint('uq_registrations_contest_team_code', type_='unique')
        batch_op.drop_column('team_code')
