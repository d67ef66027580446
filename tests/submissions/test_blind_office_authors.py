"""Who wrote a Word document's tracked changes and comments, and a PowerPoint deck's comments (its
``ppt/commentAuthors.xml``), as LibreOffice writes them into real .docx and .pptx files: the judge's copy names none
of them, and LibreOffice, opening the copy, still shows the changes as tracked, the comments' text and the notes.
What the speaker notes say is the work: kept, and reported."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
import pytest

from submissions.blind import make_judge_copy

from .blind_helpers import AUTHOR, spot
from .real_tools import run, tags

pytestmark = pytest.mark.slow  # LibreOffice runs

REVIEWER = "Trần Văn Bình"
_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:officeooo="http://openoffice.org/2009/office" office:version="1.3"'
)
_DATE = "<dc:date>2026-03-01T08:00:00</dc:date>"


def _change(region: str, kind: str, who: str, removed: str = "") -> str:
    return (
        f'<text:changed-region text:id="{region}"><text:{kind}><office:change-info><dc:creator>{who}</dc:creator>'
        f"{_DATE}</office:change-info>{removed}</text:{kind}></text:changed-region>"
    )


WRITER = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {_NS} '
    'office:mimetype="application/vnd.oasis.opendocument.text">\n'
    f"<office:meta><meta:initial-creator>{AUTHOR}</meta:initial-creator><dc:creator>{AUTHOR}</dc:creator>"
    "</office:meta>\n<office:body><office:text>\n"
    '<text:tracked-changes text:track-changes="true">'
    f"{_change('ct1', 'insertion', AUTHOR)}{_change('ct2', 'deletion', REVIEWER, '<text:p>cũ</text:p>')}"
    "</text:tracked-changes>\n"
    '<text:p>Bài giảng <text:change-start text:change-id="ct1"/>mới<text:change-end text:change-id="ct1"/>'
    '<text:change text:change-id="ct2"/> về phân số.'
    f"<office:annotation><dc:creator>{AUTHOR}</dc:creator>{_DATE}<text:p>Sửa lại ví dụ</text:p></office:annotation>"
    "</text:p>\n</office:text></office:body></office:document>\n"
)
IMPRESS = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {_NS} '
    'office:mimetype="application/vnd.oasis.opendocument.presentation">\n'
    '<office:body><office:presentation><draw:page draw:name="page1">\n'
    '<draw:frame svg:x="2cm" svg:y="2cm" svg:width="10cm" svg:height="3cm"><draw:text-box><text:p>Phân số</text:p>'
    "</draw:text-box></draw:frame>\n"
    '<officeooo:annotation svg:x="1cm" svg:y="1cm" svg:width="1cm" svg:height="1cm">'
    f"<dc:creator>{AUTHOR}</dc:creator>{_DATE}<text:p>Thêm ví dụ</text:p></officeooo:annotation>\n"
    '<presentation:notes><draw:frame presentation:class="notes" svg:x="2cm" svg:y="14cm" svg:width="17cm" '
    'svg:height="10cm"><draw:text-box>'
    f"<text:p>Ghi chú: nhấn mạnh mẫu số. Người thực hiện: {AUTHOR}</text:p></draw:text-box></draw:frame>"
    "</presentation:notes>\n</draw:page></office:presentation></office:body></office:document>\n"
)


def _made(tmp_path: Path, flat: str, name: str, fmt: str) -> Path:
    """The .docx or .pptx LibreOffice makes of the flat OpenDocument ``flat``."""
    source = tmp_path / name
    source.write_text(flat, encoding="utf-8")
    run("soffice", "--headless", "--convert-to", fmt, "--outdir", tmp_path, source, cwd=tmp_path)
    return source.with_suffix("." + fmt)


def _reopened(tmp_path: Path, copy: Path, fmt: str) -> str:
    """What LibreOffice reads in ``copy``, written out as flat OpenDocument (``fmt``: fodt, fodp)."""
    out = tmp_path / "reopened"
    run("soffice", "--headless", "--convert-to", fmt, "--outdir", out, copy, cwd=tmp_path)
    return (out / copy.with_suffix("." + fmt).name).read_text(encoding="utf-8")


def test_a_word_documents_tracked_changes_and_comments_name_nobody_and_still_open(tmp_path: Path) -> None:
    document = _made(tmp_path, WRITER, "giao-an.fodt", "docx")
    with zipfile.ZipFile(document) as before:
        assert f'w:author="{REVIEWER}"' in before.read("word/document.xml").decode()
        assert f'w:author="{AUTHOR}"' in before.read("word/comments.xml").decode()
    copy = tmp_path / "judge" / "giao-an.docx"
    copy.parent.mkdir()
    report = make_judge_copy(document, copy, "docx", spot)
    assert report.kept == [] and report.sightings == []
    seen = _reopened(tmp_path, copy, "fodt")
    assert AUTHOR not in seen and REVIEWER not in seen
    assert seen.count("<text:insertion>") == 1 and seen.count("<text:deletion>") == 1  # still tracked
    assert "Sửa lại ví dụ" in seen and "phân số" in seen


def test_a_decks_comment_authors_go_and_its_notes_are_reported(tmp_path: Path) -> None:
    deck = _made(tmp_path, IMPRESS, "bai-giang.fodp", "pptx")
    with zipfile.ZipFile(deck) as before:
        assert AUTHOR in before.read("ppt/commentAuthors.xml").decode()
    copy = tmp_path / "judge" / "bai-giang.pptx"
    copy.parent.mkdir()
    report = make_judge_copy(deck, copy, "pptx", spot)
    with zipfile.ZipFile(copy) as after:
        authors = after.read("ppt/commentAuthors.xml").decode()
    assert AUTHOR not in authors and 'id="0"' in authors  # the comments still point at their author's entry
    assert [(s.where, s.names) for s in report.sightings] == [("ppt/notesSlides/notesSlide1.xml", (AUTHOR,))]
    seen = _reopened(tmp_path, copy, "fodp")
    assert "Thêm ví dụ" in seen and "nhấn mạnh mẫu số" in seen and "Phân số" in seen
    assert seen.count(AUTHOR) == 1  # in the notes, the work: nowhere else


def test_a_pdf_exported_by_libreoffice_keeps_no_author_in_its_info_xmp_or_comments(tmp_path: Path) -> None:
    """PDF/A-2 with comments exported: the Info dictionary's /Author, XMP's dc:creator and each comment's /T name the
    author; ExifTool reads none of them in the copy, which pikepdf opens with its page and its comment's text."""
    source = tmp_path / "thuyet-minh.fodt"
    source.write_text(WRITER, encoding="utf-8")
    options = '{"SelectPdfVersion":{"type":"long","value":"2"},"ExportNotes":{"type":"boolean","value":"true"}}'
    run("soffice", "--headless", "--convert-to", f"pdf:writer_pdf_Export:{options}", "--outdir", tmp_path, source)
    exported = source.with_suffix(".pdf")
    assert tags(exported).count(AUTHOR) == 2  # [PDF] Author, [XMP-dc] Creator
    with pikepdf.open(exported) as pdf:
        assert any(AUTHOR in str(a.get("/T", "")) for a in pdf.pages[0].get("/Annots", []))
    copy = tmp_path / "judge.pdf"
    report = make_judge_copy(exported, copy, "pdf", spot)
    assert report.kept == [] and report.left_out == [] and report.sightings == []
    assert AUTHOR not in tags(copy)
    with pikepdf.open(copy) as pdf:
        (page,) = pdf.pages
        notes = [a for a in page.get("/Annots", []) if a.get("/Subtype") == "/Text"]
        assert [str(a.get("/Contents")) for a in notes] == ["Sửa lại ví dụ"]
        assert all(AUTHOR not in str(a.get("/T", "")) for a in notes)


