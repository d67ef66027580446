"""The migration that keeps the known companies in the database: it fills the table with the shipped list and gives
the brand list's BIDV its full name (which says it is a bank) unless a brand holds the name; downgrade takes both
back."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from app.extensions import db

from .test_migrations import empty_app, empty_database_url  # noqa: F401  (fixtures)

BEFORE = "e2a7c9d4f1b6"
FULL_NAME = "Ngân hàng Đầu tư và Phát triển Việt Nam"
brands = sa.table("brands", sa.column("name"), sa.column("aliases", sa.JSON))
companies = sa.table("known_companies", sa.column("name"), sa.column("aliases", sa.JSON), sa.column("bank"))


def test_the_known_companies_are_filled_and_bidv_named_in_full(empty_app: Flask) -> None:  # noqa: F811
    with empty_app.app_context():
        upgrade(revision=BEFORE)
        upgrade()
        with db.engine.connect() as conn:
            stored = {row.name: (row.aliases, row.bank) for row in conn.execute(sa.select(companies))}
            bidv = conn.execute(sa.select(brands.c.aliases).where(brands.c.name == "BIDV")).scalar_one()
        assert len(stored) >= 40 and stored["ACB"] == (["Ngân hàng Á Châu"], True)
        assert stored["Prudential"] == ([], False)
        assert FULL_NAME in bidv
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            assert "known_companies" not in sa.inspect(conn).get_table_names()
            assert (
                FULL_NAME not in conn.execute(sa.select(brands.c.aliases).where(brands.c.name == "BIDV")).scalar_one()
            )
