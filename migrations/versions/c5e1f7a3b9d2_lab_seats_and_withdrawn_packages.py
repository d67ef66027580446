"""Lab seats (a contestant in one standing lab package of a contest, the database deciding) and withdrawn lab
packages. The seats of packages issued before are filled from their logins, the earliest package keeping a
contestant that several carried (issued before overlaps were refused).

Revision ID: c5e1f7a3b9d2
Revises: b7c4e2a9d1f3
Create Date: 2027-01-27 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5e1f7a3b9d2'
down_revision = 'b7c4e2a9d1f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lab_packages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('withdrawal_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_lab_packages_withdrawn_by_id_users'), 'users',
                                    ['withdrawn_by_id'], ['id'])
    seats = op.create_table(
        'lab_seats',
        sa.Column('contest_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('package_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_lab_seats_contest_id_contests'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['package_id'], ['lab_packages.id'],
                                name=op.f('fk_lab_seats_package_id_lab_packages'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_lab_seats_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('contest_id', 'user_id', name=op.f('pk_lab_seats')),
    )
    with op.batch_alter_table('lab_seats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lab_seats_package_id'), ['package_id'], unique=False)
    _fill_seats(seats)


def _fill_seats(seats: sa.Table) -> None:
    """A seat for every contestant of every package issued so far (of accounts that still exist), the earliest
    package first."""
    connection = op.get_bind()
    packages = sa.table('lab_packages', sa.column('id'), sa.column('contest_id'), sa.column('logins', sa.JSON),
                        sa.column('issued_at'))
    users = sa.table('users', sa.column('id'))
    existing = set(connection.execute(sa.select(users.c.id)).scalars())
    taken: set[tuple[int, int]] = set()
    rows = []
    for package_id, contest_id, logins in connection.execute(
        sa.select(packages.c.id, packages.c.contest_id, packages.c.logins).order_by(packages.c.issued_at,
                                                                                 packages.c.id)
    ):
        for user_id in sorted(set((logins or {}).values())):
            if user_id in existing and (contest_id, user_id) not in taken:
                taken.add((contest_id, user_id))
                rows.append({'contest_id': contest_id, 'user_id': user_id, 'package_id': package_id})
    if rows:
        op.bulk_insert(seats, rows)


def downgrade():
    # Before withdrawals, a package's logins were its seats and what its bundle may bring: a withdrawn package
    # carries nobody, so that its contestants stay free and its bundle stays refused.
    packages = sa.table('lab_packages', sa.column('logins', sa.JSON), sa.column('withdrawn_at'))
    op.execute(packages.update().where(packages.c.withdrawn_at.is_not(None)).values(logins={}))
    with op.batch_alter_table('lab_seats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lab_seats_package_id'))
    op.drop_table('lab_seats')
    with op.batch_alter_table('lab_packages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_lab_packages_withdrawn_by_id_users'), type_='foreignkey')
        batch_op.drop_column('withdrawal_reason')
        batch_op.drop_column('withdrawn_by_id')
        batch_op.drop_column('withdrawn_at')
