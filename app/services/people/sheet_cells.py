"""Reading a people sheet's headings and cells as Vietnamese schools fill them.

Schools' lists are typed by hand, copied between workbooks and saved by Excel, LibreOffice or WPS: headings come
with or without diacritics ("Họ và tên học sinh", "HO TEN HS", "Ngày, tháng, năm sinh"), a name is often split in
two columns ("Họ đệm" and "Tên", sometimes under one merged "Họ và tên"), a date of birth may be a date cell, text
in any of the usual Vietnamese forms (2/9/2011, 02-09-11) or the bare number Excel keeps when a date cell loses its
format; and Excel turns a class typed as 6/1 (the southern way of naming class 1 of grade 6) into the date 6 January.
Every reading here either gives what the person typed or raises InvalidInput saying what to fix: nothing is guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from openpyxl.utils.cell import get_column_letter

from ...timeutil import today_local
from ...vnsort import fold
from ..errors import InvalidInput

# Column headings, compared folded (``plain``): without diacritics, case or punctuation.
COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("ho va ten", "ho ten", "full name", "name"),
    "family_names": ("ho dem", "ho va ten dem", "ho va dem", "ho lot", "ho va chu dem"),
    "given_name": ("ten", "ten goi"),
    "username": ("ten dang nhap", "dang nhap", "login", "username"),
    "date_of_birth": ("ngay sinh", "ngay thang nam sinh", "sinh ngay", "date of birth", "birthday"),
    "class_name": ("lop", "lop hoc", "class"),
    "email": ("email", "e mail", "thu dien tu", "dia chi email", "dia chi e mail"),
    "role": ("vai tro", "role"),
    "unit": ("don vi", "ma don vi", "unit"),
    "number": ("stt", "tt", "so tt", "so thu tu", "no"),
    "category": ("bang", "bang thi", "bang du thi", "bang dang ky", "hang muc", "hang muc du thi", "category"),
}
# "Họ và tên học sinh", "Họ tên HS", "Họ và tên thí sinh", "Họ và tên giáo viên": the full name, said of whom
_FULL_NAME = re.compile(r"^ho (va )?ten( (hoc sinh|hs|thi sinh|ts|giao vien|gv|nguoi du thi))?$")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")  # the "(1) (2) (3)" row official forms put under the headings
_DATE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})$")
_EXCEL_EPOCH = date(1899, 12, 30)
_MONTH_FIRST_EVIDENCE = 8
_FIRST_SERIAL = 10_000
"""A bare number is read as Excel's day count from 10,000 (18/05/1927) on: a smaller one is a year (2011) or a
typing slip, which would otherwise become a date in 1905."""


def plain(text: Any) -> str:
    """Lowercase ASCII words: 'Họ và tên' -> 'ho va ten', 'E-mail' -> 'e mail'."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).split())


@dataclass
class Header:
    """Where each known column is (0-based), and the columns whose words, joined, make a person's full name: one
    "Họ và tên", a "Họ và tên" merged over two, or "Họ đệm" then "Tên"."""

    columns: dict[str, int] = field(default_factory=dict)
    name_columns: list[int] = field(default_factory=list)
    row: int = 0
    """The sheet's row (from 1) that holds the headings."""
    date_columns: list[int] = field(default_factory=list)
    """The columns headed "Ngày sinh": three under one merged heading when the date is split in Ngày, Tháng, Năm."""
    split_date: bool = False
    """Whether the line under the headings said Ngày | Tháng | Năm under the three ``date_columns``."""

    def cell(self, values: list[Any], key: str) -> Any:
        i = self.columns.get(key)
        if key == "date_of_birth" and self.split_date:
            parts = [text(values[i]) if i < len(values) else "" for i in self.date_columns]
            return "/".join(parts) if any(parts) else None
        return values[i] if i is not None and i < len(values) else None

    def full_name(self, values: list[Any]) -> str:
        words = [text(values[i]) for i in self.name_columns if i < len(values)]
        return " ".join(w for w in words if w)


def _key_of(heading: str) -> str | None:
    if _FULL_NAME.match(heading):
        return "full_name"
    return next((key for key, names in COLUMNS.items() if heading in names), None)


def find_header(values: list[Any]) -> Header | None:
    """The header a row holds, or None when it names no full name column (nor "Họ đệm" and "Tên")."""
    header = Header()
    full: list[int] = []
    for i, value in enumerate(values):
        key = _key_of(plain(value))
        if key == "full_name":
            full.append(i)
        elif key is not None and key not in header.columns:
            header.columns[key] = i
        if key == "date_of_birth":
            header.date_columns.append(i)
    if full:
        # a "Họ và tên" merged over the columns of its parts reads the same in each; another is some other name
        header.name_columns = [i for n, i in enumerate(full) if i == full[0] + n]
    elif "family_names" in header.columns and "given_name" in header.columns:
        header.name_columns = [header.columns["family_names"], header.columns["given_name"]]
    else:
        return None
    header.columns["full_name"] = header.name_columns[0]
    return header


