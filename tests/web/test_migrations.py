"""``hoithi db upgrade`` builds the schema from empty, and the migrations match the models."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db


@pytest.fixture
def empty_database_url(tmp_path, database_url) -> Iterator[str]:
    """A new, empty database of the kind the suite runs on."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"hoithi_migr_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield database_url.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def test_upgrade_from_empty_matches_the_models_and_downgrades(tmp_path, empty_database_url, monkeypatch):
    monkeypatch.setenv("HOITHI_INSTANCE_DIR", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            tables = set(sa.inspect(conn).get_table_names())
        assert diff == []
        assert {"units", "users", "contests", "registrations", "audit_log"} <= tables
        downgrade(revision="base")
        with db.engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_the_cli_upgrades_an_empty_database(tmp_path, empty_database_url):
    import subprocess
    import sys

    env = {**os.environ, "HOITHI_DATABASE_URL": empty_database_url, "HOITHI_INSTANCE_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "db", "upgrade"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    engine = sa.create_engine(empty_database_url)
    with engine.connect() as conn:
        assert "users" in sa.inspect(conn).get_table_names()
    engine.dispose()
