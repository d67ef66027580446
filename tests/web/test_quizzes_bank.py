"""The question bank: checking questions, the .xlsx template and import (all or nothing, each bad row named),
correcting and removing questions. Messages are read in Vietnamese, the interface's first language."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from flask import Flask

from app.extensions import db
from app.models import Question
from app.services.errors import InvalidInput
from app.services.quizzes import bank, bank_xlsx, sheets

from .quiz_helpers import board_world, quiz, sheet_bytes


def _row(
    topic: str = "Tin học",
    level: str = "Dễ",
    text: str = "2 + 2 = ?",
    options: tuple[str, str, str, str] = ("3", "4", "", ""),
    correct: str = "B",
    multiple: str = "",
    points: str = "",
) -> list[object]:
    return [1, topic, level, text, *options, "", "", correct, multiple, points]


def _bank_count() -> int:
    return db.session.query(Question).count()


def test_the_template_imports_as_its_two_example_questions(app: Flask) -> None:
    world = board_world()
    before = _bank_count()
    report = bank_xlsx.import_questions(
        db.session, world["organiser"], world["contest"], io.BytesIO(bank_xlsx.template())
    )
    assert report.ok and len(report.added) == 2
    single, multiple = report.added
    assert (single.topic, single.difficulty, single.options, single.correct, single.multiple) == (
        "Tin học cơ bản",
        1,
        ["Bàn phím", "Màn hình", "Loa", "Máy in"],
        [0],
        False,
    )
    assert (multiple.difficulty, multiple.correct, multiple.multiple, multiple.text) == (
        2,
        [0, 2],
        True,
        "Những số nào là số chẵn?",
    )
    assert _bank_count() == before + 2


def test_a_sheet_with_bad_rows_names_each_and_imports_nothing(app: Flask) -> None:
    world = board_world()
    before = _bank_count()
    data = sheet_bytes(
        [
            _row(),  # good
            _row(correct=""),  # no correct answer
            _row(options=("chỉ một", "", "", "")),  # too few options
            _row(correct="C"),  # names an empty option
            _row(level="rất khó"),  # not a difficulty
            _row(correct="A, B"),  # fine: several correct make it a multiple-answer question
            _row(text=""),  # no question
        ]
    )
    report = bank_xlsx.import_questions(db.session, world["organiser"], world["contest"], io.BytesIO(data))
    assert [e.row for e in report.errors] == [3, 4, 5, 6, 8]
    assert "không có đáp án đúng" in report.errors[0].message
    assert "từ 2 đến 6 đáp án" in report.errors[1].message
    assert "mà câu hỏi không có" in report.errors[2].message
    assert report.added == [] and _bank_count() == before


def test_cells_pasted_with_only_invisible_characters_are_empty(app: Flask) -> None:
    """A cell copied from a web page may hold only zero-width spaces or a byte order mark: shown as nothing, such
    a question or option was imported as written; the emoji's joiner inside a visible option stays."""
    world = board_world()
    before = _bank_count()
    data = sheet_bytes(
        [
            _row(text="\u200b\ufeff"),  # no question
            _row(options=("3", "\u200b", "", "")),  # too few options
            _row(topic="\u2060"),  # no topic
            _row(options=("👩\u200d💻", "4", "", "")),  # fine
        ]
    )
    report = bank_xlsx.import_questions(db.session, world["organiser"], world["contest"], io.BytesIO(data))
    assert [e.row for e in report.errors] == [2, 3, 4]
    assert "từ 2 đến 6 đáp án" in report.errors[1].message
    assert report.added == [] and _bank_count() == before
    kept = bank.check(bank.QuestionSpec("Tin học", 1, "?", ["👩\u200d💻", "4"], [0], False))
    assert kept.options == ["👩\u200d💻", "4"]