_DATE_PARTS = ["ngay", "thang", "nam"]


def is_subheading(values: list[Any], header: Header) -> bool:
    """Whether a row is the second line of the headings: the parts of a merged "Họ và tên" ("Họ đệm", "Tên"), the
    column numbers "(1) (2) (3)" of an official form, or Ngày | Tháng | Năm under a "Ngày sinh" merged over three
    columns (noted in ``header.split_date``: the date is read from the three)."""
    filled = [plain(v) for v in values if text(v)]
    if filled and all(_COLUMN_NUMBER.match(p) for p in filled):
        return True
    parts = [plain(values[i]) if i < len(values) else "" for i in header.date_columns]
    if len(header.date_columns) == 3 and parts == _DATE_PARTS:
        header.split_date = True
        return True
    names = [plain(values[i]) for i in header.name_columns if i < len(values) and text(values[i])]
    return bool(names) and all(_key_of(n) in ("family_names", "given_name", "full_name") for n in names)


def column_of(values: list[Any], key: str) -> int | None:
    """The index of the first cell of a row whose heading is one of ``COLUMNS[key]``, or None."""
    return next((i for i, value in enumerate(values) if plain(value) in COLUMNS[key]), None)


def is_blank(values: list[Any], number_column: int | None) -> bool:
    """Whether a row holds nothing but, perhaps, its number: the unused lines of a form whose STT column was
    numbered in advance (1 to 50 for a class of 32) are not people."""
    return all(not text(v) for i, v in enumerate(values) if i != number_column)


def category_code(value: Any) -> str:
    """A category cell's code: "B", and "B" also from "Bảng B" as a list may say it."""
    typed = text(value)
    words = typed.split(None, 1)
    return words[1].strip() if len(words) == 2 and plain(words[0]) == "bang" else typed


# The marks Vietnamese letters are made of, decomposed (NFD): grave, acute, circumflex, tilde, breve, hook above,
# horn, dot below; with ASCII letters and đ they spell every Vietnamese name.
_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323")
_NAME_PUNCTUATION = frozenset(" -'.")


def check_name_letters(full_name: str) -> None:
    """InvalidInput when a name holds characters no Vietnamese name has: punctuation or a note ("(lớp trưởng)"),
    or characters such as ¨, ©, Ç, Þ: a list typed in the old TCVN3 (.VnTime) or VNI fonts, or Unicode read with
    the wrong encoding ("Nguyá»…n"), which the sheet shows right only in its old font and would be stored garbled."""
    strange = sorted(
        {
            c
            for c in unicodedata.normalize("NFC", full_name)
            if not all(
                (d.isascii() and (d.isalpha() or d in _NAME_PUNCTUATION)) or d in _VIETNAMESE_MARKS or d in "đĐ"
                for d in unicodedata.normalize("NFD", c)
            )
        }
    )
    if strange and all(c.isascii() for c in strange):
        raise InvalidInput(
            _l(
                "The name %(name)s has characters a name does not have (%(chars)s): keep only the person's name in "
                "the column “Họ và tên” (a note goes in a column of its own).",
                name=full_name,
                chars=" ".join(strange),
            ),
            "full_name",
        )
    if strange:
        raise InvalidInput(
            _l(
                "The name %(name)s has characters that are not Vietnamese letters (%(chars)s): the list was probably "
                "typed in an old font (TCVN3 .VnTime, VNI) or saved in another encoding. Convert it to Unicode (for "
                "example with Unikey's converter) and upload it again.",
                name=full_name,
                chars=" ".join(strange),
            ),
            "full_name",
        )


EXCEL_ERRORS = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!")
)


def check_no_errors(values: list[Any], header: Header) -> None:
    """InvalidInput when a column the import reads shows one of Excel's errors (#N/A of a lookup that found
    nothing, #REF! of a formula whose data was deleted): it is not what the person typed, and as text it would
    pass for a class or a login."""
    for i in sorted({*header.columns.values(), *header.name_columns}):
        shown = text(values[i]) if i < len(values) else ""
        if shown in EXCEL_ERRORS:
            raise InvalidInput(
                _l(
                    "Column %(column)s shows Excel's error %(error)s: its formula no longer finds its data. Replace "
                    "it with the value and upload the sheet again.",
                    column=get_column_letter(i + 1),
                    error=shown,
                )
            )


@dataclass
class UnderList:
    """Where the list ends and the signatures under it begin ("Người lập biểu", "Hiệu trưởng", their names, the
    place and date), which are not people: in a sheet with an STT column, the first row without a number after an
    empty row that follows numbered rows, and every row after it."""

    numbered: bool = False
    gap: bool = False
    reached: bool = False

    def signatures(self, values: list[Any], header: Header) -> bool:
        """Whether a filled row is one of the signatures (see the class); told the rows in order, blank ones as
        ``gap``."""
        if "number" not in header.columns:
            return False
        if not self.reached and not text(header.cell(values, "number")):
            self.reached = self.numbered and self.gap
        elif not self.reached:
            self.numbered, self.gap = True, False
        return self.reached


