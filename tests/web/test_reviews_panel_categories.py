"""Judges of one category (a Creativity contest's field, a Tin học trẻ board): a judge put on the panel for a
category judges only its entries, in the automatic assignment and by hand; a judge of no category judges any."""

from __future__ import annotations

from collections import Counter

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Assignment, Category, Entry, Role
from app.services.errors import InvalidInput
from app.services.results import reconciliation
from app.services.reviews import assignment, panel
from tests.builders import person
from tests.conftest import AuthActions

from ..factories import CategoryFactory, EntryFactory
from .reviews_helpers import ReviewWorld, review_world


def _fields(world: ReviewWorld) -> tuple[Category, Category]:
    """Two fields of a Creativity contest, with six entries each."""
    physics = CategoryFactory(contest=world.contest, code="VL", name="Vật lý – Kỹ thuật")
    biology = CategoryFactory(contest=world.contest, code="SH", name="Sinh học – Môi trường")
    for category in (physics, biology):
        for _ in range(6):
            EntryFactory(contest=world.contest, unit=world.school, category=category)
    db.session.flush()
    return physics, biology


def _judge(world: ReviewWorld, name: str, category: Category | None) -> int:
    user = person(name, world.department, Role.JUDGE)
    panel.add_member(db.session, world.organiser, world.contest, user.id, category.id if category else None)
    return user.id


def test_the_automatic_assignment_keeps_each_judge_to_their_category(app: Flask) -> None:
    world = review_world(judges=0, entries=0)
    physics, biology = _fields(world)
    physicists = [_judge(world, f"gk_vatly{i}", physics) for i in range(2)]
    biologists = [_judge(world, f"gk_sinhhoc{i}", biology) for i in range(2)]
    report = assignment.run(db.session, world.organiser, world.contest)
    assert report.short == []
    category_of = dict(db.session.execute(select(Entry.id, Entry.category_id)).all())
    for entry_id, judge_id in db.session.execute(select(Assignment.entry_id, Assignment.judge_id)):
        assert judge_id in (physicists if category_of[entry_id] == physics.id else biologists)
    loads = Counter(j for (j,) in db.session.execute(select(Assignment.judge_id)))
    assert set(loads.values()) == {6}


def test_a_judge_of_no_category_fills_in_where_a_category_has_too_few(app: Flask) -> None:
    world = review_world(judges=0, entries=0)
    physics, biology = _fields(world)
    only = _judge(world, "gk_vatly", physics)
    anyone = _judge(world, "gk_chung", None)
    biologist = _judge(world, "gk_sinhhoc", biology)
    report = assignment.run(db.session, world.organiser, world.contest)
    assert report.short == []
    by_judge: dict[int, set[int | None]] = {}
    for category_id, judge_id in db.session.execute(
        select(Entry.category_id, Assignment.judge_id).join(Entry, Entry.id == Assignment.entry_id)
    ):
        by_judge.setdefault(judge_id, set()).add(category_id)
    assert by_judge[only] == {physics.id} and by_judge[biologist] == {biology.id}
    assert by_judge[anyone] == {physics.id, biology.id}


def test_an_organiser_cannot_give_an_entry_to_a_judge_of_another_category(app: Flask) -> None:
    world = review_world(judges=0, entries=0)
    physics, biology = _fields(world)
    biologist = _judge(world, "gk_sinhhoc", biology)
    entry = db.session.scalars(select(Entry).where(Entry.category_id == physics.id)).first()
    assert entry is not None
    with pytest.raises(InvalidInput) as refused:
        assignment.add(db.session, world.organiser, entry, biologist)
    assert "Sinh học – Môi trường" in str(refused.value.message)


def test_a_category_of_another_contest_is_refused(app: Flask) -> None:
    world = review_world(judges=0, entries=0)
    elsewhere = CategoryFactory()
    user = person("gk", world.department, Role.JUDGE)
    with pytest.raises(InvalidInput):
        panel.add_member(db.session, world.organiser, world.contest, user.id, elsewhere.id)


def test_the_panel_page_adds_a_judge_for_a_category_and_shows_it(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    world = review_world(judges=0, entries=0)
    physics, _biology = _fields(world)
    user = person("gk_vatly", world.department, Role.JUDGE, full_name="Ngô Văn Vậtlý")
    db.session.commit()
    assert auth.login("org").status_code == 302
    page = client.get(f"/contests/{world.contest.id}/review/panel").get_data(as_text=True)
    assert "Vật lý – Kỹ thuật" in page  # offered in the form
    response = client.post(
        f"/contests/{world.contest.id}/review/panel",
        data={"judge": str(user.id), "category": str(physics.id)},
        follow_redirects=True,
    )
    member = panel.member(db.session, world.contest, user.id)
    assert member is not None and member.category_id == physics.id
    row = response.get_data(as_text=True).split('data-judge="gk_vatly"', 1)[1].split("</tr>", 1)[0]
    assert "selected>Vật lý – Kỹ thuật</option>" in row


def test_a_further_judge_for_a_flagged_entry_comes_from_its_category(app: Flask) -> None:
    world = review_world(judges=0, entries=0)
    physics, biology = _fields(world)
    _judge(world, "gk_vatly", physics)
    anyone = _judge(world, "gk_chung", None)
    biologist = _judge(world, "gk_sinhhoc", biology)
    entry = db.session.scalars(select(Entry).where(Entry.category_id == physics.id)).first()
    assert entry is not None
    choices = {u.id for u in reconciliation.further_judge_choices(db.session, entry)}
    assert anyone in choices and biologist not in choices


def test_the_organiser_changes_a_judges_category_on_the_panel_page(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    """A judge put on the wrong field is moved to the right one without leaving the panel (which their submitted
    sheets would forbid); the next assignment follows."""
    world = review_world(judges=0, entries=0)
    physics, biology = _fields(world)
    judge = _judge(world, "gk_vatly", biology)  # meant for physics
    db.session.commit()
    member = panel.member(db.session, world.contest, judge)
    assert member is not None
    assert auth.login("org").status_code == 302
    url = f"/contests/{world.contest.id}/review/panel/{member.id}/category"
    response = client.post(url, data={"category": str(physics.id)}, follow_redirects=True)
    assert response.status_code == 200
    db.session.expire_all()
    assert panel.member(db.session, world.contest, judge).category_id == physics.id  # type: ignore[union-attr]
    assert client.post(url, data={"category": "0"}).status_code == 302  # back to every category
    db.session.expire_all()
    assert panel.member(db.session, world.contest, judge).category_id is None  # type: ignore[union-attr]
    elsewhere = CategoryFactory()
    db.session.commit()
    refused = client.post(url, data={"category": str(elsewhere.id)}, follow_redirects=True)
    assert "Bảng này không thuộc hội thi." in refused.get_data(as_text=True)
    with pytest.raises(InvalidInput):
        panel.set_category(db.session, world.organiser, member, elsewhere.id)
