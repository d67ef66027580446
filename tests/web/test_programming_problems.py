"""The organisers' side of a programming contest: problems (upload, import report, edit, remove), statements,
the file names announced, the upload's limits."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Contest,
    ContestProblem,
    Problem,
    Submission,
    SubmissionStatus,
    User,
)
from app.services.programming import grading, problem_admin, problem_display
from submissions.store import LocalStore
from tests.builders import row_of
from tests.conftest import AuthActions

from .. import scratch_projects
from ..sandbox.conftest import usable
from . import programming_helpers
from .programming_helpers import PDF, SPLIT, SUM, add_problem, counts, login, upload, zip_of

world = programming_helpers.world  # a running contest, its organisers, registered students


@pytest.mark.slow  # the reference solutions graded in the real sandbox
def test_upload_themis_zip_shows_the_import_report(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    login(client, auth, "org")
    response = upload(client, world["contest"], zip_of(SUM, {"SUM.pdf": PDF}), "SUM.zip", total_points="50")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Problem A has been imported" in page
    assert "import-report" in page and "Themis" in page and "5 tests in 0 groups" in page
    problem = db.session.scalars(select(Problem)).one()
    report: dict[str, Any] = problem.import_report
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
    assert problem_display.samples(problem) == []


@pytest.mark.slow
@pytest.mark.bwrap
def test_a_scratch_reference_is_left_unchecked_where_scratch_cannot_be_judged(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    world: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a host without the Scratch runtime the organiser adding a Scratch task sees its project reference left
    unchecked, saying why, while the Python reference is graded and gives the time limit."""
    usable("bwrap")
    app.config["SANDBOX"] = "bwrap"
    monkeypatch.setenv("HOITHI_SCRATCH_RUNTIME", str(tmp_path / "not-installed"))
    package = tmp_path / "cong"
    (package / "data" / "secret").mkdir(parents=True)
    (package / "problem.yaml").write_text("name: Cộng\n", "utf-8")
    (package / "data" / "secret" / "1.in").write_text("3\n4\n")
    (package / "data" / "secret" / "1.ans").write_text("7\n")
    references = {
        "submissions/accepted/cong.sb3": scratch_projects.adder(),
        "submissions/accepted/cong.py": b"print(int(input()) + int(input()))\n",
    }
    login(client, auth, "org")
    response = upload(client, world["contest"], zip_of(package, references), "cong.zip")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    report: dict[str, Any] = db.session.scalars(select(Problem)).one().import_report
    assert report["sandbox_error"] is None
    rows = {r["path"]: r for r in report["references"]}
    assert rows["submissions/accepted/cong.py"]["verdict"] == "AC"
    scratch_row = rows["submissions/accepted/cong.sb3"]
    assert scratch_row["unavailable"] and scratch_row["verdict"] is None
    assert "Scratch runtime is not installed" in scratch_row["error"]
    assert report["time_limit_derived"]["path"] == "submissions/accepted/cong.py"
    assert "Not checked: this judge cannot run Scratch 3 yet, its runtime is not installed" in page


def test_upload_kattis_zip_with_a_statement(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    app.config["SANDBOX"] = "none-such"  # no reference grading here (the themis upload above has it)
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
        {
            "path": "submissions/accepted/split.rs",
            "reason": "a language hoithi does not judge (.rs)",
            "code": "skip.language_not_judged",
            "params": {"suffixes": ".rs"},
        }
    ]
    assert "Left out" in page and "submissions/accepted/split.rs: a language hoithi does not judge (.rs)" in page
    assert problem.statement_text is not None and "Tách số" in problem.statement_text
    assert "<h1>Tách số</h1>" in page and "$n_1$" in page and "$a_i &lt; b_i$" in page
    assert "<script>alert" not in page and "vendor/katex/katex.min.js" in page
    assert problem_display.samples(problem) == [
        (SPLIT.joinpath("data/sample/1.in").read_text(), SPLIT.joinpath("data/sample/1.ans").read_text())
    ]
    assert db.session.scalars(select(ContestProblem)).one().category_id == world["B"]


def _many_entries(count: int) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(count):
            archive.writestr(f"{i}", b"")
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(
    ("package", "words"),
    [
        (io.BytesIO(b"this is not a zip"), "not a readable zip file"),
        (zip_of(SPLIT / "submissions"), "Problem Z: this zip is not a problem package. Upload a Kattis"),  # no tests
        (zip_of(SUM, {"Test06/SUM.INP": b"1 2\n"}), "SUM.OUT is missing"),
        (_many_entries(20_001), "20001 entries in the zip, more than 20000"),  # counted before zipfile reads them
    ],
)
def test_a_broken_package_is_refused_and_nothing_is_stored(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int], package: io.BytesIO, words: str
) -> None:
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


