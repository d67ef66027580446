"""People's stored sort keys compared numbers in names digit by digit ("An 10" before "An 9"): the migration
87a69afc55a3 recomputes them so that numbers go by value, and its downgrade writes the old keys back."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from app.extensions import db

from ..factories import UserFactory
from .test_migrations import empty_app, empty_database_url  # noqa: F401  (fixtures)


def _listed() -> list[str]:
    users = sa.table("users", sa.column("full_name"), sa.column("sort_key"), sa.column("id"))
    with db.engine.connect() as conn:
        return list(conn.scalars(sa.select(users.c.full_name).order_by(users.c.sort_key, users.c.id)))


def test_stored_sort_keys_are_recomputed_with_numbers_by_value(empty_app: Flask) -> None:  # noqa: F811
    with empty_app.app_context():
        upgrade()
        for name in ("Nguyễn Văn An 10", "Nguyễn Văn An 9", "Lê Thị Bình", "Nguyễn Văn An 2"):
            UserFactory(full_name=name)
        db.session.commit()
        db.session.remove()

        downgrade(revision="b5edb12b1707")  # the keys as they were stored before
        assert _listed() == ["Nguyễn Văn An 10", "Nguyễn Văn An 2", "Nguyễn Văn An 9", "Lê Thị Bình"]
        upgrade()
        assert _listed() == ["Nguyễn Văn An 2", "Nguyễn Văn An 9", "Nguyễn Văn An 10", "Lê Thị Bình"]
