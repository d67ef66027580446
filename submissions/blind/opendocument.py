"""OpenDocument files (LibreOffice's .odt, .odp, .ods) inside a package, without their authors, part by part:
``meta.xml`` keeps only its generator and statistics, as a Word document's properties are emptied (first and last
author, who printed it, title, subject, keywords, description, user-defined properties, the template's folder in
``C:\\Users\\<login>\\...``); in every other part, who wrote a comment or a tracked change (its ``dc:creator`` and
``meta:creator-initials``) is blanked. The comments themselves and the document's text stay: they are the work,
read for names (``markup.xml_text``). Parts are rewritten only when something was removed."""

from __future__ import annotations

from lxml import etree

from .markup import serialise, xml_parser

_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
_DC = "http://purl.org/dc/elements/1.1/"
_BLANKED = {(_META, "creator-initials"), (_DC, "creator")}
_KEPT_META = {"generator", "document-statistic", "editing-cycles", "editing-duration"}
_MARKERS = {"mimetype", "content.xml", "META-INF/manifest.xml"}


def is_opendocument(names: set[str]) -> bool:
    """Whether a zip holding the entries ``names`` is an OpenDocument file."""
    return names >= _MARKERS


def clean_part(name: str, data: bytes) -> bytes:
    """The part ``name`` without its authors (see the module docstring); ``data`` unchanged when it names none.
    Raises ``etree.XMLSyntaxError`` on malformed XML."""
    if not name.endswith(".xml") or (name != "meta.xml" and b"creator" not in data):
        return data
    tree = etree.ElementTree(etree.fromstring(data, xml_parser()))
    changed = False
    for element in list(tree.iter()):
        if not isinstance(element.tag, str):
            continue
        qname = etree.QName(element)
        parent = element.getparent()
        if name == "meta.xml" and parent is not None and etree.QName(parent).localname == "meta":
            if qname.localname not in _KEPT_META:
                parent.remove(element)
                changed = True
        elif (qname.namespace, qname.localname) in _BLANKED and (element.text or len(element)):
            element.text = ""
            for child in list(element):
                element.remove(child)
            changed = True
    return serialise(tree) if changed else data
