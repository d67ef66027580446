"""Which Office document a zip is, by its parts: Word, PowerPoint or Excel by the main part it holds and, for Word,
which variant by the content type that ``[Content_Types].xml`` declares for that part.

A macro-enabled document (``.docm``, ``.dotm``) or a template (``.dotx``) renamed ``.docx`` has the parts of a
document but another main content type, which Word refuses to open under ``.docx``; a macro-enabled one also
carries ``vbaProject.bin``, VBA that must not reach judges' computers. Either is told apart here, so that the
refusal can say how to save it as a document. A document whose content types cannot be read or name no known type
is taken as DOCX, as before this check existed: refusing what Word may open is not this module's call.
"""

from __future__ import annotations

import posixpath
from xml.parsers import expat

from .archive import Archive, Limits
from .xml_events import start_parser

CONTENT_TYPES = "[Content_Types].xml"
_MAIN_PARTS = {"word/document.xml": "docx", "ppt/presentation.xml": "pptx", "xl/workbook.xml": "xlsx"}
_WORD_TYPES = {  # ECMA-376 and MS-OFFCRYPTO's names, compared in lower case
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "dotx",
    "application/vnd.ms-word.document.macroenabled.main+xml": "docm",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml": "docm",
}
_MACROS = "vbaproject.bin"


def office_format(archive: Archive, limits: Limits) -> str | None:
    """The key in ``media.FORMATS`` of the Office document ``archive`` is (``docx``, ``docm`` for any Word file
    with macros, ``dotx``, ``pptx``, ``xlsx``), or ``None`` when it is not one. Parts the archive check refused
    (``Archive.left_out``: a document whose text is a zip bomb, a damaged part) still tell what it is, so that its
    refusal names what is wrong with it and does not call it a package without a start page."""
    names = archive.files.keys() | archive.left_out
    if CONTENT_TYPES not in names:
        return None
    main = next((part for part in _MAIN_PARTS if part in names), None)
    if main is None:
        return None
    if main != "word/document.xml":
        return _MAIN_PARTS[main]
    if any(posixpath.basename(name).lower() == _MACROS for name in names):
        return "docm"
    types = archive.read(CONTENT_TYPES, limits.max_manifest_size) if CONTENT_TYPES in archive.files else None
    declared = _declared_type(types, "/" + main) if types is not None else None
    return _WORD_TYPES.get(declared or "", "docx")


def _declared_type(xml: bytes, part: str) -> str | None:
    """The content type (lower case) that the ``[Content_Types].xml`` ``xml`` gives ``part``: its Override, else
    the Default for its extension; ``None`` when it gives none or is malformed (a document type declaration
    refused, so that entity expansion cannot start)."""
    overrides: dict[str, str] = {}
    defaults: dict[str, str] = {}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local == "Override" and "PartName" in attrs:
            overrides.setdefault(attrs["PartName"].lower(), attrs.get("ContentType", "").lower())
        elif local == "Default" and "Extension" in attrs:
            defaults.setdefault(attrs["Extension"].lower(), attrs.get("ContentType", "").lower())

    parser = start_parser(start)
    try:
        parser.Parse(xml, True)
    except (expat.ExpatError, ValueError):
        return None
    return overrides.get(part.lower()) or defaults.get(posixpath.splitext(part)[1][1:].lower())
