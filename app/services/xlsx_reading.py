"""Reading one sheet of an uploaded .xlsx so that a crafted file costs no more than a real list would.

openpyxl trusts what a workbook says of itself: a part that unpacks to gigabytes is parsed (the shared strings
whole, into memory); a sheet whose dimension or row numbers reach row 1,048,576, or a billion, gets an empty row
yielded for every row up to there; and the merged ranges, which its streaming reader does not report, have to be
read from the sheet's XML. So, in order:

1. the zip is checked as uploaded packages are (``submissions.archive``): at most ``MAX_UNPACKED_BYTES`` in all
   by the sizes it declares (refused before anything is unpacked), then every part unpacked in chunks to prove its
   size and CRC; no encrypted, linked or unsafely named entry; a table of shared strings (which openpyxl reads
   whole before any row) of at most ``MAX_SHARED_STRINGS_BYTES``. Only then does openpyxl open it;
2. the sheet is read up to row ``max_rows`` and column ``MAX_COLUMNS``, and the caller is told whether it goes on;
3. before openpyxl reads a row, the sheet's XML is scanned once (expat, no tree): a row of more cells than Excel
   has columns makes the file unreadable (openpyxl would build every one of them before looking at any); its
   merged ranges are kept, clipped to the rows and columns read; more than ``MAX_MERGED`` ranges, or ranges covering
   more cells than the part of the sheet read (which only overlapping ranges can), refuse the file; its hidden rows
   and columns are noted, for a caller that refuses a sheet whose hidden cells hold anything; a formula without the
   result it had when the file was saved (a file made by a program, not saved by Excel) refuses it, naming the
   cells: openpyxl reads it as empty, where Excel, computing it, shows a name.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from submissions.archive import Limits, UnreadableArchive, open_archive
from submissions.report import Code
from submissions.xml_events import start_parser

from .errors import InvalidInput

MAX_UNPACKED_BYTES = 24 * 1024 * 1024
"""All a workbook's parts together, unpacked: a list of two thousand people takes about one megabyte."""
MAX_COLUMNS = 256
MAX_MERGED = 10_000
MAX_SHEETS = 50
HEAD_ROWS = 20
"""The rows of each sheet a caller choosing among them sees: room for headings and some rows under them."""
MAX_SHARED_STRINGS_BYTES = 8 * 1024 * 1024
"""The workbook's table of texts, unpacked: openpyxl reads it whole, at about 10 µs a text, before any row; two
thousand people's names, classes and logins take well under a megabyte."""
_EXCEL_COLUMNS = 16_384
NOT_XLSX = _l("This file is not an Excel .xlsx workbook.")
# the total is the bound that matters: a sheet's XML legitimately compresses far more than a package's files
_LIMITS = Limits(max_total_size=MAX_UNPACKED_BYTES, max_entries=1000, max_ratio=1000.0)
_OVERSIZED = {Code.TOO_LARGE.value, Code.RATIO.value, Code.TOO_MANY_ENTRIES.value}
_UNREADABLE = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    OSError,
    ValueError,
    IndexError,
    ParseError,
    expat.ExpatError,
)

Rows = list[tuple[int, list[Any]]]


@dataclass
class Head:
    """A visible sheet's index among the workbook's sheets, its title and its first ``HEAD_ROWS`` rows."""

    index: int
    title: str
    rows: Rows


Choose = Callable[[list[Head]], int]
Range = tuple[int, int, int, int]  # min_col, min_row, max_col, max_row


def first_sheet_rows(data: bytes, max_rows: int) -> tuple[Rows, bool]:
    """``sheet_rows`` of the workbook's first sheet."""
    return sheet_rows(data, max_rows)


def sheet_rows(
    data: bytes, max_rows: int, choose: Choose | None = None, *, refuse_hidden: bool = False
) -> tuple[Rows, bool]:
    """(row number, values) of each row 1 to ``max_rows`` of one sheet of the workbook ``data`` (empty rows
    included, values of columns 1 to ``MAX_COLUMNS`` only), each merged range's value spread over its cells; and
    whether the sheet goes on past ``max_rows``. The sheet is the first, or the one ``choose`` picks, by its index,
    from the heads of the first ``MAX_SHEETS`` visible sheets (``Head``: their first ``HEAD_ROWS`` rows, merged cells
    not spread); ``choose`` may raise InvalidInput. InvalidInput, in the user's language, when ``data`` is not a
    readable .xlsx, unpacks past the limits or has too many merged cells (see the module's docstring), and with
    ``refuse_hidden`` when a hidden row or column of those read holds anything."""
    _check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0 if choose is None else choose(_heads(data, workbook))]
            scan = _scan(data, _part(sheet), max_rows)
            rows = _values(sheet, max_rows + 1)
        finally:
            workbook.close()
    except _UNREADABLE:
        raise InvalidInput(NOT_XLSX) from None
    more = len(rows) > max_rows
    del rows[max_rows:]
    if scan.uncomputed:
        raise InvalidInput(
            _l(
                "Cells %(cells)s hold formulas whose results the file does not keep (it was made by a program, not "
                "saved by Excel): what they show would be read as empty. Open the file in Excel or LibreOffice, save "
                "it, and upload it again.",
                cells=_some(scan.uncomputed),
            )
        )
    if refuse_hidden:
        _refuse_hidden(rows, scan)
    _spread(rows, scan.merged)
    return list(enumerate(rows, start=1)), more


