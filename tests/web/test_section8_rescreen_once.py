"""Two Sở reviewers pressing "re-screen published texts" at the same moment start one run, not two: until 7 Dec 2026
each request looked for a run waiting or running, found none (the other's not yet committed), and wrote its own, so
two workers screened every published text twice and kept each failing text once per run. Now the database holds at
most one run waiting or running (a unique ``active`` mark, cleared when the run ends), and the second press joins
the first: it is told so in Vietnamese, with who asked and when, and the page shows that run. Real Redis: one job is
queued for the run."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import RescreenRun, RescreenStatus, Role, User
from app.queue import screening_queue
from app.services.proposals import rescreen_runs
from tests import builders
from tests.builders import row_of

from .programming_helpers import world
from .published_helpers import run_screening_worker

__all__ = ["world"]  # the fixture, from programming_helpers


@pytest.fixture
def reviewers(app: Flask, world: dict[str, int]) -> Iterator[list[int]]:
    screening_queue(app).empty()
    ids = [builders.person(name, None, Role.REVIEWER, full_name=full).id for name, full in READERS]
    db.session.commit()
    yield ids
    screening_queue(app).empty()


READERS = [("so_reviewer", "Nguyễn Thị Lan"), ("so_reviewer2", "Trần Văn Minh")]


def _runs() -> list[RescreenRun]:
    db.session.expire_all()
    return list(db.session.scalars(select(RescreenRun).order_by(RescreenRun.id)))


def test_a_second_request_while_the_first_is_not_yet_committed_joins_it(app: Flask, reviewers: list[int]) -> None:
    """The first request has written its run and not committed when the second looks: the second waits for it and
    gives the first's run, not a new one."""
    first_wrote, second_asks = threading.Event(), threading.Event()

    def first() -> tuple[int, bool]:
        with app.app_context():
            try:
                run, new = rescreen_runs.request(db.session, row_of(User, reviewers[0]))
                first_wrote.set()
                second_asks.wait(10)
                time.sleep(0.5)  # the second is looking now, and waits on the first's write
                db.session.commit()
                return run.id, new
            finally:
                db.session.remove()

    def second() -> tuple[int, bool]:
        with app.app_context():
            try:
                reviewer = row_of(User, reviewers[1])
                first_wrote.wait(10)
                second_asks.set()
                run, new = rescreen_runs.request(db.session, reviewer)
                db.session.commit()
                return run.id, new
            finally:
                db.session.remove()

    with ThreadPoolExecutor(2) as pool:
        asked = [pool.submit(first), pool.submit(second)]
        (first_id, first_new), (second_id, second_new) = (f.result(30) for f in asked)
    assert (first_new, second_new) == (True, False)
    assert second_id == first_id
    [run] = _runs()
    assert run.status is RescreenStatus.QUEUED


def test_two_reviewers_pressing_at_the_same_moment_start_one_run_and_the_second_is_told_in_vietnamese(
    app: Flask, reviewers: list[int]
) -> None:
    pages: list[str] = []
    for round_ in range(4):
        clients = [app.test_client() for _ in READERS]
        for client, (username, _) in zip(clients, READERS, strict=True):
            client.post("/login", data={"username": username, "password": "password123"})
            client.get("/lang/vi")
        start = threading.Barrier(len(clients))

        def press(client: FlaskClient, start: threading.Barrier = start) -> int:
            start.wait()
            return client.post("/admin/section8-attempts/rescreen").status_code

        with ThreadPoolExecutor(len(clients)) as pool:
            assert list(pool.map(press, clients)) == [302, 302]
        runs = [r for r in _runs() if r.status in (RescreenStatus.QUEUED, RescreenStatus.RUNNING)]
        assert len(runs) == 1, f"round {round_}: {len(runs)} runs"
        assert screening_queue(app).job_ids == [f"rescreen-{runs[0].id}"]  # one job in Redis for it
        pages = [c.get("/admin/section8-attempts").get_data(as_text=True) for c in clients]
        run_screening_worker(app)  # the run ends; the next round's presses start a new one
        assert _runs()[-1].status is RescreenStatus.DONE
    told = [page for page in pages if "không bắt đầu lượt thứ hai" in page]
    assert told, "the second press is told it joined the first"
    asker = db.session.get(User, _runs()[-1].requested_by_id)
    assert asker is not None and asker.full_name in told[0]


def test_after_a_run_ends_a_new_one_may_be_asked_for(app: Flask, reviewers: list[int]) -> None:
    reviewer = row_of(User, reviewers[0])
    run, new = rescreen_runs.request(db.session, reviewer)
    db.session.commit()
    assert new
    rescreen_runs.enqueue(screening_queue(app), run.id)
    run_screening_worker(app)
    assert _runs()[-1].status is RescreenStatus.DONE and _runs()[-1].active is None
    again, new = rescreen_runs.request(db.session, reviewer)
    db.session.commit()
    assert new and again.id != run.id
