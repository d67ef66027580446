"""Test runs run for real on the bubblewrap sandbox: a program on typed input shows its output, time and memory;
a compilation error, a crash, a sample, a Themis task's input file and a language's time multiplier; the worker
serves them after real submissions, and the reconciler puts lost ones back."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq.serializers import JSONSerializer
from sqlalchemy import select

from app.extensions import db
from app.grading.reconcile import reconcile_test_runs
from app.grading.test_runs import run_test
from app.grading.worker import JudgeWorker
from app.models import Contest, ContestKind, ContestProblem, Submission, SubmissionStatus, TestRun, User
from app.queue import connection, judge_queue, queue_of_test_runs
from app.services.contests import registrations
from app.services.programming import contestant, grading, judging_settings, scoreboard, test_runs
from judge.package import LoadOptions
from sandbox.session import Backend
from submissions.store import LocalStore
from tests.builders import row_of
from tests.responses import json_of

from ... import scratch_projects as sp
from ...factories import ContestFactory, UserFactory
from .conftest import DATA

pytestmark = pytest.mark.slow  # programs graded in a real sandbox, through the queue

LIMITS = test_runs.TestRunLimits()
SUM = DATA / "themis" / "SUM"
JSON = {"Accept": "application/json"}
CPP = """#include <iostream>
#include <vector>
int main() {
    long long a, b;
    std::cin >> a >> b;
    std::vector<char> block(8 << 20, 1);  // 8 MiB touched: the memory shown counts it
    long long s = 0;
    for (char c : block) s += c;
    std::cout << a + b << " " << s << std::endl;
}
"""


@pytest.fixture
def judge_app(app: Flask, backend: Backend) -> Iterator[Flask]:
    """The app running programs on the bubblewrap sandbox, with empty queues."""
    app.config["SANDBOX"] = "bwrap"
    connection(app).flushdb()
    yield app
    connection(app).flushdb()


def _contest(app: Flask, package: Path, time_limit_s: float | None = None) -> tuple[Contest, User]:
    """A running contest whose problem A is ``package``, and a registered student ``hs``."""
    contest = ContestFactory(kind=ContestKind.INFORMATICS)
    store = LocalStore(app.config["STORAGE_DIR"])
    problem = grading.import_problem(
        db.session,
        store,
        package,
        options=LoadOptions(time_limit_s=time_limit_s),
        contest_id=contest.id,
    )
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A"))
    student = UserFactory(username="hs")
    registrations.register(db.session, student, contest, member_ids=[student.id])
    db.session.commit()
    return contest, student


def _run(client: FlaskClient, contest: Contest, source: str, language: str = "cpp", **data: str) -> dict[str, Any]:
    """Start a test run through the page's form, run its job here, and return what the page's poll is told."""
    response = client.post(
        f"/contests/{contest.id}/problems/A/test-runs",
        data={"language": language, "source": source, **data},
        headers=JSON,
    )
    assert response.status_code == 202, response.get_data(as_text=True)
    assert run_test(json_of(response)["id"]) == "ran"
    status: dict[str, Any] = json_of(client.get(json_of(response)["status_url"]))
    return status


def _login(client: FlaskClient) -> None:
    assert client.post("/login", data={"username": "hs", "password": "password123"}).status_code == 302


def test_a_cpp_program_on_typed_input_shows_its_output_time_and_memory_and_never_counts(
    judge_app: Flask, client: FlaskClient
) -> None:
    contest, _student = _contest(judge_app, SUM)
    _login(client)
    view = _run(client, contest, CPP, run_input="20 22\n")
    assert view["final"] is True and view["status"] == "done"
    assert (view["outcome"], view["exit_code"], view["output"]) == ("OK", 0, f"42 {8 << 20}\n")
    assert view["time_ms"] is not None and 0 <= view["time_ms"] < 1000
    assert view["memory_kb"] >= 8 * 1024
    # not a submission: nothing to judge, nothing ranked
    assert db.session.scalar(select(Submission.id)) is None
    board = scoreboard.build(db.session, contest, viewer_is_staff=True)
    assert all(cell.score is None and cell.tries == 0 for row in board.rows for cell in row.cells)
    page = client.get(f"/contests/{contest.id}/problems/A").get_data(as_text=True)
    assert "Chạy xong bình thường" in page and f"42 {8 << 20}" in page  # the latest run, shown again on reload


def test_a_compilation_error_is_shown(judge_app: Flask, client: FlaskClient) -> None:
    contest, _student = _contest(judge_app, SUM)
    _login(client)
    view = _run(client, contest, "int main( { return 0; }\n")
    assert view["outcome"] == "CE" and "error" in view["compile_output"]
    assert view["time_ms"] is None and view["output"] == ""


def test_a_crash_shows_its_exit_code_and_error_output(judge_app: Flask, client: FlaskClient) -> None:
    contest, _student = _contest(judge_app, SUM)
    _login(client)
    view = _run(client, contest, "import sys\nprint('half')\nsys.exit('broken')\n", language="python")
    assert (view["outcome"], view["exit_code"], view["output"]) == ("RE", 1, "half\n")
    assert "broken" in view["stderr"]


def test_a_themis_program_reads_the_typed_input_from_the_tasks_input_file(
    judge_app: Flask, client: FlaskClient
) -> None:
    contest, _student = _contest(judge_app, SUM)
    _login(client)
    source = (
        "with open('SUM.INP') as f:\n    a, b = map(int, f.read().split())\nopen('SUM.OUT', 'w').write(str(a * b))\n"
    )
    view = _run(client, contest, source, language="python", run_input="6 7\r\n")
    assert (view["outcome"], view["output"]) == ("OK", "42")


def test_a_run_on_a_sample_gets_the_samples_input(judge_app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    package = tmp_path / "double"
    (package / "data" / "sample").mkdir(parents=True)
    (package / "data" / "secret").mkdir(parents=True)
    (package / "problem.yaml").write_text("name: Double\n")
    (package / "data" / "sample" / "1.in").write_text("21\n")
    (package / "data" / "sample" / "1.ans").write_text("42\n")
    (package / "data" / "secret" / "1.in").write_text("5\n")
    (package / "data" / "secret" / "1.ans").write_text("10\n")
    contest, _student = _contest(judge_app, package)
    _login(client)
    page = client.get(f"/contests/{contest.id}/problems/A").get_data(as_text=True)
    assert "test ví dụ 1" in page
    view = _run(client, contest, "print(2 * int(input()))\n", language="python", sample="1", run_input="ignored")
    assert (view["outcome"], view["output"]) == ("OK", "42\n")


BUSY = "import time\nstart = time.process_time()\nwhile time.process_time() - start < 1.5:\n    pass\nprint('done')\n"


def test_a_test_run_gets_the_languages_time_multiplier(judge_app: Flask, client: FlaskClient) -> None:
    contest, _student = _contest(judge_app, SUM, time_limit_s=1.0)
    _login(client)
    assert _run(client, contest, BUSY, language="python")["outcome"] == "TLE"
    settings = judging_settings.settings_for(db.session, contest)
    settings.time_multipliers = {"python": 2.0}
    db.session.add(settings)
    db.session.commit()
    view = _run(client, contest, BUSY, language="python")
    assert (view["outcome"], view["output"]) == ("OK", "done\n") and 1000 < view["time_ms"] < 2000


def test_the_worker_runs_test_runs_after_submissions_and_the_reconciler_requeues_lost_ones(judge_app: Flask) -> None:
    contest, student = _contest(judge_app, SUM)
    tests_queue, grading_queue = queue_of_test_runs(), judge_queue()
    run_id = test_runs.start(db.session, tests_queue, contest, student, "A", b"print(1)\n", "python", b"", LIMITS)
    submission_id = contestant.submit(db.session, grading_queue, contest, student, "A", b"print(3)\n", "python")

    worker = JudgeWorker([grading_queue, tests_queue], connection=connection(), serializer=JSONSerializer)
    worker.work(burst=True)
    db.session.expire_all()
    run, submission = row_of(TestRun, run_id), row_of(Submission, submission_id)
    assert run.status is SubmissionStatus.DONE and submission.status is SubmissionStatus.DONE
    assert submission.finished_at is not None and run.finished_at is not None
    assert submission.finished_at <= run.finished_at  # the submission queued later was judged first
    assert run.attempt == 1 and run.output == "1\n"

    # a test run whose job Redis lost is put back on its queue, and is run (its result written once)
    lost = test_runs.start(db.session, tests_queue, contest, student, "A", b"print(2)\n", "python", b"", LIMITS)
    connection().flushdb()
    assert reconcile_test_runs(db.session, tests_queue, stale_seconds=60, grace_seconds=0) == [lost]
    assert reconcile_test_runs(db.session, tests_queue, stale_seconds=60, grace_seconds=0) == []  # its job is live
    JudgeWorker([grading_queue, tests_queue], connection=connection(), serializer=JSONSerializer).work(burst=True)
    db.session.expire_all()
    found = row_of(TestRun, lost)
    assert (found.status, found.output, found.attempt) == (SubmissionStatus.DONE, "2\n", 1)
    assert run_test(lost).startswith("skipped")  # a late duplicate changes nothing


def _scratch_contest(app: Flask, tmp_path: Path) -> Contest:
    """A contest accepting Scratch whose problem A takes a project's output from the variable ``tong``."""
    package = tmp_path / "tong"
    (package / "data" / "secret").mkdir(parents=True)
    (package / "problem.yaml").write_text("name: Tổng\nscratch:\n  output: variable\n  name: tong\n", "utf-8")
    (package / "data" / "secret" / "1.in").write_text("5\n")
    (package / "data" / "secret" / "1.ans").write_text("15\n")
    contest, _student = _contest(app, package, time_limit_s=5.0)
    settings = judging_settings.settings_for(db.session, contest)
    settings.languages = "python,scratch"
    db.session.add(settings)
    db.session.commit()
    return contest


