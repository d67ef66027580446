"""The organisers' side of a programming contest during the contest: rejudging, the judging page, announcements
and clarifications."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from rq.job import Job
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Announcement,
    AuditEntry,
    Clarification,
    Contest,
    Problem,
    Submission,
    SubmissionStatus,
)
from app.queue import judge_queue
from app.services.programming import grading, judging_settings
from tests.builders import row_of
from tests.conftest import AuthActions

from . import programming_helpers
from .programming_helpers import add_problem, graded_submission, login

world = programming_helpers.world  # a running contest, its organisers, registered students


def test_rejudge_requeues(app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]) -> None:
    problem_id = add_problem(app, world)
    first = graded_submission(problem_id, world["alice"])
    second = graded_submission(problem_id, world["bob"])
    ids = (first.id, second.id)
    queue = judge_queue(app)
    for sid in ids:
        queue.remove(f"submission-{sid}")
    login(client, auth, "org")
    base = f"/contests/{world['contest']}/manage"
    assert client.post(f"{base}/rejudge/submission/{first.id}").status_code == 302
    db.session.expire_all()
    again = row_of(Submission, first.id)
    # queued again, its previous result kept (it still counts until the new one is written)
    assert (again.status, again.verdict, again.score, len(again.tests), again.attempt) == (
        SubmissionStatus.QUEUED,
        "WA",
        20.0,
        1,
        2,
    )
    assert row_of(Submission, second.id).status is SubmissionStatus.DONE
    job = Job.fetch(f"submission-{first.id}", connection=queue.connection, serializer=queue.serializer)
    assert list(job.args) == [first.id]
    assert f"submission-{first.id}" in queue.job_ids

    assert client.post(f"{base}/rejudge/problem/A").status_code == 302
    assert client.post(f"{base}/rejudge").status_code == 302
    db.session.expire_all()
    for sid in ids:
        assert row_of(Submission, sid).status is SubmissionStatus.QUEUED
        Job.fetch(f"submission-{sid}", connection=queue.connection, serializer=queue.serializer)
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("submission.rejudge") == 3


def test_judging_page_shows_the_queue(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    problem_id = add_problem(app, world)
    submission = graded_submission(problem_id, world["alice"])
    queue = judge_queue(app)
    grading.enqueue(queue, submission.id)
    login(client, auth, "org")
    page = client.get(f"/contests/{world['contest']}/manage/judging").get_data(as_text=True)
    assert f'<td id="queue-length">{queue.count}</td>' in page
    assert "Recent submissions" in page and "WA" in page
    assert f"/manage/rejudge/submission/{submission.id}" in page


def _submission_row(client: FlaskClient, base: str, submission_id: int) -> str:
    """The judging page's row of a submission among the recent ones."""
    page = client.get(f"{base}/judging").get_data(as_text=True)
    recent = page[page.index('id="submissions"') :]
    return recent[recent.index(f"<td>{submission_id}</td>") :].split("</tr>")[0]


