"""What the contest-start pages keep to save work (the rendered statement per process, rows read once per request)
never hides a change: an edited statement shows at once, a contest closed meanwhile refuses, a registration made
in the request is seen."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Category, Contest, Submission, User
from app.queue import connection
from app.services.programming import contestant
from app.timeutil import utcnow
from tests import builders
from tests.builders import row_of
from tests.conftest import AuthActions

from . import programming_helpers
from .programming_helpers import add_problem, login

world = programming_helpers.world  # a running contest, its organiser, two registered students, one not


def _problem_page(client: FlaskClient, world: dict[str, int]) -> str:
    return client.get(f"/contests/{world['contest']}/problems/A").get_data(as_text=True)


def _token(html: str) -> str:
    """The first CSRF token in ``html``."""
    found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def _save_statement(client: FlaskClient, auth: AuthActions, world: dict[str, int], text: str) -> None:
    login(client, auth, "org")
    form = {"statement_vi": text, "statement_en": "", "action": "save"}
    response = client.post(f"/contests/{world['contest']}/manage/problems/A/statement", data=form)
    assert response.status_code == 302
    auth.logout()


def test_an_edited_statement_shows_at_once_to_a_contestant_who_read_the_old_one(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    add_problem(app, world)
    _save_statement(client, auth, world, "# Tổng hai số\n\nTính $a + b$.")
    login(client, auth, "alice")
    assert "<h1>Tổng hai số</h1>" in _problem_page(client, world)
    assert "<h1>Tổng hai số</h1>" in _problem_page(client, world)  # the second reading is the kept one
    auth.logout()

    _save_statement(client, auth, world, "# Hiệu hai số\n\nTính $a - b$.")
    login(client, auth, "alice")
    page = _problem_page(client, world)
    assert "<h1>Hiệu hai số</h1>" in page and "$a - b$" in page
    assert "Tổng hai số" not in page


def test_a_contest_closed_after_its_problem_was_read_refuses_the_submission(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    add_problem(app, world)
    login(client, auth, "alice")
    assert 'id="submit-form"' in _problem_page(client, world)
    contest = row_of(Contest, world["contest"])
    contest.submission_closes = utcnow() - timedelta(minutes=1)
    db.session.commit()

    submit = f"/contests/{world['contest']}/problems/A/submit"
    response = client.post(submit, data={"language": "python", "source": "print(1)\n"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/problems")
    assert "Time is up: submissions closed at" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_a_registration_made_in_the_session_is_seen_by_the_next_lookup(app: Flask, world: dict[str, int]) -> None:
    """Rows are kept in a session only until it writes: registering someone is seen by the next lookup."""
    contest, outsider = row_of(Contest, world["contest"]), row_of(User, world["outsider"])
    assert contestant.registration_of(db.session, contest, outsider) is None
    builders.register(contest, outsider, category=row_of(Category, world["B"]))
    registration = contestant.registration_of(db.session, contest, outsider)
    assert registration is not None
    assert contestant.submitters_with(db.session, contest, outsider) == [outsider.id]


def test_the_kept_parts_of_a_problem_page_are_in_each_readers_language(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    add_problem(app, world)
    assert auth.login("alice").status_code == 302  # the interface in Vietnamese, its default
    vietnamese = _problem_page(client, world)
    assert "Giới hạn thời gian" in vietnamese and "Chạy thử (không nộp bài)" in vietnamese
    auth.logout()

    login(client, auth, "bob")  # in English, after the Vietnamese parts were kept
    english = _problem_page(client, world)
    assert "Time limit" in english and "Run without submitting" in english
    assert "Giới hạn thời gian" not in english and "Chạy thử" not in english


@pytest.fixture
def slots_freed(app: Flask) -> Iterator[None]:
    """Redis emptied before and after the test: submission slots taken by one test refuse the next one's."""
    connection().flushdb()
    yield
    connection().flushdb()


@pytest.mark.usefixtures("slots_freed")
def test_each_contestant_gets_their_own_token_in_the_kept_submit_form(csrf_app: Flask, world: dict[str, int]) -> None:
    add_problem(csrf_app, world)
    tokens = []
    for name in ("alice", "bob"):
        client = csrf_app.test_client()
        page = client.get("/login").get_data(as_text=True)
        form = {"username": name, "password": "password123", "csrf_token": _token(page)}
        assert client.post("/login", data=form).status_code == 302
        problem_page = _problem_page(client, world)
        token = _token(problem_page[problem_page.index('id="submit-form"') :])
        sent = client.post(
            f"/contests/{world['contest']}/problems/A/submit",
            data={"language": "python", "source": "print(1)\n", "csrf_token": token},
        )
        assert sent.status_code == 302, sent.get_data(as_text=True)
        tokens.append(token)
    assert tokens[0] != tokens[1]
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 2


def test_the_kept_submit_forms_token_field_is_the_forms_own(app: Flask, csrf_app: Flask) -> None:
    """The problem page puts the user's token into the kept form without building a form: the same field."""
    from app.programming.contestant_forms import SubmitForm
    from app.programming.problem_parts import csrf_field

    for each in (csrf_app, app):  # CSRF protection on, and off (the tests' default)
        with each.test_request_context("/"):
            assert csrf_field() == SubmitForm().hidden_tag()
    with csrf_app.test_request_context("/"):
        assert 'name="csrf_token"' in csrf_field()
