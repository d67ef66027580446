"""Every route × every role: who gets the page, who is sent to log in, who is refused; and that a GET commits
nothing (``committed_writes.GET_WRITES`` excepted)."""

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from .authz_world import AREAS, LOGIN, ROLES, build_world
from .committed_writes import GET_WRITES, Writes

# (method, url template, {role: expected}); roles not named get `default`.
CORE_TABLE = [
    ("GET", "/", {}, 200),
    ("GET", "/contests/{contest}", {}, 200),
    ("GET", "/login", {}, 200),
    ("GET", "/register", {r: 302 for r in ROLES if r != "anonymous"}, 200),
    ("GET", "/lang/en", {}, 302),
    ("GET", "/favicon.ico", {}, 200),
    ("POST", "/logout", {}, 302),
    ("GET", "/password", {"anonymous": LOGIN}, 200),
    ("GET", "/contests/new", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("GET", "/contests/{contest}/edit", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("POST", "/contests/{contest}/register", {"anonymous": LOGIN}, 302),
    ("GET", "/contests/{contest}/register-people", {"anonymous": LOGIN, "coordinator": 200}, 403),
    (
        "GET",
        "/contests/{contest}/registrations",
        {"anonymous": LOGIN, "coordinator": 200, "organiser": 200, "admin": 200},
        403,
    ),
    ("GET", "/people/", {"anonymous": LOGIN, "coordinator": 200, "admin": 200}, 403),
    ("GET", "/people/new", {"anonymous": LOGIN, "coordinator": 200, "admin": 200}, 403),
    ("GET", "/people/{person}/edit", {"anonymous": LOGIN, "coordinator": 200, "admin": 200}, 403),
    ("GET", "/people/{stranger}/edit", {"anonymous": LOGIN, "admin": 200}, 403),
    ("POST", "/people/{person}/status/active", {"anonymous": LOGIN, "coordinator": 302, "admin": 302}, 403),
    ("POST", "/people/{stranger}/status/deactivated", {"anonymous": LOGIN, "admin": 302}, 403),
    # a coordinator never manages a more powerful account of their own school (here the school's judge)
    ("POST", "/people/{judge}/reset-password", {"anonymous": LOGIN, "admin": 200}, 403),
    ("GET", "/people/{judge}/edit", {"anonymous": LOGIN, "admin": 200}, 403),
    ("POST", "/people/{person}/reset-password", {"anonymous": LOGIN, "coordinator": 200, "admin": 200}, 403),
    ("GET", "/people/{person}/reset-password", {"anonymous": LOGIN, "coordinator": 200, "admin": 200}, 403),
    ("GET", "/people/{judge}/reset-password", {"anonymous": LOGIN, "admin": 200}, 403),
    ("GET", "/people/{stranger}/reset-password", {"anonymous": LOGIN, "admin": 200}, 403),
    # forgotten passwords: open to everyone; a bad link is a page that says so
    ("GET", "/password/forgot", {}, 200),
    ("POST", "/password/forgot", {}, 200),
    ("GET", "/password/reset/not-a-token", {}, 200),
    ("POST", "/password/reset/not-a-token", {}, 200),
    ("GET", "/people/import", {"anonymous": LOGIN, "coordinator": 200, "admin": 200}, 403),
    ("GET", "/people/export.xlsx", {"anonymous": LOGIN, "coordinator": 200, "admin": 200}, 403),
    ("GET", "/people/import/template.xlsx", {"anonymous": LOGIN, "coordinator": 200, "admin": 200}, 403),
    ("GET", "/admin/proposals", {"anonymous": LOGIN, "reviewer": 200, "admin": 200}, 403),
    ("GET", "/admin/audit", {"anonymous": LOGIN, "admin": 200}, 403),
    # the same forms posted empty: refused, or shown again with the errors
    ("POST", "/login", {}, 200),
    ("POST", "/register", {r: 302 for r in ROLES if r != "anonymous"}, 200),
    ("POST", "/password", {"anonymous": LOGIN}, 200),
    ("POST", "/contests/new", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("POST", "/contests/{contest}/edit", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("POST", "/contests/{contest}/register-people", {"anonymous": LOGIN, "coordinator": 200}, 403),
    ("POST", "/people/new", {"anonymous": LOGIN, "coordinator": 200, "admin": 200}, 403),
    ("POST", "/people/{person}/edit", {"anonymous": LOGIN, "coordinator": 200, "admin": 200}, 403),
    ("POST", "/people/{stranger}/edit", {"anonymous": LOGIN, "admin": 200}, 403),
    ("POST", "/people/import", {"anonymous": LOGIN, "coordinator": 200, "admin": 200}, 403),
    # -- programming: contestant (the student is registered; the contest is running)
    ("GET", "/contests/{contest}/problems", {"anonymous": LOGIN}, 200),
    (
        "GET",
        "/contests/{contest}/problems/{problem}",
        {"anonymous": LOGIN, "student": 200, "organiser": 200, "admin": 200},
        403,
    ),
    (
        "POST",
        "/contests/{contest}/problems/{problem}/submit",
        {"anonymous": LOGIN, "student": 400, "organiser": 400, "admin": 400},  # allowed; an empty form is refused
        403,
    ),
    (
        "POST",
        "/contests/{contest}/problems/{problem}/test-runs",
        {"anonymous": LOGIN, "student": 400, "organiser": 400, "admin": 400},  # allowed; an empty form is refused
        403,
    ),
    # a test run is its owner's alone, staff included; to anyone else it does not exist (404)
    ("GET", "/contests/{contest}/test-runs/{test_run}.json", {"anonymous": LOGIN, "student": 200}, 404),
    ("GET", "/contests/{contest}/submissions", {"anonymous": LOGIN}, 200),
    (
        "GET",
        "/contests/{contest}/submissions/{submission}",
        {"anonymous": LOGIN, "student": 200, "organiser": 200, "admin": 200},
        404,  # another contestant's submission does not exist for them
    ),
    (
        "GET",
        "/contests/{contest}/submissions/{submission}.json",
        {"anonymous": LOGIN, "student": 200, "organiser": 200, "admin": 200},
        404,  # another contestant's submission does not exist for them
    ),
    # -- programming: scoreboard
    ("GET", "/contests/{contest}/scoreboard", {}, 200),
    ("GET", "/contests/{contest}/scoreboard.xlsx", {}, 200),
    ("GET", "/contests/{contest}/scoreboard/print", {}, 200),
    ("GET", "/contests/{contest}/scoreboard/live", {}, 200),
    # -- programming: organiser
    ("GET", "/contests/{contest}/manage/problems", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("POST", "/contests/{contest}/manage/problems", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("GET", "/contests/{contest}/manage/problems/{problem}", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    (
        "POST",
        "/contests/{contest}/manage/problems/{problem}",
        {"anonymous": LOGIN, "organiser": 200, "admin": 200},
        403,
    ),
    (
        "POST",
        "/contests/{contest}/manage/problems/{problem}/remove",
        {"anonymous": LOGIN, "organiser": 302, "admin": 302},
        403,
    ),
    (
        "GET",
        "/contests/{contest}/problems/{problem}/statement.pdf",
        {"anonymous": LOGIN, "student": 404, "organiser": 404, "admin": 404},
        403,
    ),
    # the statement editor; an empty statement form saves "no statement", an empty image or package form is refused
    (
        "GET",
        "/contests/{contest}/manage/problems/{problem}/statement",
        {"anonymous": LOGIN, "organiser": 200, "admin": 200},
        403,
    ),
    (
        "POST",
        "/contests/{contest}/manage/problems/{problem}/statement",
        {"anonymous": LOGIN, "organiser": 302, "admin": 302},
        403,
    ),
    (
        "POST",
        "/contests/{contest}/manage/problems/{problem}/images",
        {"anonymous": LOGIN, "organiser": 400, "admin": 400},
        403,
    ),
    (
        "POST",
        "/contests/{contest}/manage/problems/{problem}/images/none.png/remove",
        {"anonymous": LOGIN, "organiser": 302, "admin": 302},
        403,
    ),
    (
        "POST",
        "/contests/{contest}/manage/problems/{problem}/package",
        {"anonymous": LOGIN, "organiser": 302, "admin": 302},
        403,
    ),
    (
        "GET",
        "/contests/{contest}/problems/{problem}/images/none.png",
        {"anonymous": LOGIN, "student": 404, "organiser": 404, "admin": 404},
        403,
    ),
    ("GET", "/contests/{contest}/manage/settings", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("POST", "/contests/{contest}/manage/settings", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("GET", "/contests/{contest}/manage/judging", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("GET", "/contests/{contest}/manage/extra-time", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("POST", "/contests/{contest}/manage/extra-time", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("GET", "/contests/{contest}/manage/disqualified", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("POST", "/contests/{contest}/manage/disqualified", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    (
        "POST",
        "/contests/{contest}/manage/disqualified/{registration}/reinstate",
        {"anonymous": LOGIN, "organiser": 302, "admin": 302},
        403,
    ),
    (
        "POST",
        "/contests/{contest}/manage/rejudge/submission/{submission}",
        {"anonymous": LOGIN, "organiser": 302, "admin": 302},
        403,
    ),
    (
        "POST",
        "/contests/{contest}/manage/rejudge/problem/{problem}",
        {"anonymous": LOGIN, "organiser": 302, "admin": 302},
        403,
    ),
    ("POST", "/contests/{contest}/manage/rejudge", {"anonymous": LOGIN, "organiser": 302, "admin": 302}, 403),
    ("POST", "/contests/{contest}/manage/publish", {"anonymous": LOGIN, "organiser": 302, "admin": 302}, 403),
    ("POST", "/contests/{contest}/manage/withdraw", {"anonymous": LOGIN, "organiser": 302, "admin": 302}, 403),
    ("GET", "/contests/{contest}/manage/announcements", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("POST", "/contests/{contest}/manage/announcements", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("GET", "/contests/{contest}/manage/clarifications", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    (
        "POST",
        "/contests/{contest}/manage/clarifications/999999/answer",
        {"anonymous": LOGIN, "organiser": 404, "admin": 404},
        403,
    ),
    (
        "GET",
        "/contests/{contest}/clarifications",
        {"anonymous": LOGIN, "student": 200, "organiser": 200, "admin": 200},
        403,
    ),
    ("POST", "/contests/{contest}/clarifications", {"anonymous": LOGIN, "student": 200}, 403),
    # -- api (token-authenticated JSON; a browser session gives nothing)
    ("GET", "/api/v1/contests", {}, 401),
    ("GET", "/api/v1/contests/{contest}", {}, 401),
    ("GET", "/api/v1/contests/{contest}/problems", {}, 401),
    ("POST", "/api/v1/contests/{contest}/submissions", {}, 401),
    ("GET", "/api/v1/submissions/{submission}", {}, 401),
    ("GET", "/api/v1/contests/{contest}/scoreboard", {}, 401),
    ("GET", "/api/v1/openapi.json", {}, 200),
    ("GET", "/account/tokens", {"anonymous": LOGIN}, 200),
    ("POST", "/account/tokens", {"anonymous": LOGIN}, 200),
    ("POST", "/account/tokens/999999/revoke", {"anonymous": LOGIN}, 404),
    # -- registering many at once; cancelling (the student has submitted, so even those allowed are refused: 302)
    ("POST", "/contests/{contest}/register-people/bulk", {"anonymous": LOGIN, "coordinator": 200}, 403),
    ("POST", "/contests/{contest}/register-people/sheet", {"anonymous": LOGIN, "coordinator": 200}, 403),
    (
        "POST",
        "/contests/{contest}/registrations/{registration}/cancel",
        {"anonymous": LOGIN, "student": 302, "coordinator": 302},
        403,
    ),
]
TABLE = CORE_TABLE + [row for area in AREAS for row in area.TABLE]


@pytest.fixture
def world(app: Flask) -> Iterator[dict[str, Any]]:
    from app.extensions import limiter

    limiter.enabled = False  # this test logs in hundreds of times; the limit has its own test
    yield build_world(app)
    limiter.enabled = True


def test_the_table_covers_every_route(app: Flask) -> None:
    adapter = app.url_map.bind("localhost")
    routes = {
        (m, r.endpoint)
        for r in app.url_map.iter_rules()
        if r.endpoint != "static"
        for m in (r.methods or set()) - {"HEAD", "OPTIONS"}
    }
    ids = {
        "contest": 1,
        "person": 1,
        "stranger": 2,
        "problem": "A",
        "submission": 1,
        "judge": 3,
        "registration": 1,
        "test_run": 1,
    }
    for area in AREAS:
        ids.update(area.SAMPLE_IDS)
    covered = {(method, adapter.match(url.format(**ids), method=method)[0]) for method, url, _e, _d in TABLE}
    assert routes <= covered, sorted(routes - covered)


@pytest.mark.parametrize("role", ROLES)
def test_authorisation_table(app: Flask, world: dict[str, Any], role: str) -> None:
    """Each role gets each route's expected answer; and no GET commits anything but ``GET_WRITES``."""
    with Writes().watching() as writes:
        for method, template, expected_by_role, default in TABLE:
            client = app.test_client()
            if role != "anonymous":
                assert client.post("/login", data={"username": role, "password": "password123"}).status_code == 302
            url = template.format(**world)
            response, written = writes.during(client, method, url)
            expected = expected_by_role.get(role, default)
            if expected == LOGIN:
                assert response.status_code == 302 and "/login" in response.headers["Location"], (method, url)
            else:
                assert response.status_code == expected, (method, url, role, response.status_code)
            if method == "GET":
                assert set(written) <= GET_WRITES, (url, role, written)
