"""Office documents (DOCX, PPTX, XLSX: zips of XML parts) without their authors, part by part.

- ``docProps/core.xml`` (creator, last modified by, title, keywords, dates...), or the ``.psmdcp`` part .NET's
  packaging writes them to, becomes an empty set of properties;
- ``docProps/app.xml`` loses its company, manager and hyperlink base, and its template's folder when a path on
  the author's computer; ``docProps/custom.xml`` all its properties;
  SharePoint's and OneDrive's properties (a ``customXml`` item) the columns of their document library; Word's cover
  page properties (another ``customXml`` item, which a cover page's fields show) the company's address, phone, fax
  and e-mail, emptied (its abstract and date are the work's);
- in the other XML parts, who wrote a comment or a tracked change is blanked: the ``author``, ``initials``,
  ``userId``, ``providerId`` and ``displayName`` attributes (Word's comments, people, insertions and deletions;
  PowerPoint's and Excel's comment authors and persons), the ``name`` of PowerPoint's comment authors and the text
  of Excel's ``<author>`` elements. The comments themselves stay: they are part of the work. Likewise who reserved
  a workbook (``fileSharing``'s ``userName``), a shared workbook's users (``userInfo``'s ``name``) and the folder
  Excel last saved it in (``x15ac:absPath``'s ``url``, ``C:\\Users\\<login>\\...``).

Parts are rewritten only when something was removed, keeping their namespace prefixes (Office refuses a part whose
``mc:Ignorable`` prefixes were renamed). An attached template, and any file on the author's computer or network that
the document links to (a linked picture, an Excel external link, a hyperlink to a local file), is named by its file
name alone: Office records the folder it lay in (``C:\\Users\\<login>\\...``); links to the web are kept, and the
relationships are read for names. The document's own text (``holds_text``, ``visible_text``) is left as it is and
read, so that names in it are reported to the author.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from .local_paths import file_name, is_local
from .markup import serialise, xml_parser

OFFICE_MARKERS = {"word/document.xml", "ppt/presentation.xml", "xl/workbook.xml"}
EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    b' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    b' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)
_APP_REMOVED = {"Company", "Manager", "HyperlinkBase"}
_BLANKED_ATTRIBUTES = {"author", "initials", "userId", "providerId", "displayName", "userName"}
_NAMED_AUTHORS = {"cmAuthor", "author", "userInfo"}  # PowerPoint's comment authors, a shared workbook's users: name
_TRIGGERS = (b"author", b"initials", b"userId", b"providerId", b"displayName", b"userName", b"userInfo", b"absPath")
_LINKS = (b"attachedTemplate", b"External")
_SHAREPOINT_PROPERTIES = b"schemas.microsoft.com/office/2006/metadata/properties"
_COVER_PAGE_PROPERTIES = b"schemas.microsoft.com/office/2006/coverPageProps"
_COVER_PAGE_EMPTIED = {"CompanyAddress", "CompanyPhone", "CompanyFax", "CompanyEmail"}


def is_office(names: set[str]) -> bool:
    """Whether a zip holding the entries ``names`` is an Office document."""
    return "[Content_Types].xml" in names and bool(OFFICE_MARKERS & names)


def clean_part(name: str, data: bytes) -> bytes:
    """The part ``name`` of an Office document without its authors (see the module docstring); ``data``
    unchanged when it names none. Raises ``etree.XMLSyntaxError`` on malformed XML."""
    if name == "docProps/core.xml" or name.endswith(".psmdcp"):  # where .NET's System.IO.Packaging keeps them
        return EMPTY_CORE
    if name.endswith(".rels") and any(link in data for link in _LINKS):
        return _local_targets_by_name(data)
    if not name.endswith(".xml"):
        return data
    if name == "docProps/app.xml":
        return _template_by_name(_without_children(data, lambda local: local in _APP_REMOVED))
    if name == "docProps/custom.xml":
        return _without_children(data, lambda local: True)
    if name.startswith("customXml/") and _SHAREPOINT_PROPERTIES in data:
        return _without_library_columns(data)
    if name.startswith("customXml/") and _COVER_PAGE_PROPERTIES in data:
        return _without_company(data)
    if not any(trigger in data for trigger in _TRIGGERS):
        return data
    return _blank_authors(data)


def _without_children(data: bytes, doomed: Callable[[str], bool]) -> bytes:
    tree = etree.ElementTree(etree.fromstring(data, xml_parser()))
    root = tree.getroot()
    removed = [c for c in root if isinstance(c.tag, str) and doomed(etree.QName(c).localname)]
    if not removed:
        return data
    for child in removed:
        root.remove(child)
    return serialise(tree)


def _template_by_name(data: bytes) -> bytes:
    """``app.xml`` whose ``Template``, when a path on the author's computer (``C:\\Users\\<login>\\...\\x.dotx``, as
    some editors write it), names the file alone."""
    tree = etree.ElementTree(etree.fromstring(data, xml_parser()))
    changed = False
    for child in tree.getroot():
        if isinstance(child.tag, str) and etree.QName(child).localname == "Template" and is_local(child.text or ""):
            child.text, changed = file_name(child.text or ""), True
    return serialise(tree) if changed else data


def _without_library_columns(data: bytes) -> bytes:
    """SharePoint's or OneDrive's properties of a document (``p:properties``) without its library's columns: who
    it is shared with (their names), the owner's personal address (``.../personal/<login>/...``)."""
    tree = etree.ElementTree(etree.fromstring(data, xml_parser()))
    for element in tree.getroot():
        if isinstance(element.tag, str) and etree.QName(element).localname == "documentManagement":
            for column in list(element):
                element.remove(column)
    return serialise(tree)


