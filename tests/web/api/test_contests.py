"""The API's contests, problems, submitting and submission status."""

import base64
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq.job import Job
from rq.serializers import JSONSerializer

from app import queue
from app.extensions import db
from app.models import (
    ContestStatus,
    Feedback,
    ProposalStatus,
    Submission,
    SubmissionStatus,
)
from app.services.programming import judging_settings
from app.timeutil import utcnow
from tests.builders import row_of
from tests.web.api.conftest import ApiWorld

from ... import scratch_projects as sp
from ...factories import ContestFactory, UserFactory
from .conftest import PROGRAM, _judged, bearer, submit, token_for

# -- contests and problems ------------------------------------------------------------------------------------


def test_contests_list_and_detail(client: FlaskClient, world: ApiWorld) -> None:
    contest = world["contest"]
    draft = ContestFactory(status=ContestStatus.DRAFT)
    db.session.commit()
    token = token_for(world["hs"])
    listing = client.get("/api/v1/contests", headers=bearer(token)).get_json()
    assert [c["id"] for c in listing["contests"]] == [contest.id]
    item = listing["contests"][0]
    assert item["kind"] == "informatics" and item["round"] == "province" and item["registration"] == "open"
    assert item["submission_opens"] == contest.submission_opens.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert listing["has_next"] is False
    assert client.get("/api/v1/contests?kind=bogus", headers=bearer(token)).status_code == 400
    assert client.get("/api/v1/contests?kind=elearning", headers=bearer(token)).get_json()["contests"] == []

    detail = client.get(f"/api/v1/contests/{contest.id}", headers=bearer(token)).get_json()
    assert [c["code"] for c in detail["categories"]] == ["B", "C"]
    assert detail["registered"] is True and detail["category"] == "B"
    for missing in (draft.id, 999999):
        response = client.get(f"/api/v1/contests/{missing}", headers=bearer(token))
        assert response.status_code == 404 and response.get_json()["error"]


def test_a_contest_whose_proposal_is_not_approved_is_not_shown_to_its_contestants(
    client: FlaskClient, world: ApiWorld
) -> None:
    contest = world["contest"]
    assert contest.proposal is not None
    contest.proposal.status = ProposalStatus.IN_REVIEW  # its changed text sent to the Sở (Section 8)
    db.session.commit()
    token = token_for(world["hs"])
    assert client.get("/api/v1/contests", headers=bearer(token)).get_json()["contests"] == []
    assert client.get(f"/api/v1/contests/{contest.id}", headers=bearer(token)).status_code == 404
    organiser = bearer(token_for(world["btc"]))
    assert client.get(f"/api/v1/contests/{contest.id}", headers=organiser).status_code == 200


def test_problems_only_inside_the_window_and_of_the_category(client: FlaskClient, world: ApiWorld) -> None:
    contest = world["contest"]
    token, staff = token_for(world["hs"]), token_for(world["btc"])
    url = f"/api/v1/contests/{contest.id}/problems"
    seen = client.get(url, headers=bearer(token)).get_json()
    assert [p["label"] for p in seen["problems"]] == ["A"]
    assert seen["problems"][0]["category"] == "B" and seen["problems"][0]["time_limit_ms"] > 0
    assert seen["reason"] is None and "python" in seen["languages"]
    assert [p["label"] for p in client.get(url, headers=bearer(staff)).get_json()["problems"]] == ["A", "B"]
    assert seen["time_multipliers"] == {key: 1.0 for key in seen["languages"]}

    outsider = token_for(UserFactory())
    assert client.get(url, headers=bearer(outsider)).get_json()["problems"] == []

    contest.submission_opens = utcnow() + timedelta(hours=1)
    db.session.commit()
    early = client.get(url, headers=bearer(token)).get_json()
    assert early["problems"] == [] and early["reason"]
    contest.submission_opens, contest.submission_closes = utcnow() - timedelta(hours=2), utcnow() - timedelta(hours=1)
    db.session.commit()
    assert [p["label"] for p in client.get(url, headers=bearer(token)).get_json()["problems"]] == ["A"]  # readable
    settings = judging_settings.settings_for(db.session, contest)
    settings.problems_after_end = False  # unless the organisers keep them from contestants after the end
    db.session.add(settings)
    db.session.commit()
    assert client.get(url, headers=bearer(token)).get_json()["problems"] == []
    assert len(client.get(url, headers=bearer(staff)).get_json()["problems"]) == 2


