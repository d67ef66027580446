"""Searching people ignores case and diacritics, the same on SQLite and PostgreSQL (set HOITHI_TEST_DATABASE_URL)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from app.extensions import db
from app.models import Role, User
from app.vnsort import fold
from tests.conftest import AuthActions

from ..factories import SchoolFactory, UserFactory
from .test_migrations import empty_app, empty_database_url  # noqa: F401  (fixtures)

NAMES = ["Nguyễn Văn An", "Đặng Quốc Ánh", "Lê Thị Khánh", "Trần Thanh Hà", "NGUYỄN THỊ ĐÀO", "Phạm Anh Thư"]


def _found(client: FlaskClient, query: str) -> set[str]:
    page = client.get("/people/", query_string={"q": query}).get_data(as_text=True)
    return {name for name in NAMES if name in page}


def test_search_ignores_case_and_diacritics(client: FlaskClient, auth: AuthActions) -> None:
    school = SchoolFactory()
    UserFactory(username="dp", full_name="Hoàng Điều Phối", unit=school, roles={Role.COORDINATOR})
    for i, name in enumerate(NAMES):
        UserFactory(full_name=name, username=f"hs{i}", unit=school)
    db.session.commit()
    auth.login("dp")
    assert _found(client, "nguyen") == {"Nguyễn Văn An", "NGUYỄN THỊ ĐÀO"}
    assert _found(client, "NGUYEN") == {"Nguyễn Văn An", "NGUYỄN THỊ ĐÀO"}
    assert _found(client, "Ánh") == {"Đặng Quốc Ánh", "Phạm Anh Thư"}
    # "anh" begins a word: it finds Ánh and Anh, never the inside of Khánh or Thanh
    assert _found(client, "anh") == {"Đặng Quốc Ánh", "Phạm Anh Thư"}
    assert _found(client, "khanh") == {"Lê Thị Khánh"}
    assert _found(client, "dang") == {"Đặng Quốc Ánh"}  # đ folds to d
    assert _found(client, "đào") == {"NGUYỄN THỊ ĐÀO"}
    assert _found(client, "nguy dao") == {"NGUYỄN THỊ ĐÀO"}  # every word, each the start of a word
    assert _found(client, "hs3") == {"Trần Thanh Hà"}  # the login
    assert _found(client, "%") == set() and _found(client, "_") == set()  # no wildcards
    assert "Nguyễn Văn An" in client.get("/people/", query_string={"q": "  "}).get_data(as_text=True)


def test_the_search_column_follows_the_name(app: Flask) -> None:
    person = UserFactory(full_name="Lê Văn Tám")
    db.session.commit()
    person.full_name = "Đỗ Thị Ánh"
    db.session.commit()
    assert db.session.scalar(sa.select(User.search_name).where(User.id == person.id)) == "do thi anh"


def test_the_migration_fills_the_search_column_of_existing_people(empty_app: Flask) -> None:  # noqa: F811
    with empty_app.app_context():
        upgrade(revision="4b7d2e9a61c8")
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO units (id, name, code, kind) VALUES (1, 'Trường A', 'TA', 'school')"))
            conn.execute(
                sa.text(
                    "INSERT INTO users (id, username, full_name, sort_key, password_hash, unit_id, status, "
                    "must_change_password, created_at) VALUES (1, 'anhdq', 'Đặng Quốc Ánh', 'x', 'x', 1, 'active', "
                    ":f, CURRENT_TIMESTAMP)"
                ),
                {"f": False},
            )
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT search_name FROM users")).scalar() == "dang quoc anh"


def test_fold() -> None:
    assert fold(" Đặng  Quốc ÁNH ") == "dang quoc anh"
    assert fold("Ngô Thị Hương Ư") == "ngo thi huong u"
