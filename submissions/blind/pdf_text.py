"""The text of a PDF's pages, for finding the names of its authors in it (a cover page's "Người thực hiện: ...", a
footer), and the strings its objects keep (``object_words``: bookmarks, comments' text, form fields): the work itself,
which the judge's copy keeps, but whose author should be told.

Read with pypdf, which maps each font's glyphs to Unicode (``ToUnicode`` maps, the Identity-H fonts in which Word,
LibreOffice and browsers save Vietnamese). Only ``MAX_PAGES`` pages are read in one upload (the first ones of
each PDF, in a package's order), so that a 2,000-page book or a package of fifty PDFs cannot hold it for minutes;
a page whose text cannot be read counts as an empty one, and is logged."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pypdf

from .pdf import dictionaries

_log = logging.getLogger(__name__)
MAX_PAGES = 100  # some 20 ms a page of dense text: 2 s at most added to an upload, whatever its PDFs


def page_texts(path: Path, max_pages: int = MAX_PAGES) -> Iterator[str]:
    """The text of each of the first ``max_pages`` pages of the readable PDF at ``path`` (the judge's copy, which
    pikepdf has written): an empty text for a page pypdf cannot read, nothing for a file it cannot read. Never
    raises: a failure to read the text must not undo the cleaning."""
    try:
        reader = pypdf.PdfReader(path)
        pages = [reader.pages[i] for i in range(min(len(reader.pages), max_pages))]
    except Exception as e:  # pypdf on a file pikepdf could repair: the copy stays cleaned, only unread
        _log.warning("judge's copy: the text of %s could not be read (%r)", path.name, e)
        return
    for number, page in enumerate(pages, start=1):
        try:
            yield page.extract_text()
        except Exception as e:  # pypdf on a strange page (a broken font): the other pages are still read
            _log.warning("judge's copy: the text of page %d of %s could not be read (%r)", number, path.name, e)
            yield ""


def object_words(path: Path) -> list[str]:
    """The text strings in the objects of the PDF at ``path`` (the judge's copy): bookmarks' titles, comments' and
    notes' text, form fields' values and tooltips, links, which judges read in their reader's panels. Empty for a
    PDF pikepdf cannot open again; never raises, as ``page_texts``."""
    try:
        with pikepdf.open(path) as pdf:
            return [str(v) for found in dictionaries(pdf) for v in found.values() if isinstance(v, pikepdf.String)]
    except Exception as e:
        _log.warning("judge's copy: the strings of %s could not be read (%r)", path.name, e)
        return []
