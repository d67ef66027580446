"""The menu's links, kept once rendered for a kind of visitor (app.menu): each visitor sees the links of their own
roles, in their own language, whatever another visitor was shown before."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Organisation, OrganisationKind, Role
from tests.conftest import AuthActions

from ..factories import DepartmentFactory, UserFactory


def _nav(client: FlaskClient) -> str:
    page = client.get("/").get_data(as_text=True)
    return page[page.index("<nav>") : page.index("</nav>")]


def test_each_visitor_sees_the_links_of_their_roles(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    department = DepartmentFactory()
    UserFactory(username="admin1", unit=department, roles={Role.ADMIN}, full_name="Quản trị Một")
    UserFactory(username="hs1", full_name="Học sinh Một")
    UserFactory(username="hs2", full_name="Học sinh Hai")
    db.session.commit()

    assert "Đăng nhập" in _nav(client) and "Nhật ký hệ thống" not in _nav(client)
    auth.login("admin1")
    admin = _nav(client)
    assert "Nhật ký hệ thống" in admin and "Đơn vị" in admin and "Quản trị Một" in admin and "Đăng nhập" not in admin
    auth.logout()

    auth.login("hs1")
    student = _nav(client)
    assert "Trang của tôi" in student and "Học sinh Một" in student
    assert "Nhật ký hệ thống" not in student and "Đơn vị" not in student and "Thành viên" not in student
    client.get("/lang/en")
    assert "My page" in _nav(client) and "Trang của tôi" not in _nav(client)
    auth.logout()

    auth.login("hs2")  # the kept menu of a student, with this student's own name beside it
    other = _nav(client)
    assert "Học sinh Hai" in other and "Học sinh Một" not in other


def test_a_company_account_sees_its_proposals(client: FlaskClient, auth: AuthActions) -> None:
    UserFactory(username="hs1")
    UserFactory(username="cty1", organisation=Organisation(name="Công ty A", kind=OrganisationKind.BUSINESS))
    db.session.commit()
    auth.login("hs1")
    assert 'href="/proposals/"' not in _nav(client)
    auth.logout()
    auth.login("cty1")
    assert 'href="/proposals/"' in _nav(client)
