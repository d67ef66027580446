"""Zip files that are neither Office documents nor e-lecture packages, told by their content so that a refusal
says what the file is instead of "the package has no index.html": a Scratch project (``project.json`` at its top,
no page), an OpenDocument file of LibreOffice or OpenOffice and an EPUB book (their ``mimetype`` entry, which both
formats put first in the zip)."""

from __future__ import annotations

from .archive import Archive

_MIMETYPE = "mimetype"
_ODF = b"application/vnd.oasis.opendocument."
_EPUB = b"application/epub+zip"
_SCRATCH = "project.json"
_PAGES = (".html", ".htm")


def other_format(archive: Archive) -> str | None:
    """``scratch``, ``odf`` or ``epub`` (keys of ``media.FORMATS``) when ``archive`` is one, else ``None``."""
    if _MIMETYPE in archive.files:
        declared = (archive.head(_MIMETYPE, 100) or b"").strip()
        if declared.startswith(_ODF):
            return "odf"
        if declared == _EPUB:
            return "epub"
    if _SCRATCH in archive.files and not any(name.lower().endswith(_PAGES) for name in archive.files):
        return "scratch"
    return None