# -- submitting -----------------------------------------------------------------------------------------------


def test_submitting_stores_and_queues(app: Flask, client: FlaskClient, world: ApiWorld) -> None:
    contest = world["contest"]
    response = submit(client, contest.id, token_for(world["hs"]))
    assert response.status_code == 201
    body = response.get_json()
    submission = row_of(Submission, body["id"])
    assert submission.status is SubmissionStatus.QUEUED and submission.user_id == world["hs"].id
    assert submission.source == PROGRAM and submission.language == "python"
    assert body["status"] == "queued" and body["url"].endswith(f"/api/v1/submissions/{submission.id}")
    assert response.headers["Location"] == body["url"]
    job = Job.fetch(f"submission-{submission.id}", connection=queue.connection(app), serializer=JSONSerializer)
    assert job.args == (submission.id,) or list(job.args) == [submission.id]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"source": ""}, 422),
        ({"source": "   \n"}, 422),
        ({"source": "x" * (64 * 1024 + 1)}, 422),
        ({"language": "pascal"}, 422),  # the contest allows c, cpp, python only (below)
        ({"language": "cobol"}, 422),
        ({"problem": "B"}, 403),  # category C's
        ({"problem": "Z"}, 403),
        ({"source": 42}, 400),
        ({"problem": None}, 400),
    ],
)
def test_bad_submissions_store_nothing(client: FlaskClient, world: ApiWorld, body: dict[str, str], status: int) -> None:
    contest = world["contest"]
    settings = judging_settings.settings_for(db.session, contest)
    settings.languages = "c,cpp,python"
    db.session.add(settings)
    db.session.commit()
    response = submit(client, contest.id, token_for(world["hs"]), **body)
    assert response.status_code == status
    assert response.get_json()["error"]
    assert db.session.query(Submission).count() == 0


def test_submission_refusals(client: FlaskClient, world: ApiWorld) -> None:
    contest = world["contest"]
    token = token_for(world["hs"])
    url = f"/api/v1/contests/{contest.id}/submissions"
    assert client.post(url, data="not json", headers=bearer(token)).status_code == 400
    assert client.post(url, json=["A", "python", PROGRAM], headers=bearer(token)).status_code == 400
    assert submit(client, 999999, token).status_code == 404
    assert submit(client, contest.id, token_for(UserFactory())).status_code == 403  # not registered
    elearning = ContestFactory(kind="elearning", organiser_unit=contest.organiser_unit)
    db.session.commit()
    assert submit(client, elearning.id, token).status_code == 404

    contest.submission_closes = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = submit(client, contest.id, token)
    assert response.status_code == 422 and response.get_json()["error"]
    assert db.session.query(Submission).count() == 0


def test_one_submission_per_problem_every_ten_seconds(client: FlaskClient, world: ApiWorld) -> None:
    contest = world["contest"]
    token = token_for(world["hs"])
    assert submit(client, contest.id, token).status_code == 201
    again = submit(client, contest.id, token)
    assert again.status_code == 429
    wait = int(again.headers["Retry-After"])  # the real wait, in the header and in the message
    assert 1 <= wait <= 10
    assert f"{wait} giây" in again.get_json()["error"] and "một phút" not in again.get_json()["error"]
    assert db.session.query(Submission).count() == 1


