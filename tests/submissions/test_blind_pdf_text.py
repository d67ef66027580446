"""Names in a PDF's pages (a cover page's "Người thực hiện", a footer) are the work: the judge's copy keeps them, and
the author is told where they are, for a PDF uploaded alone and for one inside a package."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
from pypdf.annotations import Text

from submissions.blind import Sighting
from submissions.blind.pdf_text import MAX_PAGES

from .blind_helpers import AUTHOR, SCHOOL, judge_copy
from .crafting import make_zip, pdf_saying

COVER = (f"Người thực hiện: {AUTHOR}", f"Đơn vị: {SCHOOL.upper()}")


def test_names_on_a_pdfs_pages_are_reported_and_kept(tmp_path: Path) -> None:
    original = pdf_saying(*COVER, pages=3)
    copy, report = judge_copy(tmp_path, "thuyet-minh.pdf", original, "pdf")
    assert report.sightings == [Sighting("", "text", (AUTHOR, SCHOOL))]
    assert report.kept == []
    assert AUTHOR in pypdf.PdfReader(io.BytesIO(copy)).pages[-1].extract_text()  # the work, kept


def test_names_in_a_pdf_inside_a_package_are_reported_with_its_path(tmp_path: Path) -> None:
    package = make_zip(
        tmp_path / "p.zip",
        {"index.html": b"<a href='tai-lieu/de-cuong.pdf'>PDF</a>", "tai-lieu/de-cuong.pdf": pdf_saying(*COVER)},
    )
    _copy, report = judge_copy(tmp_path, "goi.zip", package.read_bytes(), "zip")
    assert report.sightings == [Sighting("tai-lieu/de-cuong.pdf", "text", (AUTHOR, SCHOOL))]


def test_a_pdf_without_names_on_its_pages_reports_none(tmp_path: Path) -> None:
    _copy, report = judge_copy(tmp_path, "thuyet-minh.pdf", pdf_saying("Người thực hiện: (ẩn danh)"), "pdf")
    assert report.sightings == []


def test_the_pdfs_of_a_package_share_the_pages_read(tmp_path: Path) -> None:
    """A hundred pages' text is read in one upload: a package of many long PDFs does not hold the upload for
    minutes, and names past that budget are not found."""
    long_one, named = pdf_saying(pages=MAX_PAGES), pdf_saying(*COVER)
    members = {"index.html": b"<p>Bai 5</p>", "a/dai.pdf": long_one, "b/bia.pdf": named}
    package = make_zip(tmp_path / "p.zip", members)
    _copy, report = judge_copy(tmp_path, "goi.zip", package.read_bytes(), "zip")
    assert report.sightings == []
    alone = make_zip(tmp_path / "q.zip", {"index.html": b"<p>Bai 5</p>", "b/bia.pdf": named})
    _copy, report = judge_copy(tmp_path, "goi.zip", alone.read_bytes(), "zip")
    assert report.sightings == [Sighting("b/bia.pdf", "text", (AUTHOR, SCHOOL))]


def test_names_in_a_pdfs_bookmarks_and_comments_are_reported(tmp_path: Path) -> None:
    """A bookmark's title and a comment's text are read by judges in their PDF reader's side panels."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_saying("Bài 5")))
    writer.add_outline_item(title=f"Lời giới thiệu của {AUTHOR}", page_number=0)
    writer.add_annotation(page_number=0, annotation=Text(rect=(20, 20, 60, 60), text=f"{SCHOOL} góp ý"))
    out = io.BytesIO()
    writer.write(out)
    _copy, report = judge_copy(tmp_path, "thuyet-minh.pdf", out.getvalue(), "pdf")
    assert report.sightings == [Sighting("", "text", (AUTHOR, SCHOOL))]
