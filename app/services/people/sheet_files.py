"""An uploaded list of people, whatever a school saved it as: told by its content, never by its name.

An .xlsx workbook (a zip) is read by ``xlsx_reading``. A CSV file is read when it is Unicode: UTF-8, with or
without the byte order mark Excel's "CSV UTF-8" writes, or UTF-16 with its mark (Excel's "Unicode Text"), its
cells separated by commas, semicolons (Excel's list separator under Vietnamese regional settings) or tabs. Anything
else is refused with what to do, never read as something it is not: a CSV in Windows-1258 or an old Vietnamese
encoding (TCVN3, VNI) cannot be told from one another by its bytes, and guessing would store garbled names; an
Excel 97-2003 .xls, or the web page some school-management systems save under an .xls name, is not read at all.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l

from .. import xlsx_reading
from ..errors import InvalidInput

Rows = list[tuple[int, list[Any]]]
_XLSX = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls (and .doc)
_SNIFF_CHARS = 64 * 1024
SAVE_AS = _l("Open it in Excel and save it as “Excel Workbook (.xlsx)” or “CSV UTF-8”, then upload that.")


def list_rows(data: bytes, max_rows: int, heading: Callable[[list[Any]], bool]) -> tuple[Rows, bool]:
    """(row number, values) of rows 1 to ``max_rows`` of the list in ``data``, and whether it goes on past
    ``max_rows``; InvalidInput, saying what to do, for any other file. In a workbook the list is on the one visible
    sheet whose first rows (``xlsx_reading.Head``) have one for which ``heading`` is true and something under it, or
    on the first visible sheet when none has: a list behind a sheet of instructions is found; lists on several
    sheets (one per class) are refused, naming the sheets, rather than all but the first silently left out; a hidden
    sheet is never read in place of the one on screen, and hidden rows or columns holding anything are refused."""
    if data.startswith(_XLSX):

        def choose(heads: list[xlsx_reading.Head]) -> int:
            lists = [head for head in heads if _has_list(head.rows, heading)]
            if len(lists) > 1:
                raise InvalidInput(
                    _l(
                        "The workbook has lists on several sheets (%(sheets)s): put everyone on one sheet, or upload "
                        "each sheet as a workbook of its own.",
                        sheets=", ".join(head.title for head in lists),
                    )
                )
            return (lists or heads)[0].index if heads else 0

        return xlsx_reading.sheet_rows(data, max_rows, choose, refuse_hidden=True)
    if data.startswith(_OLE2):
        raise InvalidInput(_l("This is an old Excel 97-2003 (.xls) file. %(save)s", save=SAVE_AS))
    text = _decoded(data)
    if text.lstrip()[:200].lower().startswith(("<!doctype", "<html", "<table", "<?xml")):
        raise InvalidInput(_l("This file is a web page saved under a spreadsheet's name. %(save)s", save=SAVE_AS))
    return _csv_rows(text, max_rows)


def _has_list(rows: Rows, heading: Callable[[list[Any]], bool]) -> bool:
    found = next((n for n, values in rows if heading(values)), None)
    return found is not None and any(n > found and any(v not in (None, "") for v in values) for n, values in rows)


def _decoded(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise InvalidInput(
            _l(
                "This file is neither an Excel .xlsx workbook nor a CSV file in Unicode (UTF-8): a CSV saved in "
                "Windows-1258, TCVN3 or VNI would give garbled names. %(save)s",
                save=SAVE_AS,
            )
        ) from None
    if "\x00" in text:
        raise InvalidInput(xlsx_reading.NOT_XLSX)
    return text


def _csv_rows(text: str, max_rows: int) -> tuple[Rows, bool]:
    try:
        dialect: Any = csv.Sniffer().sniff(text[:_SNIFF_CHARS], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: Rows = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            if number > max_rows + 1:
                break
            rows.append((number, [v or None for v in values[: xlsx_reading.MAX_COLUMNS]]))
    except csv.Error:
        raise InvalidInput(xlsx_reading.NOT_XLSX) from None
    return rows[:max_rows], len(rows) > max_rows