def test_the_judging_page_shows_a_rejudged_submissions_standing_verdict_marked_as_being_rejudged(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    """During a rejudge the row said "Waiting in the queue" beside the old verdict, as if a judged submission had
    never been judged: it now says it is being judged again and that its verdict stands until the new one."""
    problem_id = add_problem(app, world)
    rejudged = graded_submission(problem_id, world["alice"])
    first = grading.create_submission(db.session, row_of(Problem, problem_id), b"print(2)\n", "python", world["bob"])
    db.session.commit()
    judge_queue(app).empty()
    login(client, auth, "org")
    client.get("/lang/vi")
    base = f"/contests/{world['contest']}/manage"
    assert client.post(f"{base}/rejudge/submission/{rejudged.id}").status_code == 302
    row = _submission_row(client, base, rejudged.id)
    assert "Đang chấm lại (Đang chờ trong hàng đợi)" in row
    assert "WA · Sai kết quả" in row and "giữ nguyên đến khi có kết quả mới" in row
    waiting = _submission_row(client, base, first.id)  # never judged: only waiting
    assert "Đang chờ trong hàng đợi" in waiting and "Đang chấm lại" not in waiting
    page = client.get(f"{base}/judging").get_data(as_text=True)  # the counts say how many of the waiting are
    assert "1 bài trong số đó đang được chấm lại: kết quả cũ vẫn được tính" in page

    db.session.expire_all()
    running = row_of(Submission, rejudged.id)
    running.status, running.progress_done, running.progress_total = SubmissionStatus.RUNNING, 2, 5
    db.session.commit()
    row = _submission_row(client, base, rejudged.id)
    assert "Đang chấm lại (Đang chạy test 2/5)" in row and "WA · Sai kết quả" in row
    client.get("/lang/en")
    row = _submission_row(client, base, rejudged.id)
    assert "Being rejudged (Running test 2 of 5)" in row and "stands until the new result" in row


def test_announcements_and_clarifications(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    add_problem(app, world)
    contest = world["contest"]
    login(client, auth, "org")
    client.post(f"/contests/{contest}/manage/announcements", data={"body": "Bài A: giới hạn thời gian 2 giây."})
    auth.logout()
    assert db.session.scalars(select(Announcement)).one().body.startswith("Bài A")

    login(client, auth, "alice")
    page = client.get(f"/contests/{contest}/clarifications").get_data(as_text=True)
    assert "giới hạn thời gian 2 giây" in page
    problem_id = db.session.scalars(select(Problem.id)).one()
    client.post(f"/contests/{contest}/clarifications", data={"problem": str(problem_id), "question": "N có âm không?"})
    client.post(f"/contests/{contest}/clarifications", data={"problem": "0", "question": "Được dùng Pascal không?"})
    auth.logout()
    private, public = db.session.scalars(select(Clarification).order_by(Clarification.id)).all()

    login(client, auth, "org")
    page = client.get(f"/contests/{contest}/manage/clarifications").get_data(as_text=True)
    assert "N có âm không?" in page and "not answered" in page
    answer = f"/contests/{contest}/manage/clarifications"
    client.post(f"{answer}/{private.id}/answer", data={f"c{private.id}-answer": "Không âm."})
    client.post(f"{answer}/{public.id}/answer", data={f"c{public.id}-answer": "Được.", f"c{public.id}-public": "y"})
    auth.logout()

    login(client, auth, "alice")
    page = client.get(f"/contests/{contest}/clarifications").get_data(as_text=True)
    assert "Không âm." in page and "Được." in page
    auth.logout()
    login(client, auth, "bob")
    page = client.get(f"/contests/{contest}/clarifications").get_data(as_text=True)
    assert "Được." in page and "Được dùng Pascal không?" in page
    assert "Không âm." not in page and "N có âm không?" not in page
    assert "giới hạn thời gian 2 giây" in page
    auth.logout()
    login(client, auth, "outsider")
    assert client.get(f"/contests/{contest}/clarifications").status_code == 403
    assert client.post(f"/contests/{contest}/clarifications", data={"question": "?"}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Clarification)) == 2


def test_no_rejudge_while_the_results_are_published(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    """The awards of published results were fixed from the results as they stood: a rejudge would change the board
    under them. Withdraw, rejudge, publish again."""
    problem_id = add_problem(app, world)
    done = graded_submission(problem_id, world["alice"])
    judge_queue(app).empty()  # ids repeat from test to test: nothing of another test's waits
    settings = judging_settings.settings_for(db.session, row_of(Contest, world["contest"]))
    settings.results_published = True
    db.session.add(settings)
    db.session.commit()
    login(client, auth, "org")
    base = f"/contests/{world['contest']}/manage"
    for url in (f"{base}/rejudge/submission/{done.id}", f"{base}/rejudge/problem/A", f"{base}/rejudge"):
        page = client.post(url, follow_redirects=True).get_data(as_text=True)
        assert "The results are published: withdraw them before rejudging" in page
    db.session.expire_all()
    assert (row_of(Submission, done.id).status, row_of(Submission, done.id).attempt) == (SubmissionStatus.DONE, 1)
    assert f"submission-{done.id}" not in judge_queue(app).job_ids

    assert client.post(f"{base}/withdraw").status_code == 302
    assert client.post(f"{base}/rejudge/submission/{done.id}").status_code == 302
    db.session.expire_all()
    assert row_of(Submission, done.id).status is SubmissionStatus.QUEUED
