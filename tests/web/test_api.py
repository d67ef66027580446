"""The JSON API under /api/v1: tokens, contests, problems, submitting, status, scoreboard, the OpenAPI document."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from rq.job import Job
from rq.serializers import JSONSerializer

from app import queue
from app.extensions import db
from app.models import (
    AccountStatus,
    ApiToken,
    ContestProblem,
    ContestStatus,
    Feedback,
    Role,
    Submission,
    SubmissionStatus,
    SubmissionTest,
)
from app.services import api_tokens, judging, programming, registrations
from app.timeutil import utcnow
from submissions.store import ContentStore

from ..factories import CategoryFactory, ContestFactory, DepartmentFactory, SchoolFactory, UserFactory

SUM = Path(__file__).resolve().parents[1] / "judge" / "data" / "themis" / "SUM"
PROGRAM = "a, b = map(int, input().split())\nprint(a + b)\n"


@pytest.fixture(autouse=True)
def _fresh_redis(app):
    """Submission slots and cached boards of earlier tests (whose ids this test reuses) are forgotten."""
    redis = queue.connection(app)
    for pattern in ("hoithi:submit-slot:*", "hoithi:scoreboard:*"):
        keys = list(redis.scan_iter(pattern))
        if keys:
            redis.delete(*keys)


@pytest.fixture
def world(app):
    """A running programming contest with categories B and C, problem A for B and problem B for C; two students
    of B ("hs", "hs2"), an organiser of the contest ("btc")."""
    department = DepartmentFactory()
    school = SchoolFactory(parent__parent=department)
    contest = ContestFactory(organiser_unit=department)
    cat_b = CategoryFactory(contest=contest, code="B", name="Bảng B")
    cat_c = CategoryFactory(contest=contest, code="C", name="Bảng C")
    users = {
        "hs": UserFactory(username="hs", unit=school),
        "hs2": UserFactory(username="hs2", unit=school),
        "btc": UserFactory(username="btc", unit=department, roles={Role.ORGANISER}),
    }
    store = ContentStore(app.config["STORAGE_DIR"])
    for position, (label, category) in enumerate((("A", cat_b), ("B", cat_c))):
        problem = judging.import_problem(db.session, store, SUM, code=f"SUM{label}")
        db.session.add(
            ContestProblem(
                contest_id=contest.id, problem_id=problem.id, label=label, category_id=category.id, position=position
            )
        )
    for name in ("hs", "hs2"):
        registrations.register(db.session, users[name], contest, member_ids=[users[name].id], category_id=cat_b.id)
    db.session.commit()
    return {"contest": contest, **users}


def token_for(user) -> str:
    _row, token = api_tokens.create(db.session, user, "test")
    db.session.commit()
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def submit(client, contest_id: int, token: str, **body):
    payload = {"problem": "A", "language": "python", "source": PROGRAM} | body
    return client.post(f"/api/v1/contests/{contest_id}/submissions", json=payload, headers=bearer(token))


# -- tokens ---------------------------------------------------------------------------------------------------


def test_token_page_creates_a_token_shown_once(csrf_app):
    client = csrf_app.test_client()
    user = UserFactory(username="hs")
    db.session.commit()
    login_page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"username": "hs", "password": "password123", "csrf_token": csrf})

    page = client.get("/account/tokens").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/account/tokens", data={"name": "laptop"}).status_code == 400  # no CSRF token
    assert db.session.query(ApiToken).count() == 0

    page = client.post("/account/tokens", data={"name": "laptop", "csrf_token": csrf}).get_data(as_text=True)
    tokens = re.findall(r"hoithi_[A-Za-z0-9_-]{40}", page)
    assert len(tokens) == 1
    row = db.session.query(ApiToken).one()
    assert row.user_id == user.id and row.name == "laptop"
    assert row.token_hash == api_tokens.hash_token(tokens[0]) and tokens[0] not in row.token_hash
    assert client.get("/api/v1/contests", headers=bearer(tokens[0])).status_code == 200

    later = client.get("/account/tokens").get_data(as_text=True)
    assert tokens[0] not in later and "laptop" in later
    assert "hoithi_" not in client.get_cookie("session").value  # neither kept in the session

    response = client.post(f"/account/tokens/{row.id}/revoke", data={"csrf_token": csrf})
    assert response.status_code == 302
    assert db.session.query(ApiToken).count() == 0
    assert client.get("/api/v1/contests", headers=bearer(tokens[0])).status_code == 401


def test_token_page_refuses_bad_names_and_others_tokens(client, auth):
    owner = UserFactory(username="owner")
    UserFactory(username="hs")
    db.session.commit()
    row, _token = api_tokens.create(db.session, owner, "owner's")
    db.session.commit()
    auth.login("hs")
    assert client.post("/account/tokens", data={"name": ""}).status_code == 200
    assert client.post("/account/tokens", data={"name": "x" * 101}).status_code == 200
    assert client.post(f"/account/tokens/{row.id}/revoke").status_code == 404
    assert db.session.query(ApiToken).count() == 1
    for n in range(api_tokens.MAX_TOKENS_PER_USER):
        client.post("/account/tokens", data={"name": f"t{n}"})
    page = client.post("/account/tokens", data={"name": "one too many"}).get_data(as_text=True)
    assert "hoithi_" not in page
    assert db.session.query(ApiToken).count() == 1 + api_tokens.MAX_TOKENS_PER_USER


def test_api_needs_a_valid_token_and_ignores_the_session(client, auth, world):
    contest = world["contest"]
    token = token_for(world["hs"])
    url = f"/api/v1/contests/{contest.id}"
    revoked_row, revoked = api_tokens.create(db.session, world["hs"], "old")
    db.session.commit()
    api_tokens.revoke(db.session, world["hs"], revoked_row.id)
    inactive = UserFactory(status=AccountStatus.DEACTIVATED)
    db.session.commit()
    inactive_token = token_for(inactive)
    for headers in (
        {},
        bearer(""),
        bearer("hoithi_" + "x" * 40),
        bearer(token[:-1]),
        bearer(revoked),
        bearer(inactive_token),
        {"Authorization": f"Basic {token}"},
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 401, headers
        assert response.is_json and response.get_json()["error"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")

    auth.login("hs")
    assert client.get(url).status_code == 401  # a browser session is no credential here
    response = submit(client, contest.id, "")
    assert response.status_code == 401 and "Set-Cookie" not in response.headers
    assert db.session.query(Submission).count() == 0
    assert client.get(url, headers=bearer(token)).status_code == 200
    auth.logout()
    auth.login("btc")  # the organiser's session with the student's token: the API sees the student only
    problems = client.get(f"{url}/problems", headers=bearer(token)).get_json()["problems"]
    assert [p["label"] for p in problems] == ["A"]


def test_last_used_is_noted(client, world):
    token = token_for(world["hs"])
    assert db.session.query(ApiToken).one().last_used_at is None
    client.get("/api/v1/contests", headers=bearer(token))
    db.session.expire_all()
    first = db.session.query(ApiToken).one().last_used_at
    assert first is not None and abs(utcnow() - first) < timedelta(minutes=1)


# -- contests and problems ------------------------------------------------------------------------------------


def test_contests_list_and_detail(client, world):
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


def test_problems_only_inside_the_window_and_of_the_category(client, world):
    contest = world["contest"]
    token, staff = token_for(world["hs"]), token_for(world["btc"])
    url = f"/api/v1/contests/{contest.id}/problems"
    seen = client.get(url, headers=bearer(token)).get_json()
    assert [p["label"] for p in seen["problems"]] == ["A"]
    assert seen["problems"][0]["category"] == "B" and seen["problems"][0]["time_limit_ms"] > 0
    assert seen["reason"] is None and "python" in seen["languages"]
    assert [p["label"] for p in client.get(url, headers=bearer(staff)).get_json()["problems"]] == ["A", "B"]

    outsider = token_for(UserFactory())
    assert client.get(url, headers=bearer(outsider)).get_json()["problems"] == []

    contest.submission_opens = utcnow() + timedelta(hours=1)
    db.session.commit()
    early = client.get(url, headers=bearer(token)).get_json()
    assert early["problems"] == [] and early["reason"]
    contest.submission_opens, contest.submission_closes = utcnow() - timedelta(hours=2), utcnow() - timedelta(hours=1)
    db.session.commit()
    assert client.get(url, headers=bearer(token)).get_json()["problems"] == []
    assert len(client.get(url, headers=bearer(staff)).get_json()["problems"]) == 2


# -- submitting -----------------------------------------------------------------------------------------------


def test_submitting_stores_and_queues(app, client, world):
    contest = world["contest"]
    response = submit(client, contest.id, token_for(world["hs"]))
    assert response.status_code == 201
    body = response.get_json()
    submission = db.session.get(Submission, body["id"])
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
def test_bad_submissions_store_nothing(client, world, body, status):
    contest = world["contest"]
    settings = programming.settings_for(db.session, contest)
    settings.languages = "c,cpp,python"
    db.session.add(settings)
    db.session.commit()
    response = submit(client, contest.id, token_for(world["hs"]), **body)
    assert response.status_code == status
    assert response.get_json()["error"]
    assert db.session.query(Submission).count() == 0


def test_submission_refusals(client, world):
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


def test_one_submission_per_problem_every_ten_seconds(client, world):
    contest = world["contest"]
    token = token_for(world["hs"])
    assert submit(client, contest.id, token).status_code == 201
    again = submit(client, contest.id, token)
    assert again.status_code == 429 and again.get_json()["error"]
    assert db.session.query(Submission).count() == 1


# -- status ---------------------------------------------------------------------------------------------------


def _judged(world) -> Submission:
    problem_id = db.session.query(ContestProblem).filter_by(label="A").one().problem_id
    submission = Submission(
        problem_id=problem_id,
        user_id=world["hs"].id,
        language="python",
        source=PROGRAM,
        status=SubmissionStatus.DONE,
        verdict="WA",
        score=50.0,
        max_score=100.0,
        progress_done=2,
        progress_total=2,
        tests=[
            SubmissionTest(position=1, name="Test01", verdict="AC", time_ms=12, memory_kb=900, score=50.0),
            SubmissionTest(position=2, name="Test02", verdict="WA", time_ms=15, memory_kb=900, score=0.0),
        ],
    )
    db.session.add(submission)
    db.session.commit()
    return submission


@pytest.mark.parametrize(
    ("mode", "tests", "verdict"),
    [
        (Feedback.FULL, [{"position": 1, "verdict": "AC", "name": "Test01", "time_ms": 12}], "WA"),
        (Feedback.VERDICTS, [{"position": 1, "verdict": "AC"}], "WA"),
        (Feedback.SCORE, [], None),
    ],
)
def test_status_tells_what_the_feedback_mode_allows(client, world, mode, tests, verdict):
    submission = _judged(world)
    settings = programming.settings_for(db.session, world["contest"])
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


def test_status_of_others_submissions(client, world):
    submission = _judged(world)
    url = f"/api/v1/submissions/{submission.id}"
    response = client.get(url, headers=bearer(token_for(world["hs2"])))
    assert response.status_code == 403 and response.get_json()["error"]
    assert client.get(url, headers=bearer(token_for(world["btc"]))).status_code == 200
    assert client.get("/api/v1/submissions/999999", headers=bearer(token_for(world["hs"]))).status_code == 404


# -- scoreboard -----------------------------------------------------------------------------------------------


def test_scoreboard(client, world):
    _judged(world)
    contest = world["contest"]
    url = f"/api/v1/contests/{contest.id}/scoreboard"
    board = client.get(url, headers=bearer(token_for(world["hs2"]))).get_json()
    assert board["contest_id"] == contest.id and board["mode"] == "ioi"
    assert [p["label"] for p in board["problems"]] == ["A", "B"]
    first = board["rows"][0]
    assert first["rank"] == 1 and first["total"] == 50.0 and first["members"] == [world["hs"].full_name]
    assert first["cells"][0]["score"] == 50.0
    assert board["computed_at"].endswith("Z")
    assert client.get(f"{url}?unit=x", headers=bearer(token_for(world["hs"]))).status_code == 400
    assert client.get(url).status_code == 401


# -- the OpenAPI document -------------------------------------------------------------------------------------


def _openapi_path(rule) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)


def test_openapi_describes_every_route(app, client):
    response = client.get("/api/v1/openapi.json")  # public: no token needed
    assert response.status_code == 200
    document = json.loads(response.get_data(as_text=True))
    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    routes = {
        (_openapi_path(rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    described = {(path, method) for path, item in document["paths"].items() for method in item}
    assert routes == described
    for path, item in document["paths"].items():
        for operation in item.values():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert names == set(re.findall(r"{([a-z_]+)}", path)), path
            assert operation["responses"]

    def refs(node):
        if isinstance(node, dict):
            if "$ref" in node:
                yield node["$ref"]
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    for ref in refs(document):
        target = document
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]


def test_responses_match_the_documented_schemas(app, client, world):
    """Every field a response has is documented, and every documented required field is there."""
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    submission = _judged(world)
    token = token_for(world["hs"])
    contest = world["contest"].id
    cases = [
        (f"/api/v1/contests/{contest}", "ContestDetail"),
        ("/api/v1/contests", "ContestList"),
        (f"/api/v1/contests/{contest}/problems", "ProblemList"),
        (f"/api/v1/submissions/{submission.id}", "SubmissionStatus"),
        (f"/api/v1/contests/{contest}/scoreboard", "Scoreboard"),
    ]
    for url, name in cases:
        body = client.get(url, headers=bearer(token)).get_json()
        assert set(body) == set(schemas[name]["properties"]), url
    listing = client.get("/api/v1/contests", headers=bearer(token)).get_json()
    assert set(listing["contests"][0]) == set(schemas["Contest"]["properties"])
    board = client.get(f"/api/v1/contests/{contest}/scoreboard", headers=bearer(token)).get_json()
    assert set(board["rows"][0]) == set(schemas["ScoreboardRow"]["properties"])
    assert set(board["rows"][0]["cells"][0]) == set(schemas["ScoreboardCell"]["properties"])
    created = submit(client, contest, token).get_json()
    assert set(created) == set(schemas["SubmissionCreated"]["properties"])
