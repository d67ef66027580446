"""An EPUB book's package document (``content.opf``) and EPUB 2 table of contents (``toc.ncx``) without the people
they name.

Its ``dc:creator``, ``dc:contributor``, ``dc:publisher`` and ``dc:rights`` (a reading system shows them as the
book's author and copyright) are removed, with every ``meta`` or ``link`` that refines one of them (EPUB 3's role
and ``file-as``: a dangling refinement is an error for epubcheck) and Calibre's ``calibre:author_link_map``. What
EPUB requires (``dc:identifier``, ``dc:title``, ``dc:language``, ``dcterms:modified``), the manifest and the spine
stay, so the book still opens. The table of contents loses its ``docAuthor`` (optional in NCX); its title and
navigation stay. A document is rewritten only when something was removed.
"""

from __future__ import annotations

from lxml import etree

from ..packages import from_declaration
from .markup import serialise, xml_parser

_DC = "http://purl.org/dc/elements/1.1/"
_OPF = b"http://www.idpf.org/2007/opf"
_NCX = "http://www.daisy.org/z3986/2005/ncx/"
_PEOPLE = {f"{{{_DC}}}{name}" for name in ("creator", "contributor", "publisher", "rights")} | {f"{{{_NCX}}}docAuthor"}
_TOOL_PEOPLE = {"calibre:author_link_map"}


def is_book_part(data: bytes) -> bool:
    """Whether ``data`` is an OPF package document or an NCX table of contents (by its namespace, as an EPUB's
    ``container.xml`` and its manifest name any path for them)."""
    head = data[:4096]
    return _OPF in head or _NCX.encode() in head


def clean_book_part(data: bytes) -> bytes:
    """``data`` without the people it names (see the module docstring); unchanged when it names none. Raises
    ``etree.XMLSyntaxError`` on malformed XML."""
    tree = etree.ElementTree(etree.fromstring(from_declaration(data), xml_parser()))
    doomed = [e for e in tree.iter() if isinstance(e.tag, str) and (e.tag in _PEOPLE or e.get("name") in _TOOL_PEOPLE)]
    gone = {f"#{e.get('id')}" for e in doomed if e.get("id")}
    doomed += [e for e in tree.iter() if isinstance(e.tag, str) and e.get("refines") in gone]
    if not doomed:
        return data
    for element in doomed:
        parent = element.getparent()
        if parent is None:
            continue
        if element.tail and (previous := element.getprevious()) is not None:
            previous.tail = (previous.tail or "") + element.tail
        elif element.tail:
            parent.text = (parent.text or "") + element.tail
        parent.remove(element)
    return serialise(tree)