def _start_scratch_run(client: FlaskClient, contest: Contest, project: bytes, run_input: str) -> int:
    data = {"language": "auto", "source": "", "run_input": run_input, "file": (io.BytesIO(project), "bai.sb3")}
    response = client.post(
        f"/contests/{contest.id}/problems/A/test-runs", data=data, headers=JSON, content_type="multipart/form-data"
    )
    assert response.status_code == 202, response.get_data(as_text=True)
    return int(json_of(response)["id"])


def test_a_scratch_test_run_takes_the_output_by_the_problems_convention(
    judge_app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    """The problem takes the variable ``tong``: the run shows its final value, as grading would take it, not what
    the project says (nothing)."""
    contest = _scratch_contest(judge_app, tmp_path)
    _login(client)
    run_id = _start_scratch_run(client, contest, sp.counter_to_variable(), "4\n")
    assert run_test(run_id) == "ran"
    run = row_of(TestRun, run_id)
    assert (run.outcome, run.output) == ("OK", "10\n")


def test_a_scratch_test_run_without_the_runtime_is_a_judge_error(
    judge_app: Flask, client: FlaskClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contest = _scratch_contest(judge_app, tmp_path)
    _login(client)
    run_id = _start_scratch_run(client, contest, sp.counter_to_variable(), "4\n")
    monkeypatch.setenv("HOITHI_SCRATCH_RUNTIME", str(tmp_path / "not-installed"))
    assert run_test(run_id) == "error"
    db.session.expire_all()
    run = row_of(TestRun, run_id)
    assert run.outcome == "JE" and "Scratch 3 cannot be judged on this host" in run.judge_log