def _without_company(data: bytes) -> bytes:
    """Word's cover page properties with the company's address, phone, fax and e-mail emptied (the elements
    stay, as Word writes them when none was filled in)."""
    tree = etree.ElementTree(etree.fromstring(data, xml_parser()))
    changed = False
    for element in tree.getroot():
        if isinstance(element.tag, str) and etree.QName(element).localname in _COVER_PAGE_EMPTIED and element.text:
            element.text = None
            changed = True
    return serialise(tree) if changed else data


def _local_targets_by_name(data: bytes) -> bytes:
    """Relationships whose attached template, and whose external targets on a computer or a network share, are
    named by their file name alone: Office records where they lay (``file:///C:\\Users\\<login>\\AppData\\...
    \\Normal.dotm``, ``D:\\Ngoc\\bang-diem.xlsx``), which names the author or their login."""
    tree = etree.ElementTree(etree.fromstring(data, xml_parser()))
    for relationship in tree.iter():
        target = relationship.get("Target") if isinstance(relationship.tag, str) else None
        template = relationship.get("Type", "").endswith("/attachedTemplate")
        local = relationship.get("TargetMode") == "External" and is_local(target or "")
        if target and (template or local):
            relationship.set("Target", file_name(target))
    return serialise(tree)


def _blank_authors(data: bytes) -> bytes:
    tree = etree.ElementTree(etree.fromstring(data, xml_parser()))
    changed = False
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        for attribute, value in element.attrib.items():
            attribute_local = etree.QName(attribute).localname
            named = attribute_local == "name" and local in _NAMED_AUTHORS
            if (attribute_local in _BLANKED_ATTRIBUTES or named) and value:
                element.set(attribute, "")
                changed = True
        if local == "absPath" and is_local(element.get("url", "")):  # the folder Excel saved it in: C:\Users\<login>
            element.set("url", "")
            changed = True
        if local == "author" and len(element) == 0 and element.text:
            element.text = ""
            changed = True
    return serialise(tree) if changed else data


_TEXT_PARTS = re.compile(
    r"word/(?:document|header\d*|footer\d*|footnotes|endnotes)\.xml"
    r"|ppt/(?:slides/slide|notesSlides/notesSlide)\d+\.xml"
    r"|xl/sharedStrings\.xml"
)
_BLOCKS = {"p", "si"}  # a Word or DrawingML paragraph, a sheet's string


def holds_text(name: str) -> bool:
    """Whether the part ``name`` holds the document's own text: its body, headers, footers and notes, a slide, a
    sheet's strings."""
    return _TEXT_PARTS.fullmatch(name) is not None


def visible_text(data: bytes) -> str:
    """The text of an Office part as a reader sees it: each paragraph's runs joined as they are (Word splits words
    between runs), one paragraph a line; empty for a part that is not well-formed XML."""
    try:
        root = etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError:
        return ""
    blocks = [e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname in _BLOCKS]
    return "\n".join("".join(map(str, block.itertext())) for block in blocks if not _inside_block(block))


def _inside_block(element: etree._Element) -> bool:
    """A paragraph within another (a text box's in Word): its text is its parent's already."""
    parent = element.getparent()
    while parent is not None:
        if isinstance(parent.tag, str) and etree.QName(parent).localname in _BLOCKS:
            return True
        parent = parent.getparent()
    return False
