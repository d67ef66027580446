"""What the tests read out of answers: a JSON body, a match on a page, the sheet of a workbook; each fails the test
when the answer has no such thing, and is typed as what it returns."""

from __future__ import annotations

import re
from typing import Any

from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from werkzeug.test import TestResponse


def json_of(response: TestResponse) -> Any:
    """The response's JSON body (it must be JSON)."""
    body = response.get_json(silent=True)
    assert body is not None, response.get_data(as_text=True)[:500]
    return body


def search(pattern: str, text: str) -> re.Match[str]:
    """The first match of ``pattern`` in ``text`` (there must be one)."""
    match = re.search(pattern, text)
    assert match is not None, f"{pattern!r} not found"
    return match


def sheet(workbook: Workbook) -> Worksheet:
    """The workbook's active sheet (a worksheet, not a chart sheet)."""
    active = workbook.active
    assert isinstance(active, Worksheet)
    return active