def _refuse_hidden(rows: list[list[Any]], scan: _Scan) -> None:
    """InvalidInput when a hidden row or column holds anything: the person uploading sees a list that is not the
    one the import would read (a filter shows one class of the school's list)."""
    filled = {n for n, values in enumerate(rows, start=1) if any(v not in (None, "") for v in values)}
    rows_hidden = sorted(scan.hidden_rows & filled)
    if rows_hidden:
        raise InvalidInput(
            _l(
                "Rows %(rows)s of the sheet are hidden (by a filter, a group or by hand): the import would read them "
                "too. Show every row, delete those not to import, and upload the sheet again.",
                rows=_some(rows_hidden),
            )
        )
    columns_hidden = sorted(
        c for c in scan.hidden_columns if any(len(values) >= c and values[c - 1] not in (None, "") for values in rows)
    )
    if columns_hidden:
        raise InvalidInput(
            _l(
                "Columns %(columns)s of the sheet are hidden: the import would read them too. Show them, or delete "
                "them, and upload the sheet again.",
                columns=_some([get_column_letter(c) for c in columns_hidden]),
            )
        )


def _some(items: list[Any]) -> str:
    shown = ", ".join(str(item) for item in items[:10])
    return shown + (", …" if len(items) > 10 else "")


def _part(sheet: Any) -> str:
    """The sheet's part in the zip; openpyxl's read-only sheet keeps it, its stubs leave it out."""
    part: str = sheet._worksheet_path
    return part


def _values(sheet: Any, max_rows: int) -> list[list[Any]]:
    width = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
    return [list(row) for row in sheet.iter_rows(max_row=max_rows, max_col=width, values_only=True)]


def _heads(data: bytes, workbook: Any) -> list[Head]:
    heads = []
    for index, sheet in enumerate(workbook.worksheets[:MAX_SHEETS]):
        if sheet.sheet_state == "visible":
            _scan(data, _part(sheet), HEAD_ROWS)  # refuses a row wider than a sheet before openpyxl reads it
            heads.append(Head(index, sheet.title, list(enumerate(_values(sheet, HEAD_ROWS), start=1))))
    return heads


def _check_archive(data: bytes) -> None:
    try:
        with open_archive(io.BytesIO(data), _LIMITS) as archive:
            problems = archive.problems
    except UnreadableArchive as refused:
        problems = [refused.problem]
    if any(found["code"] in _OVERSIZED for found in problems):
        raise InvalidInput(
            _l(
                "This workbook unpacks to more than %(mb)d MB, far more than a list to import needs: save the list "
                "alone in a new workbook and upload that.",
                mb=MAX_UNPACKED_BYTES // (1024 * 1024),
            )
        )
    if problems:
        raise InvalidInput(NOT_XLSX)
    if _shared_strings_size(data) > MAX_SHARED_STRINGS_BYTES:
        raise InvalidInput(
            _l(
                "This workbook holds more than %(mb)d MB of text, far more than a list to import needs: save the "
                "list alone in a new workbook and upload that.",
                mb=MAX_SHARED_STRINGS_BYTES // (1024 * 1024),
            )
        )


def _shared_strings_size(data: bytes) -> int:
    """The unpacked size of the part that [Content_Types].xml says holds the shared strings (where openpyxl looks
    for it, whatever its name), 0 without one."""
    parts: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.rsplit(" ", 1)[-1] == "Override" and attrs.get("ContentType", "").endswith(".sharedStrings+xml"):
            parts.append(attrs.get("PartName", "").lstrip("/"))

    parser = start_parser(start)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parser.Parse(zf.read("[Content_Types].xml"), True)
            return sum(zf.getinfo(part).file_size for part in parts)
    except _UNREADABLE:
        raise InvalidInput(NOT_XLSX) from None


