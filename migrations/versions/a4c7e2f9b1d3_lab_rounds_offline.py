"""Lab rounds offline: the lab packages a hoithi issued, and the rounds a lab's hoithi set up from one.

Revision ID: a4c7e2f9b1d3
Revises: 094bf6874437
Create Date: 2026-12-05 04:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a4c7e2f9b1d3'
down_revision = '094bf6874437'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'lab_packages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('package_id', sa.String(length=32), nullable=False),
        sa.Column('contest_id', sa.Integer(), nullable=False),
        sa.Column('public_key', sa.String(length=64), nullable=False),
        sa.Column('package_sha256', sa.String(length=64), nullable=False),
        sa.Column('opens_at', sa.DateTime(), nullable=False),
        sa.Column('closes_at', sa.DateTime(), nullable=False),
        sa.Column('logins', sa.JSON(), nullable=False),
        sa.Column('labels', sa.JSON(), nullable=False),
        sa.Column('issued_by_id', sa.Integer(), nullable=True),
        sa.Column('issued_at', sa.DateTime(), nullable=False),
        sa.Column('results_sha256', sa.String(length=64), nullable=True),
        sa.Column('results_imported_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_lab_packages_contest_id_contests'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_lab_packages_issued_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lab_packages')),
        sa.UniqueConstraint('package_id', name=op.f('uq_lab_packages_package_id')),
    )
    with op.batch_alter_table('lab_packages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lab_packages_contest_id'), ['contest_id'], unique=False)
    op.create_table(
        'lab_rounds',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('package_id', sa.String(length=32), nullable=False),
        sa.Column('contest_id', sa.Integer(), nullable=False),
        sa.Column('signing_key', sa.String(length=64), nullable=False),
        sa.Column('opens_at', sa.DateTime(), nullable=False),
        sa.Column('closes_at', sa.DateTime(), nullable=False),
        sa.Column('imported_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_lab_rounds_contest_id_contests'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lab_rounds')),
        sa.UniqueConstraint('contest_id', name=op.f('uq_lab_rounds_contest_id')),
        sa.UniqueConstraint('package_id', name=op.f('uq_lab_rounds_package_id')),
    )


def downgrade():
    op.drop_table('lab_rounds')
    with op.batch_alter_table('lab_packages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lab_packages_contest_id'))
    op.drop_table('lab_packages')
