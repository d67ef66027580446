"""The organisers' side of a programming contest: its settings, per-language time multipliers, moving the window
after submissions, and publishing the results."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from flask import Flask, current_app
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Contest,
    Feedback,
    ProgrammingSettings,
    Registration,
    RegistrationMember,
    ScoreboardMode,
    User,
)
from app.services.errors import InvalidInput
from app.services.programming import extra_time, grading_admin, judging_settings
from app.timeutil import to_local, utcnow
from tests.builders import row_of
from tests.conftest import AuthActions

from . import programming_helpers
from .programming_helpers import add_problem, graded_submission, login

world = programming_helpers.world  # a running contest, its organisers, registered students


def test_settings_are_saved(app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]) -> None:
    login(client, auth, "org")
    url = f"/contests/{world['contest']}/manage/settings"
    assert 'value="python"' in client.get(url).get_data(as_text=True)
    data = {
        "scoreboard_mode": "icpc",
        "best_per_subtask": "y",
        "freeze_minutes": "30",
        "scoreboard_public": "y",
        "feedback_during": "score",
        "feedback_after": "verdicts",
        "languages": ["c", "python"],
        "submission_opens": "2026-11-20T07:30",
        "submission_closes": "2026-11-20T10:30",
    }
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    settings = row_of(ProgrammingSettings, world["contest"])
    assert settings.scoreboard_mode is ScoreboardMode.ICPC and settings.best_per_subtask
    assert (settings.freeze_minutes, settings.scoreboard_public, settings.problems_after_end) == (30, True, False)
    assert (settings.feedback_during, settings.feedback_after) == (Feedback.SCORE, Feedback.VERDICTS)
    assert settings.language_keys == ["c", "python"]
    contest = settings.contest
    assert (contest.submission_opens.hour, contest.submission_closes.hour) == (0, 3)  # 07:30 in Vietnam is 00:30 UTC
    bad = client.post(url, data={**data, "submission_closes": "2026-11-20T06:00", "freeze_minutes": "5"})
    assert "Submission must open before it closes." in bad.get_data(as_text=True)
    db.session.expire_all()
    assert row_of(ProgrammingSettings, world["contest"]).freeze_minutes == 30


SETTINGS = {
    "scoreboard_mode": "ioi",
    "freeze_minutes": "0",
    "feedback_during": "full",
    "feedback_after": "full",
    "languages": ["c", "cpp", "python", "java"],
    "submission_opens": "2026-11-20T07:30",
    "submission_closes": "2026-11-20T10:30",
}


def test_time_multipliers_are_set_per_language(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    login(client, auth, "org")
    url = f"/contests/{world['contest']}/manage/settings"
    page = client.get(url).get_data(as_text=True)
    assert 'name="time_multipliers-python"' in page and 'name="time_multipliers-java"' in page
    data = {**SETTINGS, "time_multipliers-python": "2", "time_multipliers-java": "1.5", "time_multipliers-c": ""}
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    settings = row_of(ProgrammingSettings, world["contest"])
    assert settings.time_multipliers == {"python": 2.0, "java": 1.5}
    assert (settings.time_multiplier("c"), settings.time_multiplier("cpp")) == (1.0, 1.0)
    page = client.get(url).get_data(as_text=True)
    assert 'name="time_multipliers-python" step="any" type="number" value="2"' in page
    assert 'name="time_multipliers-java" step="any" type="number" value="1.5"' in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"time_multipliers-python": "hai"}, "Not a valid decimal value."),
        ({"time_multipliers-python": "0"}, "The time limit multiplier of Python 3 must be a number more than 0"),
        ({"time_multipliers-python": "-1"}, "The time limit multiplier of Python 3 must be a number more than 0"),
        ({"time_multipliers-python": "10.5"}, "must be a number more than 0 and at most 10."),
        ({"time_multipliers-python": "NaN"}, "Not a valid decimal value."),
        (
            {"time_multipliers-pascal": "2"},
            "Pascal (Free Pascal) is not one of the contest&#39;s languages: leave its time limit multiplier at 1.",
        ),
    ],
)
def test_a_bad_time_multiplier_is_refused_and_changes_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int], fields: dict[str, str], message: str
) -> None:
    login(client, auth, "org")
    url = f"/contests/{world['contest']}/manage/settings"
    assert client.post(url, data={**SETTINGS, "time_multipliers-python": "2"}).status_code == 302
    refused = client.post(url, data={**SETTINGS, "freeze_minutes": "15", **fields})
    assert refused.status_code == 200 and message in refused.get_data(as_text=True)
    db.session.expire_all()
    settings = row_of(ProgrammingSettings, world["contest"])
    assert (settings.time_multipliers, settings.freeze_minutes) == ({"python": 2.0}, 0)


def test_a_bad_time_multiplier_is_explained_in_vietnamese(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    auth.login("org")
    url = f"/contests/{world['contest']}/manage/settings"
    refused = client.post(url, data={**SETTINGS, "time_multipliers-python": "11"}).get_data(as_text=True)
    assert "Hệ số giới hạn thời gian của Python 3 phải là một số lớn hơn 0 và không quá 10." in refused
    refused = client.post(url, data={**SETTINGS, "time_multipliers-python": "hai"}).get_data(as_text=True)
    assert "Giá trị phải là số thập phân hợp lệ." in refused
    assert db.session.get(ProgrammingSettings, world["contest"]) is None


def _window_world(world: dict[str, int], minutes_ago: int = 30) -> Contest:
    """The contest opened 2 h ago and closing in 2 h, with a graded submission of alice's made ``minutes_ago``
    minutes ago and one of bob's 5 minutes ago."""
    contest = row_of(Contest, world["contest"])
    contest.submission_opens = utcnow() - timedelta(hours=2)
    contest.submission_closes = utcnow() + timedelta(hours=2)
    problem_id = add_problem(current_app, world)
    for who, ago in (("alice", minutes_ago), ("bob", 5)):
        submission = graded_submission(problem_id, world[who])
        submission.created_at = utcnow() - timedelta(minutes=ago)
    db.session.commit()
    return contest


