"""Publishing a contest's results while submissions the judge gave up on (JE) stand: the awards would be fixed
with them scoring nothing by the judge's fault, so the organiser is told which ones and must confirm (DOMjudge
finalizes no contest whose judgings have no result)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Contest, Role, SubmissionStatus, User
from app.services.errors import InvalidInput
from app.services.programming import grading_admin, judging_settings
from tests.builders import row_of
from tests.conftest import AuthActions

from ..factories import ContestFactory, DepartmentFactory, UserFactory
from .scoreboard.helpers import START, _contestant, _problem, _settings, _submit


@pytest.fixture
def closed(app: Flask) -> dict[str, int]:
    """A contest of three hours that closed an hour ago; An's AC, Bình's submission the judge gave up on; ``btc``."""
    department = DepartmentFactory()
    contest = ContestFactory(
        organiser_unit=department, submission_opens=START, submission_closes=START + timedelta(hours=3)
    )
    _settings(contest)
    a = _problem(contest, "A")
    _submit(_contestant(contest, "An"), a, 10)
    lost = _submit(_contestant(contest, "Bình"), a, 20, verdict="JE", status=SubmissionStatus.ERROR)
    organiser = UserFactory(username="btc", unit=department, roles={Role.ORGANISER})
    db.session.commit()
    return {"contest": contest.id, "org": organiser.id, "lost": lost.id}


def _published(contest: Contest) -> bool:
    return judging_settings.settings_for(db.session, contest).results_published


def test_publishing_with_a_submission_the_judge_gave_up_on_is_refused_naming_it(closed: dict[str, int]) -> None:
    contest, organiser = row_of(Contest, closed["contest"]), row_of(User, closed["org"])
    with force_locale("vi"), pytest.raises(InvalidInput) as refused:
        grading_admin.publish_results(db.session, organiser, contest)
    assert refused.value.field == "confirm_given_up"
    assert f"#{closed['lost']}" in str(refused.value.message) and "chấm lại" in str(refused.value.message)
    db.session.rollback()
    assert not _published(contest)


def test_confirmed_publishing_records_the_submissions_left_out(closed: dict[str, int]) -> None:
    contest, organiser = row_of(Contest, closed["contest"]), row_of(User, closed["org"])
    grading_admin.publish_results(db.session, organiser, contest, confirm_given_up=True)
    db.session.commit()
    assert _published(contest)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "programming.publish")).one()
    assert entry.data["judge_errors"] == [closed["lost"]]


def test_the_settings_page_offers_the_confirmation_and_publishing_needs_it(
    client: FlaskClient, auth: AuthActions, closed: dict[str, int]
) -> None:
    contest_id = closed["contest"]
    assert auth.login("btc").status_code == 302
    page = client.get(f"/contests/{contest_id}/manage/settings").get_data(as_text=True)
    assert 'id="given-up"' in page
    client.post(f"/contests/{contest_id}/manage/publish", data={"confirm": "y"})
    db.session.expire_all()
    assert not _published(row_of(Contest, contest_id))
    client.post(f"/contests/{contest_id}/manage/publish", data={"confirm": "y", "confirm_given_up": "y"})
    db.session.expire_all()
    assert _published(row_of(Contest, contest_id))
