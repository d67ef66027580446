"""The contestant's side of a programming contest: what they see, submitting, and what they are told."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq.job import Job
from rq.serializers import JSONSerializer
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import (
    Contest,
    ContestKind,
    ContestProblem,
    Feedback,
    Role,
    Submission,
    SubmissionStatus,
    SubmissionTest,
    User,
)
from app.queue import connection, judge_queue
from app.services.programming import grading, judging_settings
from app.timeutil import format_datetime, utcnow

from .. import builders
from ..factories import UserFactory

GOOD = "a, b = map(int, input().split())\nprint(a + b)\n"


@pytest.fixture
def world(app: Flask) -> Iterator[Contest]:
    """A running programming contest with two categories, a problem for each, and a student in Bảng B."""
    connection().flushdb()
    running = builders.contest(ContestKind.INFORMATICS)
    bang = builders.categories(running, "B", "C")
    builders.programming_problem(running, "A", bang["B"])
    builders.programming_problem(running, "Z", bang["C"])
    student = builders.person("hs")
    builders.register(running, student, category=bang["B"])
    builders.person("other")
    db.session.commit()
    yield running
    connection().flushdb()


def _login(client: FlaskClient, username: str = "hs") -> None:
    assert client.post("/login", data={"username": username, "password": "password123"}).status_code == 302


def _submit(
    client: FlaskClient, contest: Contest, source: str = GOOD, language: str = "python", label: str = "A", **extra: Any
) -> TestResponse:
    return client.post(
        f"/contests/{contest.id}/problems/{label}/submit", data={"language": language, "source": source, **extra}
    )


def test_contestant_sees_only_their_categorys_problems_inside_the_window(client: FlaskClient, world: Contest) -> None:
    _login(client)
    page = client.get(f"/contests/{world.id}/problems").get_data(as_text=True)
    assert f"/contests/{world.id}/problems/A" in page and "/problems/Z" not in page
    assert client.get(f"/contests/{world.id}/problems/Z").status_code == 403
    world.submission_opens = utcnow() + timedelta(hours=1)
    db.session.commit()
    page = client.get(f"/contests/{world.id}/problems").get_data(as_text=True)
    assert "/problems/A" not in page and 'id="no-problems"' in page
    assert client.get(f"/contests/{world.id}/problems/A").status_code == 403


def test_unregistered_users_see_no_problems(client: FlaskClient, world: Contest) -> None:
    _login(client, "other")
    page = client.get(f"/contests/{world.id}/problems").get_data(as_text=True)
    assert "/problems/A" not in page
    assert client.get(f"/contests/{world.id}/problems/A").status_code == 403
    assert _submit(client, world).status_code == 403
    assert db.session.query(Submission).count() == 0


def test_submitting_pasted_code_queues_a_job_by_id(client: FlaskClient, world: Contest) -> None:
    _login(client)
    response = _submit(client, world)
    assert response.status_code == 302
    submission = db.session.query(Submission).one()
    assert response.headers["Location"].endswith(f"/submissions/{submission.id}")
    assert submission.status is SubmissionStatus.QUEUED and submission.language == "python"
    job = Job.fetch(f"submission-{submission.id}", connection=connection(), serializer=JSONSerializer)
    assert list(job.args) == [submission.id]


def test_uploading_a_file_takes_the_language_from_its_extension(client: FlaskClient, world: Contest) -> None:
    _login(client)
    data = {"language": "auto", "source": "", "file": (io.BytesIO(b"#include <cstdio>\nint main(){}\n"), "bai.cpp")}
    client.post(f"/contests/{world.id}/problems/A/submit", data=data, content_type="multipart/form-data")
    assert db.session.query(Submission).one().language == "cpp"


def test_one_submission_per_problem_every_ten_seconds(client: FlaskClient, world: Contest) -> None:
    _login(client)
    _submit(client, world)
    response = _submit(client, world)
    assert response.status_code == 400
    assert db.session.query(Submission).count() == 1
    assert "10" in response.get_data(as_text=True)


def test_the_submission_spacing_is_a_setting(
    app: Flask, client: FlaskClient, world: Contest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "SUBMIT_INTERVAL_SECONDS", 1)
    _login(client)
    _submit(client, world)
    refused = _submit(client, world)
    assert refused.status_code == 400 and "1 giây" in refused.get_data(as_text=True)
    time.sleep(1.1)
    assert _submit(client, world).status_code == 302
    assert db.session.query(Submission).count() == 2


@pytest.mark.parametrize(
    "source, language",
    [("", "python"), ("   \n", "python"), ("x" * (64 * 1024 + 1), "python"), (GOOD, "ruby"), (GOOD, "auto")],
)
def test_bad_submissions_change_nothing(client: FlaskClient, world: Contest, source: str, language: str) -> None:
    _login(client)
    response = _submit(client, world, source=source, language=language)
    assert response.status_code == 400 and 'id="submit-form"' in response.get_data(as_text=True)
    assert db.session.query(Submission).count() == 0
    assert judge_queue().count == 0


def test_a_language_the_contest_does_not_allow_is_refused(client: FlaskClient, world: Contest) -> None:
    settings = judging_settings.settings_for(db.session, world)
    db.session.add(settings)
    settings.languages = "cpp"
    db.session.commit()
    _login(client)
    _submit(client, world, language="python")
    assert db.session.query(Submission).count() == 0


def test_late_submissions_are_refused_by_server_time(client: FlaskClient, world: Contest) -> None:
    _login(client)
    world.submission_closes = utcnow() - timedelta(seconds=1)
    db.session.commit()
    _submit(client, world)
    assert db.session.query(Submission).count() == 0 and judge_queue().count == 0


def _english(client: FlaskClient) -> None:
    _login(client)
    client.get("/lang/en")


def test_pasted_code_without_a_language_keeps_its_text_and_says_what_to_do(client: FlaskClient, world: Contest) -> None:
    """Issue 11, item 4."""
    _english(client)
    program = "#include <cstdio>\nint main() { return 0; } // <tong>\n"
    response = _submit(client, world, source=program, language="auto")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose a language for pasted code" in page
    assert "int main() { return 0; } // &lt;tong&gt;" in page  # the text is kept, in the editor's textarea
    assert db.session.query(Submission).count() == 0


@pytest.mark.parametrize("source", ["", "  \n\t\n"])
def test_an_empty_submission_is_called_empty(client: FlaskClient, world: Contest, source: str) -> None:
    _english(client)
    page = _submit(client, world, source=source, language="auto").get_data(as_text=True)
    assert "The submission is empty" in page and "Choose a language" not in page


def test_a_file_of_unknown_type_names_the_file(client: FlaskClient, world: Contest) -> None:
    _english(client)
    data = {"language": "auto", "source": "", "file": (io.BytesIO(b"print(1)\n"), "bai.txt")}
    response = client.post(f"/contests/{world.id}/problems/A/submit", data=data, content_type="multipart/form-data")
    assert response.status_code == 400 and "bai.txt does not end with a known extension" in response.get_data(
        as_text=True
    )


def _close(contest: Contest, problems_after_end: bool = True) -> None:
    contest.submission_opens = utcnow() - timedelta(hours=3)
    contest.submission_closes = utcnow() - timedelta(minutes=5)
    settings = judging_settings.settings_for(db.session, contest)
    settings.problems_after_end = problems_after_end
    db.session.add(settings)
    db.session.commit()


def test_after_the_window_submitting_says_time_is_up_with_the_time(client: FlaskClient, world: Contest) -> None:
    """Issue 11, item 7: not "403 no permission"."""
    _english(client)
    _submit(client, world)
    closes = world.submission_closes = utcnow() - timedelta(minutes=5)
    db.session.commit()
    when = format_datetime(closes)
    response = _submit(client, world)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Time is up: submissions closed at {when}." in page
    assert db.session.query(Submission).count() == 1


def test_after_the_window_problems_stay_readable_if_the_contest_allows(client: FlaskClient, world: Contest) -> None:
    _english(client)
    _close(world)
    response = client.get(f"/contests/{world.id}/problems/A")
    page = response.get_data(as_text=True)
    message = f"Time is up: submissions closed at {format_datetime(world.submission_closes)}."
    assert response.status_code == 200 and 'id="window-closed"' in page and message in page
    assert 'id="submit-form"' not in page
    assert "/problems/A" in client.get(f"/contests/{world.id}/problems").get_data(as_text=True)


def test_after_the_window_hidden_problems_get_a_clear_page(client: FlaskClient, world: Contest) -> None:
    _english(client)
    _close(world, problems_after_end=False)
    response = client.get(f"/contests/{world.id}/problems/A")
    page = response.get_data(as_text=True)
    when = format_datetime(world.submission_closes)
    assert response.status_code == 403
    assert f"The contest ended at {when}; its problems are no longer shown." in page and 'id="unavailable"' in page


def test_my_submissions_name_the_problem_and_the_language_after_the_end(client: FlaskClient, world: Contest) -> None:
    _english(client)
    _submit(client, world, language="python")
    _close(world, problems_after_end=False)
    page = client.get(f"/contests/{world.id}/submissions").get_data(as_text=True)
    row = page[page.index('id="submission-') :]
    row = row[: row.index("</tr>")]
    assert "<td>A</td>" in row and "<td>Python 3</td>" in row and "<td>?</td>" not in row


def test_nobody_sees_anothers_submission(client: FlaskClient, world: Contest) -> None:
    _login(client)
    _submit(client, world)
    submission = db.session.query(Submission).one()
    client.post("/logout")
    _login(client, "other")
    # 404, not 403: another contestant may not know the submission exists (docs/authorisation.md)
    assert client.get(f"/contests/{world.id}/submissions/{submission.id}").status_code == 404
    assert client.get(f"/contests/{world.id}/submissions/{submission.id}.json").status_code == 404


def test_a_submission_that_does_not_exist_or_is_of_another_contest_is_not_found(
    client: FlaskClient, world: Contest
) -> None:
    _login(client)
    _submit(client, world)
    submission = db.session.query(Submission).one()
    elsewhere = builders.contest(ContestKind.INFORMATICS)
    builders.register(elsewhere, db.session.query(User).filter_by(username="hs").one())
    db.session.commit()
    missing = f"/contests/{world.id}/submissions/{submission.id + 1000}"
    assert client.get(missing).status_code == 404 and client.get(f"{missing}.json").status_code == 404
    # the polled status of one's own queued submission comes from Redis, which does not know the contest; the page
    # itself checks it
    assert client.get(f"/contests/{elsewhere.id}/submissions/{submission.id}").status_code == 404


def _judged() -> Submission:
    """A graded submission of the student's: 40 of 100, tests 1-2 accepted, 3-5 wrong."""
    problem = db.session.query(ContestProblem).filter_by(label="A").one().problem
    student = db.session.query(User).filter_by(username="hs").one()
    submission = grading.create_submission(db.session, problem, GOOD.encode(), "python", student.id)
    submission.status, submission.verdict, submission.score, submission.max_score = (
        SubmissionStatus.DONE,
        "WA",
        40.0,
        100.0,
    )
    submission.tests = [
        SubmissionTest(
            position=i,
            name=f"Test0{i}",
            group="",
            verdict="AC" if i < 3 else "WA",
            time_ms=5,
            memory_kb=1000,
            score=20.0 if i < 3 else 0.0,
        )
        for i in range(1, 6)
    ]
    db.session.commit()
    return submission


