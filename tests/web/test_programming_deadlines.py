"""A programming contest's window as the organisers type it and everyone is shown it: to the minute, in Vietnam's
time (dd/mm/yyyy HH:MM), across a year's end, and a closing time is the first minute nothing is accepted."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale

from app.extensions import db
from app.models import Contest, Problem, Submission, SubmissionStatus, User
from app.queue import judge_queue
from app.services.programming import contestant, entrant_window, scoreboard
from app.timeutil import format_datetime, utcnow
from tests.builders import row_of
from tests.conftest import AuthActions

from . import programming_helpers
from .programming_helpers import add_problem, login

world = programming_helpers.world  # a running contest, its organisers, registered students

SETTINGS = {
    "scoreboard_mode": "ioi",
    "freeze_minutes": "0",
    "feedback_during": "full",
    "feedback_after": "full",
    "languages": ["c", "cpp", "python"],
}


def test_the_window_is_the_minutes_typed_whatever_seconds_come_with_them(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    """Seconds sent with a time (a script, a browser with a step) were kept: a closing shown as 00:30 took
    submissions until 00:30:45. New Year's Eve in Vietnam is still 31 December in UTC."""
    login(client, auth, "org")
    url = f"/contests/{world['contest']}/manage/settings"
    data = {**SETTINGS, "submission_opens": "2026-12-31T20:00:15", "submission_closes": "2027-01-01T00:30:45"}
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    contest = row_of(Contest, world["contest"])
    assert (contest.submission_opens, contest.submission_closes) == (
        datetime(2026, 12, 31, 13, 0),
        datetime(2026, 12, 31, 17, 30),
    )
    assert (format_datetime(contest.submission_opens), format_datetime(contest.submission_closes)) == (
        "31/12/2026 20:00",
        "01/01/2027 00:30",
    )
    assert entrant_window.in_window(contest, datetime(2026, 12, 31, 17, 29, 59, 999999))
    assert not entrant_window.in_window(contest, datetime(2026, 12, 31, 17, 30))
    with force_locale("en"):
        told = str(entrant_window.window_message(contest, datetime(2026, 12, 31, 17, 30)))
    assert told == "Time is up: submissions closed at 01/01/2027 00:30."
    page = client.get(url).get_data(as_text=True)
    assert "Nothing is accepted from this minute on: 23:59 closes at 23:59:00" in page


def test_the_contest_form_says_what_a_closing_time_promises(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    login(client, auth, "org")
    page = client.get(f"/contests/{world['contest']}/edit").get_data(as_text=True)
    assert page.count("Nothing is accepted from this minute on") == 2  # registration and submission


def test_a_submission_accepted_in_the_last_moment_is_stamped_with_the_moment_it_was_accepted(
    app: Flask, world: dict[str, int]
) -> None:
    """Sent at 10:59:59.9 and accepted by the window's check, a submission was stamped when its row was written,
    after its source was read and the judge's languages asked for in Redis: past 11:00 on a busy host, where the
    scoreboard, the awards and the Themis folder leave it out (and the contestant had been told it was
    accepted). It now carries the moment the server checked and accepted it."""
    problem_id = add_problem(app, world)
    contest = row_of(Contest, world["contest"])
    contest.submission_closes = utcnow().replace(microsecond=0)  # the contest has just closed
    db.session.commit()
    last_moment = contest.submission_closes - timedelta(milliseconds=100)
    alice = row_of(User, world["alice"])
    submission_id = contestant.submit(
        db.session, judge_queue(app), contest, alice, "A", b"print(1)\n", "python", now=last_moment
    )
    assert row_of(Submission, submission_id).created_at == last_moment
    graded = row_of(Submission, submission_id)
    graded.status, graded.verdict, graded.score = SubmissionStatus.DONE, "AC", row_of(Problem, problem_id).max_score
    db.session.commit()
    board = scoreboard.build(db.session, contest, viewer_is_staff=True)
    assert [r.total for r in board.rows if alice.full_name in r.members] == [row_of(Problem, problem_id).max_score]
