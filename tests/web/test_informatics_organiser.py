"""The organisers' side of a programming contest: problems, statements, settings, rejudging, judging,
announcements and clarifications."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from flask import current_app
from rq.job import Job
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Announcement,
    AuditEntry,
    Clarification,
    Contest,
    ContestProblem,
    Feedback,
    Problem,
    ProgrammingSettings,
    Role,
    ScoreboardMode,
    Submission,
    SubmissionStatus,
    SubmissionTest,
    User,
)
from app.queue import judge_queue
from app.services import judging, problem_admin, programming, registrations
from app.timeutil import to_local, utcnow
from submissions.store import ContentStore

from ..factories import CategoryFactory, ContestFactory, DepartmentFactory, SchoolFactory, UserFactory

DATA = Path(__file__).resolve().parents[1] / "judge" / "data"
SUM = DATA / "themis" / "SUM"
SPLIT = DATA / "kattis" / "split"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def zip_of(folder: Path, extra: dict[str, bytes] | None = None) -> io.BytesIO:
    """A zip of ``folder`` (kept as the zip's top folder) plus ``extra`` files (paths inside that folder)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
        for name, data in (extra or {}).items():
            zf.writestr(f"{folder.name}/{name}", data)
    buffer.seek(0)
    return buffer


@pytest.fixture
def world(app):
    """A running programming contest with two categories, its organiser, an organiser of another unit, two
    registered students (category B) and one who is not registered."""
    department = DepartmentFactory()
    school = SchoolFactory(parent__parent=department)
    contest = ContestFactory(organiser_unit=department)
    b = CategoryFactory(contest=contest, code="B")
    c = CategoryFactory(contest=contest, code="C")
    people = {
        "organiser": UserFactory(username="org", unit=department, roles={Role.ORGANISER}),
        "other_organiser": UserFactory(username="org2", roles={Role.ORGANISER}),
        "alice": UserFactory(username="alice", unit=school),
        "bob": UserFactory(username="bob", unit=school),
        "outsider": UserFactory(username="outsider", unit=school),
    }
    for name in ("alice", "bob"):
        registrations.register(db.session, people[name], contest, member_ids=[people[name].id], category_id=b.id)
    db.session.commit()
    return {"contest": contest.id, "B": b.id, "C": c.id, **{k: v.id for k, v in people.items()}}


def login(client, auth, username: str) -> None:
    """Log in and read the pages in English (the msgids the assertions name)."""
    assert auth.login(username).status_code == 302
    client.get("/lang/en")


def upload(client, contest_id: int, package: io.BytesIO, filename: str, **fields):  # type: ignore[no-untyped-def]
    data = {"label": "A", "category": "0", **fields, "package": (package, filename)}
    return client.post(f"/contests/{contest_id}/manage/problems", data=data, content_type="multipart/form-data")


def counts() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(Problem)),
        db.session.scalar(select(func.count()).select_from(ContestProblem)),
    )


def test_upload_themis_zip_shows_the_import_report(app, client, auth, world):
    login(client, auth, "org")
    response = upload(client, world["contest"], zip_of(SUM, {"SUM.pdf": PDF}), "SUM.zip", total_points="50")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Problem A has been imported" in page
    assert "import-report" in page and "themis" in page and "5 tests in 0 groups" in page
    problem = db.session.scalars(select(Problem)).one()
    report = problem.import_report
    assert (report["format"], report["tests"], report["checker"], report["file_io"]) == ("themis", 5, "tokens", "SUM")
    assert problem.contest_id == world["contest"] and problem.max_score == 50
    assert problem.statement_kind == "pdf" and problem.statement_hash
    if report["sandbox_error"] is None:
        assert [r["verdict"] for r in report["references"]] == ["AC"] * 4
        assert "sum_stdio.py" in page
    else:
        assert "the sandbox is unavailable" in page
    contest_problem = db.session.scalars(select(ContestProblem)).one()
    assert (contest_problem.label, contest_problem.category_id, contest_problem.position) == ("A", None, 1)
    # a Themis task has no samples, and its tests are all scored: none is shown to contestants
    assert problem_admin.samples(problem) == []


