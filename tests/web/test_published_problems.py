"""Section 8 after approval, for problems and theory questions: a statement written in hoithi or shipped in a package
(Markdown, HTML, PDF), a problem's title and a question (typed, corrected, imported) are screened as an exercise's
text; an advert is refused in Vietnamese, nothing stored, a story's company is not. Until 6 Dec 2026 all were
published unscreened."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from fpdf import FPDF

from app.extensions import db
from app.models import (
    Problem,
    Question,
)
from app.services.programming import problem_admin, problem_statements
from app.services.quizzes import bank, bank_xlsx
from app.storage import content_store
from tests.builders import row_of
from tests.conftest import AuthActions

from ..builders import SUM
from .programming_helpers import add_problem, login, world, zip_of
from .published_helpers import ADVERT, contest_of, count, organiser_of, refused_in_vietnamese
from .quiz_helpers import sheet_bytes

__all__ = ["world"]  # the fixture, from programming_helpers

CASES = yaml.safe_load((Path(__file__).parent / "data" / "published_texts.yaml").read_text(encoding="utf-8"))["cases"]
FONT = Path(__file__).resolve().parents[2] / "app" / "static" / "fonts" / "DejaVuSerif.ttf"


def test_an_edited_statement_advertising_is_refused_and_the_old_one_stays(app: Flask, world: dict[str, int]) -> None:
    problem = row_of(Problem, add_problem(app, world))
    problem_statements.save_statement(
        db.session, organiser_of(world), contest_of(world), problem, vi="Cho hai số a, b. Tính a + b.", en=None
    )
    db.session.commit()
    message = refused_in_vietnamese(
        lambda: problem_statements.save_statement(
            db.session,
            organiser_of(world),
            contest_of(world),
            row_of(Problem, problem.id),
            vi="Cho hai số a, b. Tính a + b.",
            en="Sponsored by Samsung: contestants must install the Samsung Members app before submitting.",
        )
    )
    assert "Samsung" in message
    assert row_of(Problem, problem.id).statement_en is None


def _package(statement: tuple[str, bytes] | None) -> Path:
    folder = Path(tempfile.mkdtemp())
    path = folder / "SUM.zip"
    path.write_bytes(zip_of(SUM, {statement[0]: statement[1]} if statement else None).getvalue())
    return path


def _upload(world: dict[str, int], path: Path, title: str = "") -> None:
    problem_admin.add_problem(
        db.session,
        content_store(),
        "none-such",
        contest_of(world),
        organiser_of(world),
        path,
        problem_admin.ProblemUpload(label="A", filename="SUM.zip", title=title),
    )


def _pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


@pytest.mark.parametrize(
    "statement",
    [
        ("SUM.md", f"# Tổng\n\nCho hai số a, b.\n\n{ADVERT}\n".encode()),
        ("SUM.html", f"<h1>Tổng</h1><p>Cho hai số a, b.</p><p><b>{ADVERT}</b></p>".encode()),
        ("SUM.pdf", _pdf(f"Tổng. Cho hai số a, b. {ADVERT}")),
    ],
    ids=["markdown", "html", "pdf"],
)
def test_a_package_whose_statement_advertises_is_refused_storing_nothing(
    app: Flask, world: dict[str, int], statement: tuple[str, bytes]
) -> None:
    message = refused_in_vietnamese(lambda: _upload(world, _package(statement)))
    assert "MoMo" in message
    assert count(Problem) == 0


def test_a_package_whose_statement_tells_a_company_story_is_imported(app: Flask, world: dict[str, int]) -> None:
    story = next(c["text"] for c in CASES if c["id"] == "heldout-01").encode()
    _upload(world, _package(("SUM.md", story)))
    db.session.commit()
    assert count(Problem) == 1


def test_a_problem_titled_after_a_brand_is_refused(app: Flask, world: dict[str, int]) -> None:
    message = refused_in_vietnamese(lambda: _upload(world, _package(None), title="Tổng hai số - Cúp Samsung"))
    assert "Samsung" in message and count(Problem) == 0


def test_an_imported_question_sheet_with_an_advert_imports_nothing(app: Flask, world: dict[str, int]) -> None:
    rows = [
        [1, "Tin học", "Dễ", "Phần mềm Microsoft Word dùng để làm gì?", "Soạn thảo", "Vẽ", "", "", "", "", "A", "", ""],
        [2, "Tin học", "Dễ", "Các em phải tải ứng dụng MoMo để nhận thưởng. 1 + 1 = ?", "2", "3", "", "", "", "", "A"],
    ]
    before = count(Question)
    with force_locale("vi"):
        report = bank_xlsx.import_questions(
            db.session, organiser_of(world), contest_of(world), io.BytesIO(sheet_bytes(rows))
        )
        errors = [(e.row, str(e.message)) for e in report.errors]
    assert not report.ok and [row for row, _ in errors] == [3]
    assert "MoMo" in errors[0][1] and "Sở" in errors[0][1]
    assert count(Question) == before


def test_a_change_to_a_question_is_screened_too(app: Flask, world: dict[str, int]) -> None:
    spec = bank.QuestionSpec(
        "Tin học", 1, "Phần mềm trình chiếu PowerPoint dùng để làm gì?", ["Trình chiếu", "Vẽ"], [0], False
    )
    question = bank.add(db.session, organiser_of(world), contest_of(world), spec)
    db.session.commit()
    advert = bank.QuestionSpec(
        "Tin học", 1, spec.text, ["Trình chiếu", "Học sinh phải mua vở viết của Hồng Hà để làm bài"], [0], False
    )
    assert "Hồng Hà" in refused_in_vietnamese(
        lambda: bank.change(db.session, organiser_of(world), contest_of(world), row_of(Question, question.id), advert)
    )
    assert row_of(Question, question.id).options == ["Trình chiếu", "Vẽ"]


def test_the_organiser_reads_the_refusal_beside_the_statement_they_wrote(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    problem_id = add_problem(app, world)
    login(client, auth, "org")
    client.get("/lang/vi")
    statement = f"# Tổng\n\nCho hai số a, b. Tính a + b.\n\n{ADVERT}\n"
    response = client.post(
        f"/contests/{world['contest']}/manage/problems/A/statement",
        data={"statement_vi": statement, "statement_en": "", "action": "save"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Đề bài chưa được lưu" in page and "MoMo" in page
    assert row_of(Problem, problem_id).statement_vi is None
