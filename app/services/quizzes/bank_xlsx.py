"""Importing questions into a contest's bank from an .xlsx sheet, and the template to fill.

The sheet has a heading row (found in its first rows, headings compared without diacritics or case): Chủ đề
(topic), Mức độ (difficulty: Dễ, Trung bình, Khó or 1, 2, 3), Câu hỏi (the question, Markdown with ``$…$``
formulas), Đáp án A … Đáp án F (the options, filled in order), Đáp án đúng (the correct letters, e.g. ``B`` or
``A, C``), and optionally Nhiều đáp án (``có``: pupils may tick several; by default, when more than one letter is
correct) and Điểm (points, 1 by default). An import is all or nothing: every row is checked, and if any is bad
the report names each bad row and its problem, and nothing is added.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import IO, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils.cell import get_column_letter

from ...extensions import DbSession
from ...models import Contest, Question, User
from ...vnsort import fold
from .. import xlsx_reading
from ..errors import InvalidInput
from ..records import audit
from ..xlsx_text import CellValue, append_row, set_widths
from .bank import LETTERS, MAX_OPTIONS, MIN_OPTIONS, QuestionSpec, check, screen

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
HEADER_SEARCH_ROWS = 10

COLUMNS: dict[str, tuple[str, ...]] = {
    "topic": ("chu de", "topic"),
    "difficulty": ("muc do", "do kho", "difficulty"),
    "text": ("cau hoi", "noi dung cau hoi", "question"),
    "correct": ("dap an dung", "correct", "correct answer"),
    "multiple": ("nhieu dap an", "multiple"),
    "points": ("diem", "points"),
    **{f"option{i}": (f"dap an {letter.lower()}", f"option {letter.lower()}") for i, letter in enumerate(LETTERS)},
}
REQUIRED = ("topic", "difficulty", "text", "correct", "option0", "option1")
DIFFICULTY_WORDS = {"de": 1, "easy": 1, "1": 1, "trung binh": 2, "medium": 2, "2": 2, "kho": 3, "hard": 3, "3": 3}
YES = {"co", "x", "yes", "1", "true"}
NO = {"khong", "no", "0", "false", ""}

TEMPLATE_HEADINGS = [
    "STT",
    "Chủ đề",
    "Mức độ",
    "Câu hỏi",
    *(f"Đáp án {letter}" for letter in LETTERS),
    "Đáp án đúng",
    "Nhiều đáp án",
    "Điểm",
]
TEMPLATE_EXAMPLES: list[list[CellValue]] = [
    [
        1,
        "Tin học cơ bản",
        "Dễ",
        "Thiết bị nào dùng để nhập dữ liệu?",
        "Bàn phím",
        "Màn hình",
        "Loa",
        "Máy in",
        "",
        "",
        "A",
        "",
        1,
    ],
    [
        2,
        "Tư duy logic",
        "Trung bình",
        "Những số nào là số chẵn?",
        "$2$",
        "$7$",
        "$10$",
        "$15$",
        "",
        "",
        "A, C",
        "có",
        1,
    ],
]


def _plain(text: Any) -> str:
    """Lowercase ASCII words: 'Đáp án đúng' -> 'dap an dung'."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(text if text is not None else ""))).split())


@dataclass
class RowError:
    row: int
    message: str


