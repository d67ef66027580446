"""Text pasted from Word or a PDF may carry control characters: Word writes a manual line break (Shift+Enter) as a
vertical tab and a page break as a form feed, and its fields, footnote marks and table cells leave other C0
characters in what it copies. A form that holds them comes back with what was typed, never the bare 400 page; the
line and page breaks become line breaks, the invisible characters are taken out and the field says so; nothing
holding them reaches the database."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import CriterionScore, Proposal, Role, ScoreSheet
from app.services.reviews import assignment
from tests.conftest import AuthActions

from ..factories import DepartmentFactory, SchoolFactory, UserFactory
from .reviews_helpers import ReviewWorld, review_world
from .test_proposals_web import form as proposal_form

REMOVED = {
    "vi": "Đã bỏ các ký tự điều khiển không nhìn thấy",
    "en": "Invisible control characters have been removed",
}


@pytest.fixture
def world(app: Flask) -> ReviewWorld:
    world = review_world(judges=2, entries=1)
    assignment.add(db.session, world.organiser, world.entries[0], world.judges[1].id)
    db.session.commit()
    return world


def _judge_in(client: FlaskClient, auth: AuthActions, world: ReviewWorld, language: str) -> str:
    assert auth.login(world.judges[1].username).status_code == 302
    client.get(f"/lang/{language}")
    return f"/review/entries/{world.entries[0].id}/sheet"


def test_word_line_and_page_breaks_in_a_comment_are_saved_as_line_breaks(
    client: FlaskClient, auth: AuthActions, world: ReviewWorld
) -> None:
    url = _judge_in(client, auth, world, "vi")
    first = world.rubric.criteria[0]
    typed = "Ưu điểm: hình ảnh đẹp.\x0bHạn chế: thiếu câu hỏi.\x0cĐề nghị: bổ sung bài tập."
    response = client.post(url, data={f"points_{first.id}": "20", f"comment_{first.id}": typed, "save": "1"})
    assert response.status_code == 302
    saved = db.session.scalars(select(CriterionScore.comment).where(CriterionScore.comment != "")).one()
    assert saved == "Ưu điểm: hình ảnh đẹp.\nHạn chế: thiếu câu hỏi.\nĐề nghị: bổ sung bài tập."


# C0 controls and DEL; a right-to-left override and isolate (they would turn the comment around where it is read)
@pytest.mark.parametrize("control", ["\x00", "\x07", "\x13", "\x15", "\x1f", "\x7f", "\u202e", "\u2067"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_invisible_characters_in_a_comment_are_taken_out_and_the_judge_told(
    client: FlaskClient, auth: AuthActions, world: ReviewWorld, control: str, language: str
) -> None:
    url = _judge_in(client, auth, world, language)
    first = world.rubric.criteria[0]
    typed = f"Bài giảng sinh động{control}, trình bày rõ ràng."
    response = client.post(url, data={f"points_{first.id}": "20", f"comment_{first.id}": typed, "save": "1"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert REMOVED[language] in page
    assert f"{first.name}: " in page  # which criterion the message is about
    assert "Bài giảng sinh động, trình bày rõ ràng." in page  # what was typed, without the character
    assert control not in page
    assert db.session.scalar(select(func.count()).select_from(ScoreSheet)) == 0

    # the judge reads it and saves again: the page sent back holds nothing to refuse
    shown = "Bài giảng sinh động, trình bày rõ ràng."
    again = client.post(url, data={f"points_{first.id}": "20", f"comment_{first.id}": shown, "save": "1"})
    assert again.status_code == 302


def test_a_title_with_a_word_line_break_comes_back_on_one_line(client: FlaskClient, auth: AuthActions) -> None:
    department = DepartmentFactory()
    school = SchoolFactory(parent__parent=department)
    UserFactory(username="dieuphoi", unit=school, roles={Role.COORDINATOR})
    db.session.commit()
    auth.login("dieuphoi")
    response = client.post("/proposals/new", data=proposal_form(title="Hội thi\x0bTin học trẻ\x01"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Mục này chỉ được viết trên một dòng." in page
    assert 'value="Hội thi Tin học trẻ"' in page  # the break shown as a space, the invisible character gone
    assert db.session.query(Proposal).count() == 0


def test_a_nul_in_the_login_form_logs_nobody_in_and_keeps_the_page(client: FlaskClient) -> None:
    UserFactory(username="hocsinh", roles={Role.STUDENT})
    db.session.commit()
    response = client.post("/login", data={"username": "hocsinh\x00", "password": "password123"})
    assert response.status_code == 200
    assert REMOVED["vi"] in response.get_data(as_text=True)
    assert client.get("/password").status_code == 302  # still not logged in


def test_a_field_name_with_a_control_character_is_still_refused(client: FlaskClient) -> None:
    response = client.post("/login", data={"user\x00name": "hocsinh", "password": "password123"})
    assert response.status_code == 400


def test_a_search_pasted_from_two_excel_cells_finds_the_person(client: FlaskClient, auth: AuthActions) -> None:
    """Copying a name and a class from two cells of an Excel list puts a tab between them; the search box keeps it
    and the browser sends it: the coordinator got the 400 page instead of the list."""
    school = SchoolFactory()
    UserFactory(username="dp", full_name="Hoàng Điều Phối", unit=school, roles={Role.COORDINATOR})
    UserFactory(username="hs1", full_name="Nguyễn Thị Đào", unit=school)
    db.session.commit()
    auth.login("dp")
    response = client.get("/people/", query_string={"q": "Nguyễn Thị\tĐào\x0b"})
    assert response.status_code == 200
    assert "Nguyễn Thị Đào" in response.get_data(as_text=True)
    assert client.get("/people/", query_string={"q": "Nguyễn\x00"}).status_code == 400  # not typed: refused
