"""API tokens made before tokens expired: the migration gives each the default lifetime counted from the day it
runs (not from the token's creation, which would cut off a script without warning), so that every token expires
and its owner sees when on the tokens page before it happens."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.services.people import api_tokens
from app.timeutil import utcnow

from .. import builders
from .test_migrations import empty_app, empty_database_url  # noqa: F401  (fixtures)

BEFORE = "a7c3e9f1d5b2"  # the revision before tokens expired

tokens = sa.table("api_tokens", sa.column("name"), sa.column("expires_at", sa.DateTime))


def test_tokens_made_before_expiry_get_the_default_lifetime_from_the_migration(empty_app: Flask) -> None:  # noqa: F811
    with empty_app.app_context():
        upgrade()  # a token made with today's models, then taken back to before the migration and up again
        api_tokens.create(db.session, builders.person("hs"), "old")
        db.session.commit()
        db.session.remove()
        downgrade(revision=BEFORE)
        migrated = utcnow()
        upgrade()
        with db.engine.connect() as conn:
            name, expires_at = conn.execute(sa.select(tokens.c.name, tokens.c.expires_at)).one()
        assert name == "old"
        assert abs(expires_at - (migrated + timedelta(days=api_tokens.DEFAULT_DAYS))) < timedelta(minutes=5)
