"""The page's frame with the menu's links, kept once rendered for a kind of visitor (app.page_frame): each visitor
sees the links of their own roles, their own name and token, in their own language, whatever another visitor was
shown before; the kept frame is the frame rendered anew, for every kind of visitor."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, session, template_rendered
from flask.testing import FlaskClient
from flask_login import login_user
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from app.extensions import db
from app.models import Organisation, OrganisationKind, Role, User
from app.page_frame import fresh_frame, page_frame
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


ODD_PATHS = ("/", "/contests/7/problems?x=1&y=%C3%A9%20<b>\"'&next=/a?b#c", "/people/?q=Nguy%E1%BB%85n+V%C4%83n")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_kept_frame_is_the_frame_rendered_anew(app: Flask, lang: str) -> None:
    """For every kind of visitor, two visitors of a kind in turn (the second gets the frame kept for the first),
    and return addresses and names that need quoting and escaping: the kept frame with the visitor's own bits put
    in is, byte for byte, the frame rendered anew."""
    department = DepartmentFactory()
    company = Organisation(name="Công ty A", kind=OrganisationKind.BUSINESS)
    visitors: list[User | None] = [
        None,
        UserFactory(full_name="Học sinh <b>\"Một\" & 'Hai'</b>", roles={Role.STUDENT}),
        UserFactory(full_name="Học sinh Ba", roles={Role.STUDENT}),
        UserFactory(unit=department, roles={Role.ADMIN}),
        UserFactory(unit=department, roles={Role.COORDINATOR}),
        UserFactory(roles={Role.COORDINATOR}),
        UserFactory(unit=department, roles={Role.ORGANISER, Role.JUDGE}),
        UserFactory(unit=department, roles={Role.REVIEWER}),
        UserFactory(organisation=company),
    ]
    db.session.commit()
    for visitor in visitors:
        for path in ODD_PATHS:
            with app.test_request_context(path):
                session["lang"] = lang
                if visitor is not None:
                    login_user(visitor)
                kept, fresh = page_frame(), fresh_frame()
                assert kept == fresh
                assert page_frame() == fresh  # from the kept frame, whether or not the first call made it
                assert "<!--frame:" not in kept.head + kept.header + kept.footer
                if visitor is not None:
                    assert escape(visitor.full_name) in kept.header and generate_csrf() in kept.header


def test_the_frame_is_rendered_once_per_kind_of_visitor(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    """Two students' pages, under an address root of their own (a frame of its own): the frame is rendered for
    the first, kept for the second, and each page shows its student's own name and return address."""
    UserFactory(username="hs1", full_name="Học sinh Một")
    UserFactory(username="hs2", full_name="Học sinh Hai")
    db.session.commit()
    root = {"SCRIPT_NAME": "/frame-once"}
    rendered: list[str] = []

    def note(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
        rendered.append(template.name)

    template_rendered.connect(note, app)
    try:
        pages = []
        for username, path in (("hs1", "/"), ("hs2", "/home")):
            auth.login(username)
            pages.append(client.get(path, environ_overrides=root).get_data(as_text=True))
            auth.logout()
    finally:
        template_rendered.disconnect(note, app)
    assert rendered.count("frame.html") == 1
    assert "Học sinh Một" in pages[0] and "Học sinh Hai" not in pages[0] and "next=/frame-once/?" not in pages[0]
    assert "Học sinh Hai" in pages[1] and "Học sinh Một" not in pages[1]
    assert 'href="/frame-once/lang/vi?next=/home?"' in pages[1]
