"""Registering never tells whether a login or an e-mail address has an account: the registrant sees what a new
registrant sees, nothing is created twice, and the owner of the account is told by e-mail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db
from app.models import Role, User
from app.services.people import passwords
from tests.builders import present

from ..factories import PASSWORD, DepartmentFactory, SchoolFactory, UserFactory
from .proposals_helpers import read_mails


@pytest.fixture
def mail_folder(app: Flask, tmp_path: Path) -> Iterator[Path]:
    before = app.config["MAIL_FOLDER"]
    app.config["MAIL_FOLDER"] = str(tmp_path / "mail")
    yield tmp_path / "mail"
    app.config["MAIL_FOLDER"] = before


def _answer(app: Flask, url: str, data: dict[str, object]) -> tuple[int, str, str]:
    """What a registrant sees: the answer's status, where it sends them, and that page with its message."""
    browser = app.test_client()
    response = browser.post(url, data=data)
    location = response.headers.get("Location", "")
    page = browser.get(location) if location else response
    return response.status_code, location, page.get_data(as_text=True)


def _student(school_id: int, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "school": school_id,
        "full_name": "Vũ Minh Đức",
        "email": "duc@example.edu.vn",
        "username": "vuminhduc",
        "password": "hoa-sen-tim-2012",
        "confirm": "hoa-sen-tim-2012",
    }
    return {**data, **changes}


def test_a_student_registering_a_taken_login_or_address_sees_what_a_new_one_sees(app: Flask, mail_folder: Path) -> None:
    school = SchoolFactory()
    owner = UserFactory(username="tranthilan", full_name="Trần Thị Lan", email="lan@example.edu.vn", unit=school)
    db.session.commit()
    new = _answer(app, "/register", _student(school.id))
    assert new[0] == 302 and "Tài khoản của bạn đã được tạo" in new[2]
    assert read_mails(mail_folder) == []  # a new registration mails nobody

    same_login = _answer(app, "/register", _student(school.id, username="tranthilan", email="khac@example.edu.vn"))
    same_address = _answer(app, "/register", _student(school.id, username="nguoimoi", email="LAN@example.edu.vn"))
    again = _answer(app, "/register", _student(school.id))  # the pending account just made
    assert same_login == new and same_address == new and again == new

    assert sorted(db.session.scalars(db.select(User.username))) == ["tranthilan", "vuminhduc"]
    db.session.refresh(owner)
    assert owner.email == "lan@example.edu.vn" and passwords.verify_password(owner.password_hash, PASSWORD)
    mails = read_mails(mail_folder)
    assert [m["To"] for m in mails] == ["lan@example.edu.vn", "lan@example.edu.vn", "duc@example.edu.vn"]
    assert mails[0]["Subject"] == "Có người đã thử đăng ký tài khoản hoithi bằng thông tin của bạn"
    body = present(mails[0].get_body(preferencelist=("plain",))).get_content()
    assert "Chào Trần Thị Lan" in body and "tranthilan" in body and "Quên mật khẩu?" in body


def test_a_taken_login_is_still_refused_for_bad_input_first(app: Flask, mail_folder: Path) -> None:
    school = SchoolFactory()
    UserFactory(username="tranthilan", email="lan@example.edu.vn", unit=school)
    db.session.commit()
    status, _location, page = _answer(
        app, "/register", _student(school.id, username="tranthilan", password="ngan-qua", confirm="ngan-qua")
    )
    assert status == 200 and "ít nhất 10 ký tự" in page
    assert "đã có người sử dụng" not in page and "đã được sử dụng" not in page
    assert read_mails(mail_folder) == []


def _company(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "company_name": "Công ty CP Giáo dục Ánh Dương",
        "tax_code": "0109876543",
        "contact_name": "Trần Thị Mai",
        "email": "mai@anhduong.example.com",
        "username": "anhduong",
        "password": "matkhau-an-toan",
        "confirm": "matkhau-an-toan",
    }
    return {**data, **changes}


def test_a_company_registering_a_taken_login_or_address_sees_what_a_new_one_sees(app: Flask, mail_folder: Path) -> None:
    department = DepartmentFactory(parent=None)
    UserFactory(username="so", unit=department, roles={Role.REVIEWER}, email="so@example.gov.vn")
    UserFactory(username="hoaphat", full_name="Lê Văn Hòa", email="hoa@hoaphat.example.com", unit=department)
    db.session.commit()
    new = _answer(app, "/company/register", _company())
    assert new[0] == 302 and "Sở" in new[2]
    same_login = _answer(app, "/company/register", _company(username="hoaphat", email="khac@example.com"))
    same_address = _answer(app, "/company/register", _company(username="congtymoi", email="hoa@hoaphat.example.com"))
    assert same_login == new and same_address == new

    assert sorted(db.session.scalars(db.select(User.username))) == ["anhduong", "hoaphat", "so"]
    # the reviewers hear of the new account only; the owner of the taken login and address, of both attempts
    assert [m["To"] for m in read_mails(mail_folder)] == [
        "so@example.gov.vn",
        "hoa@hoaphat.example.com",
        "hoa@hoaphat.example.com",
    ]
