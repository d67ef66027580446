"""The kinds of contest are described once (``app.services.contests.contest_kinds``): every kind of the model is there,
and the form, the new-contest page, the entries, the programming pages and the API follow it. A kind added in one
place only fails here."""

from __future__ import annotations

from typing import cast

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale

from app.api.openapi import document
from app.contests.forms import ContestForm
from app.extensions import db
from app.form_base import SelectChoice
from app.models import ContestKind, Role
from app.services.contests.contest_kinds import KINDS
from app.services.entries import entering
from app.services.reviews import rubrics

from ..conftest import AuthActions
from ..factories import CategoryFactory, ContestFactory, UserFactory


def test_every_kind_is_described_once_and_consistently(app: Flask) -> None:
    assert list(KINDS) == list(ContestKind)
    assert len({spec.code_prefix for spec in KINDS.values()}) == len(KINDS)
    for spec in KINDS.values():
        codes = [code for code, _name, _grades in spec.categories]
        assert codes and len(set(codes)) == len(codes), spec.kind
        assert set(spec.entry_categories or ()) <= set(codes), spec.kind
        assert spec.rubric_template is None or spec.rubric_template in rubrics.TEMPLATES, spec.kind
        with force_locale("en"):
            english = str(spec.label)
        with force_locale("vi"):
            assert str(spec.label) != english, spec.kind


def test_the_form_and_the_api_offer_every_kind(app: Flask) -> None:
    with app.test_request_context():
        choices = cast(list[SelectChoice], ContestForm().kind.choices)
        assert [choice.value for choice in choices] == [k.value for k in KINDS]
    schema = document()["components"]["schemas"]["Contest"]["properties"]["kind"]
    assert schema["enum"] == [k.value for k in KINDS]


def test_a_new_contest_of_each_kind_starts_with_its_categories(client: FlaskClient, auth: AuthActions) -> None:
    UserFactory(username="btc", roles={Role.ORGANISER})
    db.session.commit()
    auth.login("btc")
    for kind, spec in KINDS.items():
        page = client.get(f"/contests/new?kind={kind.value}").get_data(as_text=True)
        lines = [" | ".join(filter(None, line)) for line in spec.categories]
        assert all(line in page for line in lines), kind
    for unknown in ("ELEARNING", "chess", ""):  # a kind that does not exist: not found, not a server error
        assert client.get(f"/contests/new?kind={unknown}").status_code == 404, unknown


def test_entries_and_programming_pages_follow_the_kind(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    UserFactory(username="admin", roles={Role.ADMIN})
    db.session.commit()
    auth.login("admin")
    for kind, spec in KINDS.items():
        contest = ContestFactory(kind=kind)
        for code, name, _grades in spec.categories:
            CategoryFactory(contest=contest, code=code, name=name)
        db.session.commit()
        allowed = [c.code for c in entering.entry_categories(contest)]
        assert allowed == [
            c for c, _n, _g in spec.categories if spec.entry_categories is None or c in spec.entry_categories
        ]
        assert entering.settings_for(db.session, contest).licence_required is spec.licence_required
        problems = client.get(f"/contests/{contest.id}/manage/problems")
        assert problems.status_code == (200 if spec.programming else 404), kind
