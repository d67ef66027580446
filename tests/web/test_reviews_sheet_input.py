"""What a judge types on a score sheet and what the page answers: every refusal is said on the page, in the
judge's language, beside what was typed (kept), and nothing is saved; numbers are written as the page writes them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import CriterionScore, ScoreSheet
from app.services.errors import InvalidInput
from app.services.reviews import assignment, score_sheets
from tests.conftest import AuthActions
from tests.responses import search

from .reviews_helpers import ReviewWorld, review_world


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


def _saved_points() -> list[Decimal | None]:
    return list(db.session.scalars(select(CriterionScore.points)))


@pytest.mark.parametrize(
    ("field", "typed", "english", "vietnamese"),
    [
        ("comment", "Nhận xét rất dài. " * 300, "longer than 5000 characters", "dài quá 5000 ký tự"),
        ("overall_comment", "Bài giảng tốt. " * 400, "longer than 5000 characters", "dài quá 5000 ký tự"),
        ("points", "1" * 21, "longer than 20 characters", "dài quá 20 ký tự"),
    ],
)
@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_field_the_form_refuses_is_named_on_the_page_and_nothing_is_saved(
    client: FlaskClient,
    auth: AuthActions,
    world: ReviewWorld,
    field: str,
    typed: str,
    english: str,
    vietnamese: str,
    language: str,
) -> None:
    """A comment longer than the sheet keeps (a judge's long review pasted in) came back as the same page with no
    word said: the judge believed the draft saved, and it was not."""
    url = _judge_in(client, auth, world, language)
    first = world.rubric.criteria[0]
    data = {f"points_{c.id}": "20" for c in world.rubric.criteria}
    name = "overall_comment" if field == "overall_comment" else f"{field}_{first.id}"
    data[name] = typed
    response = client.post(url, data={**data, "save": "1"})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    said = english if language == "en" else vietnamese
    assert said in text
    nothing = "Nothing has been saved." if language == "en" else "Chưa có gì được lưu."
    assert nothing in text
    about = {"en": "Overall comment", "vi": "Nhận xét chung"}[language] if field == "overall_comment" else first.name
    assert f"{about}: " in text  # which criterion (or the overall comment) the refusal is about
    assert typed.strip()[:40] in text  # what was typed is still on the page
    assert db.session.scalar(select(func.count()).select_from(ScoreSheet)) == 0


def test_the_step_and_the_maximum_in_a_refusal_are_written_as_the_sheet_writes_them(
    client: FlaskClient, auth: AuthActions, world: ReviewWorld
) -> None:
    """The sheet says "bước điểm 0,5": its refusal said "bội số của 0.5", a point a Vietnamese reader takes for a
    thousands separator."""
    first = world.rubric.criteria[0]
    first.max_points, first.step = Decimal("12.5"), Decimal("0.5")
    db.session.commit()
    url = _judge_in(client, auth, world, "vi")
    text = client.post(url, data={f"points_{first.id}": "0,25", "save": "1"}).get_data(as_text=True)
    assert "bội số của 0,5." in text and "0.5" not in text.split("bội số của")[1][:10]
    text = client.post(url, data={f"points_{first.id}": "13", "save": "1"}).get_data(as_text=True)
    assert "từ 0 đến 12,5." in text
    assert _saved_points() == []


@pytest.mark.parametrize("typed", ["1e1", "1E1", "1_0", "2_5", "0x10", "1,5e1"])
def test_a_score_must_be_written_as_a_plain_number(world: ReviewWorld, typed: str) -> None:
    """Python's Decimal reads "1e1" as 10 and "1_0" as 10: a slip of the keyboard became a score of ten."""
    judge, entry = world.judges[1], world.entries[0]
    first = world.rubric.criteria[0]
    with pytest.raises(InvalidInput) as refused:
        score_sheets.save(db.session, judge, entry, {first.id: (typed, "")}, "")
    assert typed in str(refused.value.message)
    assert _saved_points() == []


@pytest.mark.parametrize(("typed", "points"), [("8,5", "8.5"), (" 8.5 ", "8.5"), ("10", "10"), (",5", "0.5")])
def test_plain_numbers_either_way_still_count(world: ReviewWorld, typed: str, points: str) -> None:
    judge, entry = world.judges[1], world.entries[0]
    first = world.rubric.criteria[0]
    score_sheets.save(db.session, judge, entry, {first.id: (typed, "")}, "")
    assert Decimal(points) in _saved_points()


def test_line_breaks_count_as_the_box_counted_them(client: FlaskClient, auth: AuthActions, world: ReviewWorld) -> None:
    """A browser sends a textarea's line breaks as CR LF while its maxlength counted one character each: a review
    of 5,000 characters in paragraphs arrived longer than 5,000 and was refused. It is kept whole, with LF."""
    url = _judge_in(client, auth, world, "vi")
    first = world.rubric.criteria[0]
    review = "\r\n".join(["Bài giảng sinh động, cần thêm câu hỏi vận dụng thực tế cho học sinh."] * 80)
    typed = review.replace("\r\n", "\n")[:5000].rstrip()
    sent = typed.replace("\n", "\r\n")
    assert len(sent) > 5000
    response = client.post(url, data={f"points_{first.id}": "20", f"comment_{first.id}": sent, "save": "1"})
    assert response.status_code == 302
    assert db.session.scalars(select(CriterionScore.comment).where(CriterionScore.comment != "")).one() == typed


def test_a_saved_score_comes_back_as_the_judge_writes_it(
    client: FlaskClient, auth: AuthActions, world: ReviewWorld
) -> None:
    """The Vietnamese sheet writes 12,5 everywhere but in the box of a saved score, which held 12.5."""
    url = _judge_in(client, auth, world, "vi")
    first = world.rubric.criteria[0]
    response = client.post(url, data={f"points_{first.id}": "12,5", f"comment_{first.id}": "", "save": "1"})
    assert response.status_code == 302
    text = client.get(url).get_data(as_text=True)
    assert f'name="points_{first.id}"' in text and 'value="12,5"' in text and 'value="12.5"' not in text
    criterion = client.get(f"/contests/{world.contest.id}/review/criteria/{first.id}")
    assert criterion.status_code == 403  # a judge; the organiser's form is checked below
    auth.logout()
    assert auth.login(world.organiser.username).status_code == 302
    client.get("/lang/vi")
    form = client.get(f"/contests/{world.contest.id}/review/criteria/{first.id}").get_data(as_text=True)
    assert 'value="0,5"' in form and 'value="0.5"' not in form


@pytest.mark.parametrize("typed", ["-0", "-0,0", "-,0"])
def test_a_zero_typed_with_a_minus_is_zero_not_minus_zero(
    client: FlaskClient, auth: AuthActions, world: ReviewWorld, typed: str
) -> None:
    """0 is a score like any other; "-0" (a slip of the keyboard) is stored and written back as 0, not "-0"."""
    url = _judge_in(client, auth, world, "vi")
    ids = [c.id for c in world.rubric.criteria]
    points = {f"points_{ids[0]}": typed, **{f"points_{i}": "0" for i in ids[1:]}}
    response = client.post(url, data={**points, "submit": "1", "confirm_lock": "y"}, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Đã nộp phiếu chấm." in text
    stored = db.session.scalars(select(CriterionScore.points).where(CriterionScore.criterion_id == ids[0])).one()
    assert stored == 0 and not stored.is_signed()
    assert ">-0 /" not in text and search(r'id="total"[^>]*>([^<]*)<', text).group(1).startswith("0 /")
