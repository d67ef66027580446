"""The names of a WebM's or Matroska file's chapters, read for the authors' names.

Chapters (``Chapters`` > ``EditionEntry`` > ``ChapterAtom``, nested, each with ``ChapterDisplay`` > ``ChapString``)
are the video's own outline, as ffmpeg writes them from its chapter list and MKVToolNix from what its user typed:
VLC and mpv show them to whoever opens the download. They are the work, as an MP4's chapter names are
(``mp4_text``): kept in the judge's copy and read, so that the author is told of a name in them. At most
``MAX_TEXT`` bytes of them are read a file; the walk is the file's (``ebml``), so a file of millions of chapters is
read no further than its bound allows.
"""

from __future__ import annotations

from typing import BinaryIO

from ..ebml import SEGMENT, BrokenElement, Element, Walk, elements

MAX_TEXT = 1024 * 1024
_CHAPTERS = 0x1043A770
_EDITION = 0x45B9
_ATOM = 0xB6
_DISPLAY = 0x80
_STRING = 0x85


def chapter_names(f: BinaryIO) -> str:
    """The chapter names of the WebM or Matroska file ``f``, one a line; those read before the file's elements stop
    fitting or its walk's bound is reached."""
    size = f.seek(0, 2)
    walk = Walk()
    names: list[str] = []
    left = MAX_TEXT
    try:
        for segment in elements(f, 0, size, walk):
            if segment.id != SEGMENT:
                continue
            for child in elements(f, segment.data, segment.end, walk):
                if child.id != _CHAPTERS:
                    continue
                for text in _strings(f, child, walk):
                    f.seek(text.data)
                    names.append(f.read(min(text.end - text.data, left)).decode("utf-8", errors="replace"))
                    left -= text.end - text.data
                    if left <= 0:
                        return "\n".join(names)
    except BrokenElement:
        pass
    return "\n".join(names)


def _strings(f: BinaryIO, chapters: Element, walk: Walk) -> list[Element]:
    """The ``ChapString`` elements under ``chapters``, atoms within atoms included."""
    found: list[Element] = []
    pending = [chapters]
    while pending:
        parent = pending.pop()
        for element in elements(f, parent.data, parent.end, walk):
            if element.id in (_EDITION, _ATOM, _DISPLAY):
                pending.append(element)
            elif element.id == _STRING and parent.id == _DISPLAY:
                found.append(element)
    return found
