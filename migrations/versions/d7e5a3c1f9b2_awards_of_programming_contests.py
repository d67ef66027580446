"""awards of programming contests, fixed from the final scoreboard when the results are published

Revision ID: d7e5a3c1f9b2
Revises: b4e2c7a9d315
Create Date: 2026-12-14 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7e5a3c1f9b2'
down_revision = 'b4e2c7a9d315'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'programming_awards',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contest_id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=True),
        sa.Column(
            'level',
            sa.Enum('FIRST', 'SECOND', 'THIRD', 'CONSOLATION', name='awardlevel', native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column('rank', sa.Integer(), nullable=False),
        sa.Column('total', sa.Float(), nullable=False),
        sa.Column('penalty', sa.Integer(), nullable=True),
        sa.Column('certificate_code', sa.String(length=32), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_programming_awards_category_id_categories'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_programming_awards_contest_id_contests'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_programming_awards_registration_id_registrations'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_programming_awards')),
        sa.UniqueConstraint('certificate_code', name=op.f('uq_programming_awards_certificate_code')),
        sa.UniqueConstraint('registration_id', name=op.f('uq_programming_awards_registration_id')),
    )
    with op.batch_alter_table('programming_awards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programming_awards_contest_id'), ['contest_id'], unique=False)


def downgrade():
    with op.batch_alter_table('programming_awards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programming_awards_contest_id'))
    op.drop_table('programming_awards')