@pytest.mark.parametrize("mode", list(Feedback))
def test_status_shows_what_the_feedback_mode_allows(client: FlaskClient, world: Contest, mode: Feedback) -> None:
    settings = judging_settings.settings_for(db.session, world)
    db.session.add(settings)
    settings.feedback_during = mode
    submission = _judged()
    _login(client)
    view = client.get(f"/contests/{world.id}/submissions/{submission.id}.json").get_json()
    assert view["final"] and view["score"] == 40.0
    if mode is Feedback.FULL:
        assert view["tests"][0]["time_ms"] == 5 and view["tests"][4]["verdict"] == "WA"
    elif mode is Feedback.VERDICTS:
        assert [t["verdict"] for t in view["tests"]] == ["AC", "AC", "WA", "WA", "WA"]
        assert "time_ms" not in view["tests"][0] and "name" not in view["tests"][0]
    else:
        assert view["tests"] == [] and view["verdict"] is None


def test_staff_see_every_problem_and_submission(client: FlaskClient, world: Contest) -> None:
    UserFactory(username="btc", unit=world.organiser_unit, roles={Role.ORGANISER})
    db.session.commit()
    _login(client, "btc")
    page = client.get(f"/contests/{world.id}/problems").get_data(as_text=True)
    assert "/problems/A" in page and "/problems/Z" in page


