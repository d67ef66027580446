"""A judge with the same score sheet open twice (two tabs, or a laptop and a phone): a save from the older page
must not wipe the scores saved since from the other one. The older page's save is refused, saying so, with what was
typed kept on the page; saving again then replaces the sheet on purpose. The same page sent twice (a double click)
is no conflict."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import CriterionScore, ScoreSheet
from app.services.errors import InvalidInput
from app.services.reviews import assignment, score_sheets
from tests.conftest import AuthActions
from tests.responses import search

from .reviews_helpers import ReviewWorld, review_world

ELSEWHERE = "This sheet was saved from another tab or device after you opened it."


@pytest.fixture
def world(app: Flask) -> ReviewWorld:
    world = review_world(judges=2, entries=1)
    assignment.add(db.session, world.organiser, world.entries[0], world.judges[1].id)
    db.session.commit()
    return world


def _seen(page: str) -> str:
    """The stamp the page's form carries (none: empty, as a browser would post it)."""
    tag = re.search(r'<input[^>]*name="seen"[^>]*>', page)
    return search(r'value="([^"]*)"', tag.group(0)).group(1) if tag and "value=" in tag.group(0) else ""


def _points() -> dict[int, Decimal | None]:
    db.session.expire_all()
    return {s.criterion_id: s.points for s in db.session.scalars(select(CriterionScore))}


def _judge_in(client: FlaskClient, auth: AuthActions, world: ReviewWorld) -> str:
    assert auth.login(world.judges[1].username).status_code == 302
    client.get("/lang/en")
    return f"/review/entries/{world.entries[0].id}/sheet"


def test_an_older_page_does_not_wipe_scores_saved_since_from_another(
    client: FlaskClient, auth: AuthActions, world: ReviewWorld
) -> None:
    url = _judge_in(client, auth, world)
    ids = [c.id for c in world.rubric.criteria]
    older = client.get(url).get_data(as_text=True)  # the phone, opened first and left
    laptop = client.get(url).get_data(as_text=True)
    halves = {f"points_{ids[0]}": "20", f"points_{ids[1]}": "18,5", "seen": _seen(laptop), "save": "1"}
    assert client.post(url, data=halves).status_code == 302
    assert _points() == {ids[0]: Decimal(20), ids[1]: Decimal("18.5"), ids[2]: None, ids[3]: None}

    typed = {f"points_{ids[2]}": "12", f"comment_{ids[2]}": "Hình ảnh đẹp", "seen": _seen(older), "save": "1"}
    response = client.post(url, data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and ELSEWHERE in page
    assert 'value="12"' in page and "Hình ảnh đẹp" in page  # what was typed stays on the page
    assert _points() == {ids[0]: Decimal(20), ids[1]: Decimal("18.5"), ids[2]: None, ids[3]: None}  # nothing lost

    # told, the judge saves again from that page: it replaces the sheet, as asked
    again = {**typed, "seen": _seen(page)}
    assert client.post(url, data=again).status_code == 302
    assert _points() == {ids[0]: None, ids[1]: None, ids[2]: Decimal(12), ids[3]: None}


def test_an_older_page_cannot_submit_over_a_newer_draft(
    client: FlaskClient, auth: AuthActions, world: ReviewWorld
) -> None:
    url = _judge_in(client, auth, world)
    ids = [c.id for c in world.rubric.criteria]
    older = client.get(url).get_data(as_text=True)
    newer = {**{f"points_{i}": "20" for i in ids}, "seen": _seen(client.get(url).get_data(as_text=True))}
    assert client.post(url, data={**newer, "save": "1"}).status_code == 302
    stale = {**{f"points_{i}": "10" for i in ids}, "seen": _seen(older), "submit": "1", "confirm_lock": "y"}
    response = client.post(url, data=stale)
    assert ELSEWHERE in response.get_data(as_text=True)
    sheet = db.session.scalars(select(ScoreSheet)).one()
    db.session.refresh(sheet)
    assert sheet.total is None and set(_points().values()) == {Decimal(20)}


def test_the_same_page_sent_twice_is_no_conflict(client: FlaskClient, auth: AuthActions, world: ReviewWorld) -> None:
    url = _judge_in(client, auth, world)
    ids = [c.id for c in world.rubric.criteria]
    seen = _seen(client.get(url).get_data(as_text=True))
    posted = {f"points_{ids[0]}": "7,5", f"comment_{ids[0]}": " Khá ", "overall_comment": "Ổn", "seen": seen}
    assert client.post(url, data={**posted, "save": "1"}).status_code == 302
    assert client.post(url, data={**posted, "save": "1"}).status_code == 302  # a double click
    assert _points()[ids[0]] == Decimal("7.5")


def test_the_service_checks_the_stamp_only_when_given_one(world: ReviewWorld) -> None:
    judge, entry = world.judges[1], world.entries[0]
    first = world.rubric.criteria[0].id
    sheet = score_sheets.save(db.session, judge, entry, {first: ("5", "")}, "", seen="")
    stamp = score_sheets.stamp(sheet)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+", stamp)
    with pytest.raises(InvalidInput) as refused:
        score_sheets.save(db.session, judge, entry, {first: ("6", "")}, "", seen="")
    assert refused.value.message is score_sheets.SAVED_ELSEWHERE
    score_sheets.save(db.session, judge, entry, {first: ("6", "")}, "", seen=stamp)
    score_sheets.save(db.session, judge, entry, {first: ("7", "")}, "")  # no stamp (the demo's data): no check
    assert _points()[first] == Decimal(7)
