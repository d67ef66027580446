"""HTML pages and XML documents without their authors.

HTML: ``<meta>`` elements naming a person (author, creator, publisher, copyright, their Dublin Core and social
forms), ``<link rel="author">`` and every comment are cut out; nothing else of the page changes, byte for byte (the
page is parsed as Latin-1, which maps every byte to one character, so offsets are byte offsets whatever the page's
real encoding). Its inline scripts and styles lose their comments as a package's scripts and style sheets do
(``script_comments``, ``style_comments``: turned to spaces, so nothing moves), its JSON-LD the people it describes
(``json_ld``). The page's text (what it shows, its
attributes' values, its remaining meta contents, its inline scripts and styles, which are otherwise left as they
are) is returned too, to be read for names for the warning to its authors.

XML: the contributors and annotations of IEEE LOM metadata (``contribute``: role, vCard ``entity``, date;
``annotation``: a person's vCard, a date, a note) and the words of its rights' description ("© 2026 <author>,
<school>"; the element and its language stay, as its cost and copyright values do), as SCORM manifests and their
metadata files carry them, an SVG's ``metadata`` element and Inkscape's ``docname``, ``export-filename`` and
``absref`` attributes are removed, with XML comments, and a link to a picture on the author's computer keeps its file
name alone; the document is rewritten only when something was removed, with its namespace prefixes as they were.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from lxml import etree

from ..packages import from_declaration
from .json_ld import without_people
from .local_paths import file_name, is_local
from .script_comments import without_comments
from .style_comments import without_comments as without_style_comments

_PERSON_META = {
    "author",
    "creator",
    "publisher",
    "copyright",
    "owner",
    "designer",
    "reply-to",
    "web_author",
    "contact",
    "dc.creator",
    "dc.contributor",
    "dc.publisher",
    "dc.rights",
    "dcterms.creator",
    "dcterms.contributor",
    "dcterms.publisher",
    "dcterms.rightsholder",
    "article:author",
    "book:author",
    "twitter:creator",
    "citation_author",
}
# What a person-naming ``meta`` is called after its vocabulary's prefix ("og:author", "dc:creator", "dcterms.rights",
# "music:creator"): the prefixes come in dots and colons, upper and lower case, and open lists of their own.
_PERSON_WORDS = {
    "author",
    "creator",
    "contributor",
    "publisher",
    "rights",
    "rightsholder",
    "copyright",
    "owner",
    "last-modified-by",
    "lastmodifiedby",
}
_VOCABULARY = re.compile(r"[.:]")
_MAX_TAIL = 4096  # characters of an unfinished tag at a page's end that the standard parser is left to read
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "application/x-javascript", "module"}
# LOM contributors and annotations (a person's vCard, a date, a note); SVG metadata (SCORM's <metadata> is kept)
_REMOVED_XML = {"contribute", "annotation", "metadata"}
# Inkscape's record of the drawing's file, where it was exported, a linked picture's path (C:\Users\<login>\...)
_REMOVED_ATTRIBUTES = {"docname", "export-filename", "absref"}
_SCORM_METADATA_PARENTS = {"manifest", "organization", "item", "resource", "file"}


class _Page(HTMLParser):
    """Notes the byte spans to cut (comments, person ``meta`` and ``link rel=author``), those of its scripts
    (``scripts``) and the text to read for names (``text``)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = [0]
        for at, ch in enumerate(text):
            if ch == "\n":
                self.line_starts.append(at + 1)
        self.cuts: list[tuple[int, int]] = []
        self.scripts: list[tuple[int, int]] = []
        self.styles: list[tuple[int, int]] = []  # the text of its ``<style>`` elements
        self.json_ld: list[tuple[int, int]] = []  # the text of its JSON-LD scripts
        self.text: list[str] = []
        self._open_cut: int | None = None
        self._script: int | None = None  # where the text of the script being read starts
        self._style: int | None = None  # where the text of the style element being read starts
        self._json_ld: int | None = None  # where the text of the JSON-LD script being read starts

    def _here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _mark(self) -> int:
        """Every event starts where the previous one ended: close a pending cut there."""
        here = self._here()
        if self._open_cut is not None:
            self.cuts.append((self._open_cut, here))
            self._open_cut = None
        return here

    def close_at(self, end: int) -> None:
        """End the page at ``end``. What is left unread runs from an unfinished comment or tag to the page's end: a
        comment is cut to the end, as browsers read it; anything longer than ``_MAX_TAIL`` else is read as text,
        since Python's parser (before 3.11.13, 3.12.11, 3.13.4) reads such a tail again from each ``<`` in it (``<a
        <a <a ...``: a minute for 100 KB, hours for a megabyte, in the upload's request)."""
        tail = self.rawdata
        if tail.startswith("<!--") or len(tail) > _MAX_TAIL:
            here = self._mark()
            if tail.startswith("<!--"):
                self._open_cut = here
            elif self._script is None and self._style is None and self._json_ld is None:
                self.text.append(tail)
            self.rawdata = ""
        self.close()
        if self._open_cut is not None:
            self.cuts.append((self._open_cut, end))
            self._open_cut = None

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """A ``<![...]>`` section, whatever its keyword (the standard parser asserts on one it does not know):
        up to its ``]>``; -1 while that has not arrived."""
        end = self.rawdata.find("]>", i + 3)
        if end < 0:
            return -1
        self.unknown_decl(self.rawdata[i + 3 : end])
        return end + 2

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        here = self._mark()
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            named = values.get("name") or values.get("property") or values.get("itemprop") or values.get("http-equiv")
            key = (named or "").strip().lower()
            if key in _PERSON_META or _VOCABULARY.split(key)[-1] in _PERSON_WORDS:
                self._open_cut = here
            elif values.get("content") and key not in ("viewport", "generator") and "http-equiv" not in values:
                self.text.append(values["content"])
        elif tag == "link" and "author" in values.get("rel", "").lower().split():
            self._open_cut = here
        elif tag == "script" and values.get("type", "").strip().lower() in _SCRIPT_TYPES and "src" not in values:
            self._script = here + len(self.get_starttag_text() or "")
        elif tag == "style":
            self._style = here + len(self.get_starttag_text() or "")
        elif tag == "script" and values.get("type", "").strip().lower() == "application/ld+json":
            self._json_ld = here + len(self.get_starttag_text() or "")
        elif tag != "meta":  # every attribute's value: alt, title, a field's value and placeholder, data-*, links
            self.text.extend(value for value in values.values() if value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # not the end tag's: a self-closed person meta's cut ends at the next event

    def handle_endtag(self, tag: str) -> None:
        here = self._mark()
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, here))
        if tag == "style" and self._style is not None:
            self.styles.append((self._style, here))
        if tag == "script" and self._json_ld is not None:
            self.json_ld.append((self._json_ld, here))
        self._script = self._style = self._json_ld = None

    def handle_comment(self, data: str) -> None:
        self._open_cut = self._mark()

    def handle_data(self, data: str) -> None:
        self._mark()
        if self._script is None and self._style is None and self._json_ld is None:  # read once cleaned
            self.text.append(data)  # scripts' too: an authoring tool's inline data, JSON-LD's "author", as a .js file's

    def handle_entityref(self, name: str) -> None:
        self._mark()

    def handle_charref(self, name: str) -> None:
        self._mark()

    def handle_decl(self, decl: str) -> None:
        self._mark()

    def handle_pi(self, data: str) -> None:
        self._mark()

    def unknown_decl(self, data: str) -> None:
        self._mark()


