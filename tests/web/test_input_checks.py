"""Input no route may take is refused before it reaches SQL, on every route of the map: ids beyond an INTEGER column
(404), NUL and other control characters in a query string, a path, a form's field names or a JSON body (400; in
what a form's fields hold they are taken out and the form says so: test_pasted_control_characters.py), numbers
beyond bounds in query strings (the default), in forms and in JSON; and single-line form fields refuse line breaks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, session
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict
from werkzeug.routing import Rule
from werkzeug.test import TestResponse
from wtforms import DateTimeLocalField, DecimalField, IntegerField, StringField, TextAreaField

from app.extensions import db
from app.form_base import Form
from app.input_checks import MAX_INT
from app.models import Contest, Proposal, Role
from tests.conftest import AuthActions

from ..factories import DepartmentFactory, SchoolFactory, UserFactory
from .test_proposals_web import form as proposal_form

HUGE = 2**64
REMOVED = (
    "Invisible control characters have been removed from this field (a copy from Word or a PDF may carry them): "
    "check the text and save again."
)
PARAMETER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _routes(app: Flask, *, with_int: bool) -> Iterator[tuple[Rule, str]]:
    """Every rule (with an int parameter, or every one) and each of its methods but HEAD and OPTIONS."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or (with_int and "int" not in _converters(rule)):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield rule, method


def _converters(rule: Rule) -> list[str]:
    return [converter or "default" for converter, _name in PARAMETER.findall(rule.rule)]


def _url(rule: Rule, number: int) -> str:
    """The rule's address with ``number`` for every int parameter and a plain word for the others."""
    return PARAMETER.sub(lambda m: str(number) if m.group(1) == "int" else "x", rule.rule)


def _answer(client: FlaskClient, method: str, url: str, **kwargs: Any) -> TestResponse:
    return client.open(url, method=method, **kwargs)


@pytest.fixture
def admin_client(app: Flask, client: FlaskClient, auth: AuthActions) -> FlaskClient:
    department = DepartmentFactory()
    UserFactory(username="quantri", unit=department, roles={Role.ADMIN, Role.ORGANISER, Role.REVIEWER})
    db.session.commit()
    assert auth.login("quantri").status_code == 302
    return client


def test_every_route_answers_an_id_beyond_any_column_with_404(app: Flask, client: FlaskClient) -> None:
    routes = list(_routes(app, with_int=True))
    assert len(routes) > 50
    answers = {
        (method, _url(rule, number)): _answer(client, method, _url(rule, number)).status_code
        for rule, method in routes
        for number in (HUGE, MAX_INT + 1, 0)
    }
    assert {key: code for key, code in answers.items() if code != 404} == {}


def test_every_route_given_the_largest_id_answers_without_a_fault(app: Flask, admin_client: FlaskClient) -> None:
    """The largest id an INTEGER column holds reaches the views (of a user who may see most) and names nothing."""
    faults = {
        (method, _url(rule, MAX_INT)): code
        for rule, method in _routes(app, with_int=True)
        if (code := _answer(admin_client, method, _url(rule, MAX_INT)).status_code) >= 500
    }
    assert faults == {}


def test_every_route_refuses_a_nul_or_a_control_character_in_the_query_string_with_400(
    app: Flask, admin_client: FlaskClient
) -> None:
    answers = {
        (method, url): _answer(admin_client, method, url).status_code
        for rule, method in _routes(app, with_int=False)
        for url in (f"{_url(rule, 1)}?q=a%00b", f"{_url(rule, 1)}?page=1&unit=%1b")
    }
    assert {key: code for key, code in answers.items() if code != 400} == {}


def test_a_control_character_in_a_path_is_refused_with_400(admin_client: FlaskClient) -> None:
    assert admin_client.get("/preview/ab%00cd/index.html").status_code == 400
    assert admin_client.get("/manage/problems/A%07/package").status_code == 400


