"""A sheet imported at once: logins and addresses already taken are found for the whole sheet and reported with the
other refused rows, in the sheet's order; the temporary passwords are hashed as strongly as any other."""

from __future__ import annotations

import html
import io
import re

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import AuditEntry, User
from app.services.people.passwords import HASHERS
from tests.conftest import AuthActions

from ..factories import SchoolFactory, UserFactory
from .people_helpers import school_coordinator


def _import(client: FlaskClient, unit_id: int, data: str) -> str:
    response = client.post(
        "/people/import",
        data={"unit": unit_id, "role": "student", "file": (io.BytesIO(data.encode("utf-8")), "hs.csv")},
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _error_rows(page: str) -> list[tuple[str, str]]:
    table = page.split('id="import-errors"')[1].split("</table>")[0]
    return re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td></tr>", table)


def test_taken_logins_and_addresses_are_refused_in_the_sheets_order_with_the_other_rows(
    client: FlaskClient, auth: AuthActions
) -> None:
    coordinator = school_coordinator()
    UserFactory(username="hsan", email="an@example.edu.vn", unit=SchoolFactory())  # another school's pupil
    db.session.commit()
    auth.login("dp")
    sheet = (
        "STT,Họ và tên,Lớp,E-mail,Tên đăng nhập\n"
        "1,Nguyễn Văn An,6A,,HSAN\n"
        "2,Trần Thị Bình,6A,An@Example.edu.vn,\n"
        "3,(lớp trưởng),6A,,\n"
        "4,Lê Văn Cường,6A,,\n"
    )
    rows = _error_rows(_import(client, coordinator.unit_id, sheet))
    assert [row for row, _message in rows] == ["2", "3", "4"]
    assert "Tên đăng nhập hsan đã có người sử dụng." in rows[0][1]
    assert "E-mail an@example.edu.vn đã được sử dụng." in rows[1][1]
    assert db.session.query(User).filter(User.unit_id == coordinator.unit_id).count() == 1  # nobody imported


def test_an_imported_sheets_passwords_are_hashed_with_the_sites_cost_and_let_each_person_in(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    app.config["PASSWORD_HASH_COST"] = "strong"
    auth.login("dp")
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    page = _import(client, coordinator.unit_id, "Họ và tên,Lớp\n" + "".join(f"{n},6A\n" for n in names))
    people = db.session.query(User).filter(User.full_name.in_(names)).all()
    assert len(people) == 3
    strong = HASHERS["strong"]
    assert len({p.password_hash for p in people}) == 3  # each with its own salt
    for person in people:
        assert person.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
        assert not strong.check_needs_rehash(person.password_hash)
        password = re.search(rf"<td>{person.username}</td><td><code>([^<]+)</code>", page)
        assert password is not None
        assert strong.verify(person.password_hash, html.unescape(password.group(1)))
    assert db.session.query(AuditEntry).filter_by(action="person.create").count() == 3
