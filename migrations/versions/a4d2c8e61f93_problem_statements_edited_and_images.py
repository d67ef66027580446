"""problem statements written in the editor (Vietnamese and English) and the images attached to them

Revision ID: a4d2c8e61f93
Revises: 5d8e3b7c1a42
Create Date: 2026-12-12 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4d2c8e61f93'
down_revision = '5d8e3b7c1a42'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.add_column(sa.Column('statement_vi', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('statement_en', sa.Text(), nullable=True))
    op.create_table(
        'problem_images',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('problem_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('image_format', sa.String(length=10), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('problem_id', 'name', name='uq_problem_images_problem_name'),
    )
    with op.batch_alter_table('problem_images', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problem_images_problem_id'), ['problem_id'], unique=False)


def downgrade():
    with op.batch_alter_table('problem_images', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problem_images_problem_id'))
    op.drop_table('problem_images')
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.drop_column('statement_en')
        batch_op.drop_column('statement_vi')