@dataclass
class _Scan:
    """What the sheet's XML says that openpyxl's streaming reader does not: merged ranges, hidden rows and columns
    (numbers from 1, within the rows and columns read)."""

    merged: list[Range]
    hidden_rows: set[int]
    hidden_columns: set[int]
    uncomputed: list[str]
    """The cells (A1 references) holding a formula without the result it had when the file was saved."""


def _scan(data: bytes, part: str, max_rows: int) -> _Scan:
    """The merged ranges of the sheet ``part``, clipped to rows 1 to ``max_rows`` and columns 1 to
    ``MAX_COLUMNS`` (ranges wholly outside dropped, as are whole rows or columns such as 2:2 or B:B), and its hidden
    rows and columns (a filter's, a collapsed group's, or hidden by hand) among them. The XML is
    streamed through expat, building no tree: a sheet costs the time to scan it and no memory. A row of more cells
    than a sheet has columns, or a document type declaration (entity expansion), makes it unreadable."""
    ranges: list[Range] = []
    hidden_rows: set[int] = set()
    hidden_columns: set[int] = set()
    uncomputed: list[str] = []
    area = 0
    cells = 0
    # the cell being read: its reference (if among those read) and type, whether it has a formula, its result's
    # text, and whether that text is being read
    cell: dict[str, Any] = {}

    def end_cell() -> None:
        # no result: no <v>, or an empty one that is not an empty text (openpyxl and other programs write <v></v>)
        if cell.get("ref") and cell.get("formula") and not cell.get("result", "").strip() and cell.get("t") != "str":
            uncomputed.append(cell["ref"])
        cell.clear()

    def text(data: str) -> None:
        if cell.get("in_v"):
            cell["result"] = cell.get("result", "") + data

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal area, cells
        local = name.rsplit(" ", 1)[-1]
        cell["in_v"] = local == "v"
        if local == "f":
            cell["formula"] = True
        elif local in ("c", "row"):
            end_cell()
        if local == "row":
            cells = 0
            number = attrs.get("r", "")
            if attrs.get("hidden") in ("1", "true") and number.isdigit() and int(number) <= max_rows:
                hidden_rows.add(int(number))
        elif local == "col" and attrs.get("hidden") in ("1", "true"):
            first, last = attrs.get("min", ""), attrs.get("max", "")
            if first.isdigit() and last.isdigit():
                hidden_columns.update(range(int(first), min(int(last), MAX_COLUMNS) + 1))
        elif local == "c":
            cells += 1
            if cells > _EXCEL_COLUMNS:
                raise ValueError("a row holds more cells than a sheet has columns")
            column, row = coordinate_to_tuple_or_none(attrs.get("r", ""))
            if row is not None and row <= max_rows and column <= MAX_COLUMNS:
                cell.update(ref=attrs["r"], t=attrs.get("t"))
        elif local == "mergeCell":
            min_col, min_row, max_col, max_row = range_boundaries(attrs.get("ref") or "")
            if not (min_col and min_row and max_col and max_row) or min_row > max_rows or min_col > MAX_COLUMNS:
                return
            clipped = (min_col, min_row, min(max_col, MAX_COLUMNS), min(max_row, max_rows))
            area += (clipped[2] - clipped[0] + 1) * (clipped[3] - clipped[1] + 1)
            ranges.append(clipped)
            if len(ranges) > MAX_MERGED or area > max_rows * MAX_COLUMNS:
                raise InvalidInput(_l("The sheet has too many merged cells: unmerge them and upload it again."))

    parser = start_parser(start)
    parser.CharacterDataHandler = text
    with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(part) as f:
        parser.ParseFile(f)
    end_cell()
    return _Scan(ranges, hidden_rows, hidden_columns, uncomputed)


_CELL_REFERENCE = re.compile(r"^\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})$")


def coordinate_to_tuple_or_none(reference: str) -> tuple[int, int | None]:
    """(column, row), from 1, of an A1 reference; (0, None) for anything else."""
    match = _CELL_REFERENCE.match(reference)
    if match is None:
        return 0, None
    return column_index_from_string(match.group(1)), int(match.group(2))


def _spread(rows: list[list[Any]], merged: list[Range]) -> None:
    """Give every cell of each merged range the value of its top left cell, as the sheet shows it."""
    for min_col, min_row, max_col, max_row in merged:
        if min_row > len(rows):
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if len(top) >= min_col else None
        for values in rows[min_row - 1 : max_row]:
            values.extend([None] * (max_col - len(values)))
            values[min_col - 1 : max_col] = [value] * (max_col - min_col + 1)
