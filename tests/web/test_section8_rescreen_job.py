"""The reviewers' "screen every published text again" runs as a worker's RQ job, in real Redis, not inside the
request: the request writes a run and queues it; the page shows the run waiting, its progress and its result; a
run whose job Redis never took, or whose worker died, is queued again by the workers' sweep and goes on after the
last contest it committed, nothing kept twice. Until 7 Dec 2026 the re-screening ran inside the reviewer's request
(every contest's texts, PDFs included) and a request cut short lost it all."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.grading.worker import requeue_rescreens
from app.models import (
    Announcement,
    AttemptKind,
    AuditEntry,
    Contest,
    RescreenRun,
    RescreenStatus,
    Role,
    Section8Attempt,
    User,
)
from app.queue import connection, screening_queue
from app.redis_guard import guarded_client
from app.services.proposals import rescreen_runs, rescreening
from app.timeutil import utcnow
from tests import builders
from tests.builders import row_of
from tests.conftest import AuthActions

from .programming_helpers import world
from .published_helpers import ADVERT, run_screening_worker

__all__ = ["world"]  # the fixture, from programming_helpers


@pytest.fixture
def queue(app: Flask) -> Iterator[None]:
    screening_queue(app).empty()
    yield
    screening_queue(app).empty()


@pytest.fixture
def two_adverts(world: dict[str, int]) -> dict[str, int]:
    """The running contest and a second one, each with an advert published before the screening existed."""
    second = builders.contest(organiser_unit=None)
    db.session.flush()
    for contest_id in (world["contest"], second.id):
        db.session.add(Announcement(contest_id=contest_id, body=ADVERT, author_id=world["organiser"]))
    builders.person("so_reviewer", None, Role.REVIEWER)
    db.session.commit()
    return {**world, "second": second.id}


def _kept() -> list[Section8Attempt]:
    db.session.expire_all()
    query = select(Section8Attempt).where(Section8Attempt.kind == AttemptKind.PUBLISHED_BEFORE)
    return list(db.session.scalars(query.order_by(Section8Attempt.id)))


def _runs() -> list[RescreenRun]:
    db.session.expire_all()
    return list(db.session.scalars(select(RescreenRun).order_by(RescreenRun.id)))


def _page(client: FlaskClient) -> str:
    return client.get("/admin/section8-attempts").get_data(as_text=True)


def test_the_button_queues_a_job_and_the_page_shows_it_waiting_then_its_result(
    app: Flask, client: FlaskClient, auth: AuthActions, two_adverts: dict[str, int], queue: None
) -> None:
    auth.login("so_reviewer")
    client.get("/lang/vi")
    assert client.post("/admin/section8-attempts/rescreen").status_code == 302
    assert _kept() == []  # nothing screened inside the request
    [run] = _runs()
    assert run.status is RescreenStatus.QUEUED and run.contests_total == 2
    assert screening_queue(app).job_ids == [f"rescreen-{run.id}"]  # in Redis, for a worker
    page = _page(client)
    assert 'data-status="queued"' in page and "đang chờ tiến trình nền" in page
    client.post("/admin/section8-attempts/rescreen")  # asked again while it waits: the same run
    assert len(_runs()) == 1 and screening_queue(app).count == 1
    run_screening_worker(app)
    [run] = _runs()
    assert (run.status, run.contests_done, run.texts, run.kept) == (RescreenStatus.DONE, 2, 2, 2)
    assert {a.contest_id for a in _kept()} == {two_adverts["contest"], two_adverts["second"]}
    page = _page(client)
    assert 'data-status="done"' in page and "2 nội dung" in page and "không đạt" in page
    [audited] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "section8.rescreen"))
    assert audited.actor_id == run.requested_by_id and audited.data["kept"] == 2


def test_a_run_whose_worker_died_is_queued_again_by_the_sweep_and_goes_on_where_it_stopped(
    app: Flask, two_adverts: dict[str, int], queue: None
) -> None:
    reviewer = db.session.scalars(select(User).where(User.username == "so_reviewer")).one()
    run, new = rescreen_runs.request(db.session, reviewer)
    assert new
    # what a worker that died in the second contest left: the first contest committed with the run's progress,
    # the run still running, its lease run out, its job gone from Redis
    first = rescreening.Report()
    rescreening.rescreen_contest(db.session, row_of(Contest, two_adverts["contest"]), None, first, reviewer.id)
    run.status, run.after_contest_id, run.contests_done, run.texts, run.kept = (
        RescreenStatus.RUNNING,
        two_adverts["contest"],
        1,
        first.texts,
        len(first.kept),
    )
    run.requested_at = utcnow() - timedelta(minutes=30)
    run.claimed_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert screening_queue(app).count == 0
    assert requeue_rescreens(app) == [run.id]
    assert screening_queue(app).count == 1
    run_screening_worker(app)
    [done] = _runs()
    assert (done.status, done.contests_done, done.kept) == (RescreenStatus.DONE, 2, 2)
    assert [a.contest_id for a in _kept()] == [two_adverts["contest"], two_adverts["second"]]  # once each, in order


def test_a_run_held_by_a_live_worker_is_left_alone(app: Flask, two_adverts: dict[str, int], queue: None) -> None:
    reviewer = db.session.scalars(select(User).where(User.username == "so_reviewer")).one()
    run, _ = rescreen_runs.request(db.session, reviewer)
    run.status, run.claimed_until = RescreenStatus.RUNNING, utcnow() + timedelta(minutes=5)
    run.requested_at = utcnow() - timedelta(minutes=30)
    db.session.commit()
    assert requeue_rescreens(app) == []
    rescreen_runs.enqueue(screening_queue(app), run.id)  # a stray second job for it
    run_screening_worker(app)
    assert _runs()[0].status is RescreenStatus.RUNNING and _kept() == []


def test_when_redis_cannot_take_the_job_the_run_waits_and_the_sweep_queues_it(
    app: Flask, client: FlaskClient, auth: AuthActions, two_adverts: dict[str, int], queue: None
) -> None:
    auth.login("so_reviewer")
    working = app.extensions["hoithi_redis"] if "hoithi_redis" in app.extensions else connection(app)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    app.extensions["hoithi_redis"] = guarded_client(f"redis://127.0.0.1:{port}")  # nobody listens
    try:
        assert client.post("/admin/section8-attempts/rescreen").status_code == 302
    finally:
        app.extensions["hoithi_redis"] = working
    [run] = _runs()
    assert run.status is RescreenStatus.QUEUED and screening_queue(app).count == 0
    assert requeue_rescreens(app) == []  # just asked for: its job may be on its way
    assert rescreen_runs.requeue_lost(db.session, screening_queue(app), utcnow() + timedelta(minutes=2)) == [run.id]
    run_screening_worker(app)
    assert _runs()[0].status is RescreenStatus.DONE and len(_kept()) == 2


def test_only_the_sos_reviewers_ask_for_a_run(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    auth.login("org")
    assert client.post("/admin/section8-attempts/rescreen").status_code == 403
    assert _runs() == []
