"""Lowering a contestant's extra time after they submitted in it: the submissions sent in time as it stood would
silently stop counting, so the organiser is told which ones and must confirm; the audit log keeps them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Contest, Registration, Role, User
from app.services.errors import InvalidInput
from app.services.programming import extra_time, scoreboard
from app.timeutil import format_datetime
from tests.builders import row_of
from tests.conftest import AuthActions

from ..factories import ContestFactory, DepartmentFactory, SchoolFactory, UserFactory
from .scoreboard.helpers import START, _contestant, _problem, _settings, _submit


@pytest.fixture
def late(app: Flask) -> dict[str, int]:
    """A contest of three hours that closed an hour ago; An of a school with 30 minutes of extra time, who sent an
    AC to A 10 minutes after the contest's end; Bình, without extra time; the organiser ``btc``."""
    department = DepartmentFactory()
    contest = ContestFactory(
        organiser_unit=department, submission_opens=START, submission_closes=START + timedelta(hours=3)
    )
    _settings(contest)
    a = _problem(contest, "A")
    school = SchoolFactory(parent=department)
    an = _contestant(contest, "Nguyễn Văn An", school)
    binh = _contestant(contest, "Trần Thị Bình", school)
    organiser = UserFactory(username="btc", unit=department, roles={Role.ORGANISER})
    db.session.flush()
    extra_time.grant(db.session, organiser.id, contest, _registration_of(contest, an), 30, "Mất điện")
    sent = _submit(an, a, 190)  # in An's extra time
    _submit(binh, a, 100, 40, "WA")
    db.session.commit()
    return {"contest": contest.id, "an": an.id, "org": organiser.id, "sent": sent.id}


def _registration_of(contest: Contest, user: User) -> list[Registration]:
    return [r for r in extra_time.registrations(db.session, contest) if any(m.user_id == user.id for m in r.members)]


def _an_scores(contest: Contest) -> float:
    board = scoreboard.build(db.session, contest, viewer_is_staff=True)
    return next(r.total for r in board.rows if r.name == "Nguyễn Văn An")


def test_lowering_extra_time_below_a_submission_in_it_is_refused_naming_it(late: dict[str, int]) -> None:
    contest = row_of(Contest, late["contest"])
    an = _registration_of(contest, row_of(User, late["an"]))
    assert _an_scores(contest) == 100
    sent_at = contest.submission_closes + timedelta(minutes=10)
    with force_locale("vi"):
        with pytest.raises(InvalidInput) as refused:
            extra_time.grant(db.session, late["org"], contest, an, 5, "Nhập nhầm")
        told = str(refused.value.message)
    assert refused.value.field == "confirm_lost"
    assert f"#{late['sent']} (A, Nguyễn Văn An, {format_datetime(sent_at)})" in told
    assert "không còn được tính" in told
    db.session.rollback()
    assert an[0].extra_minutes == 30 and _an_scores(contest) == 100


def test_lowering_extra_time_that_keeps_every_submission_in_it_needs_no_confirmation(late: dict[str, int]) -> None:
    contest = row_of(Contest, late["contest"])
    an = _registration_of(contest, row_of(User, late["an"]))
    extra_time.grant(db.session, late["org"], contest, an, 11, "Chỉ mất 11 phút")
    db.session.commit()
    assert an[0].extra_minutes == 11 and _an_scores(contest) == 100


def test_confirmed_lowering_stops_counting_them_and_the_audit_names_them(late: dict[str, int]) -> None:
    contest = row_of(Contest, late["contest"])
    an = _registration_of(contest, row_of(User, late["an"]))
    extra_time.grant(db.session, late["org"], contest, an, 0, "Cho nhầm trường", confirm_lost=True)
    db.session.commit()
    assert an[0].extra_minutes is None
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "programming.extra_time").order_by(AuditEntry.id.desc())
    ).first()
    assert entry is not None and entry.object_id == an[0].id and entry.reason == "Cho nhầm trường"
    assert entry.data["submissions_no_longer_counted"] == [late["sent"]]
    assert _an_scores(contest) == 0


def test_the_organiser_is_shown_the_submissions_and_confirms_on_the_page(
    client: FlaskClient, auth: AuthActions, late: dict[str, int]
) -> None:
    contest_id = late["contest"]
    assert auth.login("btc").status_code == 302
    client.get("/lang/vi")
    registration = _registration_of(row_of(Contest, contest_id), row_of(User, late["an"]))[0]
    form = {"who": f"r:{registration.id}", "minutes": "0", "reason": "Cho nhầm"}
    refused = client.post(f"/contests/{contest_id}/manage/extra-time", data=form)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and 'id="lost-confirmation"' in page and f"#{late['sent']}" in page
    db.session.expire_all()
    assert row_of(Registration, registration.id).extra_minutes == 30
    done = client.post(f"/contests/{contest_id}/manage/extra-time", data={**form, "confirm_lost": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    assert row_of(Registration, registration.id).extra_minutes is None
