"""the brand list: the brands most likely in a school contest that the list left out, and VCB, TCB, Vinschool

Revision ID: d7b3f1a9e5c2
Revises: c4d2e8a9b613
Create Date: 2026-12-07 16:00:00

The shipped file (data/brands.yaml, "Shipped in December 2026") gained 77 brands (food and drink, stationery,
learning apps and platforms, electronics and tech, games and payment) and Vingroup, Vietcombank and Techcombank the
names they are also known by (Vinschool, VCB, TCB…). An installation's list is the Sở's once made: a brand is added
only where none of its names is on the list already (the Sở may have added it, perhaps under another brand), an
alias only where its brand is there and no brand holds the name. The data is written here, not read from the file,
so that later changes to the file do not change what this revision did. Downgrade takes off the brands still as
added and the aliases this revision adds.
"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7b3f1a9e5c2'
down_revision = 'c4d2e8a9b613'
branch_labels = None
depends_on = None

brands = sa.table(
    'brands',
    sa.column('id', sa.Integer),
    sa.column('name', sa.String),
    sa.column('aliases', sa.JSON),
    sa.column('ambiguous', sa.JSON),
)

# (name, aliases, ambiguous)
NEW_BRANDS = [
    ('VNPay', [], []),
    ('Garena', ['Free Fire', 'Liên Quân Mobile'], []),
    ('FrieslandCampina', ['Friesland Campina'], ['Dutch Lady', 'Cô Gái Hà Lan']),
    ('Liwayway', ['Oishi'], []),
    ('Orion', ['Chocopie', 'Choco-Pie', 'Orion Vina'], ['Orion']),
    ('Kinh Đô', ['Mondelez Kinh Đô', 'Mondelez', 'Bánh Kinh Đô'], ['Kinh Đô']),
    ('Acecook', ['Hảo Hảo'], []),
    ('Hải Hà', ['Bánh kẹo Hải Hà', 'Haihaco'], ['Hải Hà']),
    ('Bibica', [], []),
    ('Vifon', [], []),
    ('Ajinomoto', [], []),
    ('Tân Hiệp Phát', ['Trà Xanh Không Độ'], []),
    ('Trung Nguyên', ['Trung Nguyên Legend', 'Cà phê Trung Nguyên'], ['Trung Nguyên']),
    ('Highlands Coffee', [], []),
    ('Phúc Long', ['Phúc Long Coffee & Tea', 'Trà Phúc Long'], ['Phúc Long']),
    ('KFC', [], []),
    ('Jollibee', [], []),
    ("McDonald's", [], []),
    ('Pizza Hut', [], []),
    ('Vissan', [], []),
    ('Unilever', ['Lifebuoy', 'Knorr', 'Lipton'], []),
    ('Colgate', [], []),
    ('Red Bull', [], []),
    ('Lavie', [], []),
    ('Fanta', [], []),
    ('Aquafina', [], []),
    ('Mirinda', [], []),
    ('Stabilo', [], []),
    ('Staedtler', [], []),
    ('Faber-Castell', [], []),
    ('Pentel', [], []),
    ('Deli', [], ['Deli']),
    ('Trạng Nguyên Tiếng Việt', ['trangnguyen.edu.vn', 'Trạng Nguyên Toàn Tài'], []),
    ('Prep', ['Prep.vn'], ['Prep']),
    ('Babilala', [], []),
    ('Hoc247', [], []),
    ('Loigiaihay', [], []),
    ('Kyna', [], []),
    ('Unica', [], []),
    ('Edmicro', [], []),
    ('MindX', [], []),
    ('Teky', [], []),
    ('Algorithmics', [], ['Algorithmics']),
    ('OhStem', ['Yolo:Bit', 'Yolobit'], []),
    ('Wordwall', [], []),
    ('Blooket', [], []),
    ('Gimkit', [], []),
    ('Nearpod', [], []),
    ('Mentimeter', [], []),
    ('Liveworksheets', [], []),
    ('Grammarly', [], []),
    ('Coursera', [], []),
    ('Udemy', [], []),
    ('Cambly', [], []),
    ('Tynker', [], []),
    ('Roblox', [], []),
    ('Amazon', ['Amazon Web Services', 'Kindle Paperwhite', 'Kindle Kids', 'Amazon Echo'], ['Amazon', 'Kindle']),
    ('Panasonic', [], []),
    ('Sharp', [], ['Sharp']),
    ('Philips', [], []),
    ('Electrolux', [], []),
    ('Daikin', [], []),
    ('Hitachi', [], []),
    ('Fujifilm', [], []),
    ('Nikon', [], []),
    ('GoPro', [], []),
    ('Nintendo', ['Nintendo Switch'], []),
    ('Garmin', [], []),
    ('JBL', [], []),
    ('TCL', [], []),
    ('Sunhouse', [], []),
    ('Rạng Đông', ['Đèn Rạng Đông', 'Bóng đèn Rạng Đông'], ['Rạng Đông']),
    ('Điện Quang', ['Đèn Điện Quang'], ['Điện Quang']),
    ('Telegram', [], []),
    ('Netflix', [], []),
    ('Spotify', [], []),
    ('Discord', [], ['Discord']),
]
NEW_ALIASES = {
    'Vingroup': ['Vinschool', 'Vinmec', 'Vinpearl', 'VinUni', 'Vincom', 'VinWonders', 'Xanh SM'],
    'Vietcombank': ['VCB'],
    'Techcombank': ['TCB'],
}


def _key(name):
    # As the screener compares names: case, diacritics and what is not a letter or a digit ignored.
    text = unicodedata.normalize('NFD', name.replace('đ', 'd').replace('Đ', 'D'))
    return ''.join(ch for ch in text.casefold() if ch.isalnum() and not unicodedata.combining(ch))


def _rows(connection):
    return connection.execute(sa.select(brands.c.id, brands.c.name, brands.c.aliases, brands.c.ambiguous)).all()


def _taken(rows):
    return {_key(n) for row in rows for n in (row.name, *(row.aliases or []), *(row.ambiguous or []))}


def upgrade():
    connection = op.get_bind()
    for name, aliases, ambiguous in NEW_BRANDS:
        rows = _rows(connection)
        if not {_key(n) for n in (name, *aliases, *ambiguous)} & _taken(rows):
            connection.execute(sa.insert(brands).values(name=name, aliases=aliases, ambiguous=ambiguous))
    for name, aliases in NEW_ALIASES.items():
        rows = _rows(connection)
        taken = _taken(rows)
        for row in rows:
            if row.name == name:
                added = [a for a in aliases if _key(a) not in taken]
                if added:
                    values = dict(aliases=[*(row.aliases or []), *added])
                    connection.execute(sa.update(brands).where(brands.c.id == row.id).values(**values))


def downgrade():
    connection = op.get_bind()
    shipped = {name: (aliases, ambiguous) for name, aliases, ambiguous in NEW_BRANDS}
    for row in _rows(connection):
        if shipped.get(row.name) == (list(row.aliases or []), list(row.ambiguous or [])):
            connection.execute(sa.delete(brands).where(brands.c.id == row.id))
        elif row.name in NEW_ALIASES:
            kept = [a for a in (row.aliases or []) if a not in NEW_ALIASES[row.name]]
            if kept != list(row.aliases or []):
                connection.execute(sa.update(brands).where(brands.c.id == row.id).values(aliases=kept))