@dataclass
class ImportReport:
    """What an import did: the questions added, or every bad row (and then nothing was added)."""

    added: list[Question] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def template() -> bytes:
    """The .xlsx to fill: a note, the heading row and two example rows (which an import adds like any other
    row: the organiser replaces them)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Questions")
    append_row(
        sheet,
        [
            _(
                "One question per row. Mức độ: Dễ, Trung bình or Khó. Options in Đáp án A, B, … in order; Đáp án "
                "đúng: the correct letters (e.g. A or A, C); Nhiều đáp án: có when pupils may tick several. "
                "Formulas between $ signs, e.g. $x^2$."
            )
        ],
    )
    append_row(sheet, TEMPLATE_HEADINGS)
    for example in TEMPLATE_EXAMPLES:
        append_row(sheet, example)
    set_widths(sheet, [6, 18, 12, 48, *([16] * MAX_OPTIONS), 14, 14, 8])
    for i in range(1, len(TEMPLATE_HEADINGS) + 1):
        sheet.cell(row=2, column=i).font = Font(bold=True)
    sheet.freeze_panes = f"{get_column_letter(1)}3"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


EXTRA_OPTION = re.compile(r"^(dap an|option) [g-z]$")
"""A heading of an option past the last one a question may have: a row filling it has too many options."""


def _header(values: list[Any]) -> dict[str, int] | None:
    """Each known column's index (extra option columns as ``extra<i>``); None without a “Câu hỏi” column."""
    found: dict[str, int] = {}
    for i, value in enumerate(values):
        plain = _plain(value)
        if EXTRA_OPTION.match(plain):
            found[f"extra{i}"] = i
        for key, names in COLUMNS.items():
            if key not in found and plain in names:
                found[key] = i
    return found if "text" in found else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _spec(cell: Any, extras: list[str]) -> QuestionSpec:
    """The question of one row (InvalidInput naming its problem)."""
    difficulty = DIFFICULTY_WORDS.get(_plain(_text(cell("difficulty"))))
    if difficulty is None:
        raise InvalidInput(_l("Mức độ is Dễ, Trung bình or Khó (or 1, 2, 3)."))
    options = [_text(cell(f"option{i}")) for i in range(MAX_OPTIONS)]
    if any(_text(cell(key)) for key in extras) or sum(1 for o in options if o) < MIN_OPTIONS:
        raise InvalidInput(_l("A question has %(low)d to %(high)d options.", low=MIN_OPTIONS, high=MAX_OPTIONS))
    letters = [x for x in re.split(r"[\s,;]+", _text(cell("correct")).upper()) if x]
    if not letters:
        raise InvalidInput(_l("The question has no correct answer."))
    if any(len(x) != 1 or x not in LETTERS for x in letters):
        raise InvalidInput(_l("Đáp án đúng holds letters A to %(last)s, e.g. “A” or “A, C”.", last=LETTERS[-1]))
    correct = [LETTERS.index(x) for x in letters]
    if any(not options[i] for i in correct):
        raise InvalidInput(_l("A correct answer names an option the question does not have."))
    flag = _plain(_text(cell("multiple")))
    if flag not in YES | NO:
        raise InvalidInput(_l("Nhiều đáp án is “có” or empty."))
    points_text = _text(cell("points")).replace(",", ".")
    try:
        points = float(points_text) if points_text else 1.0
    except ValueError:
        raise InvalidInput(_l("Điểm is a number.")) from None
    return check(
        QuestionSpec(
            topic=_text(cell("topic")),
            difficulty=difficulty,
            text=_text(cell("text")),
            options=options,
            correct=correct,
            multiple=flag in YES or len(set(correct)) > 1,
            points=points,
        )
    )


def _rows(data: bytes) -> list[tuple[int, list[Any]]]:
    """The first sheet's rows, as many as an import may use (``xlsx_reading.first_sheet_rows``): reading stops
    there, so a small file of a million rows costs no more than one of ``MAX_ROWS``, and the import's own count
    says when there are too many."""
    rows, _more = xlsx_reading.first_sheet_rows(data, MAX_ROWS + HEADER_SEARCH_ROWS + 1)
    return rows


def import_questions(session: DbSession, actor: User, contest: Contest, stream: IO[bytes]) -> ImportReport:
    """Add the sheet's questions to the contest's bank, all or none (see the module's docstring). InvalidInput for
    a file that is not a question sheet at all (too large, not .xlsx, no heading row, a required column missing)."""
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(_l("The file is larger than %(mb)d MB.", mb=MAX_FILE_BYTES // 1024 // 1024))
    rows = _rows(data)
    header, start = None, 0
    for number, values in rows[:HEADER_SEARCH_ROWS]:
        header = _header(values)
        if header:
            start = number
            break
    if header is None:
        raise InvalidInput(_l("No heading row found: the sheet needs the columns of the template (Câu hỏi, …)."))
    missing = [TEMPLATE_HEADINGS[_HEADING_INDEX[key]] for key in REQUIRED if key not in header]
    if missing:
        raise InvalidInput(_l("The sheet lacks the columns: %(names)s.", names=", ".join(missing)))
    extras = [key for key in header if key.startswith("extra")]
    report = ImportReport()
    specs: list[QuestionSpec] = []
    for number, values in rows[start:]:
        if len(specs) + len(report.errors) >= MAX_ROWS:
            report.errors.append(RowError(number, _("Too many rows: at most %(n)d per import.", n=MAX_ROWS)))
            break

        def cell(key: str, values: list[Any] = values) -> Any:
            i = header.get(key)
            return values[i] if i is not None and i < len(values) else None

        if all(_text(cell(key)) == "" for key in [*COLUMNS, *extras]):
            continue
        try:
            spec = _spec(cell, extras)
            screen(session, actor, contest, spec)
            specs.append(spec)
        except InvalidInput as error:
            report.errors.append(RowError(number, str(error.message)))
    if not specs and not report.errors:
        raise InvalidInput(_l("The sheet holds no question."))
    if report.errors:
        return report
    for spec in specs:
        question = Question(
            contest_id=contest.id,
            topic=spec.topic,
            difficulty=spec.difficulty,
            text=spec.text,
            options=spec.options,
            correct=spec.correct,
            multiple=spec.multiple,
            points=spec.points,
        )
        session.add(question)
        report.added.append(question)
    session.flush()
    audit.record(
        session,
        "quiz.import",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"questions": len(report.added)},
    )
    return report


_HEADING_INDEX = {
    "topic": 1,
    "difficulty": 2,
    "text": 3,
    **{f"option{i}": 4 + i for i in range(MAX_OPTIONS)},
    "correct": 4 + MAX_OPTIONS,
    "multiple": 5 + MAX_OPTIONS,
    "points": 6 + MAX_OPTIONS,
}
