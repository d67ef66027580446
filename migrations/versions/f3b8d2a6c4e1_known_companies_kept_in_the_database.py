"""the list of known companies that are no products, kept in the database for the Sở to edit; BIDV's full name

Revision ID: f3b8d2a6c4e1
Revises: e2a7c9d4f1b6
Create Date: 2026-12-07 19:15:00

The table is filled with the list shipped until now (data/companies.yaml, December 2026). The data is written here,
not read from the file, so that later changes to the file do not change what this revision did. The brand list's
BIDV gains its full name ("Ngân hàng Đầu tư và Phát triển Việt Nam"), which says it is a bank, where BIDV is on the
list and no brand holds the name. Downgrade drops the table and takes the name off BIDV.
"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3b8d2a6c4e1'
down_revision = 'e2a7c9d4f1b6'
branch_labels = None
depends_on = None

brands = sa.table(
    'brands',
    sa.column('id', sa.Integer),
    sa.column('name', sa.String),
    sa.column('aliases', sa.JSON),
    sa.column('ambiguous', sa.JSON),
)

BIDV_NAME = 'Ngân hàng Đầu tư và Phát triển Việt Nam'

# (name, aliases, ambiguous, bank)
COMPANIES = [
    ('Hòa Phát', ['Tập đoàn Hòa Phát', 'Hoa Phat Group'], ['Hòa Phát'], False),
    ('Masan', ['Masan Group', 'WinCommerce'], [], False),
    ('Vinatex', [], [], False),
    ('Sun Group', [], [], False),
    ('Novaland', [], [], False),
    ('Geleximco', [], [], False),
    ('ACB', ['Ngân hàng Á Châu'], [], True),
    ('TPBank', ['TP Bank', 'Tiên Phong Bank'], [], True),
    ('SHB', [], [], True),
    ('SeABank', [], [], True),
    ('HDBank', [], [], True),
    ('OCB', [], [], True),
    ('LienVietPostBank', ['LPBank'], [], True),
    ('Eximbank', [], [], True),
    ('VIB', [], [], True),
    ('BacABank', ['Bac A Bank'], [], True),
    ('Bảo Việt', ['Bảo Việt Nhân thọ', 'Tập đoàn Bảo Việt', 'Baoviet', 'Bao Viet Holdings'], ['Bảo Việt'], False),
    ('Prudential', [], [], False),
    ('Manulife', [], [], False),
    ('AIA', [], [], False),
    ('Dai-ichi Life', [], [], False),
    ('FWD', [], [], False),
    ('Generali', [], [], False),
    ('PVI', [], [], False),
    ('Petrolimex', [], [], False),
    ('PV Oil', [], [], False),
    ('Vietjet', ['Vietjet Air'], [], False),
    ('Vietnam Airlines', [], [], False),
    ('Bamboo Airways', [], [], False),
    ('Grab', ['Grab Vietnam', 'Grab Việt Nam'], ['Grab'], False),
    ('Lotte Mart', ['Lotte'], [], False),
    ('Co.opmart', ['Saigon Co.op'], [], False),
    ('AEON', [], [], False),
    ('Big C', [], [], False),
    ('WinMart', [], [], False),
    ('Bách Hóa Xanh', [], [], False),
    ('ILA', [], [], False),
    ('Apollo English', ['Apollo'], ['Apollo'], False),
    ('VUS', [], [], False),
    ('Wall Street English', [], [], False),
    ('Language Link', [], [], False),
    ('EQuest', [], [], False),
    ('Alpha Books', [], [], False),
    ('First News', [], [], False),
    ('Nhã Nam', [], ['Nhã Nam'], False),
    ('Đinh Tị', [], ['Đinh Tị'], False),
]


def _key(name):
    """A name with case and Vietnamese diacritics ignored and its spaces tidied, to tell whether a brand holds it."""
    decomposed = unicodedata.normalize('NFD', name.replace('đ', 'd').replace('Đ', 'D'))
    bare = ''.join(ch for ch in decomposed if not unicodedata.combining(ch))
    return ' '.join(bare.casefold().split())


def upgrade():
    companies = op.create_table('known_companies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('ambiguous', sa.JSON(), nullable=False),
    sa.Column('bank', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_known_companies')),
    sa.UniqueConstraint('name', name=op.f('uq_known_companies_name'))
    )
    op.bulk_insert(
        companies,
        [
            {'name': name, 'aliases': aliases, 'ambiguous': ambiguous, 'bank': bank}
            for name, aliases, ambiguous, bank in COMPANIES
        ],
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(brands.c.id, brands.c.name, brands.c.aliases, brands.c.ambiguous)).all()
    held = {_key(n) for row in rows for n in (row.name, *(row.aliases or []), *(row.ambiguous or []))}
    bidv = next((row for row in rows if _key(row.name) == 'bidv'), None)
    if bidv is not None and _key(BIDV_NAME) not in held:
        aliases = [*(bidv.aliases or []), BIDV_NAME]
        bind.execute(brands.update().where(brands.c.id == bidv.id).values(aliases=aliases))


def downgrade():
    bind = op.get_bind()
    for row in bind.execute(sa.select(brands.c.id, brands.c.aliases).where(brands.c.name == 'BIDV')).all():
        if BIDV_NAME in (row.aliases or []):
            aliases = [a for a in row.aliases if a != BIDV_NAME]
            bind.execute(brands.update().where(brands.c.id == row.id).values(aliases=aliases))
    op.drop_table('known_companies')