def _local(moment: datetime) -> str:
    return to_local(moment).strftime("%Y-%m-%dT%H:%M")


def test_moving_the_window_before_submissions_asks_first_and_says_what_it_does(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    """Issue 11, item 8: moving the end before bob's submission would silently score it 0 on the scoreboard."""
    contest = _window_world(world)
    opens, closes = contest.submission_opens, contest.submission_closes
    login(client, auth, "org")
    url = f"/contests/{world['contest']}/manage/settings"
    data = {
        **SETTINGS,
        "scoreboard_public": "y",
        "submission_opens": _local(opens),
        "submission_closes": _local(utcnow() - timedelta(minutes=15)),
    }
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="window-confirmation"' in page
    assert "The contest already has 2 submissions. With the new window, 1 of them fall outside it" in page
    assert "(they score 0 there)" in page and _local(utcnow() - timedelta(minutes=15)) in page  # what was typed
    db.session.expire_all()
    assert row_of(Contest, world["contest"]).submission_closes == closes  # nothing changed
    assert client.post(url, data={**data, "confirm_window": "y"}).status_code == 302
    db.session.expire_all()
    assert row_of(Contest, world["contest"]).submission_closes < utcnow()
    # other settings are saved without asking while the window stays where it is
    assert client.post(url, data={**data, "freeze_minutes": "10"}).status_code == 302


def test_the_window_can_change_freely_before_any_submission(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    login(client, auth, "org")
    url = f"/contests/{world['contest']}/manage/settings"
    assert client.post(url, data=SETTINGS).status_code == 302


def test_results_are_published_in_a_step_of_their_own(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    """Issue 11, item 8: a publish step; a scoreboard kept from the public until then."""
    contest = _window_world(world)
    settings = judging_settings.settings_for(db.session, contest)
    settings.scoreboard_public = False
    db.session.add(settings)
    db.session.commit()
    board = f"/contests/{world['contest']}/scoreboard"
    login(client, auth, "alice")
    hidden = client.get(board)
    assert hidden.status_code == 403
    assert "The scoreboard will be shown when the organisers publish the results." in hidden.get_data(as_text=True)
    assert client.get(f"{board}/live").status_code == 403 and client.get(f"{board}.xlsx").status_code == 403
    auth.logout()
    login(client, auth, "org")
    assert client.get(board).status_code == 200  # staff always see it
    url = f"/contests/{world['contest']}/manage/settings"
    page = client.get(url).get_data(as_text=True)
    assert "The results can be published once the window closes" in page and 'id="publish"' not in page
    refused = client.post(f"/contests/{world['contest']}/manage/publish", data={"confirm": "y"}, follow_redirects=True)
    assert "The results can be published only after the window closes" in refused.get_data(as_text=True)
    contest = row_of(Contest, world["contest"])
    contest.submission_closes = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert 'id="publish"' in client.get(url).get_data(as_text=True)
    unconfirmed = client.post(f"/contests/{world['contest']}/manage/publish", data={}, follow_redirects=True)
    assert "Tick the confirmation to publish the results." in unconfirmed.get_data(as_text=True)
    assert not row_of(ProgrammingSettings, world["contest"]).results_published
    page = client.post(
        f"/contests/{world['contest']}/manage/publish", data={"confirm": "y"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "The results have been published." in page and 'id="published-note"' in page
    db.session.expire_all()
    assert row_of(ProgrammingSettings, world["contest"]).results_published_at is not None
    auth.logout()
    login(client, auth, "alice")
    shown = client.get(board).get_data(as_text=True)
    assert 'id="final-note"' in shown


def test_what_moving_the_window_does_counts_the_extra_time_given(app: Flask, world: dict[str, int]) -> None:
    """Bob was given 30 extra minutes and submitted 10 minutes after the end: that submission counts now, and
    still would with the closing 15 minutes later. Alice's, 10 minutes after the end without extra time, does not
    count now and would: one restored, not two. With the closing two hours earlier, Bob's extra minutes end 90
    minutes before his submission: it is dropped with Alice's first."""
    contest = row_of(Contest, world["contest"])
    contest.submission_opens = utcnow() - timedelta(hours=3)
    contest.submission_closes = closes = utcnow() - timedelta(minutes=20)
    problem_id = add_problem(current_app, world)
    bob = db.session.scalars(
        select(Registration)
        .join(RegistrationMember)
        .where(Registration.contest_id == contest.id, RegistrationMember.user_id == world["bob"])
    ).one()
    extra_time.grant(db.session, world["organiser"], contest, [bob], 30, "Mất điện")
    for who, at in (("alice", closes - timedelta(hours=1)), ("alice", closes + timedelta(minutes=10))):
        graded_submission(problem_id, world[who]).created_at = at
    graded_submission(problem_id, world["bob"]).created_at = closes + timedelta(minutes=10)
    db.session.commit()
    later = grading_admin.window_effect(db.session, contest, contest.submission_opens, closes + timedelta(minutes=15))
    assert later == grading_admin.WindowEffect(total=3, dropped=0, restored=1)
    earlier = grading_admin.window_effect(db.session, contest, contest.submission_opens, closes - timedelta(hours=2))
    # alice's first, and bob's: his 30 extra minutes move with the closing (they are minutes after it)
    assert earlier == grading_admin.WindowEffect(total=3, dropped=2, restored=0)


def test_a_change_made_from_the_current_settings_changes_only_what_it_names(app: Flask, world: dict[str, int]) -> None:
    """``SettingsChange.from_settings``, replaced in one field, saves that field and keeps every other as it was
    (the tests that move a window or set a multiplier used to copy the settings field by field, and left some out:
    saving such a copy put a hidden scoreboard back in public and dropped the multipliers)."""
    contest = row_of(Contest, world["contest"])
    organiser = row_of(User, world["organiser"])
    settings = judging_settings.settings_for(db.session, contest)
    db.session.add(settings)
    settings.scoreboard_mode, settings.best_per_subtask, settings.freeze_minutes = ScoreboardMode.ICPC, True, 45
    settings.scoreboard_public = settings.problems_after_end = False
    settings.feedback_during, settings.feedback_after = Feedback.SCORE, Feedback.VERDICTS
    settings.languages, settings.time_multipliers = "c,python", {"python": 3.0}
    db.session.commit()

    def stored() -> tuple[object, ...]:
        db.session.expire_all()
        s = row_of(ProgrammingSettings, contest.id)
        columns = ["scoreboard_mode", "best_per_subtask", "freeze_minutes", "scoreboard_public", "problems_after_end"]
        columns += ["feedback_during", "feedback_after", "languages", "time_multipliers"]
        return (*(getattr(s, c) for c in columns), s.contest.submission_opens, s.contest.submission_closes)

    before = stored()
    current = judging_settings.SettingsChange.from_settings(judging_settings.settings_for(db.session, contest), contest)
    grading_admin.update_settings(db.session, organiser, contest, replace(current, freeze_minutes=30))
    db.session.commit()
    assert stored() == (*before[:2], 30, *before[3:])


def test_the_scoring_cannot_change_while_the_results_are_published(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    """Like a rejudge, extra time or a moved window: ICPC for IOI, or the best of each subtask for the best
    submission, changed the published final board (everyone's ranks) under the awards fixed from it. Refused now,
    in the reader's language, nothing changed; the rest of the settings still save."""
    contest = row_of(Contest, world["contest"])
    organiser = row_of(User, world["organiser"])
    settings = judging_settings.settings_for(db.session, contest)
    db.session.add(settings)
    settings.results_published = True
    db.session.commit()
    current = judging_settings.SettingsChange.from_settings(settings, contest)
    for change in (replace(current, scoreboard_mode=ScoreboardMode.ICPC), replace(current, best_per_subtask=True)):
        with pytest.raises(InvalidInput) as refused:
            grading_admin.update_settings(db.session, organiser, contest, change)
        db.session.rollback()
        assert "hãy rút lại kết quả trước khi đổi cách tính điểm" in str(refused.value.message)
    db.session.expire_all()
    stored = row_of(ProgrammingSettings, contest.id)
    assert (stored.scoreboard_mode, stored.best_per_subtask) == (ScoreboardMode.IOI, False)
    grading_admin.update_settings(db.session, organiser, contest, replace(current, feedback_after=Feedback.SCORE))
    db.session.commit()
    assert row_of(ProgrammingSettings, contest.id).feedback_after is Feedback.SCORE

    login(client, auth, "org")
    client.get("/lang/vi")
    url = f"/contests/{world['contest']}/manage/settings"
    data = {
        "scoreboard_mode": "icpc",
        "freeze_minutes": "0",
        "scoreboard_public": "y",
        "feedback_during": "full",
        "feedback_after": "full",
        "languages": ["python"],
        "submission_opens": to_local(contest.submission_opens).strftime("%Y-%m-%dT%H:%M"),
        "submission_closes": to_local(contest.submission_closes).strftime("%Y-%m-%dT%H:%M"),
    }
    page = client.post(url, data=data).get_data(as_text=True)
    assert "Kết quả đã được công bố: hãy rút lại kết quả trước khi đổi cách tính điểm" in page
    db.session.expire_all()
    assert row_of(ProgrammingSettings, contest.id).scoreboard_mode is ScoreboardMode.IOI
