"""The members of a zip that hold text (a package's pages, scripts, data, manifest and SVG pictures; an Office or
OpenDocument file's parts), cleaned where they carry authors as metadata and read for names where their words are
the work; and the words of a file of no format known here (``any_text``)."""

from __future__ import annotations

import base64
import binascii
import html
import re
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Literal, Protocol

from . import markup, office, opendocument
from .data_uris import clean_data_uris
from .encoded_data import clean_encoded_data
from .epub import clean_book_part, is_book_part
from .h5p import clean_h5p, clean_h5p_page, is_h5p_metadata
from .script_comments import without_comments as without_script_comments
from .style_comments import without_comments as without_style_comments
from .subtitles import without_comments
from .tool_data import clean_presenter_xml, clean_tool_data
from .xml_comments import without_comments as without_xml_comments
from .xmp_people import is_tool_packet, without_people

_HTML = (".html", ".htm", ".xhtml")
_READ_TEXT = (".js", ".json", ".css", ".txt", ".vtt", ".srt", ".csv", ".md")
TEXT = (*_HTML, *_READ_TEXT, ".xml", ".svg", ".xmp", ".rels", ".opf", ".ncx")
"""Suffixes of members read as text whatever they hold."""
_LIBRARY_MANIFESTS = {"package.json", "bower.json", "composer.json", "library.json", "semantics.json"}
"""JSON naming a library the package bundles and its own author (npm's, H5P's ``library.json``): not the teacher."""
_LOM_HINTS = (b"ltsc.ieee.org/xsd/LOM", b"imsmd", b"<lom", b"adobe:ns:meta/")  # and XMP files
_LETTER = "0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f"  # Latin letters, Vietnamese's, combining marks
_ENCODED = re.compile(r"[A-Za-z0-9+/]{160,}={0,2}")  # a long base64 string, as tools keep JSON in a page or script
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})")
_MAX_DECODED = 8 * 1024 * 1024  # characters of such strings read in one member (folding 8 MB of text: some 2 s)
_WORDS = re.compile(f"[{_LETTER}][{_LETTER} .,_@:/\\\\-]{{5,}}")  # a run of six or more, as in words and paths


class Reader(Protocol):
    """Who is told the text a member shows, to look for names in it."""

    def saw(self, where: str, place: Literal["name", "text"], text: str) -> None: ...


Document = Literal["office", "opendocument"] | None
"""What a zip is: an Office document, an OpenDocument file, or neither (a package)."""


def any_text(data: bytes) -> str:
    """The runs of Latin (Vietnamese included) words that a file of no known format holds, read as UTF-8 and as
    UTF-16 (either alignment), as ``strings`` finds them: a Windows shortcut's path (``C:\\Users\\<login>\\...``),
    a Photoshop file's XMP, a font's or a Flash file's strings. Only runs, so that a megabyte of compressed data
    does not become a megabyte of text to fold."""
    texts = (
        data.decode("utf-8", "replace"),
        data.decode("utf-16-le", "replace"),
        data[1:].decode("utf-16-le", "replace"),
    )
    return "\n".join(run for text in texts for run in _WORDS.findall(text))


def readable(text: str) -> str:
    r"""``text`` as a reader of the lecture sees it: as it is, then with its escapes read (``\uXXXX`` and ``\xXX``
    as a script or JSON writes letters outside ASCII, ``&#NNNN;`` and ``&name;`` as HTML does: Storyline's and
    iSpring's data scripts write a slide's words so), then the text its long base64 strings hold when they hold
    UTF-8 text (Articulate Rise writes its whole course into its page so; pictures and other binary data are left
    out), ``_MAX_DECODED`` of it."""
    unescaped = html.unescape(_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text))
    decoded = [unescaped] if unescaped != text else []
    left = _MAX_DECODED
    for run in _ENCODED.findall(text):
        try:
            words = base64.b64decode(run + "=" * (-len(run) % 4)).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            continue
        decoded.append(words[:left])
        left -= len(decoded[-1])
        if left <= 0:
            break
    return "\n".join([text, *decoded])


TextCleaner = Callable[[bytes, str, Reader], bytes]
"""Cleans a member's bytes (at ``where`` in the upload), telling the reader the text it shows."""


def text_cleaner(name: str, suffix: str, document: Document) -> TextCleaner | None:
    """How a member holding text is cleaned, by its name; ``None`` when it is copied as it is."""
    if document == "office":
        return lambda data, where, job: _clean_office_part(name, data, where, job)
    if document == "opendocument":
        return (lambda data, where, job: _clean_opendocument_part(name, data, where, job)) if suffix == ".xml" else None
    if suffix in _HTML:
        return _clean_page
    if suffix in (".svg", ".xml", ".xmp", ".opf", ".ncx"):
        return _clean_xml
    if is_h5p_metadata(name):
        return _clean_h5p
    if suffix in _READ_TEXT:
        return _read_text
    return None