def test_a_taken_label_is_refused(app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]) -> None:
    app.config["SANDBOX"] = "none-such"  # no reference grading here
    login(client, auth, "org")
    assert upload(client, world["contest"], zip_of(SUM), "SUM.zip").status_code == 302
    response = upload(client, world["contest"], zip_of(SUM), "SUM.zip")
    assert "Another problem of this contest has the label A." in response.get_data(as_text=True)
    assert counts() == (1, 1)


def test_edit_and_remove_a_problem(app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]) -> None:
    problem_id = add_problem(app, world)
    assert row_of(Problem, problem_id).import_report["sandbox_error"]
    login(client, auth, "org")
    base = f"/contests/{world['contest']}/manage/problems"
    response = client.post(f"{base}/A", data={"label": "P1", "category": str(world["C"]), "position": "7"})
    assert response.status_code == 302
    db.session.expire_all()
    contest_problem = db.session.scalars(select(ContestProblem)).one()
    assert (contest_problem.label, contest_problem.category_id, contest_problem.position) == ("P1", world["C"], 7)
    submission = grading.create_submission(db.session, contest_problem.problem, b"print(1)\n", "python", world["alice"])
    db.session.commit()
    client.post(f"{base}/P1/remove")
    assert "it can no longer be removed" in client.get(f"{base}/P1").get_data(as_text=True)
    assert counts() == (1, 1)
    db.session.delete(submission)
    db.session.commit()
    assert client.post(f"{base}/P1/remove").status_code == 302
    assert counts() == (0, 0)


def test_non_staff_get_403_on_every_organiser_page(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    add_problem(app, world)
    submission = grading.create_submission(
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
    assert row_of(Submission, submission.id).status is SubmissionStatus.QUEUED


def test_statement_rendering_is_sanitised() -> None:
    markdown = Problem(
        statement_kind="md",
        statement_text=(
            "# Đề\n\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n<iframe src=/></iframe>\n"
            'Tính $a_1 + b_1$ và $$\\sum_{i=1}^n x_i$$ với \\(x < y\\).\n\n<a href="javascript:alert(1)">x</a>\n'
        ),
    )
    html = str(problem_display.render_statement(markdown))
    assert "<h1>Đề</h1>" in html
    for bad in ("<script", "onerror", "<iframe", "javascript:"):
        assert bad not in html
    assert "$a_1 + b_1$" in html and "$$\\sum_{i=1}^n x_i$$" in html and "\\(x &lt; y\\)" in html
    page = Problem(
        statement_kind="html", statement_text='<p onclick="x()">Hi $x$</p><script>1</script><style>p{}</style>'
    )
    assert str(problem_display.render_statement(page)) == "<p>Hi $x$</p>"
    assert str(problem_display.render_statement(Problem(statement_kind=None))) == ""


def test_the_pdf_statement_goes_only_to_who_may_see_the_problem(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
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


def test_the_upload_is_capped_and_needs_the_form_token(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    login(client, auth, "org")
    monkeypatch.setattr(problem_admin, "MAX_PACKAGE_BYTES", 4096)
    big = io.BytesIO(b"PK" + b"\0" * 10_000)
    assert upload(client, world["contest"], big, "big.zip").status_code == 413
    monkeypatch.undo()
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = upload(client, world["contest"], zip_of(SUM), "SUM.zip")  # no csrf_token in the form
    assert response.status_code == 200 and "The form has expired" in response.get_data(as_text=True)
    assert counts() == (0, 0)


def test_the_problem_page_announces_the_judges_file_names(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int], tmp_path: Path
) -> None:
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


def test_a_kattis_problem_announces_the_standard_streams(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "split.zip"
    path.write_bytes(zip_of(SPLIT).getvalue())
    problem_admin.add_problem(
        db.session,
        LocalStore(app.config["STORAGE_DIR"]),
        "none-such",
        row_of(Contest, world["contest"]),
        row_of(User, world["organiser"]),
        path,
        problem_admin.ProblemUpload(label="A", filename="split.zip"),
    )
    db.session.commit()
    login(client, auth, "alice")
    page = client.get(f"/contests/{world['contest']}/problems/A").get_data(as_text=True)
    assert "Input: the keyboard (standard input)." in page and "Output: the screen (standard output)." in page
