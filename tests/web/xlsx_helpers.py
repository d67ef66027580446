"""Building .xlsx files for the import tests."""

from __future__ import annotations

import io
import os
import zipfile
from typing import Any

from openpyxl import Workbook

from tests.responses import sheet

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Lớp", "E-mail"]


def workbook_bytes(
    rows: list[list[Any]],
    header: list[str] | None = HEADER,
    title_rows: int = 0,
    merges: tuple[str, ...] = (),
) -> bytes:
    wb = Workbook()
    ws = sheet(wb)
    for i in range(title_rows):
        ws.append(["DANH SÁCH HỌC SINH" if i == 0 else None])
    if header is not None:
        ws.append(header)
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def padded(data: bytes, total_bytes: int) -> bytes:
    """The same workbook with an incompressible embedded picture, as when a sheet carries a scanned logo."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/media/image1.png", os.urandom(total_bytes))
    return out.getvalue()
