"""A Word document whose own text is a zip bomb (LibreOffice's .docx with its body followed by 200 MB of spaces in an
XML comment, compressed a thousandfold) is refused for that alone, as the document it is: the refused part still
tells the format. It was also called a zip that is not a .docx and a package without an index.html, which sent the
teacher looking for the wrong fault."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from submissions.validate import check_file

from .real_tools import run

pytestmark = pytest.mark.slow  # LibreOffice runs

MAIN = "word/document.xml"


def test_a_word_document_whose_text_is_a_zip_bomb_is_refused_for_that_alone(tmp_path: Path) -> None:
    source = tmp_path / "bai.txt"
    source.write_text("Bài giảng Quang hợp\n", encoding="utf-8")
    run("soffice", "--headless", "--convert-to", "docx", "--outdir", tmp_path, source, cwd=tmp_path)
    made = tmp_path / "bai.docx"
    assert check_file(made).ok
    bomb = tmp_path / "bai-bom.docx"
    with zipfile.ZipFile(made) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == MAIN:
                data += b"<!--" + b" " * (200 * 1024 * 1024) + b"-->"
            zout.writestr(info.filename, data)
    report = check_file(bomb)
    assert report.kind == "document"
    assert [(p["code"], p["entry"]) for p in report.problems] == [("zip.compression_ratio", MAIN)]
