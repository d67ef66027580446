"""Sources saved by Windows Notepad are judged as the program they hold: UTF-8 with a byte order mark (Notepad's
"UTF-8 with BOM", its default before Windows 10 1903) and UTF-16 with its mark (Notepad's "Unicode"). javac
refuses a BOM as an illegal character; g++ reads no UTF-16 at all. Graded for real on the bubblewrap sandbox."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db
from app.grading.jobs import grade_submission
from app.models import ContestKind, ContestProblem, Problem, Submission
from app.services.errors import InvalidInput
from app.services.programming import grading
from submissions.store import LocalStore
from tests.builders import row_of

from ...factories import ContestFactory

pytestmark = pytest.mark.slow  # programs graded in a real sandbox, through the queue

JAVA = (
    "public class Main {\n    public static void main(String[] a) {\n        // Nhân đôi\n"
    "        java.util.Scanner s = new java.util.Scanner(System.in);\n"
    "        System.out.println(2 * s.nextInt());\n    }\n}\n"
)
CPP = "#include <iostream>\n// Nhân đôi số n\nint main() { long long n; std::cin >> n; std::cout << 2 * n << '\\n'; }\n"


def _problem(app: Flask, tmp_path: Path) -> Problem:
    task = tmp_path / "DOUBLE"
    (task / "Test01").mkdir(parents=True)
    (task / "Test01" / "DOUBLE.INP").write_text("21\n")
    (task / "Test01" / "DOUBLE.OUT").write_text("42\n")
    contest = ContestFactory(kind=ContestKind.INFORMATICS)
    problem = grading.import_problem(db.session, LocalStore(app.config["STORAGE_DIR"]), task, contest_id=contest.id)
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A"))
    db.session.commit()
    return problem


def _graded(problem: Problem, source: bytes, language: str) -> Submission:
    submission = grading.create_submission(db.session, problem, source, language)
    db.session.commit()
    submission_id = submission.id
    assert grade_submission(submission_id) == "graded"
    db.session.expire_all()
    return row_of(Submission, submission_id)


@pytest.mark.parametrize(
    ("source", "language"),
    [
        (codecs.BOM_UTF8 + JAVA.encode(), "java"),
        (codecs.BOM_UTF8 + CPP.encode(), "cpp"),
        (codecs.BOM_UTF16_LE + CPP.replace("\n", "\r\n").encode("utf-16-le"), "cpp"),
        (codecs.BOM_UTF16_BE + JAVA.encode("utf-16-be"), "java"),
    ],
    ids=["java-utf8-bom", "cpp-utf8-bom", "cpp-notepad-unicode", "java-utf16-be"],
)
def test_a_notepad_saved_source_is_judged_as_its_program(
    judge_app: Flask, tmp_path: Path, source: bytes, language: str
) -> None:
    graded = _graded(_problem(judge_app, tmp_path), source, language)
    assert (graded.verdict, graded.score) == ("AC", 100.0), graded.compile_output
    assert not graded.source.startswith("\ufeff")  # the contestant sees their program, not a stray mark
    assert "Nhân đôi" in graded.source


def test_a_binary_is_still_refused_in_vietnamese(judge_app: Flask, tmp_path: Path) -> None:
    problem = _problem(judge_app, tmp_path)
    with judge_app.test_request_context(headers={"Accept-Language": "vi"}):
        with pytest.raises(InvalidInput) as refused:
            grading.create_submission(db.session, problem, b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "cpp")
        assert "văn bản" in str(refused.value.message)
