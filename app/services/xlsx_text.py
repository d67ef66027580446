"""Writing rows of an .xlsx whose texts stay texts.

openpyxl takes any string that starts with "=" for a formula: a title typed as ``=HYPERLINK("http://…")`` by an
entrant would become a live formula in the organisers' workbook. Every export that writes text a user typed
(names, titles, comments) appends its rows through ``append_row``, and gives its columns widths that fit what
they hold (``set_widths``): without them every column is ten characters wide and a name or a date is cut. Dates and
times are written as Excel's dates (so that they sort), shown dd/mm/yyyy and dd/mm/yyyy hh:mm: a time is given as
Vietnam's wall-clock time (``timeutil.to_local``), naive, since Excel knows no time zones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TypeAlias

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"

# What a cell of ours holds (openpyxl's Cell.value takes these; its WriteOnlyCell(value=) stub is narrower)
CellValue: TypeAlias = str | bool | float | Decimal | datetime | date | time | timedelta | None


def append_row(sheet: Worksheet | WriteOnlyWorksheet, values: Iterable[CellValue]) -> None:
    """Append ``values`` as a row of ``sheet`` (write-only or not); every string is stored as a string cell, never
    as a formula, each control character an .xlsx cannot hold (all but tab, LF and CR: Word's manual line break, a
    vertical tab, pasted into a name) as a space, so that no text stored refuses the whole workbook; a datetime
    (naive, Vietnam's time) or a date as a date written the Vietnamese way. Other values (numbers, None) are written
    as they are."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet)
        cell.value = ILLEGAL_CHARACTERS_RE.sub(" ", value) if isinstance(value, str) else value
        if isinstance(value, str):
            cell.data_type = "s"
        elif isinstance(value, datetime):
            if value.tzinfo is not None:
                raise ValueError("write a time as Vietnam's naive wall-clock time: Excel knows no time zones")
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, date):
            cell.number_format = DATE_FORMAT
        cells.append(cell)
    sheet.append(cells)


def set_widths(sheet: Worksheet | WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    """Give columns A, B, … of ``sheet`` these widths (in characters); on a write-only sheet, before its first row."""
    for i, width in enumerate(widths, start=1):
        # openpyxl's stubs leave out a write-only sheet's column_dimensions, which Worksheet._setup gives it
        sheet.column_dimensions[get_column_letter(i)].width = width  # type: ignore[union-attr]  # see above
