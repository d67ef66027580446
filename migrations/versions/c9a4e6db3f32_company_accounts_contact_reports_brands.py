"""company accounts, contact reports, the brand list in the database

Revision ID: c9a4e6db3f32
Revises: 3e1c0a5b7d21
Create Date: 2026-11-29 09:10:00.000000

"""
from pathlib import Path

from alembic import op
import sqlalchemy as sa
import yaml


# revision identifiers, used by Alembic.
revision = 'c9a4e6db3f32'
down_revision = '3e1c0a5b7d21'
branch_labels = None
depends_on = None

# The list shipped with hoithi, copied into the table once; the Sở edits the table from then on.
BRANDS_FILE = Path(__file__).resolve().parents[2] / "app" / "services" / "proposals" / "data" / "brands.yaml"


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('company_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('company_tax_code', sa.String(length=20), nullable=True))
        batch_op.create_index(batch_op.f('ix_users_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_users_organisation_id_organisations'), 'organisations', ['organisation_id'], ['id'])

    op.create_table('contact_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=False),
    sa.Column('company_name', sa.String(length=200), nullable=False),
    sa.Column('company_kind', sa.String(length=20), nullable=False),
    sa.Column('contacted_on', sa.Date(), nullable=False),
    sa.Column('contest', sa.Text(), nullable=False),
    sa.Column('request', sa.Text(), nullable=False),
    sa.Column('attachment_hash', sa.String(length=64), nullable=True),
    sa.Column('attachment_name', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('noted_by_id', sa.Integer(), nullable=True),
    sa.Column('noted_at', sa.DateTime(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['noted_by_id'], ['users.id'], name=op.f('fk_contact_reports_noted_by_id_users')),
    sa.ForeignKeyConstraint(['reported_by_id'], ['users.id'], name=op.f('fk_contact_reports_reported_by_id_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_contact_reports_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_reports'))
    )
    with op.batch_alter_table('contact_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_reports_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_reports_unit_id'), ['unit_id'], unique=False)

    brands = op.create_table('brands',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('ambiguous', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_brands')),
    sa.UniqueConstraint('name', name=op.f('uq_brands_name'))
    )
    shipped = yaml.safe_load(BRANDS_FILE.read_text(encoding="utf-8"))["brands"]
    op.bulk_insert(
        brands,
        [
            {"name": b["name"], "aliases": list(b.get("aliases") or []), "ambiguous": list(b.get("ambiguous") or [])}
            for b in shipped
        ],
    )


def downgrade():
    op.drop_table('brands')
    with op.batch_alter_table('contact_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_reports_unit_id'))
        batch_op.drop_index(batch_op.f('ix_contact_reports_created_at'))

    op.drop_table('contact_reports')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_organisation_id_organisations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_users_organisation_id'))
        batch_op.drop_column('company_tax_code')
        batch_op.drop_column('company_name')
        batch_op.drop_column('organisation_id')
