"""The text of a PDF's pages, for finding the names of its authors in it (a cover page's "Người thực hiện: ...", a
footer): the work itself, which the judge's copy keeps, but whose author should be told.

Read with pypdf, which maps each font's glyphs to Unicode (``ToUnicode`` maps, the Identity-H fonts in which Word,
LibreOffice and browsers save Vietnamese). Only the first ``MAX_PAGES`` pages are read, so that a 2,000-page book
cannot hold an upload for minutes; a page whose text cannot be read is skipped and logged."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pypdf

_log = logging.getLogger(__name__)
MAX_PAGES = 100  # some 20 ms a page of dense text: 2 s at most added to an upload


def page_texts(path: Path) -> Iterator[str]:
    """The text of each of the first ``MAX_PAGES`` pages of the readable PDF at ``path`` (the judge's copy, which
    pikepdf has written); nothing for a page, or a file, pypdf cannot read. Never raises: a failure to read the text
    must not undo the cleaning."""
    try:
        reader = pypdf.PdfReader(path)
        pages = [reader.pages[i] for i in range(min(len(reader.pages), MAX_PAGES))]
    except Exception as e:  # pypdf on a file pikepdf could repair: the copy stays cleaned, only unread
        _log.warning("judge's copy: the text of %s could not be read (%r)", path.name, e)
        return
    for number, page in enumerate(pages, start=1):
        try:
            yield page.extract_text()
        except Exception as e:  # pypdf on a strange page (a broken font): the other pages are still read
            _log.warning("judge's copy: the text of page %d of %s could not be read (%r)", number, path.name, e)