def test_upload_kattis_zip_with_a_statement(app, client, auth, world):
    login(client, auth, "org")
    statement = {
        "problem_statement/problem.vi.md": "# Tách số\n\nCho $n_1$, $a_i < b_i$.\n<script>alert(1)</script>\n".encode(),
        "problem_statement/problem.en.md": b"# Split\n",
        "submissions/accepted/split.rs": b"fn main() {}\n",  # a language hoithi does not judge
    }
    response = upload(
        client, world["contest"], zip_of(SPLIT, statement), "split.zip", label="B2", category=str(world["B"])
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    problem = db.session.scalars(select(Problem)).one()
    report = problem.import_report
    assert (report["format"], report["tests"], report["groups"], report["samples"]) == ("kattis", 5, 3, 1)
    assert report["checker"] == "kattis" and report["statement"] == "md"
    assert report["skipped"] == [
        {"path": "submissions/accepted/split.rs", "reason": "a language hoithi does not judge (.rs)"}
    ]
    assert "Left out" in page and "submissions/accepted/split.rs: a language hoithi does not judge (.rs)" in page
    assert problem.statement_text is not None and "Tách số" in problem.statement_text
    assert "<h1>Tách số</h1>" in page and "$n_1$" in page and "$a_i &lt; b_i$" in page
    assert "<script>alert" not in page and "vendor/katex/katex.min.js" in page
    assert problem_admin.samples(problem) == [
        (SPLIT.joinpath("data/sample/1.in").read_text(), SPLIT.joinpath("data/sample/1.ans").read_text())
    ]
    assert db.session.scalars(select(ContestProblem)).one().category_id == world["B"]


@pytest.mark.parametrize(
    ("package", "words"),
    [
        (io.BytesIO(b"this is not a zip"), "not a readable zip file"),
        (zip_of(SPLIT / "submissions"), "Problem Z: this zip is not a problem package. Upload a Kattis"),  # no tests
        (zip_of(SUM, {"Test06/SUM.INP": b"1 2\n"}), "SUM.OUT is missing"),
    ],
)
def test_a_broken_package_is_refused_and_nothing_is_stored(app, client, auth, world, package, words):
    login(client, auth, "org")
    store = Path(app.config["STORAGE_DIR"])
    before = sorted(store.rglob("*")) if store.exists() else []
    response = upload(client, world["contest"], package, "broken.zip", label="Z")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert words in page
    assert words.startswith("Problem Z") or "Problem Z: the package cannot be used" in page
    assert "/tmp" not in page and "hoithi-judge" not in page
    assert counts() == (0, 0)
    assert (sorted(store.rglob("*")) if store.exists() else []) == before


def test_a_taken_label_is_refused(app, client, auth, world):
    login(client, auth, "org")
    assert upload(client, world["contest"], zip_of(SUM), "SUM.zip").status_code == 302
    response = upload(client, world["contest"], zip_of(SUM), "SUM.zip")
    assert "Another problem of this contest has the label A." in response.get_data(as_text=True)
    assert counts() == (1, 1)


def add_problem(app, world, label: str = "A", category: str | None = None, statement: bytes | None = None) -> int:
    """Import SUM (with a PDF statement if given) straight through the service; the Problem id."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "SUM.zip"
        path.write_bytes(zip_of(SUM, {"SUM.pdf": statement} if statement else None).getvalue())
        added = problem_admin.add_problem(
            db.session,
            ContentStore(app.config["STORAGE_DIR"]),
            "none-such",  # no reference grading here: the report says the sandbox is unavailable
            db.session.get(Contest, world["contest"]),
            db.session.get(User, world["organiser"]),
            path,
            problem_admin.ProblemUpload(
                label=label, filename="SUM.zip", category_id=world[category] if category else None
            ),
        )
    db.session.commit()
    return added.problem_id


def test_edit_and_remove_a_problem(app, client, auth, world):
    problem_id = add_problem(app, world)
    assert db.session.get(Problem, problem_id).import_report["sandbox_error"]
    login(client, auth, "org")
    base = f"/contests/{world['contest']}/manage/problems"
    response = client.post(f"{base}/A", data={"label": "P1", "category": str(world["C"]), "position": "7"})
    assert response.status_code == 302
    db.session.expire_all()
    contest_problem = db.session.scalars(select(ContestProblem)).one()
    assert (contest_problem.label, contest_problem.category_id, contest_problem.position) == ("P1", world["C"], 7)
    submission = judging.create_submission(db.session, contest_problem.problem, b"print(1)\n", "python", world["alice"])
    db.session.commit()
    client.post(f"{base}/P1/remove")
    assert "it can no longer be removed" in client.get(f"{base}/P1").get_data(as_text=True)
    assert counts() == (1, 1)
    db.session.delete(submission)
    db.session.commit()
    assert client.post(f"{base}/P1/remove").status_code == 302
    assert counts() == (0, 0)


def test_non_staff_get_403_on_every_organiser_page(app, client, auth, world):
    add_problem(app, world)
    submission = judging.create_submission(
        db.session, db.session.scalars(select(Problem)).one(), b"print(1)\n", "python", world["alice"]
    )
    db.session.commit()
    base = f"/contests/{world['contest']}"
    pages = [
        ("GET", "/manage/problems"),
        ("POST", "/manage/problems"),
        ("GET", "/manage/problems/A"),
        ("POST", "/manage/problems/A"),
        ("POST", "/manage/problems/A/remove"),
        ("GET", "/manage/settings"),
        ("POST", "/manage/settings"),
        ("GET", "/manage/judging"),
        ("POST", f"/manage/rejudge/submission/{submission.id}"),
        ("POST", "/manage/rejudge/problem/A"),
        ("POST", "/manage/rejudge"),
        ("GET", "/manage/announcements"),
        ("POST", "/manage/announcements"),
        ("GET", "/manage/clarifications"),
        ("POST", "/manage/clarifications/1/answer"),
    ]
    for username in ("alice", "org2"):
        login(client, auth, username)
        for method, path in pages:
            assert client.open(base + path, method=method).status_code == 403, (username, method, path)
        auth.logout()
    assert counts() == (1, 1)
    assert db.session.get(Submission, submission.id).status is SubmissionStatus.QUEUED


def test_settings_are_saved(app, client, auth, world):
    login(client, auth, "org")
    url = f"/contests/{world['contest']}/manage/settings"
    assert 'value="python"' in client.get(url).get_data(as_text=True)
    data = {
        "scoreboard_mode": "icpc",
        "best_per_subtask": "y",
        "freeze_minutes": "30",
        "scoreboard_public": "y",
        "feedback_during": "score",
        "feedback_after": "verdicts",
        "languages": ["c", "python"],
        "submission_opens": "2026-11-20T07:30",
        "submission_closes": "2026-11-20T10:30",
    }
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    settings = db.session.get(ProgrammingSettings, world["contest"])
    assert settings.scoreboard_mode is ScoreboardMode.ICPC and settings.best_per_subtask
    assert (settings.freeze_minutes, settings.scoreboard_public, settings.problems_after_end) == (30, True, False)
    assert (settings.feedback_during, settings.feedback_after) == (Feedback.SCORE, Feedback.VERDICTS)
    assert settings.language_keys == ["c", "python"]
    contest = settings.contest
    assert (contest.submission_opens.hour, contest.submission_closes.hour) == (0, 3)  # 07:30 in Vietnam is 00:30 UTC
    bad = client.post(url, data={**data, "submission_closes": "2026-11-20T06:00", "freeze_minutes": "5"})
    assert "Submission must open before it closes." in bad.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ProgrammingSettings, world["contest"]).freeze_minutes == 30


SETTINGS = {
    "scoreboard_mode": "ioi",
    "freeze_minutes": "0",
    "feedback_during": "full",
    "feedback_after": "full",
    "languages": ["c", "cpp", "python", "java"],
    "submission_opens": "2026-11-20T07:30",
    "submission_closes": "2026-11-20T10:30",
}


def test_time_multipliers_are_set_per_language(app, client, auth, world):
    login(client, auth, "org")
    url = f"/contests/{world['contest']}/manage/settings"
    page = client.get(url).get_data(as_text=True)
    assert 'name="time_multipliers-python"' in page and 'name="time_multipliers-java"' in page
    data = {**SETTINGS, "time_multipliers-python": "2", "time_multipliers-java": "1.5", "time_multipliers-c": ""}
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    settings = db.session.get(ProgrammingSettings, world["contest"])
    assert settings.time_multipliers == {"python": 2.0, "java": 1.5}
    assert (settings.time_multiplier("c"), settings.time_multiplier("cpp")) == (1.0, 1.0)
    page = client.get(url).get_data(as_text=True)
    assert 'name="time_multipliers-python" step="any" type="number" value="2"' in page
    assert 'name="time_multipliers-java" step="any" type="number" value="1.5"' in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"time_multipliers-python": "hai"}, "Not a valid decimal value."),
        ({"time_multipliers-python": "0"}, "The time limit multiplier of Python 3 must be a number more than 0"),
        ({"time_multipliers-python": "-1"}, "The time limit multiplier of Python 3 must be a number more than 0"),
        ({"time_multipliers-python": "10.5"}, "must be a number more than 0 and at most 10."),
        ({"time_multipliers-python": "NaN"}, "must be a number more than 0 and at most 10."),
        (
            {"time_multipliers-pascal": "2"},
            "Pascal (Free Pascal) is not one of the contest&#39;s languages: leave its time limit multiplier at 1.",
        ),
    ],
)
def test_a_bad_time_multiplier_is_refused_and_changes_nothing(app, client, auth, world, fields, message):
    login(client, auth, "org")
    url = f"/contests/{world['contest']}/manage/settings"
    assert client.post(url, data={**SETTINGS, "time_multipliers-python": "2"}).status_code == 302
    refused = client.post(url, data={**SETTINGS, "freeze_minutes": "15", **fields})
    assert refused.status_code == 200 and message in refused.get_data(as_text=True)
    db.session.expire_all()
    settings = db.session.get(ProgrammingSettings, world["contest"])
    assert (settings.time_multipliers, settings.freeze_minutes) == ({"python": 2.0}, 0)


def test_a_bad_time_multiplier_is_explained_in_vietnamese(app, client, auth, world):
    auth.login("org")
    url = f"/contests/{world['contest']}/manage/settings"
    refused = client.post(url, data={**SETTINGS, "time_multipliers-python": "11"}).get_data(as_text=True)
    assert "Hệ số giới hạn thời gian của Python 3 phải là một số lớn hơn 0 và không quá 10." in refused
    refused = client.post(url, data={**SETTINGS, "time_multipliers-python": "hai"}).get_data(as_text=True)
    assert "Giá trị phải là số thập phân hợp lệ." in refused
    assert db.session.get(ProgrammingSettings, world["contest"]) is None


def graded_submission(problem_id: int, user_id: int) -> Submission:
    submission = judging.create_submission(
        db.session, db.session.get(Problem, problem_id), b"print(1)\n", "python", user_id
    )
    submission.status, submission.verdict, submission.score, submission.attempt = SubmissionStatus.DONE, "WA", 20.0, 1
    submission.tests.append(SubmissionTest(position=1, name="Test01", verdict="WA", time_ms=1, memory_kb=1, score=0))
    db.session.commit()
    return submission


def test_rejudge_requeues(app, client, auth, world):
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
    again = db.session.get(Submission, first.id)
    assert (again.status, again.verdict, again.score, again.tests, again.attempt) == (
        SubmissionStatus.QUEUED,
        None,
        None,
        [],
        2,
    )
    assert db.session.get(Submission, second.id).status is SubmissionStatus.DONE
    job = Job.fetch(f"submission-{first.id}", connection=queue.connection, serializer=queue.serializer)
    assert list(job.args) == [first.id]
    assert f"submission-{first.id}" in queue.job_ids

    assert client.post(f"{base}/rejudge/problem/A").status_code == 302
    assert client.post(f"{base}/rejudge").status_code == 302
    db.session.expire_all()
    for sid in ids:
        assert db.session.get(Submission, sid).status is SubmissionStatus.QUEUED
        Job.fetch(f"submission-{sid}", connection=queue.connection, serializer=queue.serializer)
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("submission.rejudge") == 3


def test_judging_page_shows_the_queue(app, client, auth, world):
    problem_id = add_problem(app, world)
    submission = graded_submission(problem_id, world["alice"])
    queue = judge_queue(app)
    judging.enqueue(queue, submission.id)
    login(client, auth, "org")
    page = client.get(f"/contests/{world['contest']}/manage/judging").get_data(as_text=True)
    assert f'<td id="queue-length">{queue.count}</td>' in page
    assert "Recent submissions" in page and "WA" in page
    assert f"/manage/rejudge/submission/{submission.id}" in page


def test_announcements_and_clarifications(app, client, auth, world):
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


def test_statement_rendering_is_sanitised():
    markdown = Problem(
        statement_kind="md",
        statement_text=(
            "# Đề\n\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n<iframe src=/></iframe>\n"
            'Tính $a_1 + b_1$ và $$\\sum_{i=1}^n x_i$$ với \\(x < y\\).\n\n<a href="javascript:alert(1)">x</a>\n'
        ),
    )
    html = str(problem_admin.render_statement(markdown))
    assert "<h1>Đề</h1>" in html
    for bad in ("<script", "onerror", "<iframe", "javascript:"):
        assert bad not in html
    assert "$a_1 + b_1$" in html and "$$\\sum_{i=1}^n x_i$$" in html and "\\(x &lt; y\\)" in html
    page = Problem(
        statement_kind="html", statement_text='<p onclick="x()">Hi $x$</p><script>1</script><style>p{}</style>'
    )
    assert str(problem_admin.render_statement(page)) == "<p>Hi $x$</p>"
    assert str(problem_admin.render_statement(Problem(statement_kind=None))) == ""


def test_the_pdf_statement_goes_only_to_who_may_see_the_problem(app, client, auth, world):
    add_problem(app, world, label="A", statement=PDF)
    add_problem(app, world, label="C1", category="C", statement=PDF)
    base = f"/contests/{world['contest']}/problems"
    login(client, auth, "alice")
    response = client.get(f"{base}/A/statement.pdf")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response.headers.get("Content-Disposition", "")
    assert client.get(f"{base}/C1/statement.pdf").status_code == 403  # another category's problem
    auth.logout()
    login(client, auth, "outsider")
    assert client.get(f"{base}/A/statement.pdf").status_code == 403
    auth.logout()
    login(client, auth, "org")
    assert client.get(f"{base}/C1/statement.pdf").status_code == 200
    assert client.get(f"{base}/Z/statement.pdf").status_code == 404


def test_the_upload_is_capped_and_needs_the_form_token(app, client, auth, world, monkeypatch):
    login(client, auth, "org")
    monkeypatch.setattr(problem_admin, "MAX_PACKAGE_BYTES", 4096)
    big = io.BytesIO(b"PK" + b"\0" * 10_000)
    assert upload(client, world["contest"], big, "big.zip").status_code == 413
    monkeypatch.undo()
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = upload(client, world["contest"], zip_of(SUM), "SUM.zip")  # no csrf_token in the form
    assert response.status_code == 200 and "The form has expired" in response.get_data(as_text=True)
    assert counts() == (0, 0)


def test_the_problem_page_announces_the_judges_file_names(app, client, auth, world, tmp_path):
    """Issue 11, item 2: a Themis task TONG uploaded as de-thi-1.zip with the code left blank is announced as
    TONG.INP / TONG.OUT, the files the judge supplies, not de-thi-1.INP."""
    task = tmp_path / "TONG"
    for test in sorted(p for p in SUM.iterdir() if p.name.startswith("Test")):
        inp = next(f for f in test.iterdir() if f.suffix.lower() == ".inp")
        out = next(f for f in test.iterdir() if f.suffix.lower() == ".out")
        (task / test.name).mkdir(parents=True)
        (task / test.name / "TONG.INP").write_bytes(inp.read_bytes())
        (task / test.name / "TONG.OUT").write_bytes(out.read_bytes())
    login(client, auth, "org")
    assert upload(client, world["contest"], zip_of(task), "de-thi-1.zip", code="").status_code == 302
    report = client.get(f"/contests/{world['contest']}/manage/problems/A").get_data(as_text=True)
    assert "files TONG.INP / TONG.OUT" in report
    auth.logout()
    login(client, auth, "alice")
    page = client.get(f"/contests/{world['contest']}/problems/A").get_data(as_text=True)
    assert "Input: the file TONG.INP or the keyboard." in page
    assert "Output: the file TONG.OUT or the screen." in page
    assert "de-thi-1.INP" not in page


def test_a_kattis_problem_announces_the_standard_streams(app, client, auth, world, tmp_path):
    path = tmp_path / "split.zip"
    path.write_bytes(zip_of(SPLIT).getvalue())
    problem_admin.add_problem(
        db.session,
        ContentStore(app.config["STORAGE_DIR"]),
        "none-such",
        db.session.get(Contest, world["contest"]),
        db.session.get(User, world["organiser"]),
        path,
        problem_admin.ProblemUpload(label="A", filename="split.zip"),
    )
    db.session.commit()
    login(client, auth, "alice")
    page = client.get(f"/contests/{world['contest']}/problems/A").get_data(as_text=True)
    assert "Input: the keyboard (standard input)." in page and "Output: the screen (standard output)." in page


def _window_world(world, minutes_ago: int = 30) -> Contest:  # type: ignore[no-untyped-def]
    """The contest opened 2 h ago and closing in 2 h, with a graded submission of alice's made ``minutes_ago``
    minutes ago and one of bob's 5 minutes ago."""
    contest = db.session.get(Contest, world["contest"])
    contest.submission_opens = utcnow() - timedelta(hours=2)
    contest.submission_closes = utcnow() + timedelta(hours=2)
    problem_id = add_problem(current_app, world)
    for who, ago in (("alice", minutes_ago), ("bob", 5)):
        submission = graded_submission(problem_id, world[who])
        submission.created_at = utcnow() - timedelta(minutes=ago)
    db.session.commit()
    return contest


def _local(moment) -> str:  # type: ignore[no-untyped-def]
    return to_local(moment).strftime("%Y-%m-%dT%H:%M")


def test_moving_the_window_before_submissions_asks_first_and_says_what_it_does(app, client, auth, world):
    """Issue 11, item 8: moving the end before bob's submission would silently score it 0 on the scoreboard."""
    contest = _window_world(world)
    opens, closes = contest.submission_opens, contest.submission_closes
    login(client, auth, "org")
    url = f"/contests/{world['contest']}/manage/settings"
    data = {
        **SETTINGS,
        "scoreboard_public": "y",
        "submission_opens": _local(opens),
        "submission_closes": _local(utcnow() - timedelta(minutes=15)),
    }
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="window-confirmation"' in page
    assert "The contest already has 2 submissions. With the new window, 1 of them fall outside it" in page
    assert "(they score 0 there)" in page and _local(utcnow() - timedelta(minutes=15)) in page  # what was typed
    db.session.expire_all()
    assert db.session.get(Contest, world["contest"]).submission_closes == closes  # nothing changed
    assert client.post(url, data={**data, "confirm_window": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Contest, world["contest"]).submission_closes < utcnow()
    # other settings are saved without asking while the window stays where it is
    assert client.post(url, data={**data, "freeze_minutes": "10"}).status_code == 302


def test_the_window_can_change_freely_before_any_submission(app, client, auth, world):
    login(client, auth, "org")
    url = f"/contests/{world['contest']}/manage/settings"
    assert client.post(url, data=SETTINGS).status_code == 302


def test_results_are_published_in_a_step_of_their_own(app, client, auth, world):
    """Issue 11, item 8: a publish step; a scoreboard kept from the public until then."""
    contest = _window_world(world)
    settings = programming.settings_for(db.session, contest)
    settings.scoreboard_public = False
    db.session.add(settings)
    db.session.commit()
    board = f"/contests/{world['contest']}/scoreboard"
    login(client, auth, "alice")
    hidden = client.get(board)
    assert hidden.status_code == 403
    assert "The scoreboard will be shown when the organisers publish the results." in hidden.get_data(as_text=True)
    assert client.get(f"{board}/live").status_code == 403 and client.get(f"{board}.xlsx").status_code == 403
    auth.logout()
    login(client, auth, "org")
    assert client.get(board).status_code == 200  # staff always see it
    url = f"/contests/{world['contest']}/manage/settings"
    page = client.get(url).get_data(as_text=True)
    assert "The results can be published once the window closes" in page and 'id="publish"' not in page
    refused = client.post(f"/contests/{world['contest']}/manage/publish", data={"confirm": "y"}, follow_redirects=True)
    assert "The results can be published only after the window closes" in refused.get_data(as_text=True)
    contest = db.session.get(Contest, world["contest"])
    contest.submission_closes = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert 'id="publish"' in client.get(url).get_data(as_text=True)
    unconfirmed = client.post(f"/contests/{world['contest']}/manage/publish", data={}, follow_redirects=True)
    assert "Tick the confirmation to publish the results." in unconfirmed.get_data(as_text=True)
    assert not db.session.get(ProgrammingSettings, world["contest"]).results_published
    page = client.post(
        f"/contests/{world['contest']}/manage/publish", data={"confirm": "y"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "The results have been published." in page and 'id="published-note"' in page
    db.session.expire_all()
    assert db.session.get(ProgrammingSettings, world["contest"]).results_published_at is not None
    auth.logout()
    login(client, auth, "alice")
    shown = client.get(board).get_data(as_text=True)
    assert 'id="final-note"' in shown
