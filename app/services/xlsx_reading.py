"""Reading the first sheet of an uploaded .xlsx so that a crafted file costs no more than a real list would.

openpyxl trusts what a workbook says of itself: a part that unpacks to gigabytes is parsed (the shared strings
whole, into memory); a sheet whose dimension or row numbers reach row 1,048,576, or a billion, gets an empty row
yielded for every row up to there; and the merged ranges, which its streaming reader does not report, have to be
read from the sheet's XML. So, in order:

1. the zip is checked as uploaded packages are (``submissions.archive``): at most ``MAX_UNPACKED_BYTES`` in all
   by the sizes it declares (refused before anything is unpacked), then every part unpacked in chunks to prove its
   size and CRC; no encrypted, linked or unsafely named entry. Only then does openpyxl open it;
2. the sheet is read up to row ``max_rows`` and column ``MAX_COLUMNS``, and the caller is told whether it goes on;
3. before openpyxl reads a row, the sheet's XML is scanned once (expat, no tree): a row of more cells than Excel
   has columns makes the file unreadable (openpyxl would build every one of them before looking at any); its
   merged ranges are kept, clipped to the rows and columns read; more than ``MAX_MERGED`` ranges, or ranges covering
   more cells than the part of the sheet read (which only overlapping ranges can), refuse the file.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from submissions.archive import Limits, UnreadableArchive, open_archive
from submissions.report import Code

from .errors import InvalidInput

MAX_UNPACKED_BYTES = 24 * 1024 * 1024
"""All a workbook's parts together, unpacked: a list of two thousand people takes about one megabyte."""
MAX_COLUMNS = 256
MAX_MERGED = 10_000
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
Range = tuple[int, int, int, int]  # min_col, min_row, max_col, max_row


def first_sheet_rows(data: bytes, max_rows: int) -> tuple[Rows, bool]:
    """``sheet_rows`` of the workbook's first sheet."""
    return sheet_rows(data, max_rows, 0)


def sheet_rows(data: bytes, max_rows: int, index: int) -> tuple[Rows, bool]:
    """(row number, values) of each row 1 to ``max_rows`` of the workbook's sheet ``index`` (empty rows included,
    values of columns 1 to ``MAX_COLUMNS`` only), each merged range's value spread over its cells; and whether the
    sheet goes on past ``max_rows``. InvalidInput, in the user's language, when ``data`` is not a readable .xlsx,
    unpacks past the limits or has too many merged cells (see the module's docstring)."""
    _check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[index]
            # the sheet's part in the zip; openpyxl's read-only sheet keeps it, its stubs leave it out
            part: str = sheet._worksheet_path  # type: ignore[attr-defined]  # see above
            merged = _merged_ranges(data, part, max_rows)
            width = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
            rows = [list(row) for row in sheet.iter_rows(max_row=max_rows + 1, max_col=width, values_only=True)]
        finally:
            workbook.close()
    except _UNREADABLE:
        raise InvalidInput(NOT_XLSX) from None
    more = len(rows) > max_rows
    del rows[max_rows:]
    _spread(rows, merged)
    return list(enumerate(rows, start=1)), more


def sheet_heads(data: bytes, head_rows: int, max_sheets: int) -> list[tuple[int, str, Rows]]:
    """(index, title, first ``head_rows`` rows, merged cells not spread) of each of the first ``max_sheets``
    worksheets that the workbook does not hide: enough to tell which sheets hold a list. InvalidInput as for
    ``sheet_rows``."""
    _check_archive(data)
    heads = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for index, sheet in enumerate(workbook.worksheets[:max_sheets]):
                if sheet.sheet_state != "visible":
                    continue
                _merged_ranges(data, sheet._worksheet_path, head_rows)  # type: ignore[attr-defined]  # rows' widths
                width = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
                rows = [list(row) for row in sheet.iter_rows(max_row=head_rows, max_col=width, values_only=True)]
                heads.append((index, sheet.title, list(enumerate(rows, start=1))))
        finally:
            workbook.close()
    except _UNREADABLE:
        raise InvalidInput(NOT_XLSX) from None
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


def _merged_ranges(data: bytes, part: str, max_rows: int) -> list[Range]:
    """The merged ranges of the sheet ``part``, clipped to rows 1 to ``max_rows`` and columns 1 to
    ``MAX_COLUMNS`` (ranges wholly outside dropped, as are whole rows or columns such as 2:2 or B:B). The XML is
    streamed through expat, building no tree: a sheet costs the time to scan it and no memory. A row of more cells
    than a sheet has columns, or a document type declaration (entity expansion), makes it unreadable."""
    ranges: list[Range] = []
    area = 0
    cells = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal area, cells
        local = name.rsplit(" ", 1)[-1]
        if local == "row":
            cells = 0
        elif local == "c":
            cells += 1
            if cells > _EXCEL_COLUMNS:
                raise ValueError("a row holds more cells than a sheet has columns")
        elif local == "mergeCell":
            min_col, min_row, max_col, max_row = range_boundaries(attrs.get("ref") or "")
            if not (min_col and min_row and max_col and max_row) or min_row > max_rows or min_col > MAX_COLUMNS:
                return
            clipped = (min_col, min_row, min(max_col, MAX_COLUMNS), min(max_row, max_rows))
            area += (clipped[2] - clipped[0] + 1) * (clipped[3] - clipped[1] + 1)
            ranges.append(clipped)
            if len(ranges) > MAX_MERGED or area > max_rows * MAX_COLUMNS:
                raise InvalidInput(_l("The sheet has too many merged cells: unmerge them and upload it again."))

    def refuse_doctype(*_: object) -> None:
        raise ValueError("a document type declaration is not allowed")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = refuse_doctype
    with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(part) as f:
        parser.ParseFile(f)
    return ranges


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
