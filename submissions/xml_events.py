"""One way to read XML from an upload: expat's events, no tree, and no document type declaration.

Office parts, SCORM manifests and spreadsheets come from people we do not control. A document type declaration is
where entity expansion attacks (billion laughs, external entities) start, and none of the formats read here needs
one, so the parser made here refuses it before any entity can be declared.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.parsers import expat

StartHandler = Callable[[str, dict[str, str]], None]


def start_parser(start: StartHandler) -> expat.XMLParserType:
    """An expat parser that calls ``start(name, attributes)`` at each element, a namespaced name given as
    ``"uri local"`` (split on the space), and raises ``ValueError`` at a document type declaration. Malformed XML
    raises ``expat.ExpatError`` as usual."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = _refuse_doctype
    return parser


def _refuse_doctype(*_: object) -> None:
    raise ValueError("a document type declaration is not allowed")
