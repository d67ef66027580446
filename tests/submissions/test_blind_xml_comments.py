"""A package's XML data (a quiz's questions, a gallery's list) loses its comments in the judge's copy ("<!-- Người
soạn: <author> -->"): cut whole, so the document a parser reads is the same, its text included; what looks like a
comment inside a CDATA section (a question's HTML) or a processing instruction stays."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

from lxml import etree

from submissions.blind.xml_comments import without_comments

from .blind_helpers import AUTHOR, SCHOOL, judge_copy
from .crafting import make_zip

QUIZ = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f"<!-- Bộ câu hỏi: Phân số. Người soạn: {AUTHOR} -->\n"
    "<quiz>\n"
    f'  <question id="1">Một nửa<!-- {SCHOOL} --> là bao nhiêu?\n'
    "    <answer><![CDATA[<b>1/2</b> <!-- không phải chú thích -->]]></answer>\n"
    "  </question>\n"
    '  <?player skin="<!-- x -->"?>\n'
    "</quiz>\n"
).encode()


def _document(data: bytes) -> bytes:
    """What a parser reads from ``data``: its canonical form without comments."""
    return etree.tostring(etree.fromstring(data).getroottree(), method="c14n", with_comments=False)


def test_an_xml_data_files_comments_are_cut_and_the_document_stays_the_same(tmp_path: Path) -> None:
    package = make_zip(tmp_path / "p.zip", {"index.html": b"<script src=quiz.js></script>", "data/quiz.xml": QUIZ})
    copy, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        cleaned = after.read("data/quiz.xml")
    assert AUTHOR.encode() not in cleaned and SCHOOL.encode() not in cleaned
    assert _document(cleaned) == _document(QUIZ)
    assert (
        b"<!-- kh\xc3\xb4ng ph\xe1\xba\xa3i ch\xc3\xba th\xc3\xadch -->]]>" in cleaned
        and b'skin="<!-- x -->"?>' in cleaned
    )
    assert report.sightings == []


def test_a_utf16_xml_file_is_left_as_it_is() -> None:
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><!-- x --><a/>'.encode("utf-16")
    assert without_comments(utf16) == utf16


def test_a_hostile_xml_file_is_read_once() -> None:
    started = time.monotonic()
    for hostile in (
        b"<!-- x -->" + b"<!--" * 400_000,
        b"<!-- x --><![CDATA[" * 400_000,
        b"<!-- x -->" + b"<?" * 400_000,
    ):
        without_comments(hostile)
    assert time.monotonic() - started < 5