# -- status ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "tests", "verdict"),
    [
        (Feedback.FULL, [{"position": 1, "verdict": "AC", "name": "Test01", "time_ms": 12}], "WA"),
        (Feedback.VERDICTS, [{"position": 1, "verdict": "AC"}], "WA"),
        (Feedback.SCORE, [], None),
    ],
)
def test_status_tells_what_the_feedback_mode_allows(
    client: FlaskClient, world: ApiWorld, mode: Feedback, tests: list[dict[str, object]], verdict: str | None
) -> None:
    submission = _judged(world)
    settings = judging_settings.settings_for(db.session, world["contest"])
    settings.feedback_during = mode
    db.session.add(settings)
    db.session.commit()
    body = client.get(f"/api/v1/submissions/{submission.id}", headers=bearer(token_for(world["hs"]))).get_json()
    assert body["id"] == submission.id and body["problem"] == "A" and body["contest"] == world["contest"].id
    assert body["status"] == "done" and body["final"] is True and body["score"] == 50.0
    assert body["verdict"] == verdict and body["feedback"] == mode.value
    assert len(body["tests"]) == (0 if mode is Feedback.SCORE else 2)
    for expected, got in zip(tests, body["tests"], strict=False):
        assert {k: got.get(k) for k in expected} == expected
        if mode is Feedback.VERDICTS:
            assert set(got) == {"position", "verdict"}


def test_status_of_others_submissions(client: FlaskClient, world: ApiWorld) -> None:
    submission = _judged(world)
    url = f"/api/v1/submissions/{submission.id}"
    response = client.get(url, headers=bearer(token_for(world["hs2"])))
    assert response.status_code == 404 and response.get_json()["error"]
    assert client.get(url, headers=bearer(token_for(world["btc"]))).status_code == 200
    assert client.get("/api/v1/submissions/999999", headers=bearer(token_for(world["hs"]))).status_code == 404


@pytest.mark.parametrize("status", [ProposalStatus.IN_REVIEW, ProposalStatus.REJECTED, None])
def test_a_submission_of_a_contest_its_author_may_no_longer_see_is_not_shown(
    client: FlaskClient, world: ApiWorld, status: ProposalStatus | None
) -> None:
    """As on the web (tests/web/test_unapproved_contests.py): a contest whose proposal is not approved, or a draft
    again, exists for its staff and the Sở's reviewers only, its submissions included (docs/authorisation.md)."""
    submission = _judged(world)
    token, staff = bearer(token_for(world["hs"])), bearer(token_for(world["btc"]))
    url = f"/api/v1/submissions/{submission.id}"
    assert client.get(url, headers=token).status_code == 200
    contest = world["contest"]
    if status is None:
        contest.status = ContestStatus.DRAFT
    else:
        assert contest.proposal is not None
        contest.proposal.status = status
    db.session.commit()
    response = client.get(url, headers=token)
    assert response.status_code == 404 and "verdict" not in response.get_json()
    assert client.get(url, headers=staff).status_code == 200


def test_problems_tell_each_languages_time_limit_multiplier(client: FlaskClient, world: ApiWorld) -> None:
    contest = world["contest"]
    settings = judging_settings.settings_for(db.session, contest)
    settings.languages, settings.time_multipliers = "cpp,python", {"python": 2.5}
    db.session.add(settings)
    db.session.commit()
    seen = client.get(f"/api/v1/contests/{contest.id}/problems", headers=bearer(token_for(world["hs"]))).get_json()
    assert seen["languages"] == ["cpp", "python"]
    assert seen["time_multipliers"] == {"cpp": 1.0, "python": 2.5}


def test_a_scratch_project_is_sent_in_base64_and_anything_else_refused(client: FlaskClient, world: ApiWorld) -> None:
    contest = world["contest"]
    settings = judging_settings.settings_for(db.session, contest)
    settings.languages = "python,scratch"
    db.session.add(settings)
    db.session.commit()
    token = token_for(world["hs"])
    project = sp.adder()
    for source in ("not base64!", base64.b64encode(b"not a zip").decode()):
        refused = submit(client, contest.id, token, language="scratch", source=source)
        assert refused.status_code == 422 and refused.get_json()["error"]
    assert db.session.query(Submission).count() == 0
    accepted = submit(client, contest.id, token, language="scratch", source=base64.b64encode(project).decode())
    assert accepted.status_code == 201
    assert row_of(Submission, accepted.get_json()["id"]).source == base64.b64encode(project).decode()