def clean_html(data: bytes) -> tuple[bytes, str]:
    """(``data`` without person metadata and comments, its text as best decoded: what it shows, its remaining
    meta contents, its scripts and styles, left as they are and read for names). A page saved as UTF-16
    (it starts with its byte order mark: Word's and Notepad's "Unicode") is cleaned as UTF-8 and written back in
    UTF-16."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                as_utf8 = data[len(bom) :].decode(codec).encode("utf-8")
            except UnicodeDecodeError:
                break
            cleaned, visible = clean_html(as_utf8)
            return (data if cleaned == as_utf8 else bom + cleaned.decode("utf-8").encode(codec)), visible
    text = data.decode("latin-1")
    page = _Page(text)
    page.feed(text)
    page.close_at(len(text))
    if page.scripts or page.styles:
        blanked = bytearray(data)
        spans = [(span, without_comments) for span in page.scripts] + [
            (span, without_style_comments) for span in page.styles
        ]
        for (start, end), blank in spans:  # the same length: every span found stays where it is
            blanked[start:end] = blank(data[start:end])
            page.text.append(blanked[start:end].decode("latin-1"))
        data = bytes(blanked)
    kept: list[bytes] = []
    at = 0
    people = {start: end for start, end in page.json_ld}
    for start, end in sorted([*page.cuts, *page.json_ld]):
        if start >= at:
            kept.append(data[at:start])
            if start in people and people[start] == end:
                kept.append(_json_ld_cleaned(data[start:end], page.text))
            at = end
    kept.append(data[at:])
    return b"".join(kept), _decoded(" ".join(page.text))


def _json_ld_cleaned(data: bytes, text: list[str]) -> bytes:
    """A JSON-LD script's bytes without the people it describes (``json_ld``), its words added to ``text``; as it
    was when it is not UTF-8."""
    try:
        cleaned = without_people(data.decode("utf-8")).encode("utf-8")
    except UnicodeDecodeError:
        cleaned = data
    text.append(cleaned.decode("latin-1"))
    return cleaned


def _decoded(latin: str) -> str:
    raw = latin.encode("latin-1")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1258", errors="replace")


def xml_text(data: bytes) -> str:
    """The text of an XML document (its elements' text, one piece a line), as the authors' names are looked for in
    it; empty for malformed XML."""
    try:
        root = etree.fromstring(from_declaration(data), xml_parser())
    except etree.XMLSyntaxError:
        return ""
    return "\n".join(piece for piece in map(str, root.itertext()) if piece.strip())


def xml_words(data: bytes) -> str:
    """The text of an XML document and its attributes' values (a sheet's name, a chart's title in an attribute),
    one piece a line; empty for malformed XML."""
    try:
        root = etree.fromstring(from_declaration(data), xml_parser())
    except etree.XMLSyntaxError:
        return ""
    values = (str(value) for element in root.iter() for value in element.attrib.values())
    return "\n".join(piece for piece in (*map(str, root.itertext()), *values) if piece.strip())


def xml_parser() -> etree.XMLParser:
    """A parser that never reads a DTD, an external entity or the network, and keeps comments for removal."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def serialise(tree: etree._ElementTree) -> bytes:
    """The document's root element as UTF-8, after the XML declaration Office writes (standalone when it was);
    comments and processing instructions outside the root element are dropped with its document type."""
    standalone = ' standalone="yes"' if tree.docinfo.standalone else ""
    declaration = f'<?xml version="1.0" encoding="UTF-8"{standalone}?>\r\n'.encode()
    return declaration + etree.tostring(tree.getroot(), encoding="UTF-8")


def _parent_is(element: etree._Element, local: str) -> bool:
    parent = element.getparent()
    return parent is not None and isinstance(parent.tag, str) and etree.QName(parent).localname == local


def _empty_strings(description: etree._Element) -> bool:
    """Empty the text of a LOM description's strings (SCORM 1.2's ``langstring``, 2004's ``string``), each kept
    with its language so the manifest stays valid; whether one held text."""
    emptied = False
    for string in description.iter():
        if isinstance(string.tag, str) and (string.text or "").strip():
            string.text = ""
            emptied = True
    return emptied


def clean_xml(data: bytes) -> bytes:
    """``data`` (LOM metadata, a SCORM manifest, an SVG picture, an XMP file) without contributors, SVG metadata,
    an XMP packet's description and comments; unchanged when there were none. Blank lines before its XML
    declaration are tolerated as the upload check tolerates them (``packages.from_declaration``). Raises
    ``etree.XMLSyntaxError`` on malformed XML."""
    tree = etree.ElementTree(etree.fromstring(from_declaration(data), xml_parser()))
    doomed = []
    attributes_removed = False
    for element in tree.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, etree._Comment):
                doomed.append(element)
            continue
        for attribute in [a for a in element.attrib if etree.QName(a).localname in _REMOVED_ATTRIBUTES]:
            del element.attrib[attribute]
            attributes_removed = True
        for attribute in [a for a in element.attrib if etree.QName(a).localname == "href"]:
            if is_local(target := str(element.attrib[attribute])):  # Inkscape's linked picture: C:\Users\<login>\...
                element.attrib[attribute] = file_name(target)
                attributes_removed = True
        local = etree.QName(element).localname
        if local == "description" and _parent_is(element, "rights"):
            attributes_removed |= _empty_strings(element)  # "© 2026 <author>, <school>": the rest of rights stays
            continue
        if (
            local == "RDF"
            and (parent := element.getparent()) is not None
            and etree.QName(parent).localname == "xmpmeta"
        ):
            doomed.append(element)  # an XMP packet's description of the file: its author, rights, a photo's place
            continue
        if local not in _REMOVED_XML:
            continue
        parent = element.getparent()
        scorm = parent is not None and etree.QName(parent).localname in _SCORM_METADATA_PARENTS
        if local != "metadata" or not scorm:
            doomed.append(element)
    if not doomed and not attributes_removed:
        return data
    for element in doomed:
        parent = element.getparent()
        if parent is None:
            continue
        if element.tail:  # the text after an element goes with it in lxml: keep it
            previous = element.getprevious()
            if previous is None:
                parent.text = (parent.text or "") + element.tail
            else:
                previous.tail = (previous.tail or "") + element.tail
        parent.remove(element)
    return serialise(tree)
