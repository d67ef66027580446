"""Extra time after a power cut at one school: the organisers give its contestants minutes after the contest's end;
they may submit until their own end (and no later), everyone else's window stays closed, and the scoreboard counts
what they submit in those minutes as it counts the rest. Real database, Redis and bubblewrap judge."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.grading.jobs import grade_submission
from app.models import (
    AuditEntry,
    Contest,
    ContestKind,
    ContestProblem,
    Feedback,
    Registration,
    Role,
    Submission,
    SubmissionStatus,
    User,
)
from app.queue import connection
from app.services.errors import InvalidInput
from app.services.programming import (
    contestant,
    entrant_window,
    extra_time,
    grading_admin,
    judging_settings,
    scoreboard,
)
from app.services.programming.themis_folders import exporting
from app.timeutil import format_datetime, utcnow
from sandbox.session import Backend
from tests.builders import row_of

from .. import builders
from ..conftest import AuthActions
from ..judge.conftest import backend, judge_cache

__all__ = ["backend", "judge_cache"]

pytestmark = pytest.mark.slow  # graded in a real sandbox

SUM = "a, b = map(int, input().split())\nprint(a + b)\n"


@pytest.fixture
def power_cut(app: Flask, backend: Backend) -> Iterator[dict[str, int]]:
    """A programming contest that closed a minute ago; An and Bình of the school where the power failed, Chi of
    another school, all registered; the organiser of the Sở."""
    app.config["SANDBOX"] = "bwrap"
    connection().flushdb()
    units = builders.unit_tree()
    other_school = builders.unit_tree(units.department).school
    contest = builders.contest(ContestKind.INFORMATICS, organiser_unit=units.department, closed=True)
    builders.programming_problem(contest, "A")
    people = {
        "org": builders.person("org", units.department, Role.ORGANISER),
        "an": builders.person("an", units.school, full_name="Nguyễn Văn An"),
        "binh": builders.person("binh", units.school, full_name="Trần Thị Bình"),
        "chi": builders.person("chi", other_school, full_name="Lê Minh Chi"),
    }
    for student in ("an", "binh", "chi"):
        builders.register(contest, people[student])
    db.session.commit()
    yield {"contest": contest.id, "school": units.school.id, **{k: v.id for k, v in people.items()}}
    connection().flushdb()


def _as(client: FlaskClient, auth: AuthActions, username: str) -> None:
    client.get("/logout")
    assert auth.login(username).status_code == 302
    client.get("/lang/vi")


def _submit(client: FlaskClient, contest_id: int) -> tuple[bool, str]:
    """Whether the submission was taken (sent on to its page), and the page the contestant then reads."""
    answer = client.post(f"/contests/{contest_id}/problems/A/submit", data={"language": "python", "source": SUM})
    assert answer.status_code == 302
    taken = "/submissions/" in answer.headers["Location"]
    return taken, client.get(answer.headers["Location"]).get_data(as_text=True)


def test_a_school_given_extra_time_submits_in_it_and_the_scoreboard_counts_it(
    client: FlaskClient, auth: AuthActions, power_cut: dict[str, int]
) -> None:
    contest_id = power_cut["contest"]
    _as(client, auth, "an")
    assert not _submit(client, contest_id)[0]  # the contest is over for everyone

    _as(client, auth, "org")
    page = client.get(f"/contests/{contest_id}/manage/extra-time")
    assert page.status_code == 200 and "Thêm giờ" in page.get_data(as_text=True)
    granted = client.post(
        f"/contests/{contest_id}/manage/extra-time",
        data={"who": f"u:{power_cut['school']}", "minutes": "30", "reason": "Mất điện lúc 9 giờ"},
    )
    assert granted.status_code == 302
    contest = row_of(Contest, contest_id)
    until = contest.submission_closes + timedelta(minutes=30)
    listed = client.get(f"/contests/{contest_id}/manage/extra-time").get_data(as_text=True).split('id="extended"')[1]
    assert "Nguyễn Văn An" in listed and "Trần Thị Bình" in listed and "Lê Minh Chi" not in listed
    assert format_datetime(until) in listed  # dd/mm/yyyy HH:MM, Vietnam's time

    _as(client, auth, "chi")  # the other school's window stays closed
    taken, seen = _submit(client, contest_id)
    assert not taken and "Đã hết giờ" in seen and "Bạn được thêm giờ" not in seen

    settings = judging_settings.settings_for(db.session, row_of(Contest, contest_id))
    settings.feedback_during, settings.feedback_after = Feedback.SCORE, Feedback.FULL  # details once it is over
    db.session.add(settings)
    db.session.commit()

    _as(client, auth, "an")
    assert client.get(f"/contests/{contest_id}/problems/A").status_code == 200
    told = client.get(f"/contests/{contest_id}/problems").get_data(as_text=True)
    assert f"Bạn được thêm giờ: bạn được nộp bài đến {format_datetime(until)}" in told
    assert _submit(client, contest_id)[0]
    submission_id = db.session.scalars(select(Submission.id).where(Submission.user_id == power_cut["an"])).one()
    assert grade_submission(submission_id) == "graded"
    db.session.expire_all()
    assert row_of(Submission, submission_id).verdict == "AC"
    # still in An's contest: the feedback during the contest, not the tests' details others get once it is over
    shown = client.get(f"/contests/{contest_id}/submissions/{submission_id}").get_data(as_text=True)
    assert 'data-mode="score"' in shown
    assert client.get(f"/contests/{contest_id}/submissions/{submission_id}.json").get_json()["tests"] == []

    contest = row_of(Contest, contest_id)
    for staff in (True, False):
        board = scoreboard.build(db.session, contest, viewer_is_staff=staff)
        totals = {row.name: row.total for row in board.rows}
        assert totals["Nguyễn Văn An"] == 100.0, staff
        assert totals["Lê Minh Chi"] == 0.0

    # after An's own end: refused, with An's end named; and a submission stored then is not counted
    an = row_of(User, power_cut["an"])
    registration = contestant.registration_of(db.session, contest, an)
    assert registration is not None
    late = until + timedelta(seconds=1)
    assert not entrant_window.in_window(contest, late, registration)
    assert entrant_window.in_window(contest, until - timedelta(seconds=1), registration)
    assert format_datetime(until) in str(entrant_window.window_message(contest, late, registration))
    db.session.add(
        Submission(
            problem_id=row_of(Submission, submission_id).problem_id,
            user_id=power_cut["binh"],
            language="python",
            source=SUM,
            status=SubmissionStatus.DONE,
            verdict="AC",
            score=100.0,
            max_score=100.0,
            created_at=late,
        )
    )
    db.session.commit()
    connection().flushdb()  # no cached board
    board = scoreboard.build(db.session, contest, viewer_is_staff=True, now=late + timedelta(minutes=1))
    assert {row.name: row.total for row in board.rows}["Trần Thị Bình"] == 0.0

    # the results wait for the last extra minute; the Themis results sheet counts An's submission
    organiser = row_of(User, power_cut["org"])
    with pytest.raises(InvalidInput) as refused:
        grading_admin.publish_results(db.session, organiser, contest, now=until - timedelta(seconds=1))
    assert format_datetime(until) in str(refused.value.message)
    db.session.rollback()
    sheet = load_workbook(io.BytesIO(exporting.results_workbook(db.session, contest))).active
    assert sheet is not None
    rows = [[str(v) for v in row if v is not None] for row in sheet.iter_rows(values_only=True)]
    assert any("Nguyễn Văn An" in row and "100" in " ".join(row) for row in rows), rows

    with zipfile.ZipFile(io.BytesIO(exporting.folder_zip(db.session, contest))) as folder:
        assert [name for name in folder.namelist() if name.startswith("an/")] == ["an/SUMA.py"]

    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "programming.extra_time")).all()
    assert len(audit) == 2 and {a.reason for a in audit} == {"Mất điện lúc 9 giờ"}


def test_extra_time_is_the_organisers_and_needs_a_reason(
    client: FlaskClient, auth: AuthActions, power_cut: dict[str, int]
) -> None:
    contest_id = power_cut["contest"]
    _as(client, auth, "an")
    assert client.get(f"/contests/{contest_id}/manage/extra-time").status_code == 403
    assert client.post(
        f"/contests/{contest_id}/manage/extra-time",
        data={"who": f"u:{power_cut['school']}", "minutes": "30", "reason": "x"},
    ).status_code in (400, 403)
    _as(client, auth, "org")
    refused = client.post(
        f"/contests/{contest_id}/manage/extra-time",
        data={"who": f"u:{power_cut['school']}", "minutes": "30", "reason": " "},
    )
    assert refused.status_code == 200
    assert (
        db.session.scalars(select(Registration.extra_minutes).where(Registration.extra_minutes.is_not(None))).all()
        == []
    )
    assert utcnow() > row_of(Contest, contest_id).submission_closes


def test_a_choice_that_names_no_registration_chooses_none(power_cut: dict[str, int]) -> None:
    contest = row_of(Contest, power_cut["contest"])
    school = power_cut["school"]
    assert len(extra_time.chosen(db.session, contest, f"u:{school}")) == 2
    for bad in ("u:²", f"x:{school}", "u:0", "u:99999999999999999999", "u:", "r:-1", ""):
        assert extra_time.chosen(db.session, contest, bad) == [], bad


def test_no_extra_time_while_the_results_are_published(power_cut: dict[str, int]) -> None:
    """Extra time given after publication let a school submit again under the published board and its awards."""
    contest = row_of(Contest, power_cut["contest"])
    organiser = row_of(User, power_cut["org"])
    grading_admin.publish_results(db.session, organiser, contest)
    db.session.commit()
    school = extra_time.chosen(db.session, contest, f"u:{power_cut['school']}")
    with force_locale("en"):
        with pytest.raises(InvalidInput) as refused:
            extra_time.grant(db.session, organiser.id, contest, school, 30, "Mất điện")
        told = str(refused.value.message)
    assert told.startswith("The results are published: withdraw them before giving extra time")
    assert all(r.extra_minutes is None for r in school)
    grading_admin.withdraw_results(db.session, organiser, contest)
    extra_time.grant(db.session, organiser.id, contest, school, 30, "Mất điện")
    assert all(extra_time.closes_for(contest, r) == contest.submission_closes + timedelta(minutes=30) for r in school)


def _move_closing(contest: Contest, organiser: User, closes: datetime) -> None:
    """The organiser moves the contest's closing to ``closes`` on the settings page (confirming what it does)."""
    settings = judging_settings.settings_for(db.session, contest)
    current = judging_settings.SettingsChange.from_settings(settings, contest)
    change = replace(current, submission_closes=closes, confirm_window=True)
    grading_admin.update_settings(db.session, organiser, contest, change)
    db.session.commit()