def _read_text(data: bytes, where: str, job: Reader) -> bytes:
    """A script, style sheet, subtitle or data file of a package: the work, kept as it is but for a WebVTT file's
    comments (``subtitles``), a script's and a style sheet's comments (``script_comments``, ``style_comments``), the
    pictures written into it (``data_uris``), the authors of H5P content whose player's settings it holds
    (``clean_h5p_page``), in a script or a JSON data file (not a bundled library's manifest) the author and presenter
    its tool keeps as the player's settings (``tool_data``), and the same fields in JSON it keeps base64-encoded
    (``encoded_data``), read for names (what else a data.js says is the lecture's words)."""
    suffix = PurePosixPath(where).suffix.lower()
    if suffix == ".js":
        data = without_script_comments(clean_tool_data(data))
    elif (
        suffix == ".json" and PurePosixPath(where).name.lower() not in _LIBRARY_MANIFESTS and not is_h5p_metadata(where)
    ):
        data = clean_tool_data(data)  # the same settings a tool keeps as a data file (no comments in JSON)
    elif suffix == ".css":
        data = without_style_comments(data)
    elif suffix == ".vtt":
        data = without_comments(data)  # NOTE blocks, the header line's words: no player shows them
    if is_tool_packet(data):
        data = without_people(data)  # Camtasia's player settings: the people typed in as the video's information
    data = clean_encoded_data(clean_data_uris(clean_h5p_page(data)))
    job.saw(where, "text", readable(data.decode("utf-8", errors="replace")))
    return data


def _clean_h5p(data: bytes, where: str, job: Reader) -> bytes:
    """H5P's metadata without its authors (``h5p``); what the content says is read for names."""
    return _read_text(clean_h5p(data), where, job)


def _clean_office_part(name: str, data: bytes, where: str, job: Reader) -> bytes:
    """An Office part cleaned (``office.clean_part``); a part holding the document's own text (the body, headers,
    footers, notes, slides, a sheet's strings), and the relationships naming what the document links to, are read
    for names too, as a page's text is: they are the work, not removed, but the author is told. So are the other
    XML parts' words (comments' text, SmartArt, charts, a sheet's name and printed header, the titles of its parts):
    what a judge opening them would read."""
    cleaned = office.clean_part(name, data)
    if office.holds_text(name):
        job.saw(where, "text", office.visible_text(cleaned))
    elif name.endswith(".rels"):  # the web addresses it links to (a OneDrive folder: .../personal/<login>/...)
        job.saw(where, "text", cleaned.decode("utf-8", errors="replace"))
    elif name.endswith(".xml"):
        job.saw(where, "text", markup.xml_words(cleaned))
    return cleaned


def _clean_opendocument_part(name: str, data: bytes, where: str, job: Reader) -> bytes:
    """An OpenDocument part cleaned (``opendocument.clean_part``), its text read for names (the work: kept)."""
    cleaned = opendocument.clean_part(name, data)
    job.saw(where, "text", markup.xml_text(cleaned))
    return cleaned


def _clean_page(data: bytes, where: str, job: Reader) -> bytes:
    """A page cleaned (``markup.clean_html``; the authors of H5P content it plays by itself, ``clean_h5p_page``;
    the author of a course it keeps base64-encoded, ``encoded_data``), its text read for names."""
    cleaned, text = markup.clean_html(clean_encoded_data(clean_data_uris(clean_h5p_page(clean_tool_data(data)))))
    job.saw(where, "text", readable(text))
    return cleaned


def _clean_xml(data: bytes, where: str, job: Reader) -> bytes:
    """An EPUB's package document and table of contents (``epub``), SVG pictures, manifests, LOM metadata and XMP
    files (a photo's sidecar, an Animate source's metadata) are cleaned; other XML (an authoring tool's data) is
    kept but for its comments (``xml_comments``) and a presenter's settings (``clean_presenter_xml``), and read for
    names."""
    member = PurePosixPath(where)
    if is_book_part(data):  # an EPUB's content.opf and toc.ncx: their creators, contributors, publisher, rights go
        cleaned = clean_book_part(data)
        job.saw(where, "text", markup.xml_words(cleaned))
        return cleaned
    if member.suffix.lower() != ".svg" and is_tool_packet(data):
        return _read_text(data, where, job)  # a player's settings in XMP (Camtasia's): only its people go
    if (
        member.suffix.lower() == ".svg"
        or member.name.lower() == "imsmanifest.xml"
        or any(h in data for h in _LOM_HINTS)
    ):
        cleaned = markup.clean_xml(clean_data_uris(data))
        job.saw(where, "text", markup.xml_words(cleaned))  # a title, a description, an SVG's text: the work
        return cleaned
    return _read_text(clean_presenter_xml(without_xml_comments(data)), where, job)
