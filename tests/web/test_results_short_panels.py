"""Entries left with fewer judges than the contest's "judges per entry" because a judge with only a draft was taken
off them (off the panel, or off the entry): the results page names them and publishing is refused naming them
unless the organiser confirms, which the audit log records."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select

from app.extensions import db
from app.models import Assignment, AuditEntry, Award, Contest, Entry, User
from app.services.errors import InvalidInput
from app.services.results import publication
from app.services.reviews import assignment, panel
from tests.builders import present, row_of
from tests.conftest import AuthActions

from .results_helpers import flat, judge_of, judged_contest, scored_entry, sheet


def _world(how: str) -> tuple[Contest, User, User]:
    """Judges per entry 2 (the default); EL-0001 judged by An (submitted) and by Bình, who had only a draft and is
    taken off it (``how``: off the panel, or off the entry); EL-0002 judged by An and Chi. Returns the contest, its
    organiser (``btc``) and Dũng, a judge of the panel who could take Bình's place."""
    world = judged_contest()
    world.organiser.username = "btc"
    an, binh, chi = (judge_of(world.contest, full_name=n) for n in ("An", "Bình", "Chi"))
    dung = judge_of(world.contest, full_name="Dũng")
    short = scored_entry(world, [an], [flat(90)], code="EL-0001")
    sheet(short, binh, flat(60), submitted=False)
    scored_entry(world, [an, chi], [flat(80), flat(82)], code="EL-0002")
    if how == "panel":
        panel.remove_member(db.session, world.organiser, present(panel.member(db.session, world.contest, binh.id)))
    else:
        row = db.session.scalars(select(Assignment).where(Assignment.judge_id == binh.id)).one()
        assignment.remove(db.session, world.organiser, row)
    db.session.commit()
    return world.contest, world.organiser, dung


@pytest.mark.parametrize("how", ["panel", "entry"])
def test_publishing_an_entry_a_judge_was_taken_off_is_refused_naming_it_until_confirmed(app: Flask, how: str) -> None:
    contest, organiser, _dung = _world(how)
    with force_locale("vi"), pytest.raises(InvalidInput) as refused:
        publication.publish(db.session, organiser, contest)
    assert refused.value.field == "confirm_short"
    message = str(refused.value.message)
    assert "EL-0001 (1/2)" in message and "EL-0002" not in message and "ít giám khảo hơn" in message
    db.session.rollback()
    assert publication.published_at(db.session, contest) is None and db.session.query(Award).count() == 0

    publication.publish(db.session, organiser, contest, confirm_short=True)
    db.session.commit()
    assert publication.published_at(db.session, contest) is not None
    record = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "results.publish")).one()
    assert record.data["short_judged"] == ["EL-0001"]


def test_another_judge_in_the_place_of_the_one_taken_off_lifts_the_refusal(app: Flask) -> None:
    contest, organiser, dung = _world("panel")
    sheet(db.session.scalars(select(Entry).filter_by(code="EL-0001")).one(), dung, flat(88))
    db.session.commit()
    publication.publish(db.session, organiser, contest)  # two judges again: no confirmation asked
    record = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "results.publish")).one()
    assert record.data["short_judged"] == []


def test_the_results_page_names_the_entry_and_publishing_needs_the_confirmation(
    client: FlaskClient, auth: AuthActions
) -> None:
    contest, _organiser, _dung = _world("panel")
    assert auth.login("btc").status_code == 302
    page = client.get(f"/contests/{contest.id}/results/manage").get_data(as_text=True)
    listed = page[page.index('id="short-judged"') : page.index('id="publish-form"')]
    assert "EL-0001: 1 trên 2 giám khảo" in listed and "EL-0002" not in listed
    assert 'name="confirm_short"' in page
    publish = f"/contests/{contest.id}/results/publish"
    response = client.post(publish, data={"confirm": "y"}, follow_redirects=True)
    assert "EL-0001 (1/2)" in response.get_data(as_text=True)
    db.session.expire_all()
    assert publication.published_at(db.session, row_of(Contest, contest.id)) is None
    client.post(publish, data={"confirm": "y", "confirm_short": "y"})
    db.session.expire_all()
    assert publication.published_at(db.session, row_of(Contest, contest.id)) is not None
