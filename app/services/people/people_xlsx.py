"""Importing a unit's people from an .xlsx sheet or a CSV file (``sheet_files``, ``sheet_cells``), and the blank
sheet to fill in (``people_exports`` writes the sheets of people hoithi hands out).

An import is all or nothing: every row is checked first, and if any row is bad the report lists each bad
row and nothing is saved.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils.cell import get_column_letter
from sqlalchemy import func, or_, select

from ...extensions import DbSession
from ...models import Role, Unit, User
from ..errors import InvalidInput
from . import accounts, sheet_cells, sheet_duplicates, sheet_files
from .sheet_cells import plain as _plain

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 2000
MAX_SHEET_ROWS = 10_000
"""The rows of a sheet read, empty ones included: room for ``MAX_ROWS`` people, headings and gaps."""
HEADER_SEARCH_ROWS = 15

ROLE_NAMES = {
    "hoc sinh": Role.STUDENT,
    "hs": Role.STUDENT,
    "student": Role.STUDENT,
    "giao vien": Role.TEACHER,
    "gv": Role.TEACHER,
    "teacher": Role.TEACHER,
}


@dataclass
class RowError:
    row: int
    message: str


@dataclass
class ImportReport:
    """What an import did: the people created with their temporary passwords, or the rows at fault."""

    created: list[tuple[User, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _rows(data: bytes, heading: Callable[[list[Any]], bool]) -> Iterator[tuple[int, list[Any]]]:
    """(row number, values) of the list (``sheet_files.list_rows``: the sheet with a ``heading`` row, or the CSV
    file); InvalidInput when it is not a readable workbook or goes on past ``MAX_SHEET_ROWS``, so that nobody below
    is silently left out."""
    rows, more = sheet_files.list_rows(data, MAX_SHEET_ROWS, heading)
    if more:
        raise InvalidInput(
            _l(
                "The sheet goes on past row %(n)d: delete the rows below the list (even empty ones) and upload it "
                "again.",
                n=MAX_SHEET_ROWS,
            )
        )
    return iter(rows)


# The template's headings (sheet_cells.COLUMNS knows them) and its example row, which an import skips unchanged.
TEMPLATE_HEADINGS = ["STT", "Họ và tên", "Ngày sinh", "Lớp", "E-mail", "Tên đăng nhập", "Vai trò"]
TEMPLATE_EXAMPLE = [1, "Nguyễn Văn An", "02/09/2013", "6A", "", "", "học sinh"]
_TEMPLATE_WIDTHS = [6, 28, 13, 8, 28, 18, 12]


def template() -> bytes:
    """The .xlsx to fill for an import: a note, the heading row and one example row; dates and logins are text
    cells, so that Excel neither turns 02/09/2013 into 9 February nor drops a login's leading zeros."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("People")
    sheet.append(
        [
            _(
                "Fill one person per row under the headings. Only “Họ và tên” is required; logins are made from the "
                "names when left empty; dates as dd/mm/yyyy; role: học sinh or giáo viên. The example row is skipped "
                "if left unchanged."
            )
        ]
    )
    sheet.append(TEMPLATE_HEADINGS)
    sheet.append(TEMPLATE_EXAMPLE)
    for i, width in enumerate(_TEMPLATE_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.cell(row=2, column=i).font = Font(bold=True)
    for column in ("C", "F"):  # Ngày sinh, Tên đăng nhập
        for row in range(3, 503):
            sheet[f"{column}{row}"].number_format = "@"
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _is_template_example(cell: Any) -> bool:
    """Whether a row is the template's example, unchanged (the caller asks only of the first row under the headings:
    a real Nguyễn Văn An further down is a pupil)."""
    return [str(cell(k) or "") for k in ("full_name", "date_of_birth", "class_name")] == [
        str(v) for v in TEMPLATE_EXAMPLE[1:4]
    ]


LOGIN_PREFIXES_PER_QUERY = 200
"""Beginnings of logins one query of ``_Logins.look_up`` asks for."""


class _Logins:
    """Logins made from names ('Nguyễn Văn An' -> 'annv', then 'annv2', …) that nobody has: no account (looked up
    by the login's beginning, never by reading every login of the province), no login typed in the sheet, no
    login made for an earlier row."""

    def __init__(self, session: DbSession, typed: set[str]) -> None:
        self._session = session
        self._taken = set(typed)
        self._looked_up: set[str] = set()

    @staticmethod
    def _base(full_name: str) -> str:
        words = _plain(full_name).split()
        base = (words[-1] + "".join(w[0] for w in words[:-1])) if words else "user"
        return base[:40] if len(base) >= 3 else base + "hs"

    def look_up(self, full_names: list[str]) -> None:
        """Look up at once the accounts whose logins begin as those made for ``full_names`` would (a sheet's worth
        in a few queries, not one a row); ``made_for`` looks up a name left out on its own."""
        bases = sorted({self._base(name) for name in full_names} - self._looked_up)
        for start in range(0, len(bases), LOGIN_PREFIXES_PER_QUERY):
            chunk = bases[start : start + LOGIN_PREFIXES_PER_QUERY]
            self._looked_up.update(chunk)
            # a base is letters and digits: nothing for LIKE to read as a wildcard
            like = or_(*(func.lower(User.username).like(f"{base}%") for base in chunk))
            self._taken.update(login.lower() for login in self._session.scalars(select(User.username).where(like)))

    def made_for(self, full_name: str) -> str:
        base = self._base(full_name)
        if base not in self._looked_up:
            self.look_up([full_name])
        candidate, n = base, 1
        while candidate in self._taken:
            n += 1
            candidate = f"{base}{n}"
        self._taken.add(candidate)
        return candidate


def import_people(
    session: DbSession, actor: User, unit_id: int, stream: IO[bytes], default_role: Role = Role.STUDENT
) -> ImportReport:
    """Read a sheet of people into ``unit_id``, or into the unit a row names in its “Đơn vị” column (its code or
    its name, among the units ``actor`` manages); all rows are created, or none (see ImportReport). A unit that is
    no longer active (deactivated, or merged into another) takes nobody: the import, or the row naming it, is
    refused."""
    target = session.get(Unit, unit_id)
    if target is not None and not target.active:
        raise InvalidInput(_inactive(target), "unit")
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(_l("The file is larger than %(mb)d MB.", mb=MAX_FILE_BYTES // 1024 // 1024))
    rows = list(_rows(data, lambda values: sheet_cells.find_header(values) is not None))
    header = _header(rows)
    report = ImportReport()
    # logins typed in the sheet are kept out of those made from names, so that a made one never takes a typed one
    logins = _Logins(session, {sheet_cells.text(header.cell(v, "username")).lower() for n, v in rows if n > header.row})
    logins.look_up(
        [
            accounts.tidy(header.full_name(values))
            for number, values in rows
            if number > header.row and not sheet_cells.text(header.cell(values, "username"))
        ]
    )
    seen_emails: set[str] = set()
    seen_logins: set[str] = set()
    seen_people = sheet_duplicates.SeenPeople(session)
    planned: list[tuple[int, accounts.PersonDetails, Role, int]] = []
    units = _UnitNames(accounts.manageable_units(session, actor, active_only=False))
    month_first = sheet_cells.dates_read_month_first(
        [header.cell(values, "date_of_birth") for number, values in rows if number > header.row]
    )
    under_list = sheet_cells.UnderList()
    headings_end = header.row  # the heading row, and the lines of headings under it ("Họ đệm | Tên", "(1) (2)")
    for number, values in rows:
        if number <= headings_end:
            continue
        if number == headings_end + 1 and sheet_cells.is_subheading(values, header):
            headings_end = number
            continue
        if len(planned) + len(report.errors) >= MAX_ROWS:
            report.errors.append(RowError(number, _("Too many rows: at most %(n)d per import.", n=MAX_ROWS)))
            break

        def cell(key: str, values: list[Any] = values) -> Any:
            return header.cell(values, key)

        if sheet_cells.is_blank(values, header.columns.get("number")):
            under_list.gap = under_list.numbered
            continue
        if under_list.signatures(values, header) or sheet_cells.find_header(values) is not None:
            continue  # the signatures under the list, or its headings repeated (a list printed page by page)
        if number == headings_end + 1 and _is_template_example(cell):
            continue
        try:
            sheet_cells.check_no_errors(values, header)
            name = accounts.tidy(header.full_name(values))  # the login is made from the name as it will be stored
            username = sheet_cells.login(cell("username")) or logins.made_for(name)
            role = _role(cell("role"), default_role)
            if month_first and isinstance(cell("date_of_birth"), date):
                raise sheet_cells.read_month_first(cell("date_of_birth"))
            row_unit = units.find(cell("unit")) if sheet_cells.text(cell("unit")) else target
            details = accounts.normalise(
                accounts.PersonDetails(
                    full_name=name,
                    username=username,
                    email=sheet_cells.text(cell("email")) or None,
                    date_of_birth=sheet_cells.date_of_birth(cell("date_of_birth")),
                    class_name=sheet_cells.class_name(cell("class_name")),
                )
            )
            sheet_cells.check_name_letters(details.full_name)
            if details.email and details.email in seen_emails:
                raise InvalidInput(_l("The e-mail %(email)s appears twice in the sheet.", email=details.email))
            if details.username in seen_logins:
                raise InvalidInput(_l("The login %(login)s appears twice in the sheet.", login=details.username))
            row_unit_id = row_unit.id if row_unit is not None else unit_id
            seen_people.add(number, row_unit_id, details.full_name, details.date_of_birth, details.class_name)
            if details.email:
                seen_emails.add(details.email)
            seen_logins.add(details.username)
            planned.append((number, details, role, row_unit_id))
        except InvalidInput as error:
            report.errors.append(RowError(number, str(error.message)))
    if not planned and not report.errors:
        raise InvalidInput(_l("The sheet has no people in it."))
    # logins and addresses already someone's: looked up for the whole sheet at once
    taken = accounts.taken_details(session, [details for _number, details, _role, _unit in planned])
    report.errors.extend(RowError(p[0], str(e.message)) for p, e in zip(planned, taken, strict=True) if e is not None)
    if report.errors:
        report.errors.sort(key=lambda error: error.row)
        return report
    with session.begin_nested():
        report.created.extend(
            accounts.create_people(
                session, actor, [(row_unit_id, details, {role}) for _n, details, role, row_unit_id in planned]
            )
        )
    return report


def _header(rows: list[tuple[int, list[Any]]]) -> sheet_cells.Header:
    """The first heading row among the first ``HEADER_SEARCH_ROWS`` rows; InvalidInput when there is none."""
    for number, values in rows[:HEADER_SEARCH_ROWS]:
        found = sheet_cells.find_header(values)
        if found is not None:
            found.row = number
            return found
    raise InvalidInput(
        _l(
            "No heading row found: the sheet needs a column “Họ và tên” (and optionally Ngày sinh, Lớp, "
            "E-mail, Tên đăng nhập, Vai trò) in its first %(n)d rows.",
            n=HEADER_SEARCH_ROWS,
        )
    )


def _role(cell: Any, default: Role) -> Role:
    """The role a “Vai trò” cell names (``ROLE_NAMES``, case and diacritics ignored), ``default`` when it is empty;
    InvalidInput for anything else: a guess would give an account a role nobody chose."""
    if cell in (None, "") or not str(cell).strip():
        return default
    role = ROLE_NAMES.get(_plain(cell))
    if role is None:
        raise InvalidInput(
            _l("The role “%(role)s” is not one the import knows: write học sinh or giáo viên.", role=str(cell).strip())
        )
    return role


def _inactive(unit: Unit) -> Any:
    return _l(
        "The unit %(unit)s is no longer active (deactivated, or merged into another unit): nobody can be added to it. "
        "Put these people in an active unit.",
        unit=unit.name,
    )


class _UnitNames:
    """The units a sheet may name, by code or by name (case and diacritics ignored). Codes are unique; names need not
    be (two districts may each have a Trường Tiểu học Kim Đồng), so a name that several active units share is
    refused, with their codes, rather than taken for one of them."""

    def __init__(self, units: list[Unit]) -> None:
        self._by_code = {_plain(unit.code): unit for unit in units}
        self._by_name: dict[str, list[Unit]] = {}
        for unit in units:
            self._by_name.setdefault(_plain(unit.name), []).append(unit)

    def find(self, named: Any) -> Unit:
        """The active unit ``named``; InvalidInput when it is unknown (or not the actor's), no longer active, or a
        name several active units share."""
        key = _plain(named)
        unit = self._by_code.get(key)
        if unit is None:
            same_name = self._by_name.get(key, [])
            active = [u for u in same_name if u.active]
            if len(active) > 1:
                codes = ", ".join(sorted(u.code for u in active))
                raise InvalidInput(
                    _l(
                        "Several units you manage are named “%(unit)s”: write the unit's code instead (%(codes)s).",
                        unit=str(named).strip(),
                        codes=codes,
                    ),
                    "unit",
                )
            unit = active[0] if active else (same_name[0] if same_name else None)
        if unit is None:
            raise InvalidInput(
                _l("No unit you manage has the code or name “%(unit)s”.", unit=str(named).strip()), "unit"
            )
        if not unit.active:
            raise InvalidInput(_inactive(unit), "unit")
        return unit


def read_logins(stream: IO[bytes]) -> list[tuple[int, str, str, str]]:
    """(row number, login, category code, full name) of each filled row of a sheet with a login column (“Tên đăng
    nhập”) and optionally a category column (“Bảng”) and a name column (“Họ và tên”, to name a row without a login),
    for registering people who already have accounts; the signatures under a numbered list are not rows."""
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(_l("The file is larger than %(mb)d MB.", mb=MAX_FILE_BYTES // 1024 // 1024))
    found: list[tuple[int, str, str, str]] = []
    login_col: int | None = None
    category_col: int | None = None
    number_col: int | None = None
    names: sheet_cells.Header | None = None
    under_list = sheet_cells.UnderList()
    numbers = sheet_cells.Header()
    for number, values in _rows(data, lambda values: sheet_cells.column_of(values, "username") is not None):
        if login_col is None:
            if number > HEADER_SEARCH_ROWS:
                break
            login_col = sheet_cells.column_of(values, "username")
            category_col = sheet_cells.column_of(values, "category")
            number_col = sheet_cells.column_of(values, "number")
            names = sheet_cells.find_header(values)
            numbers = sheet_cells.Header(columns={} if number_col is None else {"number": number_col})
            continue
        if sheet_cells.is_blank(values, number_col):
            under_list.gap = under_list.numbered
            continue
        if under_list.signatures(values, numbers):
            continue  # "Người lập biểu", "Hiệu trưởng" and their names under the list
        if len(found) >= MAX_ROWS:
            raise InvalidInput(_l("Too many rows: at most %(n)d per import.", n=MAX_ROWS))

        def text(i: int | None, values: list[Any] = values) -> str:
            return sheet_cells.text(values[i]) if i is not None and i < len(values) else ""

        name = names.full_name(values) if names is not None else ""
        found.append((number, text(login_col), sheet_cells.category_code(text(category_col)), name))
    if login_col is None:
        raise InvalidInput(
            _l(
                "No heading row found: the sheet needs a column “Tên đăng nhập” (and optionally “Bảng”) in its "
                "first %(n)d rows.",
                n=HEADER_SEARCH_ROWS,
            )
        )
    if not found:
        raise InvalidInput(_l("The sheet has no people in it."))
    return found


__all__ = ["ImportReport", "RowError", "import_people", "read_logins", "template"]
