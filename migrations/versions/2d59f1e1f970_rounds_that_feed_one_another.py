"""Rounds that feed one another: which round a contest feeds (round_links), who was nominated into it and what
they became there (nominations), and the exports handed to a round outside hoithi (handoffs).

Revision ID: 2d59f1e1f970
Revises: 8f3b6d2e4a17
Create Date: 2027-01-10 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2d59f1e1f970'
down_revision = '8f3b6d2e4a17'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('handoffs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('nominees', sa.Integer(), nullable=False),
    sa.Column('made_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_handoffs_contest_id_contests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['made_by_id'], ['users.id'], name=op.f('fk_handoffs_made_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoffs'))
    )
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoffs_contest_id'), ['contest_id'], unique=False)

    op.create_table('round_links',
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('next_contest_id', sa.Integer(), nullable=True),
    sa.Column('outside_name', sa.String(length=200), nullable=True),
    sa.Column('outside_organiser', sa.String(length=200), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=False),
    sa.Column('set_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(next_contest_id IS NULL) <> (outside_name IS NULL)', name=op.f('ck_round_links_one_target')),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_round_links_contest_id_contests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['next_contest_id'], ['contests.id'], name=op.f('fk_round_links_next_contest_id_contests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_round_links_set_by_id_users')),
    sa.PrimaryKeyConstraint('contest_id', name=op.f('pk_round_links'))
    )
    with op.batch_alter_table('round_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_links_next_contest_id'), ['next_contest_id'], unique=False)

    op.create_table('nominations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_contest_id', sa.Integer(), nullable=False),
    sa.Column('to_contest_id', sa.Integer(), nullable=True),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('carried_entry_id', sa.Integer(), nullable=True),
    sa.Column('carried_registration_id', sa.Integer(), nullable=True),
    sa.Column('method', sa.Enum('RANK', 'AWARD', 'UNIT_QUOTA', 'HAND', name='nominationmethod', native_enum=False, length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('category_code', sa.String(length=10), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('award', sa.Enum('FIRST', 'SECOND', 'THIRD', 'CONSOLATION', name='awardlevel', native_enum=False, length=20), nullable=True),
    sa.Column('nominated_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['carried_entry_id'], ['entries.id'], name=op.f('fk_nominations_carried_entry_id_entries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['carried_registration_id'], ['registrations.id'], name=op.f('fk_nominations_carried_registration_id_registrations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['entry_id'], ['entries.id'], name=op.f('fk_nominations_entry_id_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_contest_id'], ['contests.id'], name=op.f('fk_nominations_from_contest_id_contests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nominated_by_id'], ['users.id'], name=op.f('fk_nominations_nominated_by_id_users')),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_nominations_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_contest_id'], ['contests.id'], name=op.f('fk_nominations_to_contest_id_contests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nominations')),
    sa.UniqueConstraint('from_contest_id', 'entry_id', name='uq_nominations_entry'),
    sa.UniqueConstraint('from_contest_id', 'registration_id', name='uq_nominations_registration')
    )
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nominations_from_contest_id'), ['from_contest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominations_to_contest_id'), ['to_contest_id'], unique=False)



def downgrade():
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nominations_to_contest_id'))
        batch_op.drop_index(batch_op.f('ix_nominations_from_contest_id'))

    op.drop_table('nominations')
    with op.batch_alter_table('round_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_links_next_contest_id'))

    op.drop_table('round_links')
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoffs_contest_id'))

    op.drop_table('handoffs')