def test_a_small_file_of_a_million_rows_is_read_no_further_than_an_import_may_go(app: Flask) -> None:
    """An .xlsx compresses about a hundred to one: 4 MB (under the cap) can hold 800,000 rows, and 250,000 of them
    still unpack to less than ``xlsx_reading.MAX_UNPACKED_BYTES``. Reading stops at the import's row cap instead
    of walking every row (some seconds of the web server's CPU)."""
    world = board_world()
    template = zipfile.ZipFile(io.BytesIO(sheet_bytes([_row()])))
    part = "xl/worksheets/sheet1.xml"
    rows = "".join(f'<row r="{i}"><c r="B{i}" t="inlineStr"><is><t>x</t></is></c></row>' for i in range(3, 250_001))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in template.namelist():
            data = template.read(name)
            if name == part:
                data = data.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
                data = data.replace(b'<dimension ref="A1:M2"/>', b'<dimension ref="A1:M250000"/>')
            archive.writestr(name, data)
    assert len(buffer.getvalue()) <= bank_xlsx.MAX_FILE_BYTES
    started = time.monotonic()
    report = bank_xlsx.import_questions(db.session, world["organiser"], world["contest"], io.BytesIO(buffer.getvalue()))
    assert time.monotonic() - started < 5
    assert report.added == [] and any("Quá nhiều dòng" in e.message for e in report.errors), report.errors[-3:]


def test_a_seventh_option_is_too_many(app: Flask) -> None:
    world = board_world()
    header = [*bank_xlsx.TEMPLATE_HEADINGS[:10], "Đáp án G", *bank_xlsx.TEMPLATE_HEADINGS[10:]]
    row = [1, "Tin học", "Dễ", "?", "a", "b", "c", "d", "e", "f", "g", "A", "", ""]
    report = bank_xlsx.import_questions(
        db.session, world["organiser"], world["contest"], io.BytesIO(sheet_bytes([row], header))
    )
    assert [(e.row, "từ 2 đến 6 đáp án" in e.message) for e in report.errors] == [(2, True)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a workbook", "không phải là tệp Excel .xlsx"),
        (sheet_bytes([["x"]], header=["Họ và tên", "Lớp"]), "Không tìm thấy dòng tiêu đề"),
        (sheet_bytes([["?"]], header=["Câu hỏi", "Đáp án A"]), "thiếu các cột: Chủ đề, Mức độ"),
        (sheet_bytes([]), "không có câu hỏi nào"),
    ],
)
def test_a_file_that_is_no_question_sheet_is_refused(app: Flask, data: bytes, message: str) -> None:
    world = board_world()
    with pytest.raises(InvalidInput) as refused:
        bank_xlsx.import_questions(db.session, world["organiser"], world["contest"], io.BytesIO(data))
    assert message in str(refused.value.message)


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        (bank.QuestionSpec("T", 1, "?", ["a", "b"], [0, 1], False), "correct"),
        (bank.QuestionSpec("T", 1, "?", ["a", "", "c"], [0], False), "options"),
        (bank.QuestionSpec("T", 4, "?", ["a", "b"], [0], False), "difficulty"),
        (bank.QuestionSpec("T", 1, "?", ["a", "b"], [0], False, points=0), "points"),
        (bank.QuestionSpec("", 1, "?", ["a", "b"], [0], False), "topic"),
    ],
)
def test_a_bad_question_is_refused_on_its_field(app: Flask, spec: bank.QuestionSpec, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        bank.check(spec)
    assert refused.value.field == field


def test_a_question_on_a_sheet_is_corrected_not_removed_and_its_sheets_are_rescored(app: Flask) -> None:
    world = board_world()
    contest, organiser = world["contest"], world["organiser"]
    made = quiz(organiser, contest, world["board"], [("Tin học", 1, 3)])
    pupil = world["pupils"][0]
    sheet = sheets.start(db.session, contest, made, pupil)
    first = world["easy"][0]
    sheets.save_answer(db.session, sheet, first.id, [1])  # wrong, by the key as it is
    sheets.submit(db.session, sheet)
    assert sheet.score == 0
    with pytest.raises(InvalidInput):
        bank.remove(db.session, organiser, contest, first, {first.id})
    bank.change(
        db.session, organiser, contest, first, bank.QuestionSpec("Tin học", 1, "Sửa", first.options, [1], False)
    )
    assert sheet.score == 1  # the key was wrong: the sheet is scored again
    spare = world["hard"][0]
    bank.remove(db.session, organiser, contest, spare, set())
    assert db.session.get(Question, spare.id) is None