def test_moving_the_window_is_refused_while_the_results_are_published(power_cut: dict[str, int]) -> None:
    """As for extra time: a closing moved later after publication let everyone submit again under the published
    board and its fixed awards (and one moved earlier dropped submissions from it)."""
    contest = row_of(Contest, power_cut["contest"])
    organiser = row_of(User, power_cut["org"])
    closes = contest.submission_closes
    grading_admin.publish_results(db.session, organiser, contest)
    db.session.commit()
    with pytest.raises(InvalidInput) as refused:
        _move_closing(contest, organiser, utcnow() + timedelta(hours=1))
    assert str(refused.value.message) == (
        "Kết quả đã được công bố: hãy rút lại kết quả trước khi thay đổi thời gian nộp bài, rồi công bố lại."
    )
    db.session.rollback()
    assert row_of(Contest, contest.id).submission_closes == closes
    assert entrant_window.in_window(contest, utcnow(), None) is False
    grading_admin.withdraw_results(db.session, organiser, contest)
    _move_closing(contest, organiser, utcnow() + timedelta(hours=1))
    assert row_of(Contest, contest.id).submission_closes > utcnow()


def test_moving_the_contests_closing_moves_the_extra_time_with_it(power_cut: dict[str, int]) -> None:
    """Extra time was kept as a moment: an organiser who moved the closing two hours later left a school's 30
    minutes ending before it (they lost their extra time), and one who moved it earlier left them a window past it.
    It is an amount of minutes after the closing, whenever that is."""
    contest = row_of(Contest, power_cut["contest"])
    organiser = row_of(User, power_cut["org"])
    school = extra_time.chosen(db.session, contest, f"u:{power_cut['school']}")
    extra_time.grant(db.session, organiser.id, contest, school, 30, "Mất điện")
    db.session.commit()
    problem_id = db.session.scalars(
        select(ContestProblem.problem_id).where(ContestProblem.contest_id == contest.id)
    ).one()

    later = contest.submission_closes + timedelta(hours=2)
    _move_closing(contest, organiser, later)
    assert [extra_time.closes_for(contest, r) for r in school] == [later + timedelta(minutes=30)] * 2
    assert extra_time.latest_close(db.session, contest) == later + timedelta(minutes=30)
    # An 20 minutes after the new closing, in her extra time; Chi then too, with none; Bình at the very end of hers
    for who, minutes in (("an", 20), ("chi", 20), ("binh", 30)):
        db.session.add(
            Submission(
                problem_id=problem_id,
                user_id=power_cut[who],
                language="python",
                source=SUM,
                status=SubmissionStatus.DONE,
                verdict="AC",
                score=100.0,
                max_score=100.0,
                created_at=later + timedelta(minutes=minutes),
            )
        )
    db.session.commit()
    board = scoreboard.build(db.session, contest, viewer_is_staff=True)
    assert {r.name: r.total for r in board.rows} == {"Nguyễn Văn An": 100.0, "Trần Thị Bình": 0.0, "Lê Minh Chi": 0.0}

    earlier = later - timedelta(hours=3)
    _move_closing(contest, organiser, earlier)  # An's submission now falls after her extra time too: nobody's counts
    assert extra_time.latest_close(db.session, contest) == earlier + timedelta(minutes=30)
    assert {r.total for r in scoreboard.build(db.session, contest, viewer_is_staff=True).rows} == {0.0}