_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
"""What a list copied from Word holds unseen (a manual line break is a vertical tab, its fields leave other C0
characters), and line breaks and tabs: no one cell of a list holds more than one line."""


def text(value: Any) -> str:
    """What a text cell shows, stripped, each control character (line breaks and tabs too) a space, without the
    invisible format characters a cell copied from a web page or Word carries (zero-width spaces and joiners, word
    joiners, a byte order mark, soft hyphens): a login "an.nguyen" followed by one must name an.nguyen; a whole
    number stored as a float (1.0) without its ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    shown = "".join(c for c in str(value) if unicodedata.category(c) != "Cf")
    return _CONTROLS.sub(" ", shown).strip()


def date_of_birth(value: Any) -> date | None:
    """A date of birth from a date cell, from text (d/m/yyyy or d/m/yy with /, - or .; or yyyy-mm-dd), or from the
    number of days Excel keeps when a date cell loses its format. A two-digit year is the latest that puts the date
    in the past (11 -> 2011, 75 -> 1975). InvalidInput for anything else, saying so when the month comes first
    (9/25/2012)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _FIRST_SERIAL <= value < 2_958_466 and float(value).is_integer():
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise InvalidInput(_l("The date of birth %(value)s is not a date (dd/mm/yyyy).", value=text(value)))
    typed = str(value).strip()
    match = _DATE.match(typed)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            if day <= 12 < month <= 31:  # 9/25/2012: the month first, as in the US
                raise InvalidInput(
                    _l(
                        "The date of birth %(value)s has the month first (the American way): write the day first, "
                        "then the month (dd/mm/yyyy).",
                        value=typed,
                    ),
                    "date_of_birth",
                )
            if len(match.group(3)) == 2:
                this_year = today_local().year
                year += 2000 if 2000 + year <= this_year else 1900
            return date(year, month, day)
        return datetime.strptime(typed, "%Y-%m-%d").date()
    except ValueError:
        raise InvalidInput(_l("The date of birth %(value)s is not a date (dd/mm/yyyy).", value=typed)) from None


def dates_read_month_first(values: list[Any]) -> bool:
    """Whether the date cells of a column of dates of birth were made by an Excel with English (US) regional
    settings from dates typed day first: it turns 02/09/2013 into 9 February and leaves 25/09/2013 as text (no
    25th month). So: date cells beside typed dates whose day is past 12, or only date cells, at least
    ``_MONTH_FIRST_EVIDENCE`` of them, every one on a day up to 12 (by chance less than once in a thousand)."""
    cells = [v for v in values if isinstance(v, date)]
    if not cells:
        return False
    typed = [_DATE.match(v.strip()) for v in values if isinstance(v, str)]
    if any(match and int(match.group(1)) > 12 for match in typed):
        return True
    return len(cells) >= _MONTH_FIRST_EVIDENCE and all(cell.day <= 12 for cell in cells)


def read_month_first(value: date) -> InvalidInput:
    """The error for a date cell of a column ``dates_read_month_first`` says was read month first."""
    return InvalidInput(
        _l(
            "The date of birth %(value)s may have been read month first: Excel set to English (US) turns 02/09/2013 "
            "into 9 February, and leaves the dates past the 12th as text, as in this column. Format the column "
            "“Ngày sinh” as Text, type the dates again (dd/mm/yyyy) and upload the sheet again.",
            value=value.strftime("%d/%m/%Y"),
        ),
        "date_of_birth",
    )


def login(value: Any) -> str:
    """A login cell's text, lowercase; InvalidInput for a number cell: Excel drops a typed login's leading zeros
    (a pupil's code 0112345678 becomes 112345678), and an account would get a login nobody was told."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise InvalidInput(
            _l(
                "The login %(login)s is a number in the sheet, and Excel drops the leading zeros of numbers (0112… "
                "becomes 112…). Format the column “Tên đăng nhập” as Text, type the logins again and upload the "
                "sheet again.",
                login=text(value),
            ),
            "username",
        )
    return text(value).lower()


def class_name(value: Any) -> str | None:
    """The class as typed; InvalidInput for a date cell, which is what Excel makes of a class typed as 6/1."""
    if isinstance(value, date):
        raise InvalidInput(
            _l(
                "The class cell holds the date %(value)s: Excel turns a class typed as 6/1 into a date. Format the "
                "column “Lớp” as Text, type the classes again and upload the sheet again.",
                value=value.strftime("%d/%m/%Y"),
            ),
            "class_name",
        )
    return text(value) or None
