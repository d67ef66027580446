"""Old binary Office files (.doc, .xls, .ppt) in a package lose, in place, the author, who last saved them and the
company that their property sets and PowerPoint's "Current User" name; the document's own streams are unchanged,
and the author is told that names in comments and tracked changes cannot be removed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from submissions.blind.compound_file import streams

from . import authored
from .blind_helpers import AUTHOR, SCHOOL, cleaned_in_package, judge_copy
from .compound import BODY, WRITER, compound_file, old_document
from .crafting import make_zip


def test_an_old_word_document_loses_its_properties_and_its_text_stays(tmp_path: Path) -> None:
    original = old_document("WordDocument")
    assert authored.shows(original, AUTHOR) and authored.shows(original, SCHOOL)
    _packed, copy, report = cleaned_in_package(tmp_path, "tai-lieu/bai-cu.doc", original)
    assert not authored.shows(copy, AUTHOR) and not authored.shows(copy, SCHOOL)
    assert len(copy) == len(original) and report.kept == []
    assert {s.name: s.read(copy) for s in streams(copy)}["WordDocument"] == BODY
    assert report.old_office == ["tai-lieu/bai-cu.doc"]


def test_an_old_powerpoint_loses_who_last_saved_it(tmp_path: Path) -> None:
    original = old_document("PowerPoint Document", user=True)
    _packed, copy, report = cleaned_in_package(tmp_path, "slide.ppt", original)
    assert not authored.shows(copy, AUTHOR)
    (user,) = [s.read(copy) for s in streams(copy) if s.name == "Current User"]
    assert user[28 : 28 + len(WRITER)] == b" " * len(WRITER)  # a name of spaces, of the same length
    assert report.old_office == ["slide.ppt"]


def test_a_damaged_compound_file_is_kept_and_listed(tmp_path: Path) -> None:
    damaged = old_document("WordDocument")[:700]  # its directory and streams cut off
    _packed, copy, report = cleaned_in_package(tmp_path, "hong.doc", damaged)
    assert copy == damaged and report.kept == ["hong.doc"]


def test_an_old_document_embedded_in_a_docx_loses_its_properties(tmp_path: Path) -> None:
    """Word keeps an embedded document (an Excel 97 sheet, a Word 97 document) as ``oleObject1.bin``: named as no
    format, it is cleaned by its content."""
    with zipfile.ZipFile(io.BytesIO(authored.docx(AUTHOR))) as original:
        parts = {info.filename: original.read(info) for info in original.infolist()}
    parts["word/embeddings/oleObject1.bin"] = old_document("Workbook")
    document = make_zip(tmp_path / "giao-an.docx", parts)
    copy, report = judge_copy(tmp_path, "giao-an.docx", document.read_bytes(), "docx")
    assert not authored.shows(copy, AUTHOR)
    assert report.old_office == ["word/embeddings/oleObject1.bin"]


def test_names_left_inside_an_old_document_are_reported(tmp_path: Path) -> None:
    """What cannot be cleaned in place is read for names: the author's path in an embedded file's record (an
    ``Ole10Native`` stream keeps where the file was, ``C:\\Users\\<login>\\...``), a comment's author in the body."""
    embedded = f"C:\\Users\\{WRITER}\\Desktop\\de-thi.pdf".encode("cp1252")
    native = b"\x02\x00de-thi.pdf\x00" + embedded + b"\x00\x00\x00\x03\x00" + bytes(4) + b"%PDF-1.4"
    original = compound_file({"\x01Ole10Native": native, "WordDocument": BODY})
    _packed, _copy, report = cleaned_in_package(tmp_path, "bai-cu.doc", original)
    assert [s.names for s in report.sightings if s.where == "bai-cu.doc"] == [(AUTHOR,)]
