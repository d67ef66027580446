"""A program sent to a contest whose proposal the Sở has not approved (sent back for review after an organiser's
change, say) is refused (404: the contest is shown to no contestant then) and, as registering for it is, kept for
the Sở's reviewers, on the problem page and in the API alike; an organiser's own try and an approved contest keep
nothing. Until 7 Dec 2026 the 404 left no trace."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import AttemptKind, ProposalStatus, Section8Attempt, Submission
from tests.builders import present

from .conftest import PROGRAM, ApiWorld, submit, token_for


def _attempts() -> list[Section8Attempt]:
    db.session.expire_all()
    return list(db.session.scalars(select(Section8Attempt).order_by(Section8Attempt.id)))


def _submissions() -> int:
    return db.session.scalar(select(func.count()).select_from(Submission)) or 0


def _sent_back(world: ApiWorld) -> None:
    present(world["contest"].proposal).status = ProposalStatus.IN_REVIEW
    db.session.commit()


def test_a_program_sent_on_the_page_to_an_unapproved_contest_is_kept_for_the_so(
    client: FlaskClient, world: ApiWorld
) -> None:
    _sent_back(world)
    assert client.post("/login", data={"username": "hs", "password": "password123"}).status_code == 302
    url = f"/contests/{world['contest'].id}/problems/A/submit"
    assert client.post(url, data={"language": "python", "source": PROGRAM}).status_code == 404
    assert _submissions() == 0
    [attempt] = _attempts()
    assert (attempt.kind, attempt.actor_id, attempt.contest_id) == (
        AttemptKind.UNAPPROVED,
        world["hs"].id,
        world["contest"].id,
    )
    assert (attempt.what, attempt.proposal_status) == ("Submitting a program", "in_review")


def test_a_program_sent_by_the_api_to_an_unapproved_contest_is_kept_for_the_so(
    client: FlaskClient, world: ApiWorld
) -> None:
    token = token_for(world["hs"])
    _sent_back(world)
    assert submit(client, world["contest"].id, token).status_code == 404
    assert _submissions() == 0
    assert [(a.actor_id, a.what) for a in _attempts()] == [(world["hs"].id, "Submitting a program")]


def test_the_organisers_own_try_and_an_approved_contest_keep_nothing(client: FlaskClient, world: ApiWorld) -> None:
    organiser = token_for(world["btc"])  # the contest's organiser may try its problems
    student = token_for(world["hs"])
    assert submit(client, world["contest"].id, student).status_code == 201
    _sent_back(world)
    assert submit(client, world["contest"].id, organiser).status_code == 201
    assert _attempts() == []
