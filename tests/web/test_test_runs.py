"""Test runs from the contestant's side, without a sandbox: who may start one and when, what is refused (with
the typed program and input kept), the rate limit, the queue they wait on, and that they never count.
Running them for real is in tests/web/grading/test_test_runs.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq.job import Job
from rq.serializers import JSONSerializer
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import Contest, ContestKind, ContestProblem, Role, Submission, SubmissionStatus, TestRun
from app.queue import TEST_RUN_QUEUE, connection, judge_queue, queue_of_test_runs
from app.services.programming import grading, scoreboard, test_runs
from app.timeutil import utcnow
from submissions.store import LocalStore
from tests.responses import json_of, search

from .. import builders

GOOD = "a, b = map(int, input().split())\nprint(a + b)\n"
JSON = {"Accept": "application/json"}
LIMITS = test_runs.TestRunLimits()  # the defaults, which the test app's settings keep


@pytest.fixture
def world(app: Flask) -> Iterator[Contest]:
    """A running programming contest with problem A, a registered student ``hs`` and an outsider ``other``."""
    connection().flushdb()
    running = builders.contest(ContestKind.INFORMATICS)
    bang_b = builders.categories(running, "B")["B"]
    builders.programming_problem(running, "A", bang_b, code="SUM")
    student = builders.person("hs")
    builders.register(running, student, category=bang_b)
    builders.person("other")
    builders.person("btc", running.organiser_unit, Role.ORGANISER)
    db.session.commit()
    yield running
    connection().flushdb()


def _login(client: FlaskClient, username: str = "hs") -> None:
    assert client.post("/login", data={"username": username, "password": "password123"}).status_code == 302


def _run(
    client: FlaskClient,
    contest: Contest,
    source: str = GOOD,
    run_input: str = "1 2\n",
    language: str = "python",
    headers: dict[str, str] = JSON,
    **extra: Any,
) -> TestResponse:
    data = {"language": language, "source": source, "run_input": run_input, **extra}
    return client.post(f"/contests/{contest.id}/problems/A/test-runs", data=data, headers=headers)


def test_a_test_run_is_stored_and_queued_on_the_test_run_queue_and_never_counts(
    client: FlaskClient, world: Contest
) -> None:
    _login(client)
    response = _run(client, world)
    assert response.status_code == 202
    run = db.session.query(TestRun).one()
    assert response.json == {"id": run.id, "status_url": f"/contests/{world.id}/test-runs/{run.id}.json"}
    assert (run.status, run.input, run.language, run.source) == (SubmissionStatus.QUEUED, "1 2\n", "python", GOOD)
    job = Job.fetch(f"test-run-{run.id}", connection=connection(), serializer=JSONSerializer)
    assert list(job.args) == [run.id] and job.origin == TEST_RUN_QUEUE
    assert queue_of_test_runs().count == 1 and judge_queue().count == 0

    # not a submission: not in "my submissions", not on the scoreboard
    assert db.session.query(Submission).count() == 0
    page = client.get(f"/contests/{world.id}/submissions").get_data(as_text=True)
    assert f"/submissions/{run.id}" not in page
    board = scoreboard.build(db.session, world, viewer_is_staff=True)
    assert all(cell.score is None and cell.tries == 0 for row in board.rows for cell in row.cells)

    status = json_of(client.get(json_of(response)["status_url"]))
    assert status["status"] == "queued" and status["final"] is False and status["output"] == ""


def test_the_problem_page_offers_runs_on_samples_and_typed_input(client: FlaskClient, world: Contest) -> None:
    _login(client)
    page = client.get(f"/contests/{world.id}/problems/A").get_data(as_text=True)
    assert 'id="run-button"' in page and f'formaction="/contests/{world.id}/problems/A/test-runs"' in page
    assert 'name="run_input"' in page and "Chạy thử" in page


def test_the_fourth_run_within_a_minute_is_refused_in_vietnamese(client: FlaskClient, world: Contest) -> None:
    _login(client)
    for _ in range(LIMITS.per_minute):
        assert _run(client, world).status_code == 202
    refused = _run(client, world)
    assert refused.status_code == 429
    wait = int(search(r"tối đa 3 lần mỗi phút: vui lòng chạy lại sau (\d+) giây", json_of(refused)["message"])[1])
    assert 55 <= wait <= 60  # the oldest of the three leaves the minute in a minute, not "a little"
    assert db.session.query(TestRun).count() == LIMITS.per_minute


def test_a_refusal_without_scripts_shows_the_page_with_the_program_and_input_kept(
    client: FlaskClient, world: Contest
) -> None:
    _login(client)
    for _ in range(LIMITS.per_minute):
        _run(client, world)
    page = _run(client, world, source="print('giữ nguyên')\n", run_input="9 9\n", headers={})
    assert page.status_code == 429
    text = page.get_data(as_text=True)
    assert "tối đa 3 lần mỗi phút" in text
    assert "print(&#39;giữ nguyên&#39;)" in text and "9 9" in text


def test_outsiders_are_refused(client: FlaskClient, world: Contest) -> None:
    _login(client, "other")
    assert _run(client, world).status_code == 403
    assert _run(client, world, headers={}).status_code == 403
    assert db.session.query(TestRun).count() == 0


@pytest.mark.parametrize("when", ["before", "after"])
def test_contestants_are_refused_outside_the_window_and_staff_are_not(
    client: FlaskClient, world: Contest, when: str
) -> None:
    if when == "before":
        world.submission_opens = utcnow() + timedelta(hours=1)
        world.submission_closes = utcnow() + timedelta(hours=3)
    else:
        world.submission_opens = utcnow() - timedelta(hours=3)
        world.submission_closes = utcnow() - timedelta(hours=1)
    db.session.commit()
    _login(client)
    refused = _run(client, world)
    assert refused.status_code == 403
    assert ("chưa bắt đầu" if when == "before" else "Đã hết giờ") in json_of(refused)["message"]
    assert db.session.query(TestRun).count() == 0
    client.post("/logout")
    _login(client, "btc")
    assert _run(client, world).status_code == 202
    assert 'id="run-button"' in client.get(f"/contests/{world.id}/problems/A").get_data(as_text=True)


def test_input_over_one_mebibyte_and_binary_input_are_refused(client: FlaskClient, world: Contest) -> None:
    _login(client)
    big = _run(client, world, run_input="1" * (LIMITS.max_input_bytes + 1))
    assert big.status_code == 400 and "1024 KiB" in json_of(big)["errors"]["run_input"][0]
    empty = _run(client, world, source="   ")
    assert empty.status_code == 400 and "source" in json_of(empty)["errors"]
    language = _run(client, world, language="cobol")
    assert language.status_code == 400 and "language" in json_of(language)["errors"]
    assert db.session.query(TestRun).count() == 0


def test_a_sample_that_does_not_exist_is_refused(client: FlaskClient, world: Contest) -> None:
    _login(client)
    for sample in ("1", "²", "99999999999999999999"):  # a Themis task has no samples; "²" passes str.isdigit
        refused = _run(client, world, sample=sample)
        assert refused.status_code == 400 and "sample" in json_of(refused)["errors"], sample


def test_a_test_run_is_seen_by_its_owner_only(client: FlaskClient, world: Contest) -> None:
    _login(client)
    url = json_of(_run(client, world))["status_url"]
    client.post("/logout")
    _login(client, "btc")
    assert client.get(url).status_code == 404  # private: even staff may not know it exists
    client.post("/logout")
    _login(client)
    assert client.get(url.replace(".json", "0.json")).status_code == 404  # no such test run


def test_only_the_newest_test_runs_are_kept(app: Flask, world: Contest) -> None:
    from app.models import User

    student = db.session.query(User).filter_by(username="hs").one()
    queue = queue_of_test_runs()
    for n in range(LIMITS.kept + 3):
        connection().delete(f"hoithi:test-runs:{world.id}:{student.id}")  # the rate limit is not what is tested
        stdin = f"{n} {n}\n".encode()
        test_runs.start(db.session, queue, world, student, "A", GOOD.encode(), "python", stdin, LIMITS)
    kept = db.session.query(TestRun).order_by(TestRun.id).all()
    assert len(kept) == LIMITS.kept
    last = LIMITS.kept + 2
    assert kept[0].input == "3 3\n" and kept[-1].input == f"{last} {last}\n"


def test_an_interactive_problem_offers_no_test_runs(
    app: Flask, client: FlaskClient, world: Contest, tmp_path: Path
) -> None:
    package = tmp_path / "guess"
    files = {
        "problem.yaml": "name: Guess\nvalidation: custom interactive\n",
        "output_validators/guess/validate.py": "import sys\nsys.exit(42)\n",
        "data/secret/1.in": "5\n",
        "data/secret/1.ans": "\n",
    }
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text)
    problem = grading.import_problem(db.session, LocalStore(app.config["STORAGE_DIR"]), package, code="GUESS")
    db.session.add(ContestProblem(contest_id=world.id, problem_id=problem.id, label="G"))
    db.session.commit()
    _login(client)
    page = client.get(f"/contests/{world.id}/problems/G").get_data(as_text=True)
    assert 'id="run-button"' not in page and 'id="submit-button"' in page
    refused = client.post(
        f"/contests/{world.id}/problems/G/test-runs",
        data={"language": "python", "source": GOOD, "run_input": "5\n"},
        headers=JSON,
    )
    assert refused.status_code == 400 and "không chạy thử riêng được" in json_of(refused)["message"]
    assert db.session.query(TestRun).count() == 0


def test_the_limits_are_settings(
    app: Flask, client: FlaskClient, world: Contest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "TEST_RUNS_PER_MINUTE", 1)
    monkeypatch.setitem(app.config, "TEST_RUN_INPUT_KIB", 1)
    _login(client)
    page = client.get(f"/contests/{world.id}/problems/A").get_data(as_text=True)
    assert "Tối đa 1 lần mỗi phút" in page and "Tối đa 1 KiB" in page
    too_big = _run(client, world, run_input="1" * 1025)
    assert too_big.status_code == 400 and "1 KiB" in json_of(too_big)["errors"]["run_input"][0]
    assert _run(client, world).status_code == 202
    refused = _run(client, world)
    assert refused.status_code == 429 and "tối đa 1 lần mỗi phút" in json_of(refused)["message"]
    assert db.session.query(TestRun).count() == 1


def test_the_problem_page_lists_the_contestants_own_recent_runs(
    app: Flask, client: FlaskClient, world: Contest
) -> None:
    from app.models import User

    student = db.session.query(User).filter_by(username="hs").one()
    problem_id = db.session.query(ContestProblem).one().problem_id
    other = db.session.query(User).filter_by(username="other").one()
    endings: list[dict[str, object]] = [
        dict(status=SubmissionStatus.DONE, outcome="OK", time_ms=17, memory_kb=9216, output="3\n"),
        dict(status=SubmissionStatus.DONE, outcome="TLE", time_ms=1000, memory_kb=9300, output=""),
        dict(status=SubmissionStatus.QUEUED),
    ]
    for values in endings:
        db.session.add(
            TestRun(
                contest_id=world.id,
                problem_id=problem_id,
                user_id=student.id,
                language="python",
                source=GOOD,
                input="1 2\n",
                **values,
            )
        )
    db.session.add(
        TestRun(
            contest_id=world.id,
            problem_id=problem_id,
            user_id=other.id,
            language="cpp",
            source="x",
            input="",
            status=SubmissionStatus.DONE,
            outcome="OK",
            output="not yours\n",
        )
    )
    db.session.commit()
    _login(client)
    page = client.get(f"/contests/{world.id}/problems/A").get_data(as_text=True)
    listed = page[page.index('id="recent-test-runs"') :]
    assert "Các lần chạy thử gần đây của bạn với bài này" in listed
    assert listed.count('class="recent-test-run"') == 3 and "not yours" not in page
    assert (
        "Chạy xong bình thường" in listed and "17 ms" in listed and "9216 KiB" in listed and "<pre>3\n</pre>" in listed
    )
    assert "TLE · " in listed and "1000 ms" in listed
    assert "Đang chờ" in listed
    assert listed.index("Đang chờ") < listed.index("TLE · ") < listed.index("17 ms")  # newest first
