"""Faults injected into the running system (real gunicorn, real ``hoithi worker`` processes grading in bubblewrap,
a redis-server killed with SIGKILL and started again, PostgreSQL connections terminated): every submission is
graded exactly once, counted in the database, readers never get a server error, and the site answers each request
within a second throughout."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from app.extensions import db
from app.models import SubmissionStatus

from .conftest import Contest, Stack, all_done, assert_graded_exactly_once, state
from .processes import Browser, Reader, kill_group, wait_for

pytestmark = pytest.mark.slow

ACCEPTED = "a, b = map(int, input().split())\nprint(a + b)\n"
SLOW = "import time\ntime.sleep(0.5)\na, b = map(int, input().split())\nprint(a + b)\n"
"""Accepted, in about 3 s: long enough to be caught mid-grading."""


def _submit(browser: Browser, contest: Contest, source: str) -> int:
    """Submit through the site as a contestant does; the id of the submission the site then shows."""
    response = browser.submit(contest.id, "A", source, "python")
    assert response.status_code == 302, response.text[:500]
    found = re.search(r"/submissions/(\d+)$", response.headers["Location"])
    assert found is not None, response.headers["Location"]
    return int(found.group(1))


def _reader(stack: Stack, contest: Contest) -> Reader:
    """A contestant who keeps the problem list, the scoreboard and the home page open."""
    paths = ["/", f"/contests/{contest.id}/problems", f"/contests/{contest.id}/scoreboard"]
    return Reader(stack.browser(contest.usernames[-1]), paths)


def _assert_served_throughout(reader: Reader) -> None:
    assert len(reader.visits) >= 10
    assert reader.faults() == [], reader.faults()[:5]


def _grading(ids: list[int]) -> int | None:
    """A submission being graded past its first test, if any."""
    for submission_id in ids:
        found = state(submission_id)
        if found.status is SubmissionStatus.RUNNING and found.progress_done >= 2:
            return submission_id
    db.session.rollback()
    return None


def test_with_redis_down_logins_pages_and_scoreboards_answer_and_submissions_wait_for_it(
    stack: Stack, contest: Contest
) -> None:
    stack.start_site()
    stack.browser(contest.usernames[0])  # the site has used Redis before it goes
    stack.redis.kill()

    guesser = Browser(stack.base)
    guesser.get("/lang/en")
    answers = [guesser.post_form("/login", "/login", {"username": contest.usernames[1], "password": "nope"})]
    answers += [guesser.post_form("/login", "/login", {"username": contest.usernames[1], "password": "no"})]
    answers += [guesser.post_form("/login", "/login", {"username": contest.usernames[1], "password": "n"})]
    # Counted in each web process's memory meanwhile: wrong passwords still make the account wait.
    assert {a.status_code for a in answers} <= {200, 429}
    assert any("can try again in" in a.text or "Try again in" in a.text for a in answers)

    browser = Browser(stack.base)
    started = time.monotonic()
    assert browser.log_in(contest.usernames[2]).status_code == 302
    pages = ["/", f"/contests/{contest.id}", f"/contests/{contest.id}/problems", f"/contests/{contest.id}/scoreboard"]
    for path in pages:
        response = browser.get(path)
        assert response.status_code == 200, path
    submission_id = _submit(browser, contest, ACCEPTED)
    shown = browser.get(f"/contests/{contest.id}/submissions/{submission_id}")
    assert shown.status_code == 200 and "Waiting in the queue" in shown.text
    polled = browser.get(f"/contests/{contest.id}/submissions/{submission_id}.json")
    assert polled.status_code == 200 and polled.json()["status"] == "queued"
    # a dead Redis costs each request next to nothing: ten requests, a login and a submission in under 2 s
    assert time.monotonic() - started < 2.0
    assert state(submission_id).status is SubmissionStatus.QUEUED

    stack.redis.start()  # back, without the job it never got
    with _reader(stack, contest) as reader:
        stack.start_worker()
        wait_for(lambda: all_done([submission_id]), 120, "the submission to be graded")
    assert_graded_exactly_once([submission_id], regraded_at_most=0)
    _assert_served_throughout(reader)


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def test_a_worker_and_its_work_horse_killed_mid_grading(stack: Stack, contest: Contest) -> None:
    stack.start_site()
    first, second = stack.start_worker(), stack.start_worker()
    with _reader(stack, contest) as reader:
        ids = [_submit(stack.browser(name), contest, SLOW) for name in contest.usernames[:4]]
        wait_for(lambda: _grading(ids) is not None, 120, "a grading under way")
        victim_submission = _grading(ids)
        assert victim_submission is not None
        slot = int(str(state(victim_submission).worker).rsplit(":", 1)[1])
        worker = _parent(slot)
        assert worker in (first.pid, second.pid)
        kill_group(slot)
        kill_group(worker)
        stack.start_worker()  # as `hoithi up` restarts a worker that died
        wait_for(lambda: all_done(ids), 180, "every submission to be graded")
    # The worker grades in one slot process per core (app.grading.slots): killing it ends each slot's submission.
    assert_graded_exactly_once(ids, regraded_at_most=len(os.sched_getaffinity(0)))
    _assert_served_throughout(reader)


def test_redis_killed_mid_grading_and_restarted(stack: Stack, contest: Contest) -> None:
    stack.start_site()
    workers = [stack.start_worker(), stack.start_worker()]
    with _reader(stack, contest) as reader:
        ids = [_submit(stack.browser(name), contest, SLOW) for name in contest.usernames[:4]]
        wait_for(lambda: _grading(ids) is not None, 120, "a grading under way")
        stack.redis.kill()
        # submitted while Redis is away: accepted, and graded once it is back
        ids += [_submit(stack.browser(name), contest, ACCEPTED) for name in contest.usernames[4:6]]
        time.sleep(2)  # an outage of a few seconds, read throughout
        stack.redis.start()
        wait_for(lambda: all_done(ids), 180, "every submission to be graded")
    assert_graded_exactly_once(ids, regraded_at_most=0)
    assert [w.poll() for w in workers] == [None, None], stack.log("workers")  # they waited for Redis
    _assert_served_throughout(reader)


@pytest.mark.postgresql  # pg_terminate_backend
def test_database_connections_terminated_mid_grading(stack: Stack, contest: Contest, database_url: str) -> None:
    stack.start_site()
    stack.start_worker()
    stack.start_worker()
    terminated = 0
    with _reader(stack, contest) as reader:
        ids = [_submit(stack.browser(name), contest, SLOW) for name in contest.usernames[:4]]
        wait_for(lambda: _grading(ids) is not None, 120, "a grading under way")
        for _ in range(3):
            terminated += _terminate_other_connections()
            time.sleep(1)
        wait_for(lambda: all_done(ids), 180, "every submission to be graded")
    assert terminated > 0
    assert_graded_exactly_once(ids, regraded_at_most=len(ids))
    _assert_served_throughout(reader)


def _terminate_other_connections() -> int:
    """pg_terminate_backend on every other connection to the test database (the site's, the workers'); how many."""
    count = db.session.execute(
        text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    ).scalar_one()
    db.session.commit()
    return int(count)