def test_a_template_named_by_its_path_on_the_authors_computer_keeps_its_file_name(tmp_path: Path) -> None:
    """Some editors write the template a document was made from as its whole path (``C:\\Users\\<login>\\...``) in
    ``app.xml``, which Word's and ExifTool's properties show: the judge's copy keeps the template's file name."""
    made = _made(tmp_path, WRITER, "giao-an.fodt", "docx")
    path = "C:\\Users\\NgocNTB\\AppData\\Roaming\\Microsoft\\Templates\\Giáo án mẫu.dotx"
    document = tmp_path / "giao-an-mau.docx"
    with zipfile.ZipFile(made) as before, zipfile.ZipFile(document, "w", zipfile.ZIP_DEFLATED) as after:
        for info in before.infolist():
            data = before.read(info)
            if info.filename == "docProps/app.xml":
                data = data.replace(b"<Template></Template>", f"<Template>{path}</Template>".encode())
            after.writestr(info, data)
    assert "NgocNTB" in tags(document)
    copy = tmp_path / "judge" / "giao-an.docx"
    copy.parent.mkdir()
    report = make_judge_copy(document, copy, "docx", spot)
    shown = tags(copy)
    assert "NgocNTB" not in shown and "Template                        : Giáo án mẫu.dotx" in shown
    assert report.sightings == [] and "Sửa lại ví dụ" in _reopened(tmp_path, copy, "fodt")