def test_reading_pages_never_writes_the_default_settings(client: FlaskClient, world: Contest) -> None:
    """Concurrent first requests once raced to insert the default settings row (found by a load benchmark)."""
    from app.models import ProgrammingSettings

    _login(client)
    assert client.get(f"/contests/{world.id}/problems/A").status_code == 200
    assert client.get(f"/contests/{world.id}/submissions").status_code == 200
    assert db.session.query(ProgrammingSettings).count() == 0


def test_the_editor_knows_every_language(client: FlaskClient, world: Contest) -> None:
    _login(client)
    page = client.get(f"/contests/{world.id}/problems/A").get_data(as_text=True)
    assert "data-modes='{" in page and '"java": "text/x-java"' in page
    assert '"java": "java"' in page and 'accept=".c,' in page and ".java" in page
    for script in ("clike", "pascal", "python"):
        assert f"vendor/codemirror/mode/{script}.js" in page


def test_the_problem_page_shows_the_time_limit_of_each_language(client: FlaskClient, world: Contest) -> None:
    _login(client)
    page = client.get(f"/contests/{world.id}/problems/A").get_data(as_text=True)
    assert 'id="time-limit">1 giây</span>' in page  # multiplier 1 for every language: nothing more to say
    settings = judging_settings.settings_for(db.session, world)
    settings.languages = "c,cpp,python,java"
    settings.time_multipliers = {"python": 2.0, "java": 1.5}
    db.session.add(settings)
    db.session.commit()
    page = client.get(f"/contests/{world.id}/problems/A").get_data(as_text=True)
    assert 'id="time-limit">1 giây (Python 3: 2 giây, Java (OpenJDK 17): 1,5 giây)</span>' in page
    client.get("/lang/en")
    page = client.get(f"/contests/{world.id}/problems/A").get_data(as_text=True)
    assert 'id="time-limit">1 s (Python 3: 2 s, Java (OpenJDK 17): 1.5 s)</span>' in page


