"""Ctrl-C on ``hoithi up`` while its worker grades a long submission (a program that loops, so every test runs to
its time limit: some 20 s in all). The worker is given a few seconds to finish, then asked a second time (its cold
stop): it hands the submission back to the queue at once, so that the submission is graded at the next start
without waiting for its heartbeat to go stale. Before, the worker was killed at the supervisor's 15 s deadline with
the submission left running."""

from __future__ import annotations

import re
import signal
import sqlite3

import pytest
import requests

from .test_up import Up, alive, tree, up, wait_for

__all__ = ["up"]

pytestmark = pytest.mark.slow

LOOPS = "while True:\n    pass\n"


def _status(up: Up, submission_id: int) -> tuple[str, int]:
    with sqlite3.connect(up.instance / "hoithi.sqlite3") as database:
        row = database.execute("SELECT status, attempt FROM submissions WHERE id = ?", (submission_id,)).fetchone()
    return str(row[0]), int(row[1])


def _submit(up: Up) -> int:
    """As the demo's pupil hs.bao, the looping program to Tin học trẻ's problem A; the submission's id."""
    base, session = f"http://127.0.0.1:{up.port}", requests.Session()

    def post(page: str, action: str, data: dict[str, str]) -> requests.Response:
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', session.get(base + page, timeout=30).text)
        assert token is not None, page
        data = {**data, "csrf_token": token.group(1)}
        return session.post(base + action, data=data, timeout=30, allow_redirects=False)

    assert post("/login", "/login", {"username": "hs.bao", "password": "hoithi-demo"}).status_code == 302
    answer = post("/contests/1/problems/A", "/contests/1/problems/A/submit", {"source": LOOPS, "language": "python"})
    found = re.search(r"/submissions/(\d+)$", answer.headers.get("Location", ""))
    assert found is not None, answer.text[:500]
    return int(found.group(1))


def test_ctrl_c_while_grading_a_long_submission_stops_cleanly_and_queues_it_again(up: Up) -> None:
    submission_id = _submit(up)
    wait_for(lambda: _status(up, submission_id)[0] == "RUNNING", 120, "the grading to start")
    family = tree(up.process.pid)

    up.process.send_signal(signal.SIGINT)
    assert up.process.wait(timeout=60) == 0, up.output()

    assert "is still busy: asking it to stop at once" in up.output(), up.output()
    assert [pid for pid in family if alive(pid)] == []
    assert _status(up, submission_id) == ("QUEUED", 1)  # handed back: graded from the start at the next start
