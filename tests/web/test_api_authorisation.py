"""Every route of the JSON API × every role, each calling with a token of its own: who gets an answer, who is
refused, and that what each is shown is theirs to see (docs/authorisation.md). The route × role table
(test_authorisation.py) calls the API without a token only; this walks it as each role's programs would.

The world is the table's (``authz_world``): a running programming contest of the Sở with problem A, the school's
student registered for it and one submission of theirs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from app import queue
from app.extensions import db
from app.models import Contest, ProposalStatus, User
from app.services.people import api_tokens

from .authz_world import ROLES, build_world

STAFF = ("organiser", "admin")
Table = list[tuple[str, str, dict[str, str] | None, dict[str, int], int]]
NO_TOKEN = {"anonymous": 401}
PROGRAM = {"problem": "A", "language": "python", "source": "print(3)\n"}

# (method, url template, JSON body, {role: expected status}, default); "anonymous" sends no token
API_TABLE: Table = [
    ("GET", "/api/v1/openapi.json", None, {}, 200),
    ("GET", "/api/v1/contests", None, NO_TOKEN, 200),
    ("GET", "/api/v1/contests/{contest}", None, NO_TOKEN, 200),
    ("GET", "/api/v1/contests/{contest}/problems", None, NO_TOKEN, 200),
    ("GET", "/api/v1/contests/{contest}/scoreboard", None, NO_TOKEN, 200),
    # another contestant's submission does not exist for them; the contest's staff see every one
    ("GET", "/api/v1/submissions/{submission}", None, NO_TOKEN | dict.fromkeys(("student", *STAFF), 200), 404),
    # the registered student and the staff (who try their problems) may submit; nobody else
    (
        "POST",
        "/api/v1/contests/{contest}/submissions",
        PROGRAM,
        NO_TOKEN | dict.fromkeys(("student", *STAFF), 201),
        403,
    ),
]


@pytest.fixture
def world(app: Flask) -> Iterator[dict[str, Any]]:
    """The table's world, without the submission slots of an earlier test (whose ids this one reuses)."""
    from app.extensions import limiter

    redis = queue.connection(app)
    if slots := list(redis.scan_iter("hoithi:submit-slot:*")):
        redis.delete(*slots)
    limiter.enabled = False
    yield build_world(app)
    limiter.enabled = True


def test_the_api_table_covers_every_api_route(app: Flask) -> None:
    adapter = app.url_map.bind("localhost")
    routes = {
        (method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }
    ids = {"contest": 1, "submission": 1}
    covered = {(method, adapter.match(url.format(**ids), method=method)[0]) for method, url, *_rest in API_TABLE}
    assert routes == covered, sorted(routes ^ covered)


def _headers_by_role() -> dict[str, dict[str, str]]:
    """Each role's Authorization header, with a token made for its user now; none for "anonymous"."""
    headers: dict[str, dict[str, str]] = {"anonymous": {}}
    for role in ROLES[1:]:
        user = db.session.query(User).filter_by(username=role).one()
        headers[role] = {"Authorization": f"Bearer {api_tokens.create(db.session, user, 'walk')[1]}"}
    db.session.commit()
    return headers


def _walk(app: Flask, world: dict[str, Any], table: Table, role: str, headers: dict[str, str]) -> None:
    """Each route of ``table`` answers ``role`` its expected status, in JSON, opening no session."""
    for method, template, body, expected_by_role, default in table:
        url = template.format(**world)
        response = app.test_client().open(url, method=method, json=body, headers=headers)
        expected = expected_by_role.get(role, default)
        assert response.status_code == expected, (method, url, role, response.status_code, response.get_json())
        assert response.is_json, (url, role)
        assert "Set-Cookie" not in response.headers, (url, role)  # the API opens no session


def test_each_roles_token_gets_what_the_rules_allow(app: Flask, world: dict[str, Any]) -> None:
    for role, headers in _headers_by_role().items():
        _walk(app, world, API_TABLE, role, headers)
        if headers:  # the problems are listed to those who may open them on the web, and to nobody else
            listed = app.test_client().get(f"/api/v1/contests/{world['contest']}/problems", headers=headers)
            labels = [p["label"] for p in listed.get_json()["problems"]]
            assert labels == (["A"] if role in ("student", *STAFF) else []), role


# The same contest once its proposal is not approved (its changed text flagged and waiting for the Sở): it exists for
# its staff and the Sở's reviewers only; to everyone else, its registered student included, as if it did not.
HIDDEN_TABLE: Table = [
    ("GET", "/api/v1/contests/{contest}", None, NO_TOKEN | dict.fromkeys(("reviewer", *STAFF), 200), 404),
    ("GET", "/api/v1/contests/{contest}/problems", None, NO_TOKEN | dict.fromkeys(("reviewer", *STAFF), 200), 404),
    ("GET", "/api/v1/contests/{contest}/scoreboard", None, NO_TOKEN | dict.fromkeys(("reviewer", *STAFF), 200), 404),
    ("GET", "/api/v1/submissions/{submission}", None, NO_TOKEN | dict.fromkeys(STAFF, 200), 404),
    (
        "POST",
        "/api/v1/contests/{contest}/submissions",
        PROGRAM,
        NO_TOKEN | {"reviewer": 403} | dict.fromkeys(STAFF, 201),
        404,
    ),
]


def test_a_contest_not_approved_exists_for_its_staff_and_the_reviewers_only(app: Flask, world: dict[str, Any]) -> None:
    contest = db.session.get(Contest, world["contest"])
    assert contest is not None and contest.proposal is not None
    contest.proposal.status = ProposalStatus.IN_REVIEW
    db.session.commit()
    for role, headers in _headers_by_role().items():
        _walk(app, world, HIDDEN_TABLE, role, headers)
        if headers:
            listed = app.test_client().get("/api/v1/contests", headers=headers).get_json()["contests"]
            assert (world["contest"] in [c["id"] for c in listed]) == (role in ("reviewer", *STAFF)), role
