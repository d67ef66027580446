"""A PDF that needs a password to open is refused at upload, however its trailer is laid out; one restricted only
by an owner password opens for anyone and is accepted; the judge's copy of a locked PDF is the file itself, with
nothing logged as a fault."""

from __future__ import annotations

import logging
from pathlib import Path

import pikepdf
import pytest

from submissions.blind import make_judge_copy
from submissions.validate import check_file

LAYOUTS = {
    "classic": {},
    "linearized": {"linearize": True},
    "xref-stream": {"object_stream_mode": pikepdf.ObjectStreamMode.generate},
    "linearized-xref-stream": {"linearize": True, "object_stream_mode": pikepdf.ObjectStreamMode.generate},
}


def make_pdf(path: Path, user: str, owner: str, layout: str = "classic", pages: int = 400) -> Path:
    """A PDF of ``pages`` blank pages (enough for a cross-reference larger than the windows the check reads),
    encrypted with AES-256 with the passwords ``user`` and ``owner``."""
    with pikepdf.new() as pdf:
        for _ in range(pages):
            pdf.add_blank_page()
        pdf.save(path, encryption=pikepdf.Encryption(user=user, owner=owner), **LAYOUTS[layout])
    return path


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_pdf_locked_by_a_password_is_refused(tmp_path: Path, layout: str) -> None:
    report = check_file(make_pdf(tmp_path / "bao-cao.pdf", "mat-khau", "chu", layout))
    assert [p["code"] for p in report.problems] == ["file.pdf_password"]
    assert report.kind == "document"


def test_a_pdf_restricted_only_by_an_owner_password_is_accepted(tmp_path: Path) -> None:
    assert check_file(make_pdf(tmp_path / "bao-cao.pdf", "", "chu")).ok


def test_the_judges_copy_of_a_locked_pdf_is_kept_without_an_error_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = make_pdf(tmp_path / "bao-cao.pdf", "mat-khau", "chu", pages=1)
    with caplog.at_level(logging.ERROR):
        report = make_judge_copy(source, tmp_path / "judge.pdf", "pdf")
    assert report.kept == [""]
    assert (tmp_path / "judge.pdf").read_bytes() == source.read_bytes()
    assert caplog.records == []
