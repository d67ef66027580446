"""test runs: a contestant's program run once on input of their choice, outside judging

Revision ID: d2a7f4c8e913
Revises: d7e5a3c1f9b2
Create Date: 2026-12-14 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd2a7f4c8e913'
down_revision = 'd7e5a3c1f9b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('test_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=20), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('input', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('QUEUED', 'COMPILING', 'RUNNING', 'DONE', 'ERROR', name='submissionstatus', native_enum=False, length=20), nullable=False),
    sa.Column('outcome', sa.String(length=3), nullable=True),
    sa.Column('exit_code', sa.Integer(), nullable=True),
    sa.Column('signal', sa.Integer(), nullable=True),
    sa.Column('time_ms', sa.Integer(), nullable=True),
    sa.Column('memory_kb', sa.Integer(), nullable=True),
    sa.Column('output', sa.Text(), nullable=False),
    sa.Column('output_truncated', sa.Boolean(), nullable=False),
    sa.Column('stderr', sa.Text(), nullable=False),
    sa.Column('compile_output', sa.Text(), nullable=False),
    sa.Column('judge_log', sa.Text(), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('worker', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_test_runs_contest_id_contests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_test_runs_problem_id_problems'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_test_runs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_test_runs'))
    )
    with op.batch_alter_table('test_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_test_runs_contest_id'), ['contest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_test_runs_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_test_runs_problem_id'), ['problem_id'], unique=False)
        batch_op.create_index('ix_test_runs_status_heartbeat', ['status', 'heartbeat_at'], unique=False)
        batch_op.create_index('ix_test_runs_user_contest', ['user_id', 'contest_id'], unique=False)


def downgrade():
    with op.batch_alter_table('test_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_test_runs_user_contest')
        batch_op.drop_index('ix_test_runs_status_heartbeat')
        batch_op.drop_index(batch_op.f('ix_test_runs_problem_id'))
        batch_op.drop_index(batch_op.f('ix_test_runs_created_at'))
        batch_op.drop_index(batch_op.f('ix_test_runs_contest_id'))

    op.drop_table('test_runs')
