"""Walks over every route (the route × role table of test_authorisation.py covers the url map) with the world of
authz_world.py (that a GET commits nothing is held by the table's own walk, test_authorisation.py):

- a form posted without its CSRF token is refused (400) by every route but the API's, whatever the role, and
  changes nothing in the database;
- people outside the world (a coordinator, teacher, student and judge of another school, a district coordinator
  and an organiser of another district, another company's account) learn nothing of it that a visitor who is not
  logged in does not: every private text of the world holds a unique canary word, and no page an outsider gets
  holds one the visitor's page of the same address does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from app.extensions import db, limiter
from app.models import (
    Announcement,
    Category,
    Clarification,
    ContactReport,
    Contest,
    Entry,
    EntryFile,
    Organisation,
    PanelMember,
    Problem,
    Proposal,
    ProposalDecision,
    Registration,
    Role,
    Submission,
    TestRun,
    Unit,
    UnitKind,
    User,
)

from .. import builders
from .authz_world import ROLES, build_world
from .committed_writes import Writes
from .proposals_helpers import company_account
from .test_authorisation import TABLE


@pytest.fixture
def world(app: Flask) -> Iterator[dict[str, Any]]:
    limiter.enabled = False  # the walks log in many times; the limit has its own test
    yield build_world(app)
    limiter.enabled = True


def _logged_in(app: Flask, username: str | None) -> FlaskClient:
    client = app.test_client()
    if username is not None:
        assert client.post("/login", data={"username": username, "password": "password123"}).status_code == 302
    return client


EXPIRED = "Biểu mẫu đã hết hạn. Vui lòng quay lại, tải lại trang và thử lại."


def _refused(client: FlaskClient, response: TestResponse) -> bool:
    """Whether a form posted without its token was refused: 400 (the site's check, before any view); or, from the
    views that check their form's token themselves after streaming or capping the body (uploads), a refusal before
    the form was read (sent to log in, forbidden, no such object, the deadline passed) or the form's page, or the
    page it sends back to, saying that the form has expired."""
    if response.status_code in (400, 403, 404, 409):
        return True
    if response.status_code == 302:
        if "/login" in response.headers["Location"]:
            return True
        response = client.get(response.headers["Location"])
    return EXPIRED in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_a_form_posted_without_its_token_is_refused_and_changes_nothing(
    app: Flask, world: dict[str, Any], role: str
) -> None:
    client = _logged_in(app, None if role == "anonymous" else role)
    app.config["WTF_CSRF_ENABLED"] = True
    with Writes().watching() as writes:
        for method, template, _expected, _default in TABLE:
            if method != "POST" or template.startswith("/api/"):
                continue  # the API takes no cookie, only a token in a header: a page of another site cannot send it
            url = template.format(**world)
            response, written = writes.during(client, "POST", url)
            assert written == [], (role, url)
            assert _refused(client, response), (role, url, response.status_code)


# The private texts of the world, each row's given a canary word of its own.
CANARIED: list[tuple[type[Any], str]] = [
    (User, "full_name"),
    (User, "email"),
    (Entry, "title"),
    (Entry, "description"),
    (EntryFile, "original_name"),
    (Registration, "team_name"),
    (Submission, "source"),
    (TestRun, "source"),
    (TestRun, "input"),
    (Proposal, "title"),
    (Proposal, "summary"),
    (ContactReport, "company_name"),
    (ContactReport, "request"),
]


def _plant_canaries() -> dict[tuple[str, str, int], str]:
    """Give each private text of the world a word of its own (an e-mail address its own address); return the words
    by (model, column, row id)."""
    words: dict[tuple[str, str, int], str] = {}
    for model, column in CANARIED:
        for row in db.session.scalars(select(model)):
            word = f"zqcanary{len(words)}q"
            setattr(row, column, f"{word}@example.com" if column == "email" else word)
            words[model.__name__, column, row.id] = word
    db.session.commit()
    return words


OUTSIDERS = [
    "coordinator_elsewhere",
    "office_coordinator_elsewhere",
    "teacher_elsewhere",
    "student_elsewhere",
    "judge_elsewhere",
    "organiser_elsewhere",
    "company_elsewhere",
]


def _add_outsiders() -> None:
    """People of another district of the same Sở, with a contest of their own there: its organiser, the head judge
    of its panel, a pupil registered for it (a contestant and a judge, but of another contest); and another
    company's account."""
    department = db.session.scalars(select(Unit).where(Unit.kind == UnitKind.DEPARTMENT)).first()
    elsewhere = builders.unit_tree(department)
    builders.person("coordinator_elsewhere", elsewhere.school, Role.COORDINATOR)
    builders.person("office_coordinator_elsewhere", elsewhere.office, Role.COORDINATOR)
    builders.person("teacher_elsewhere", elsewhere.school, Role.TEACHER)
    student = builders.person("student_elsewhere", elsewhere.school, Role.STUDENT)
    judge = builders.person("judge_elsewhere", elsewhere.school, Role.JUDGE)
    builders.person("organiser_elsewhere", elsewhere.office, Role.ORGANISER)
    their_contest = builders.contest(organiser_unit=elsewhere.office)
    builders.register(their_contest, student)
    db.session.add(PanelMember(contest_id=their_contest.id, user_id=judge.id, is_head=True))
    company_account("company_elsewhere", "Công ty TNHH Khác")
    db.session.commit()


def _words_in(response: Any, words: list[str]) -> set[str]:
    body = response.get_data(as_text=False)
    body += " ".join(f"{k}: {v}" for k, v in response.headers.items()).encode()
    return {word for word in words if word.encode() in body}


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_an_outsider_learns_nothing_a_visitor_does_not(app: Flask, world: dict[str, Any], outsider: str) -> None:
    words = list(_plant_canaries().values())
    _add_outsiders()
    visitor, client = app.test_client(), _logged_in(app, outsider)
    assert _leaks(visitor, client, world, words) == []


def _leaks(visitor: FlaskClient, client: FlaskClient, world: dict[str, Any], words: list[str]) -> list[Any]:
    """Each GET address of the table where ``client`` is shown one of ``words`` that ``visitor`` is not, with those
    words."""
    leaks = []
    for method, template, _expected, _default in TABLE:
        if method != "GET":
            continue
        url = template.format(**world)
        public = _words_in(visitor.get(url), words)
        if learnt := _words_in(client.get(url), words) - public:
            leaks.append((url, sorted(learnt)))
    return leaks


def test_a_judge_learns_nothing_of_the_authors_a_visitor_does_not(app: Flask, world: dict[str, Any]) -> None:
    """Blind review on every route: the world's judge (assigned to the entries, on the contest's panel) is never
    shown an author's name or e-mail address, or the name an author gave a file."""
    words = _plant_canaries()
    authors = {author.user_id for entry in db.session.scalars(select(Entry)) for author in entry.authors}
    secret = [
        word
        for (model, column, row_id), word in words.items()
        if (model == "User" and row_id in authors) or (model, column) == ("EntryFile", "original_name")
    ]
    assert secret
    assert _leaks(app.test_client(), _logged_in(app, "judge"), world, secret) == []


# What any logged-in person may post for themselves, whoever's world it is: ending their own session, and entering a
# contest that is open to them. Every other form of the world is someone else's.
OWN_FORMS = {"/logout", "/contests/{contest}/register"}


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_an_outsider_changes_nothing_of_the_world(app: Flask, world: dict[str, Any], outsider: str) -> None:
    """Every form of the world posted by an outsider (its token given: here the check is off) changes nothing:
    the buttons that carry no other field (publish, cancel, reinstate, remove, submit, decide) included."""
    _add_outsiders()
    client = _logged_in(app, outsider)
    changes = []
    with Writes().watching() as writes:
        for method, template, _expected, _default in TABLE:
            if method != "POST" or template in OWN_FORMS:
                continue
            url = template.format(**world)
            response, written = writes.during(client, "POST", url)
            if written:
                changes.append((url, response.status_code, written))
    assert changes == []


def test_the_watch_sees_what_a_request_commits(app: Flask, world: dict[str, Any]) -> None:
    """The walks' witness is no blind one: logging out (ending the user's sessions everywhere) is seen writing."""
    client = _logged_in(app, "teacher")
    with Writes().watching() as writes:
        assert writes.during(client, "GET", "/")[1] == []
        assert writes.during(client, "POST", "/logout")[1] == ["users"]


# Every text people write that others are shown (names, titles, descriptions, questions, reasons), beside the
# private ones above.
WRITTEN: list[tuple[type[Any], str]] = [
    *[(model, column) for model, column in CANARIED if column != "email"],
    (Contest, "title"),
    (Contest, "description"),
    (Category, "name"),
    (Problem, "title"),
    (Announcement, "body"),
    (Clarification, "question"),
    (Clarification, "answer"),
    (Unit, "name"),
    (Organisation, "name"),
    (ContactReport, "contest"),
    (ProposalDecision, "reason"),
    (Registration, "disqualified_reason"),
]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_what_people_wrote_as_markup(app: Flask, world: dict[str, Any], role: str) -> None:
    """Each text of the world that people wrote is an HTML element with a word of its own (and a right-to-left
    override); no page (HTML) shows one as markup, to anyone: every such text is escaped or cleaned."""
    count = 0
    for model, column in WRITTEN:
        for row in db.session.scalars(select(model)):
            setattr(row, column, f'<b id="xss{count}">\u202e"x\'</b>')
            count += 1
    db.session.commit()
    assert count > 30
    client = _logged_in(app, None if role == "anonymous" else role)
    shown = []
    for method, template, _expected, _default in TABLE:
        if method != "GET":
            continue
        url = template.format(**world)
        response = client.get(url)
        if response.mimetype == "text/html" and 'id="xss' in response.get_data(as_text=True):
            page = response.get_data(as_text=True)
            at = page.index('id="xss')
            shown.append((url, page[at - 200 : at + 60]))
    assert shown == []
