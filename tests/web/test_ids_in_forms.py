"""Ids that forms and query strings carry as text (a hidden field, a choice the form does not check): anything but
an id of 1..``MAX_INT`` names nothing, and gets the page's own message or 404, never a fault. Until 6 Dec 2026
``str.isdigit`` guarded them: it passes "²" (which ``int`` refuses: 500) and a number beyond any column (which
SQLite refuses to bind: 500)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.input_checks import MAX_INT, id_in
from app.models import Criterion, Nomination, RoundLink
from tests.conftest import AuthActions

from .reviews_helpers import review_world
from .rounds_helpers import rounds

NOT_IDS = ["²", "1²", "٣", str(MAX_INT + 1), "99999999999999999999", "0", "-1", " 1", "1.0", ""]
"""Text that is no id: a superscript and an Arabic-Indic digit (``str.isdigit`` says yes to both), numbers beyond
an INTEGER column or below 1, spaces and decimals."""


@pytest.mark.parametrize("raw", NOT_IDS)
def test_id_in_reads_no_id_from_what_is_not_one(raw: str) -> None:
    assert id_in(raw) is None


def test_id_in_reads_an_id() -> None:
    assert (id_in("1"), id_in("0042"), id_in(str(MAX_INT)), id_in(None)) == (1, 42, MAX_INT, None)


@pytest.mark.parametrize("raw", ["²", "99999999999999999999"])
def test_a_next_round_that_is_no_id_is_refused_with_a_message(client: FlaskClient, auth: AuthActions, raw: str) -> None:
    world = rounds(link=False)
    db.session.commit()
    auth.login("btc_huyen")
    client.get("/lang/en")
    reply = client.post(f"/contests/{world.district.id}/rounds/next", data={"next_contest": raw})
    assert reply.status_code == 200
    assert "Choose the next round, or name the round outside hoithi." in reply.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(RoundLink)) == 0


@pytest.mark.parametrize("raw", ["²", "99999999999999999999"])
def test_a_nomination_target_that_is_no_id_is_refused_with_a_message(
    client: FlaskClient, auth: AuthActions, raw: str
) -> None:
    world = rounds()
    db.session.commit()
    auth.login("btc_huyen")
    reply = client.post(
        f"/contests/{world.district.id}/rounds/nominate",
        data={"target": raw, "method": "rank", "count": "1"},
        follow_redirects=True,
    )
    assert reply.status_code == 200  # no id is a round outside hoithi, which this round does not feed
    assert "không chuyển thí sinh lên một vòng thi ngoài hệ thống hoithi" in reply.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0


@pytest.mark.parametrize("raw", ["²", "99999999999999999999"])
def test_a_rubric_category_that_is_no_id_is_not_found(app: Flask, client: FlaskClient, raw: str) -> None:
    world = review_world()
    db.session.commit()
    criteria = db.session.scalar(select(func.count()).select_from(Criterion))
    assert client.post("/login", data={"username": "org", "password": "password123"}).status_code == 302
    base = f"/contests/{world.contest.id}/review"
    assert client.get(f"{base}/rubric?category={raw}").status_code == 404
    assert (
        client.post(f"{base}/rubric", data={"category": raw, "name": "Nội dung", "max_points": "10"}).status_code == 404
    )
    assert client.post(f"{base}/rubric/template", data={"category": raw, "template": "elearning"}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Criterion)) == criteria