def _prefetched(page: str) -> set[str]:
    return set(re.findall(r'<link rel="prefetch" href="([^"]+)">', page))


def _loaded(page: str) -> set[str]:
    """The stylesheets and scripts ``page`` names, but the site's stylesheet (every page has it, the login's too)."""
    named = re.findall(r'<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"|<script\b[^>]*src="([^"]+)"', page)
    return {a or b for a, b in named if not (a or b).startswith("/static/hoithi.css?")}


def test_waiting_for_the_start_the_browser_fetches_what_a_problems_page_will_name(
    client: FlaskClient, world: Contest
) -> None:
    _login(client)
    world.submission_opens = utcnow() + timedelta(minutes=30)
    db.session.commit()
    waiting = _prefetched(client.get(f"/contests/{world.id}/problems").get_data(as_text=True))
    assert any("codemirror.js?v=" in address for address in waiting)

    world.submission_opens = utcnow() - timedelta(minutes=1)
    db.session.commit()
    listed = client.get(f"/contests/{world.id}/problems").get_data(as_text=True)
    assert "/problems/A" in listed and 'rel="prefetch"' not in listed  # started: nothing more to fetch ahead
    named = _loaded(client.get(f"/contests/{world.id}/problems/A").get_data(as_text=True))
    assert named and named <= waiting, named - waiting
    for address in waiting:
        answer = client.get(address)
        assert answer.status_code == 200 and "immutable" in answer.headers["Cache-Control"], address


def test_no_prefetch_for_someone_not_registered(client: FlaskClient, world: Contest) -> None:
    _login(client, "other")
    world.submission_opens = utcnow() + timedelta(minutes=30)
    db.session.commit()
    assert 'rel="prefetch"' not in client.get(f"/contests/{world.id}/problems").get_data(as_text=True)