def test_numbers_beyond_bounds_in_query_strings_are_taken_as_no_number(app: Flask, admin_client: FlaskClient) -> None:
    numbers = f"page={HUGE}&unit={HUGE}&district={-HUGE}&category={MAX_INT + 1}&before={HUGE}"
    faults = {
        rule.rule: code
        for rule, method in _routes(app, with_int=False)
        if method == "GET" and (code := admin_client.get(f"{_url(rule, 1)}?{numbers}").status_code) >= 500
    }
    assert faults == {}
    assert admin_client.get(f"/people/?page={HUGE}").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"problem": "A", "language": "python", "source": "print(1)\x00"},
        {"problem": "A", "language": "python", "source": "print(1)", "n": HUGE},
        {"problem": "A", "language": "python", "source": "print(1)", "x": float("nan")},
    ],
)
def test_a_json_body_with_a_nul_or_a_number_out_of_bounds_is_refused_with_400(
    client: FlaskClient, body: dict[str, object]
) -> None:
    response = client.post("/api/v1/contests/1/submissions", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]


def test_a_proposal_title_with_a_line_break_is_refused_on_the_form_and_nothing_is_saved(
    client: FlaskClient, auth: AuthActions
) -> None:
    department = DepartmentFactory()
    school = SchoolFactory(parent__parent=department)
    UserFactory(username="dieuphoi", unit=school, roles={Role.COORDINATOR})
    db.session.commit()
    auth.login("dieuphoi")
    client.get("/lang/en")
    response = client.post("/proposals/new", data=proposal_form(title="Hội thi\r\nTin học trẻ"))
    assert response.status_code == 200
    assert "Write this on one line." in response.get_data(as_text=True)
    assert db.session.query(Proposal).count() == 0


class _Sample(Form):
    title = StringField()
    rules = TextAreaField()
    count = IntegerField()
    limit = DecimalField(places=None)
    opens = DateTimeLocalField()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "a\nb"}, "title", "Write this on one line."),
        ({"title": "a\x00b"}, "title", REMOVED),
        ({"rules": "a\x01b"}, "rules", REMOVED),
        ({"count": str(MAX_INT + 1)}, "count", "The number is too large."),
        ({"count": str(-HUGE)}, "count", "The number is too large."),
        ({"limit": "1e12"}, "limit", "The number is too large."),
        ({"limit": "NaN"}, "limit", "Not a valid decimal value."),
        ({"opens": "0001-01-01T00:00"}, "opens", "Enter a date from the year 2000 to 2100."),
        ({"opens": "9999-12-31T23:59"}, "opens", "Enter a date from the year 2000 to 2100."),
    ],
)
def test_every_form_refuses_what_no_field_may_take(app: Flask, data: dict[str, str], field: str, message: str) -> None:
    with app.test_request_context():
        session["lang"] = "en"
        sample = _Sample(formdata=MultiDict(data), meta={"csrf": False})
        assert not sample.validate()
        assert message in [str(m) for m in sample[field].errors]
        if isinstance(sample[field].data, str):  # what the form shows back holds no control character
            assert "\x00" not in sample[field].data and "\x01" not in sample[field].data


def test_a_textarea_keeps_its_line_breaks_and_tabs(app: Flask) -> None:
    with app.test_request_context():
        sample = _Sample(
            formdata=MultiDict({"rules": "Dòng 1\r\n\tDòng 2", "count": str(MAX_INT)}), meta={"csrf": False}
        )
        assert sample.validate(), sample.errors
        assert sample.count.data == MAX_INT


def test_a_contest_dated_in_year_one_is_refused_on_the_form_and_nothing_is_saved(
    client: FlaskClient, auth: AuthActions
) -> None:
    UserFactory(username="btc", unit=DepartmentFactory(), roles={Role.ORGANISER})
    db.session.commit()
    auth.login("btc")
    form = {
        "title": "Hội thi Tin học trẻ",
        "kind": "informatics",
        "round": "province",
        "school_year": "2026-2027",
        "registration_opens": "0001-01-01T00:00",  # before the first UTC time once moved from Vietnam's (was a 500)
        "registration_closes": "2026-12-20T17:00",
        "submission_opens": "2026-12-21T08:00",
        "submission_closes": "2026-12-21T11:00",
        "max_team_size": "1",
    }
    response = client.post("/contests/new", data=form)
    assert response.status_code == 200
    assert "Hãy nhập một ngày từ năm 2000 đến năm 2100." in response.get_data(as_text=True)
    assert db.session.query(Contest).count() == 0
